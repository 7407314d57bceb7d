/**
 * Check-ins on key results and the comments on them; the weekly reminder card when there is
 * a bot, and each person's own switch for it (served with or without a bot).
 */
import { endpoints as api } from '@throughline/contracts';
import { on } from '../platform/http/endpoints';
import type { FeatureModule, ModuleDeps } from '../platform/module';
import { getMyPreferences, updateMyPreferences } from './card-preferences';
import { runCheckInReminders } from './reminders';
import { checkInKeyResult, commentOnCheckIn, listCheckIns } from './service';

export function checkInsModule(deps: ModuleDeps): FeatureModule {
  const bot = deps.bot;
  const reminderDeps = bot && {
    ...deps,
    publicUrl: deps.config.publicUrl,
    bot,
    graphFor: (tenantId: string) => deps.graph.forApp(tenantId),
  };
  return {
    name: 'check-ins',
    // Every quarter hour, so the card arrives soon after the digest hour on the check-in day.
    jobs: reminderDeps
      ? [
          {
            name: 'check-in-reminders',
            intervalMs: 15 * 60_000,
            run: async (now) => void (await runCheckInReminders(reminderDeps, now)),
          },
        ]
      : [],
    tenantJobs: reminderDeps
      ? [
          {
            name: 'check-in-reminders',
            run: (now, options) => runCheckInReminders(reminderDeps, now, options),
          },
        ]
      : [],
    unavailableJobs: reminderDeps
      ? []
      : [{ name: 'check-in-reminders', needs: 'Microsoft Graph and the Teams bot' }],
    endpoints: [
      on(api.keyResults.checkIn, (ctx, { params, body }) => checkInKeyResult(ctx, params.id, body)),
      on(api.keyResults.checkIns, (ctx, { params }) => listCheckIns(ctx, params.id)),
      on(api.checkIns.comment, (ctx, { params, body }) => commentOnCheckIn(ctx, params.id, body)),
      on(api.preferences.get, (ctx) => getMyPreferences(ctx)),
      on(api.preferences.update, (ctx, { body }) => updateMyPreferences(ctx, body)),
    ],
  };
}
