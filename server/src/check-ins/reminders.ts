/**
 * The weekly check-in reminder in the person's chat with the bot, and the check-ins made
 * from it.
 *
 * The job (`check-in-reminders`, on the tenant's check-in day after the digest hour)
 * posts each person one card a week: the key results they own or update that were not
 * checked in this cadence. A person with nothing due gets nothing. It is claimed in the
 * delivery ledger per person and week, so runs and servers post it once.
 *
 * It does not nag. Nobody gets one who turned their cards off (the card's "Stop these
 * cards", or `/api/me/preferences`) or snoozed them until Monday, not even from a run an
 * admin forces. Nobody gets one while out of office (automatic replies on, from Graph): that
 * person is skipped without claiming the week, so back later that day, the next run posts
 * it. When Graph will not say (no MailboxSettings.Read consent, Graph down) the card goes out
 * anyway and the run logs one warning per tenant: a missing permission never silences
 * reminders.
 *
 * A check-in from the card goes through `checkInKeyResult` with the version the card
 * showed. When someone else checked in first, the card says who did and shows the new
 * value. Nothing is overwritten.
 */
import {
  CheckInCardFields,
  CheckInCardInvoke,
  CheckInCardPreferenceInvoke,
  CHECK_IN_CARD_SNOOZE_VERB,
  CHECK_IN_CARD_STOP_VERB,
  type JobRunResult,
  type TenantSettings,
} from '@throughline/contracts';
import { buildNoticeCard } from '../one-on-ones/card';
import { GraphFailure } from '../platform/graph/client';
import type { AppGraph, AppGraphFor } from '../platform/teams/activity-feed';
import { currentCycle, getMyOkrs, loadKeyResult } from '../okrs/service';
import { knownTenantIds, managersAndStates, namesOf } from '../people/service';
import type { Context } from '../platform/context';
import { systemContext } from '../platform/auth/system-context';
import { DeliveryLedger, deliverOnce, deliveryKey } from '../platform/deliveries/ledger';
import { AppError } from '../platform/http/errors';
import { emptyRunResult } from '../platform/jobs/scheduler';
import type { Logger } from '../platform/log/logger';
import type { TeamsBot } from '../platform/teams/bot';
import { localParts, weekOfInstant } from '../platform/time/calendar-time';
import { getSettings } from '../settings/service';
import type { Db } from 'mongodb';
import { isCheckInCardWanted, snoozeMyCheckInCards, updateMyPreferences } from './card-preferences';
import { automaticRepliesOf, isOutOfOffice } from './out-of-office';
import { buildCheckInReminderCard, checkInInputId, type DueKeyResult } from './reminder-card';
import { checkInKeyResult } from './service';

export interface ReminderDeps {
  db: Db;
  clock: () => Date;
  log: Logger;
  publicUrl: string;
  bot: TeamsBot;
  /** App-only Graph for a tenant: the automatic replies (MailboxSettings.Read). */
  graphFor: AppGraphFor;
}

const isReminderTime = (settings: TenantSettings, now: Date) => {
  const local = localParts(now, settings.timeZone);
  return local.weekday === settings.checkInWeekday && local.hour >= settings.digestHour;
};

const asPerson = (ctx: Context, userId: string): Context => ({
  ...ctx,
  principal: { ...ctx.principal, userId, name: '', roles: [], isAdmin: false },
});

/** The caller's key results not checked in this cadence, as the card shows them. */
export async function dueKeyResultsOf(ctx: Context): Promise<DueKeyResult[]> {
  const mine = await getMyOkrs(ctx);
  const due = new Set(mine.dueForCheckIn);
  return mine.objectives.flatMap((objective) =>
    objective.keyResults
      .filter((keyResult) => due.has(keyResult.id))
      .map((keyResult) => ({ keyResult, objectiveTitle: objective.title })),
  );
}

/**
 * Whether a person is out of office, for one run in one tenant. Once Graph refuses or fails,
 * the run stops asking (every other read would fail the same way and slow the run), says
 * so once in the log, and counts everyone as in: better a card too many than none.
 */
function outOfOfficeReader(graph: AppGraph, deps: ReminderDeps, tenantId: string, now: Date) {
  let isReadable = true;
  return async (personId: string): Promise<boolean> => {
    if (!isReadable) return false;
    try {
      return isOutOfOffice(await automaticRepliesOf(graph, personId), now);
    } catch (error) {
      const failure = error instanceof GraphFailure ? error : null;
      // One person without a mailbox is not the tenant's problem.
      if (failure?.status === 404) return false;
      isReadable = false;
      deps.log.warn(
        { tenantId, graph: { status: failure?.status ?? null, code: failure?.code ?? null } },
        failure?.status === 403
          ? 'check-in reminders: Graph refused the automatic replies (grant MailboxSettings.Read); cards go to everyone this run, out of office or not'
          : 'check-in reminders: Graph did not answer for the automatic replies; cards go to everyone this run, out of office or not',
      );
      return false;
    }
  };
}

export async function runCheckInReminders(
  deps: ReminderDeps,
  now: Date,
  options: { tenantId?: string; isForced?: boolean } = {},
): Promise<JobRunResult> {
  const result = emptyRunResult('check-in-reminders', now);
  const tenants = options.tenantId ? [options.tenantId] : await knownTenantIds(deps.db);
  for (const tenantId of tenants) {
    const ctx = systemContext(deps.db, tenantId, now);
    const settings = await getSettings(ctx);
    // Turned off, nobody gets the card, not even when an admin runs the job.
    if (!settings.checkInReminders) continue;
    if (!options.isForced && !isReminderTime(settings, now)) continue;
    if (!(await currentCycle(ctx))) continue;
    const weekOf = weekOfInstant(now, settings.timeZone);
    const ledger = new DeliveryLedger(deps.db, tenantId);
    const people = (await managersAndStates(ctx)).filter((person) => person.isActive);
    const isAway = outOfOfficeReader(deps.graphFor(tenantId), deps, tenantId, now);
    for (const person of people) {
      const key = deliveryKey(tenantId, person.id, weekOf, 'check-in-reminder');
      if ((await ledger.get(key))?.state === 'sent') {
        result.skipped += 1;
        continue;
      }
      // Their own choice: stopped or snoozed, nothing is sent, forced run or not.
      if (!(await isCheckInCardWanted(ctx, person.id, now))) {
        result.skipped += 1;
        continue;
      }
      const due = await dueKeyResultsOf(asPerson(ctx, person.id));
      // Nothing due, nothing sent: a reminder for a week already checked in is a nag.
      if (due.length === 0) continue;
      // Asked last, so Graph is read only for someone who would get a card. Not claimed:
      // back later in the day, the next run posts it.
      if (await isAway(person.id)) {
        result.skipped += 1;
        continue;
      }
      const outcome = await deliverOnce(
        ledger,
        key,
        { kind: 'check-in-reminder', recipientId: person.id, subjectId: weekOf },
        deps.clock,
        async () => {
          const chat = await deps.bot.openPersonalChat(tenantId, person.id);
          await deps.bot.postCard(
            chat.conversationId,
            buildCheckInReminderCard(due, { openUrl: `${deps.publicUrl}/tab/#/my` }),
          );
        },
      );
      result[outcome] += 1;
      if (outcome === 'failed')
        deps.log.warn({ tenantId, personId: person.id }, 'check-in reminder failed; will retry');
    }
  }
  return result;
}

/** Whether an invoke's value is a check-in from the reminder card (else it is another card's). */
export const isCheckInCardAction = (value: unknown) =>
  (value as { action?: { verb?: unknown } } | null)?.action?.verb ===
  CheckInCardInvoke.shape.action.shape.verb.value;

/**
 * A check-in from the reminder card, as the person who pressed it. Answers the card to
 * show next: what happened on top, the key results still due below.
 */
export async function checkInFromCard(
  ctx: Context,
  publicUrl: string,
  value: unknown,
): Promise<Record<string, unknown>> {
  const card = async (notice: string) =>
    buildCheckInReminderCard(await dueKeyResultsOf(ctx), {
      notice,
      openUrl: `${publicUrl}/tab/#/my`,
    });
  const invoke = CheckInCardInvoke.safeParse(value);
  if (!invoke.success) return card('That did not go through: the card sent no key result.');
  const { keyResultId, version, ...inputs } = invoke.data.action.data;
  const fields = CheckInCardFields.safeParse({
    version,
    value: inputs[checkInInputId('value', keyResultId)],
    confidence: inputs[checkInInputId('confidence', keyResultId)],
    status: inputs[checkInInputId('status', keyResultId)],
    note: inputs[checkInInputId('note', keyResultId)] ?? '',
  });
  if (!fields.success)
    return card(
      `That did not go through: ${fields.error.issues
        .map((issue) => `${issue.path.join('.')} ${issue.message}`)
        .join('; ')}.`,
    );
  try {
    const after = await checkInKeyResult(ctx, keyResultId, fields.data);
    return card(
      `Checked in “${after.title}”: ${after.metric.current}, confidence ${after.confidence}.`,
    );
  } catch (error) {
    if (error instanceof AppError && error.code === 'version_conflict') {
      // Read as the caller, with their visibility: they could check it in, so they may see it.
      const now = (await loadKeyResult(ctx, keyResultId)).keyResult;
      const by = now?.lastCheckIn
        ? (await namesOf(ctx, [now.lastCheckIn.authorId])).get(now.lastCheckIn.authorId)
        : undefined;
      return card(
        now?.lastCheckIn
          ? `${by ?? 'Someone'} checked in “${now.title}” first: now ${now.lastCheckIn.value}, confidence ${now.lastCheckIn.confidence}. Yours was not saved; the card shows the new value.`
          : 'Someone changed this key result first. Yours was not saved; the card shows it as it is now.',
      );
    }
    if (
      error instanceof AppError &&
      ['forbidden', 'key_result_not_found', 'not_found'].includes(error.code)
    )
      return card('That key result is not yours to check in; nothing was saved.');
    if (error instanceof AppError && ['validation_failed', 'cycle_closed'].includes(error.code))
      return card(`That did not go through: ${error.message}`);
    throw error;
  }
}

/** Whether an invoke's value is the reminder card's "Snooze until Monday" or "Stop these cards". */
export const isCheckInCardPreferenceAction = (value: unknown) => {
  const verb = (value as { action?: { verb?: unknown } } | null)?.action?.verb;
  return verb === CHECK_IN_CARD_SNOOZE_VERB || verb === CHECK_IN_CARD_STOP_VERB;
};

const formatUntil = (until: Date, timeZone: string) =>
  `${new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
  }).format(until)}, 00:00 (${timeZone})`;

/**
 * "Snooze until Monday" or "Stop these cards" from the reminder card, for the person who
 * pressed it (the card's owner or not: it names nobody). Answers a card that says what now
 * holds; bad input is answered so, and nothing is written.
 */
export async function cardPreferenceFromCard(
  ctx: Context,
  value: unknown,
): Promise<Record<string, unknown>> {
  const invoke = CheckInCardPreferenceInvoke.safeParse(value);
  if (!invoke.success)
    return buildNoticeCard(
      'That did not go through',
      `The card sent something Throughline does not understand (${invoke.error.issues
        .map((issue) => `${issue.path.join('.') || 'value'}: ${issue.message}`)
        .join('; ')}); nothing was changed.`,
    );
  if (invoke.data.action.verb === CHECK_IN_CARD_SNOOZE_VERB) {
    const { timeZone } = await getSettings(ctx);
    const until = await snoozeMyCheckInCards(ctx, timeZone);
    return buildNoticeCard(
      `Snoozed until ${formatUntil(until, timeZone)}`,
      'No check-in card until then. Your key results stay in Throughline if you want to check in sooner.',
    );
  }
  // The API's path: the same switch `PATCH /api/me/preferences` turns back on.
  await updateMyPreferences(ctx, { checkInCards: false });
  return buildNoticeCard(
    'No more check-in cards',
    'You will get no weekly check-in card here from now on. To have them again, turn on “Weekly check-in card in Teams” on My OKRs in Throughline.',
  );
}
