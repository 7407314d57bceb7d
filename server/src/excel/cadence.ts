/**
 * The check-in cadence as periods: a cycle is cut into runs of `checkInCadenceDays` days
 * from its first day (local midnight in the tenant's time zone), and an Excel source is
 * read once in each. Pure: the period is worked out from the cycle, the settings and now.
 */
import type { Cycle, TenantSettings } from '@throughline/contracts';
import { DAY_MS, startOfLocalDay } from '../platform/time/calendar-time';

export interface CadencePeriod {
  /** The period's first day (YYYY-MM-DD): part of the key that lets one read happen in it. */
  startsOn: string;
  index: number;
}

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** The cadence period `now` falls in, or null before the cycle starts. */
export function cadencePeriodOf(
  cycle: Pick<Cycle, 'startsOn'>,
  settings: Pick<TenantSettings, 'checkInCadenceDays' | 'timeZone'>,
  now: Date,
): CadencePeriod | null {
  const start = startOfLocalDay(cycle.startsOn, settings.timeZone).getTime();
  if (now.getTime() < start) return null;
  // Whole local days since the start (a DST change makes one day 23 or 25 hours long).
  const days = Math.floor((now.getTime() - start + 2 * 3_600_000) / DAY_MS);
  let index = Math.floor(days / settings.checkInCadenceDays);
  // Correct the estimate against the real local midnight of the period's first day.
  while (
    index > 0 &&
    now <
      startOfLocalDay(
        addDays(cycle.startsOn, index * settings.checkInCadenceDays),
        settings.timeZone,
      )
  )
    index -= 1;
  return { startsOn: addDays(cycle.startsOn, index * settings.checkInCadenceDays), index };
}
