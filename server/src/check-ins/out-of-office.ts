/**
 * Whether a person is out of office, from their mailbox's automatic replies, read app-only
 * through Microsoft Graph (`GET /users/{id}/mailboxSettings/automaticRepliesSetting`,
 * application permission MailboxSettings.Read). Out of office is replies `alwaysEnabled`,
 * or `scheduled` with now inside the window; `disabled`, or a window that is past or still
 * to come, is in the office. Graph's window is a `dateTimeTimeZone`: a wall time in the
 * zone it names (Exchange answers UTC; IANA names and the common Windows names are read too).
 */
import type { AppGraph } from '../platform/teams/activity-feed';
import { startOfLocalDay } from '../platform/time/calendar-time';

interface GraphDateTime {
  dateTime: string;
  timeZone: string;
}

export interface AutomaticReplies {
  status: 'disabled' | 'alwaysEnabled' | 'scheduled';
  scheduledStartDateTime?: GraphDateTime | null;
  scheduledEndDateTime?: GraphDateTime | null;
}

/** Windows zone names Exchange may answer for a mailbox, to IANA (CLDR's primary mapping). */
const WINDOWS_ZONES: Record<string, string> = {
  'Pacific Standard Time': 'America/Los_Angeles',
  'Mountain Standard Time': 'America/Denver',
  'US Mountain Standard Time': 'America/Phoenix',
  'Central Standard Time': 'America/Chicago',
  'Eastern Standard Time': 'America/New_York',
  'Atlantic Standard Time': 'America/Halifax',
  'Alaskan Standard Time': 'America/Anchorage',
  'Hawaiian Standard Time': 'Pacific/Honolulu',
  'E. South America Standard Time': 'America/Sao_Paulo',
  'GMT Standard Time': 'Europe/London',
  'Greenwich Standard Time': 'Atlantic/Reykjavik',
  'W. Europe Standard Time': 'Europe/Berlin',
  'Romance Standard Time': 'Europe/Paris',
  'Central Europe Standard Time': 'Europe/Budapest',
  'Central European Standard Time': 'Europe/Warsaw',
  'GTB Standard Time': 'Europe/Bucharest',
  'FLE Standard Time': 'Europe/Kiev',
  'Russian Standard Time': 'Europe/Moscow',
  'South Africa Standard Time': 'Africa/Johannesburg',
  'Israel Standard Time': 'Asia/Jerusalem',
  'Arabian Standard Time': 'Asia/Dubai',
  'India Standard Time': 'Asia/Kolkata',
  'China Standard Time': 'Asia/Shanghai',
  'Singapore Standard Time': 'Asia/Singapore',
  'Tokyo Standard Time': 'Asia/Tokyo',
  'Korea Standard Time': 'Asia/Seoul',
  'AUS Eastern Standard Time': 'Australia/Sydney',
  'New Zealand Standard Time': 'Pacific/Auckland',
};

const isUtc = (zone: string) => /^(UTC|Etc\/UTC|Coordinated Universal Time|GMT)$/i.test(zone);

const isIanaZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/** The instant a Graph wall time names; a zone neither UTC, IANA nor a common Windows name is read as UTC. */
export function instantOf(value: GraphDateTime): Date | null {
  const match = value.dateTime.match(/^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?/);
  if (!match) return null;
  const [, date, hours, minutes, seconds = '00', fraction = ''] = match;
  const millis = Math.round(Number(`0${fraction || '.0'}`) * 1000);
  const sinceMidnight =
    ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000 + millis;
  const zone = WINDOWS_ZONES[value.timeZone] ?? value.timeZone;
  const midnight =
    !isUtc(zone) && isIanaZone(zone) ? startOfLocalDay(date!, zone) : new Date(`${date}T00:00:00Z`);
  // Wall time past midnight: exact but on the few hours of a DST change, which a window tolerates.
  const instant = new Date(midnight.getTime() + sinceMidnight);
  return Number.isNaN(instant.getTime()) ? null : instant;
}

export function isOutOfOffice(replies: AutomaticReplies, now: Date): boolean {
  if (replies.status === 'alwaysEnabled') return true;
  if (replies.status !== 'scheduled') return false;
  const start = replies.scheduledStartDateTime && instantOf(replies.scheduledStartDateTime);
  const end = replies.scheduledEndDateTime && instantOf(replies.scheduledEndDateTime);
  if (!start || !end) return false;
  return start <= now && now < end;
}

export async function automaticRepliesOf(
  graph: AppGraph,
  userId: string,
): Promise<AutomaticReplies> {
  return graph.get<AutomaticReplies>(
    `/users/${encodeURIComponent(userId)}/mailboxSettings/automaticRepliesSetting`,
  );
}
