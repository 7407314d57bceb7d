/**
 * Where 1-on-1s come from: a manager's calendar, read app-only through Microsoft Graph
 * (`GET /users/{id}/calendarView`, permission Calendars.Read), which expands recurring
 * series into their occurrences within the window. Times are asked for in UTC
 * (`Prefer: outlook.timezone="UTC"`) so no time zone names need mapping here.
 */
import type { AppGraph } from '../platform/teams/activity-feed';

export interface CalendarOccurrence {
  eventId: string;
  seriesMasterId: string | null;
  iCalUId: string | null;
  subject: string;
  startsAt: string;
  endsAt: string;
  isCancelled: boolean;
  organizerAddress: string | null;
  /** Required and optional attendees' addresses (rooms and other resources left out). */
  attendeeAddresses: string[];
  joinUrl: string | null;
}

export interface CalendarSource {
  occurrences(userId: string, from: Date, to: Date): Promise<CalendarOccurrence[]>;
}

interface GraphDateTime {
  dateTime: string;
  timeZone: string;
}
interface GraphEvent {
  id: string;
  seriesMasterId?: string | null;
  iCalUId?: string | null;
  subject?: string | null;
  start: GraphDateTime;
  end: GraphDateTime;
  isCancelled?: boolean;
  organizer?: { emailAddress?: { address?: string } };
  attendees?: { type?: string; emailAddress?: { address?: string } }[];
  onlineMeeting?: { joinUrl?: string } | null;
}
interface GraphPage {
  value: GraphEvent[];
  '@odata.nextLink'?: string;
}

/** Graph's event time: wall time without an offset, in the zone it names (UTC here). */
export function graphTimeToIso(value: GraphDateTime): string {
  const trimmed = value.dateTime.replace(/(\.\d{3})\d*$/, '$1');
  const isUtc = /^(UTC|Etc\/UTC|Coordinated Universal Time)$/i.test(value.timeZone);
  return new Date(isUtc && !/Z$/.test(trimmed) ? `${trimmed}Z` : trimmed).toISOString();
}

const SELECT =
  'id,seriesMasterId,iCalUId,subject,start,end,isCancelled,organizer,attendees,onlineMeeting';
const MAX_PAGES = 20;

export function graphCalendarSource(graph: AppGraph): CalendarSource {
  return {
    async occurrences(userId, from, to) {
      const headers = { Prefer: 'outlook.timezone="UTC"' };
      const query = `startDateTime=${encodeURIComponent(from.toISOString())}&endDateTime=${encodeURIComponent(to.toISOString())}&$select=${SELECT}&$top=100`;
      let page = await graph.get<GraphPage>(
        `/users/${encodeURIComponent(userId)}/calendarView?${query}`,
        headers,
      );
      const events = [...page.value];
      for (let pages = 1; page['@odata.nextLink'] && pages < MAX_PAGES; pages += 1) {
        page = await graph.getLink<GraphPage>(page['@odata.nextLink'], headers);
        events.push(...page.value);
      }
      return events.map((event) => ({
        eventId: event.id,
        seriesMasterId: event.seriesMasterId ?? null,
        iCalUId: event.iCalUId ?? null,
        subject: event.subject ?? '',
        startsAt: graphTimeToIso(event.start),
        endsAt: graphTimeToIso(event.end),
        isCancelled: event.isCancelled === true,
        organizerAddress: event.organizer?.emailAddress?.address ?? null,
        attendeeAddresses: (event.attendees ?? [])
          .filter((attendee) => attendee.type !== 'resource')
          .map((attendee) => attendee.emailAddress?.address ?? '')
          .filter(Boolean),
        joinUrl: event.onlineMeeting?.joinUrl ?? null,
      }));
    },
  };
}
