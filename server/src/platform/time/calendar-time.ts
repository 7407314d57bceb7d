/**
 * Local calendar arithmetic in a tenant's IANA time zone without a date library: the
 * offset at an instant comes from Intl, and local midnight is found by correcting a UTC
 * guess by that offset (twice, so a DST change on the day itself lands right).
 */
import type { Weekday } from '@throughline/contracts';

export const DAY_MS = 86_400_000;
const WEEKDAYS: Weekday[] = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
];

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: Weekday;
}

export function localParts(instant: Date, timeZone: string): LocalParts {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'long',
    })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: String(parts.weekday).toLowerCase() as Weekday,
  };
}

/** The local calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(instant: Date, timeZone: string): string {
  const { year, month, day } = localParts(instant, timeZone);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The wall clock of an instant in a zone, read as if it were UTC. `setUTCFullYear`, not
 * `Date.UTC`, which reads the years 0–99 as 1900–1999.
 */
function wallClockMs(instant: number, timeZone: string): number {
  const parts = localParts(new Date(instant), timeZone);
  const wall = new Date(0);
  wall.setUTCFullYear(parts.year, parts.month - 1, parts.day);
  wall.setUTCHours(parts.hour, parts.minute, 0, 0);
  return wall.getTime();
}

/** Both wall clocks are read the same way, so the calendar's own quirks cancel out. */
function offsetMs(instant: number, timeZone: string): number {
  return wallClockMs(instant, timeZone) - wallClockMs(instant, 'UTC');
}

/** The instant local midnight starts the given date in the zone. */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const guess = Date.parse(`${date}T00:00:00Z`);
  let instant = guess - offsetMs(guess, timeZone);
  instant = guess - offsetMs(instant, timeZone);
  return new Date(instant);
}

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** The Monday (ISO week start) of the local week that contains the instant. */
export function weekOfInstant(instant: Date, timeZone: string): string {
  const date = localDate(instant, timeZone);
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((weekday + 6) % 7));
}

/** Any date to the Monday of its week. */
export function mondayOf(date: string): string {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((weekday + 6) % 7));
}

/** [Monday 00:00, next Monday 00:00) local, as instants. */
export function weekWindow(weekOf: string, timeZone: string): { from: Date; to: Date } {
  const monday = mondayOf(weekOf);
  return {
    from: startOfLocalDay(monday, timeZone),
    to: startOfLocalDay(addDays(monday, 7), timeZone),
  };
}

export function weekdayOf(instant: Date, timeZone: string): Weekday {
  return localParts(instant, timeZone).weekday;
}

export function isWeekday(value: string): value is Weekday {
  return (WEEKDAYS as string[]).includes(value);
}
