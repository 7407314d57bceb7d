/**
 * A person's own say over the weekly check-in card in Teams: turn it off or back on
 * (`/api/me/preferences`, and the card's "Stop these cards"), or snooze it until the next
 * Monday 00:00 in the tenant's time zone (the card's "Snooze until Monday"). Always the
 * caller's own: nobody sets these for someone else, an admin included.
 */
import type { MyPreferences, UpdateMyPreferencesRequest } from '@throughline/contracts';
import type { Context } from '../platform/context';
import { weekOfInstant, weekWindow } from '../platform/time/calendar-time';
import { CardPreferencesStore, type CheckInCardPreferences } from './card-preferences-store';

const asPreferences = (stored: CheckInCardPreferences, now: Date): MyPreferences => ({
  checkInCards: stored.checkInCards,
  // A snooze that has run out is no snooze: time is read, not stored.
  checkInCardsSnoozedUntil:
    stored.snoozedUntil && new Date(stored.snoozedUntil) > now ? stored.snoozedUntil : null,
});

export async function getMyPreferences(ctx: Context): Promise<MyPreferences> {
  const { tenantId, userId } = ctx.principal;
  return asPreferences(await new CardPreferencesStore(ctx.db, tenantId).read(userId), ctx.now);
}

export async function updateMyPreferences(
  ctx: Context,
  request: UpdateMyPreferencesRequest,
): Promise<MyPreferences> {
  const { tenantId, userId } = ctx.principal;
  const store = new CardPreferencesStore(ctx.db, tenantId);
  await store.setCheckInCards(userId, request.checkInCards, ctx.now);
  return asPreferences(await store.read(userId), ctx.now);
}

/** Whether the job may post this person a card now, by their own choice. */
export async function isCheckInCardWanted(
  ctx: Pick<Context, 'db' | 'principal'>,
  personId: string,
  now: Date,
): Promise<boolean> {
  const stored = await new CardPreferencesStore(ctx.db, ctx.principal.tenantId).read(personId);
  return stored.checkInCards && asPreferences(stored, now).checkInCardsSnoozedUntil === null;
}

/** The next Monday 00:00 in the zone, strictly after now (on a Monday, the one a week on). */
export const nextMondayAfter = (now: Date, timeZone: string): Date =>
  weekWindow(weekOfInstant(now, timeZone), timeZone).to;

/** Snoozes the caller's cards until the next Monday; answers until when. */
export async function snoozeMyCheckInCards(ctx: Context, timeZone: string): Promise<Date> {
  const until = nextMondayAfter(ctx.now, timeZone);
  await new CardPreferencesStore(ctx.db, ctx.principal.tenantId).snooze(
    ctx.principal.userId,
    until,
    ctx.now,
  );
  return until;
}
