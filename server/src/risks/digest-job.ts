/**
 * The weekly digest job: on the tenant's check-in day (from its digest hour, local time)
 * every person who owns OKRs gets their digest, and every manager the digest of their
 * reports, as a Teams activity feed item and, when the server has a bot, as an Adaptive
 * Card in their personal chat with the bot. Runs hourly; the delivery ledger makes the
 * second, third… run of the day, a second server and a restart mid-run send nothing twice.
 * The feed item and the card are two deliveries (`weekly-digest` / `weekly-digest-chat`,
 * `team-digest` / `team-digest-chat`): one that failed is retried without the other being
 * sent again.
 *
 * Each digest is read as its recipient (`recipientContext`), and the cycle, read once for
 * the run, is cut to what they may see: the job sees everything, the recipient must not.
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
import {
  digestFor,
  loadCycleSnapshot,
  snapshotSeenBy,
  type CycleSnapshot,
  type DigestSubject,
} from './service';
import { buildDigestCard, digestStandingOf } from './digest-card';
import { knownTenantIds } from '../people/service';
import { viewersIn, withViewer } from '../okrs/viewer';
import { getSettings } from '../settings/service';
import { recipientContext, systemContext } from '../platform/auth/system-context';
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

interface Delivery {
  recipientId: string;
  kind: 'weekly-digest' | 'team-digest';
  /** The same digest as a card in the recipient's chat with the bot: its own ledger entry. */
  chatKind: 'weekly-digest-chat' | 'team-digest-chat';
  subject: DigestSubject;
  /** Whose OKRs the card's standing shows: the person, or the manager's reports. */
  personIds: string[];
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
    const viewerOf = viewersIn(ctx, people);
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
    const names = new Map(
      [...(snapshot?.people ?? new Map<string, { displayName: string }>())].map(([id, person]) => [
        id,
        person.displayName,
      ]),
    );
    const deliveries: Delivery[] = [
      ...owners.map((personId) => ({
        recipientId: personId,
        kind: 'weekly-digest' as const,
        chatKind: 'weekly-digest-chat' as const,
        subject: { kind: 'person' as const, personId },
        personIds: [personId],
      })),
      ...managers.map(([managerId, reportIds]) => ({
        recipientId: managerId,
        kind: 'team-digest' as const,
        chatKind: 'team-digest-chat' as const,
        subject: { kind: 'reports' as const, managerId, reportIds },
        personIds: reportIds,
      })),
    ];
    const tally = (outcome: 'sent' | 'skipped' | 'failed', delivery: Delivery, kind: string) => {
      result[outcome] += 1;
      if (outcome === 'failed')
        deps.log.warn(
          { tenantId, recipientId: delivery.recipientId, kind },
          'digest delivery failed; will retry',
        );
    };
    for (const delivery of deliveries) {
      const kinds = deps.bot ? [delivery.kind, delivery.chatKind] : [delivery.kind];
      const [feedKey, chatKey] = kinds.map((kind) =>
        deliveryKey(tenantId, delivery.recipientId, weekOf, kind),
      );
      // A cheap read first: a digest already sent everywhere is not rebuilt on every hourly run.
      const records = await Promise.all(
        [feedKey!, ...(chatKey ? [chatKey] : [])].map((key) => ledger.get(key)),
      );
      if (records.every((record) => record?.state === 'sent')) {
        result.skipped += records.length;
        continue;
      }
      // Read as the recipient: the digest and the card hold only what they may see in the tab.
      // Their viewer comes from the org chart this run read once, not a read per recipient.
      const asRecipient = withViewer(
        recipientContext(ctx, delivery.recipientId),
        await viewerOf(delivery.recipientId),
      );
      const seen = await snapshotSeenBy(asRecipient, snapshot);
      // Built at most once per run, by whichever delivery needs it first.
      let built: Promise<Digest> | null = null;
      const build = () =>
        (built ??= digestFor(asRecipient, settings, delivery.subject, weekOf, seen));
      const feed = await deliverOnce(
        ledger,
        feedKey!,
        { kind: delivery.kind, recipientId: delivery.recipientId, subjectId: weekOf },
        deps.clock,
        async () => {
          const digest = await build();
          await sendActivityNotification(graph, {
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
          });
        },
      );
      tally(feed, delivery, delivery.kind);
      if (deps.bot && chatKey) {
        const bot = deps.bot;
        const chat = await deliverOnce(
          ledger,
          chatKey,
          { kind: delivery.chatKind, recipientId: delivery.recipientId, subjectId: weekOf },
          deps.clock,
          async () => {
            const card = buildDigestCard(
              await build(),
              digestStandingOf(seen, delivery.personIds, {
                now,
                checkInCadenceDays: settings.checkInCadenceDays,
              }),
              { openUrl: link(delivery.recipientId), timeZone: settings.timeZone, names },
            );
            const personalChat = await bot.openPersonalChat(tenantId, delivery.recipientId);
            await bot.postCard(personalChat.conversationId, card);
          },
        );
        tally(chat, delivery, delivery.chatKind);
      }
    }
  }
  return result;
}
