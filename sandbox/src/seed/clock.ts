/**
 * Seeded mail, files and meetings are dated relative to a reference day so "last week"
 * stays last week. The anchor is the start of the caller's UTC day: two computations on
 * the same day (the running sandbox and a test reading the seed) agree to the millisecond.
 */
export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;

export function seedAnchor(now: Date): number {
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
}

/** `daysAgo` days before the anchor day, at `hour` (fractional hours allowed) UTC. */
export function daysBefore(anchor: number, daysAgo: number, hour: number): Date {
  return new Date(anchor - daysAgo * DAY_MS + Math.round(hour * HOUR_MS));
}

/** Graph's date-time format for resource timestamps: second precision, `Z`. */
export function graphTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
