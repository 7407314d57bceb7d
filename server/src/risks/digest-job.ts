/**
 * The weekly digest job: on the tenant's check-in day (from its digest hour, local time)
 * every person who owns OKRs gets their digest, and every manager the digest of their
 * reports, as a Teams activity feed item. Runs hourly; the delivery ledger makes the
 * second, third… run of the day (and a restart mid-run) send nothing twice.
 */
import type { TeamsBot } from '../platform/teams/bot';
import type { Db } from 'mongodb';
import type { Digest, JobRunResult, TenantSettings } from '@throughline/contracts';
import type { Config } from '../config';
import type { Logger } from '../platform/log/logger';
import { currentCycle } from '../okrs/service';
import { managersAndStates } from '../people/service';
import { localParts, weekOfInstant } from '../platform/time/calendar-time';
import { DeliveryLedger, deliverOnce, deliveryKey } from '../platform/deliveries/ledger';
import { digestFor, loadCycleSnapshot, type CycleSnapshot } from './service';
import { knownTenantIds } from '../people/service';
import { getSettings } from '../settings/service';
import { systemContext } from '../platform/auth/system-context';
import {
  ACTIVITY_TYPES,
  clip,
  sendActivityNotification,
  tabDeepLink,
  type AppGraphFor,
} from '../platform/teams/activity-feed';
import { emptyRunResult } from '../platform/jobs/scheduler';

export interface DeliveryJobDeps {
  db: Db;
  clock: () => Date;
  config: Pick<Config, 'publicUrl' | 'TEAMS_APP_ID'>;
  log: Logger;
  graphFor: AppGraphFor;
  /** Where cards also go into people's chats with the bot (null: activity feed only). */
  bot?: TeamsBot | null;
}

export interface RunOptions {
  /** Only this tenant (the admin route runs its own tenant). */
  tenantId?: string;
  /** Ignore the check-in day and hour (admin route, demos); the ledger still sends once. */
  isForced?: boolean;
}

export const isDigestTime = (settings: TenantSettings, now: Date) => {
  const local = localParts(now, settings.timeZone);
  return local.weekday === settings.checkInWeekday && local.hour >= settings.digestHour;
};

function recipientsOf(
  snapshot: CycleSnapshot | null,
  people: { id: string; managerId: string | null; isActive: boolean }[],
) {
  const owners = new Set<string>();
  for (const objective of snapshot?.objectives ?? []) owners.add(objective.ownerId);
  for (const keyResult of snapshot?.keyResults ?? []) owners.add(keyResult.ownerId);
  const active = people.filter((person) => person.isActive);
  const activeIds = new Set(active.map((person) => person.id));
  const reportsOf = new Map<string, string[]>();
  for (const person of active)
    if (person.managerId && activeIds.has(person.managerId))
      reportsOf.set(person.managerId, [...(reportsOf.get(person.managerId) ?? []), person.id]);
  return {
    people: [...owners].filter((id) => activeIds.has(id)).sort(),
    managers: [...reportsOf.entries()].sort(([a], [b]) => a.localeCompare(b)),
  };
}

export async function runWeeklyDigest(
  deps: DeliveryJobDeps,
  now: Date,
  options: RunOptions = {},
): Promise<JobRunResult> {
  const result = emptyRunResult('weekly-digest', now);
  const tenants = options.tenantId ? [options.tenantId] : await knownTenantIds(deps.db);
  for (const tenantId of tenants) {
    const ctx = systemContext(deps.db, tenantId, now);
    const settings = await getSettings(ctx);
    if (!options.isForced && !isDigestTime(settings, now)) continue;
    const weekOf = weekOfInstant(now, settings.timeZone);
    const ledger = new DeliveryLedger(deps.db, tenantId);
    const cycle = await currentCycle(ctx);
    const snapshot = cycle ? await loadCycleSnapshot(ctx, cycle) : null;
    const people = await managersAndStates(ctx);
    const { people: owners, managers } = recipientsOf(
      snapshot,
      people.map((person) => ({
        id: person.id,
        managerId: person.managerId ?? null,
        isActive: person.isActive !== false,
      })),
    );
    const graph = deps.graphFor(tenantId);
    const link = (personId: string) =>
      tabDeepLink({
        teamsAppId: deps.config.TEAMS_APP_ID,
        publicUrl: deps.config.publicUrl,
        entityId: 'my-okrs',
        hash: `#/digest?weekOf=${weekOf}`,
        label: 'My OKRs',
        subEntityId: `digest:${personId}:${weekOf}`,
      });
    const deliveries: {
      recipientId: string;
      kind: 'weekly-digest' | 'team-digest';
      build: () => Promise<Digest>;
    }[] = [
      ...owners.map((personId) => ({
        recipientId: personId,
        kind: 'weekly-digest' as const,
        build: () => digestFor(ctx, settings, { kind: 'person', personId }, weekOf, snapshot),
      })),
      ...managers.map(([managerId, reportIds]) => ({
        recipientId: managerId,
        kind: 'team-digest' as const,
        build: () =>
          digestFor(ctx, settings, { kind: 'reports', managerId, reportIds }, weekOf, snapshot),
      })),
    ];
    for (const delivery of deliveries) {
      const key = deliveryKey(tenantId, delivery.recipientId, weekOf, delivery.kind);
      // A cheap read first: an already-sent digest is not rebuilt on every hourly run.
      if ((await ledger.get(key))?.state === 'sent') {
        result.skipped += 1;
        continue;
      }
      const digest = await delivery.build();
      const outcome = await deliverOnce(
        ledger,
        key,
        { kind: delivery.kind, recipientId: delivery.recipientId, subjectId: weekOf },
        deps.clock,
        () =>
          sendActivityNotification(graph, {
            recipientId: delivery.recipientId,
            activityType:
              delivery.kind === 'weekly-digest'
                ? ACTIVITY_TYPES.weeklyDigest
                : ACTIVITY_TYPES.teamDigest,
            topic:
              delivery.kind === 'weekly-digest'
                ? `Your week in OKRs (${weekOf})`
                : `Your team’s week in OKRs (${weekOf})`,
            webUrl: link(delivery.recipientId),
            preview: clip(digest.text.split('\n').slice(1).join(' ') || digest.text),
            templateParameters: {
              weekOf,
              checkIns: String(digest.checkIns.length),
              newRisks: String(digest.newRisks.length),
            },
          }),
      );
      result[outcome] += 1;
      if (outcome === 'failed')
        deps.log.warn(
          { tenantId, recipientId: delivery.recipientId, kind: delivery.kind },
          'digest delivery failed; will retry',
        );
    }
  }
  return result;
}
