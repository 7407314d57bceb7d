/**
 * Meetings: a weekly 1-on-1 between every manager and each direct report (a fixed weekday
 * and time per pair), a weekly team sync per manager, and a monthly department review —
 * the last two have many attendees and are not 1-on-1s. Series start 26 weeks before the
 * reference day and run on, so any window near today has occurrences.
 */
import { createHash } from 'node:crypto';
import { DAY_MS, HOUR_MS, seedAnchor } from './clock';
import type { SeedPerson } from './organisation';
import { relationsOf, type Directory } from './relations';

export type SeriesKind = 'oneOnOne' | 'teamSync' | 'departmentReview';

export interface SeedSeries {
  /** Stable across mailboxes; each mailbox's copy gets its own ids from it. */
  key: string;
  kind: SeriesKind;
  tenantId: string;
  subject: string;
  organizer: SeedPerson;
  attendees: SeedPerson[];
  /** The first occurrence's start (ms since epoch, UTC). */
  firstStart: number;
  durationMinutes: number;
  /** Days between occurrences (7 weekly, 28 four-weekly). */
  intervalDays: number;
  location: string;
}

function hashNumber(...parts: string[]): number {
  return createHash('sha256').update(parts.join('/')).digest().readUInt32BE(0);
}

/** Monday 00:00 UTC of the week containing `ms`. */
function mondayOf(ms: number): number {
  const day = new Date(ms).getUTCDay();
  return ms - ((day + 6) % 7) * DAY_MS;
}

function weeklyStart(anchor: number, weekday: number, hour: number): number {
  // weekday 0 = Monday … 4 = Friday; 26 weeks back so recent history exists.
  return mondayOf(anchor) - 26 * 7 * DAY_MS + weekday * DAY_MS + hour * HOUR_MS;
}

export function oneOnOneSeries(
  tenantId: string,
  manager: SeedPerson,
  report: SeedPerson,
  anchor: number,
): SeedSeries {
  const slot = hashNumber(tenantId, manager.id, report.id);
  const weekday = slot % 5;
  const hour = 9 + ((slot >> 3) % 8) + ((slot >> 7) % 2) * 0.5;
  return {
    key: `one-on-one/${manager.id}/${report.id}`,
    kind: 'oneOnOne',
    tenantId,
    subject: `1:1 ${manager.givenName} / ${report.givenName}`,
    organizer: manager,
    attendees: [report],
    firstStart: weeklyStart(anchor, weekday, hour),
    durationMinutes: 30,
    intervalDays: 7,
    location: 'Microsoft Teams Meeting',
  };
}

function teamSyncSeries(
  tenantId: string,
  manager: SeedPerson,
  reports: SeedPerson[],
  anchor: number,
): SeedSeries {
  const weekday = hashNumber(tenantId, manager.id, 'team') % 5;
  return {
    key: `team-sync/${manager.id}`,
    kind: 'teamSync',
    tenantId,
    subject: `${manager.department} team sync`,
    organizer: manager,
    attendees: reports,
    firstStart: weeklyStart(anchor, weekday, 8),
    durationMinutes: 45,
    intervalDays: 7,
    location: 'Microsoft Teams Meeting',
  };
}

function departmentReviewSeries(
  tenant: Directory,
  department: string,
  anchor: number,
): SeedSeries | undefined {
  const members = tenant.people.filter((person) => person.department === department);
  const lead = members.find((person) => !members.some((other) => other.id === person.managerId));
  if (!lead || members.length < 3) return undefined;
  return {
    key: `department-review/${department}`,
    kind: 'departmentReview',
    tenantId: tenant.id,
    subject: `${department} monthly business review`,
    organizer: lead,
    attendees: members.filter((person) => person.id !== lead.id),
    firstStart: weeklyStart(anchor, 3, 16),
    durationMinutes: 60,
    intervalDays: 28,
    location: 'Microsoft Teams Meeting',
  };
}

/** Every series the person organises or attends. */
export function seriesForPerson(
  tenant: Directory,
  person: SeedPerson,
  now: Date = new Date(),
  index?: Map<string, SeedPerson[]>,
): SeedSeries[] {
  const anchor = seedAnchor(now);
  const { manager, reports } = relationsOf(tenant, person, index);
  const series: SeedSeries[] = [];
  if (manager) {
    series.push(oneOnOneSeries(tenant.id, manager, person, anchor));
    const peers =
      index?.get(manager.id) ??
      tenant.people.filter((candidate) => candidate.managerId === manager.id);
    if (peers.length > 1) series.push(teamSyncSeries(tenant.id, manager, peers, anchor));
  }
  for (const report of reports) series.push(oneOnOneSeries(tenant.id, person, report, anchor));
  if (reports.length > 1) series.push(teamSyncSeries(tenant.id, person, reports, anchor));
  // Department reviews only for small directories: in a generated 10,000-person tenant
  // they would make every calendar read scan everyone.
  if (tenant.people.length <= 500) {
    const review = departmentReviewSeries(tenant, person.department, anchor);
    if (
      review &&
      (review.organizer.id === person.id ||
        review.attendees.some((attendee) => attendee.id === person.id))
    )
      series.push(review);
  }
  return series;
}

/** Occurrence starts (ms) of a series overlapping [from, to). */
export function occurrencesBetween(series: SeedSeries, from: number, to: number): number[] {
  const durationMs = series.durationMinutes * 60_000;
  const period = series.intervalDays * DAY_MS;
  const first = Math.max(0, Math.ceil((from - durationMs - series.firstStart) / period));
  const starts: number[] = [];
  for (let index = first; ; index += 1) {
    const start = series.firstStart + index * period;
    if (start >= to) break;
    if (start + durationMs > from) starts.push(start);
  }
  return starts;
}
