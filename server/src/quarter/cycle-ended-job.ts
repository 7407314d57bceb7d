/**
 * The reminder when a cycle ends: once the tenant's local date is past a cycle's last day
 * and nobody closed it, each admin gets one Teams activity feed item that opens the
 * cycle's review, where they see the scores closing records and close it. Hourly; the
 * delivery ledger makes every later run (and every other server) send nothing twice.
 */
import type { JobRunResult } from '@throughline/contracts';
import { listAdmins } from '../admins/service';
import { listCycles } from '../okrs/service';
import { systemContext } from '../platform/auth/system-context';
import { DeliveryLedger, deliverOnce, deliveryKey } from '../platform/deliveries/ledger';
import {
  ACTIVITY_TYPES,
  clip,
  sendActivityNotification,
  tabDeepLink,
} from '../platform/teams/activity-feed';
import { localDate } from '../platform/time/calendar-time';
import { knownTenantIds } from '../people/service';
import type { DeliveryJobDeps, RunOptions } from '../risks/digest-job';
import { getSettings } from '../settings/service';
import { emptyRunResult } from '../platform/jobs/scheduler';

export async function runCycleEndedReminders(
  deps: DeliveryJobDeps,
  now: Date,
  options: RunOptions = {},
): Promise<JobRunResult> {
  const result = emptyRunResult('cycle-ended', now);
  const tenants = options.tenantId ? [options.tenantId] : await knownTenantIds(deps.db);
  for (const tenantId of tenants) {
    const ctx = systemContext(deps.db, tenantId, now);
    const today = localDate(now, (await getSettings(ctx)).timeZone);
    const ended = (await listCycles(ctx)).items.filter(
      (cycle) => cycle.state === 'open' && cycle.endsOn < today,
    );
    if (ended.length === 0) continue;
    const admins = (await listAdmins(ctx)).personIds;
    const ledger = new DeliveryLedger(deps.db, tenantId);
    const graph = deps.graphFor(tenantId);
    for (const cycle of ended)
      for (const adminId of admins) {
        const outcome = await deliverOnce(
          ledger,
          deliveryKey(tenantId, adminId, cycle.id, 'cycle-ended'),
          { kind: 'cycle-ended', recipientId: adminId, subjectId: cycle.id },
          deps.clock,
          () =>
            sendActivityNotification(graph, {
              recipientId: adminId,
              activityType: ACTIVITY_TYPES.cycleEnded,
              topic: `${cycle.name} has ended`,
              webUrl: tabDeepLink({
                teamsAppId: deps.config.TEAMS_APP_ID,
                publicUrl: deps.config.publicUrl,
                entityId: 'my-okrs',
                hash: `#/cycles/${cycle.id}/review`,
                label: 'My OKRs',
                subEntityId: `cycleReview:${cycle.id}`,
              }),
              preview: clip(
                `${cycle.name} ended on ${cycle.endsOn}. Review the scores closing records, then close it so owners can score, carry over and look back.`,
              ),
              templateParameters: { cycleName: cycle.name },
            }),
        );
        result[outcome] += 1;
        if (outcome === 'failed')
          deps.log.warn(
            { tenantId, recipientId: adminId, cycleId: cycle.id },
            'cycle-ended reminder failed; will retry',
          );
      }
  }
  return result;
}
