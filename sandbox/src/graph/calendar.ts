/**
 * Calendars: `/me/calendarView` and `/users/{id}/calendarView` expand the seeded series
 * (weekly 1-on-1s, team syncs, monthly reviews) into occurrences within the window, each
 * mailbox with its own ids (as Exchange gives every attendee's copy its own id) and a
 * shared iCalUId per occurrence. `Prefer: outlook.timezone` is honoured for UTC, IANA
 * names and the common Windows names. `/events/{id}` resolves occurrences and masters.
 */
import { Router, type Request, type Response } from 'express';
import { graphTimestamp } from '../seed/clock';
import { hexId } from '../seed/graph-ids';
import { occurrencesBetween, seriesForPerson, type SeedSeries } from '../seed/calendar';
import type { SeedPerson } from '../seed/organisation';
import { permissions } from './auth';
import { targetUser, type GraphContext } from './context';
import { errors, GraphError } from './errors';
import {
  applySelect,
  contextUrl,
  linkWith,
  parsePrefer,
  parseSelect,
  parseSkip,
  parseTop,
  queryString,
} from './odata';
import type { TenantState, UserRecord } from './store';

export const EVENT_PROPERTIES = [
  'id',
  'createdDateTime',
  'lastModifiedDateTime',
  'changeKey',
  'categories',
  'originalStartTimeZone',
  'originalEndTimeZone',
  'iCalUId',
  'reminderMinutesBeforeStart',
  'isReminderOn',
  'hasAttachments',
  'subject',
  'bodyPreview',
  'importance',
  'sensitivity',
  'isAllDay',
  'isCancelled',
  'isOrganizer',
  'responseRequested',
  'seriesMasterId',
  'showAs',
  'type',
  'webLink',
  'onlineMeetingUrl',
  'isOnlineMeeting',
  'onlineMeetingProvider',
  'allowNewTimeProposals',
  'isDraft',
  'hideAttendees',
  'responseStatus',
  'body',
  'start',
  'end',
  'location',
  'locations',
  'recurrence',
  'attendees',
  'organizer',
  'onlineMeeting',
];
const selectOptions = {
  known: EVENT_PROPERTIES,
  always: ['id'],
  typeName: 'Microsoft.OutlookServices.Event',
  errorCode: 'RequestBroker--ParseUri',
};

// Windows time zone names Outlook clients send most often, mapped to IANA.
const WINDOWS_ZONES: Record<string, string> = {
  UTC: 'UTC',
  'Pacific Standard Time': 'America/Los_Angeles',
  'Eastern Standard Time': 'America/New_York',
  'Central Standard Time': 'America/Chicago',
  'GMT Standard Time': 'Europe/London',
  'W. Europe Standard Time': 'Europe/Berlin',
  'Romance Standard Time': 'Europe/Paris',
  'Central Europe Standard Time': 'Europe/Budapest',
  'Singapore Standard Time': 'Asia/Singapore',
  'India Standard Time': 'Asia/Kolkata',
  'Tokyo Standard Time': 'Asia/Tokyo',
  'AUS Eastern Standard Time': 'Australia/Sydney',
};

function ianaZone(name: string): string | undefined {
  if (WINDOWS_ZONES[name]) return WINDOWS_ZONES[name];
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return name;
  } catch {
    return undefined;
  }
}

/** Graph's event date-time: local wall time with seven fractional digits, no offset. */
export function dateTimeInZone(ms: number, zone: string): string {
  if (zone === 'UTC') return `${new Date(ms).toISOString().slice(0, 19)}.0000000`;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(new Date(ms))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}.0000000`;
}

function parseWindowParam(req: Request, name: string): number {
  const raw = queryString(req, name) ?? queryString(req, name.toLowerCase());
  if (!raw) {
    throw new GraphError(
      400,
      'ErrorInvalidParameter',
      'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.',
    );
  }
  // Without an offset the value is UTC, as the docs say.
  const ms = Date.parse(/(Z|[+-]\d{2}:?\d{2})$/i.test(raw) ? raw : `${raw}Z`);
  if (Number.isNaN(ms))
    throw new GraphError(
      400,
      'ErrorInvalidParameter',
      `The value '${raw}' of parameter '${name}' is invalid.`,
    );
  return ms;
}

const b64 = (text: string) => Buffer.from(text).toString('base64url');

export function occurrenceId(ownerId: string, seriesKey: string, start: number): string {
  return `AAMkAG${b64(`occ|${ownerId}|${seriesKey}|${start}`)}=`;
}

export function seriesMasterId(ownerId: string, seriesKey: string): string {
  return `AAMkAG${b64(`ser|${ownerId}|${seriesKey}`)}=`;
}

function decodeEventId(
  id: string,
): { kind: 'occ' | 'ser'; ownerId: string; seriesKey: string; start?: number } | undefined {
  if (!id.startsWith('AAMkAG')) return undefined;
  const [kind, ownerId, seriesKey, start] = Buffer.from(id.slice(6).replace(/=$/, ''), 'base64url')
    .toString('utf8')
    .split('|');
  if ((kind !== 'occ' && kind !== 'ser') || !ownerId || !seriesKey) return undefined;
  return { kind, ownerId, seriesKey, start: start ? Number(start) : undefined };
}

const address = (person: SeedPerson) => ({
  emailAddress: { name: person.displayName, address: person.mail },
});

function meetingThreadKey(series: SeedSeries): string {
  return hexId(24, series.tenantId, series.key);
}

/** The Teams chat thread of a series' online meeting, as in its join URL. */
export function meetingChatId(series: SeedSeries): string {
  return `19:meeting_${meetingThreadKey(series)}@thread.v2`;
}

function eventResource(
  series: SeedSeries,
  owner: UserRecord,
  start: number | undefined,
  zone: string,
  now: Date,
): Record<string, unknown> {
  const isOrganizer = series.organizer.id === owner.id;
  const first = start ?? series.firstStart;
  const end = first + series.durationMinutes * 60_000;
  const id =
    start === undefined
      ? seriesMasterId(owner.id, series.key)
      : occurrenceId(owner.id, series.key, start);
  const meetingId = meetingThreadKey(series);
  const created = graphTimestamp(new Date(series.firstStart - 7 * 86_400_000));
  const description =
    series.kind === 'oneOnOne'
      ? `Weekly 1:1 between ${series.organizer.displayName} and ${series.attendees[0]?.displayName}.`
      : `${series.subject} with ${series.attendees.length + 1} people.`;
  return {
    '@odata.etag': `W/"${hexId(28, id, 'etag')}"`,
    id,
    createdDateTime: created,
    lastModifiedDateTime: created,
    changeKey: hexId(28, id, 'etag'),
    categories: [],
    originalStartTimeZone: 'UTC',
    originalEndTimeZone: 'UTC',
    iCalUId: `040000008200E00074C5B7101A82E00807${hexId(80, series.key, String(start ?? 'master'))}`,
    reminderMinutesBeforeStart: 15,
    isReminderOn: true,
    hasAttachments: false,
    subject: series.subject,
    bodyPreview: description,
    importance: 'normal',
    sensitivity: 'normal',
    isAllDay: false,
    isCancelled: false,
    isOrganizer,
    responseRequested: true,
    seriesMasterId: start === undefined ? null : seriesMasterId(owner.id, series.key),
    showAs: 'busy',
    type: start === undefined ? 'seriesMaster' : 'occurrence',
    webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(id)}&exvsurl=1&path=/calendar/item`,
    onlineMeetingUrl: null,
    isOnlineMeeting: true,
    onlineMeetingProvider: 'teamsForBusiness',
    allowNewTimeProposals: true,
    isDraft: false,
    hideAttendees: false,
    responseStatus: {
      response: isOrganizer ? 'organizer' : 'accepted',
      time: '0001-01-01T00:00:00Z',
    },
    body: { contentType: 'html', content: `<html><body><p>${description}</p></body></html>` },
    start: { dateTime: dateTimeInZone(first, zone), timeZone: zone },
    end: { dateTime: dateTimeInZone(end, zone), timeZone: zone },
    location: {
      displayName: series.location,
      locationType: 'default',
      uniqueIdType: 'unknown',
      address: {},
      coordinates: {},
    },
    locations: [
      {
        displayName: series.location,
        locationType: 'default',
        uniqueIdType: 'unknown',
        address: {},
        coordinates: {},
      },
    ],
    recurrence:
      start === undefined
        ? {
            pattern: {
              type: 'weekly',
              interval: series.intervalDays / 7,
              daysOfWeek: [
                ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'][
                  new Date(series.firstStart).getUTCDay()
                ],
              ],
              firstDayOfWeek: 'sunday',
              index: 'first',
              month: 0,
              dayOfMonth: 0,
            },
            range: {
              type: 'noEnd',
              startDate: new Date(series.firstStart).toISOString().slice(0, 10),
              endDate: '0001-01-01',
              recurrenceTimeZone: 'UTC',
              numberOfOccurrences: 0,
            },
          }
        : null,
    attendees: [series.organizer, ...series.attendees]
      .filter((person) => person.id !== series.organizer.id)
      .map((person) => ({
        type: 'required',
        status: {
          response: first < now.getTime() ? 'accepted' : 'none',
          time: '0001-01-01T00:00:00Z',
        },
        ...address(person),
      })),
    organizer: address(series.organizer),
    onlineMeeting: {
      joinUrl: `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${meetingId}%40thread.v2/0?context=%7b%22Tid%22%3a%22${series.tenantId}%22%7d`,
    },
  };
}

function zoneOf(req: Request, res: Response): string {
  const requested = parsePrefer(req).get('outlook.timezone');
  if (!requested) return 'UTC';
  const zone = ianaZone(requested);
  if (!zone) return 'UTC';
  res.setHeader('Preference-Applied', `outlook.timezone="${requested}"`);
  return requested === 'UTC' ? 'UTC' : requested;
}

export function calendarRoutes(ctx: GraphContext): Router {
  const router = Router();
  const notFound = (id: string) => errors.mailboxUserNotFound(id);

  function seriesOf(tenant: TenantState, user: UserRecord) {
    return seriesForPerson(
      ctx.store.directory(tenant),
      user,
      ctx.store.clock(),
      ctx.store.reports(tenant),
    );
  }

  for (const base of ['/me', '/users/:userId', '/me/calendar', '/users/:userId/calendar']) {
    router.get(`${base}/calendarView`, (req, res) => {
      const { tenant, user } = targetUser(ctx, req, res, permissions.calendarRead, notFound);
      const from = parseWindowParam(req, 'startDateTime');
      const to = parseWindowParam(req, 'endDateTime');
      if (to <= from)
        throw new GraphError(
          400,
          'ErrorInvalidParameter',
          'The EndDateTime must be after StartDateTime.',
        );
      const zoneName = zoneOf(req, res);
      const zone = ianaZone(zoneName) === 'UTC' ? 'UTC' : zoneName;
      const select = parseSelect(req);
      const top = parseTop(req, 10, 1000);
      const skip = parseSkip(req);
      const occurrences = seriesOf(tenant, user)
        .flatMap((series) =>
          occurrencesBetween(series, from, to).map((start) => ({ series, start })),
        )
        .sort((a, b) => a.start - b.start || a.series.key.localeCompare(b.series.key));
      const page = occurrences.slice(skip, skip + top);
      const now = ctx.store.clock();
      const tz = ianaZone(zone) ?? 'UTC';
      res.json({
        '@odata.context': contextUrl(
          ctx.serviceRoot(),
          `users('${user.id}')/calendarView${select ? `(${select.join(',')})` : ''}`,
        ),
        value: page.map(({ series, start }) => {
          const resource = eventResource(series, user, start, tz, now);
          const named = {
            ...resource,
            start: { ...(resource.start as object), timeZone: zone },
            end: { ...(resource.end as object), timeZone: zone },
          };
          return applySelect(named, select, selectOptions);
        }),
        ...(skip + top < occurrences.length
          ? {
              '@odata.nextLink': linkWith(ctx.serviceRoot(), req, {
                $top: String(top),
                $skip: String(skip + top),
              }),
            }
          : {}),
      });
    });
  }

  for (const base of ['/me', '/users/:userId']) {
    router.get(`${base}/events/:eventId`, (req, res) => {
      const { tenant, user } = targetUser(ctx, req, res, permissions.calendarRead, notFound);
      const decoded = decodeEventId(req.params.eventId as string);
      if (!decoded || decoded.ownerId !== user.id) throw errors.messageNotFound();
      const series = seriesOf(tenant, user).find(
        (candidate) => candidate.key === decoded.seriesKey,
      );
      if (!series) throw errors.messageNotFound();
      if (decoded.kind === 'occ') {
        const start = decoded.start ?? NaN;
        const period = series.intervalDays * 86_400_000;
        if (
          !Number.isFinite(start) ||
          start < series.firstStart ||
          (start - series.firstStart) % period !== 0
        )
          throw errors.messageNotFound();
      }
      const zoneName = zoneOf(req, res);
      const resource = eventResource(
        series,
        user,
        decoded.kind === 'occ' ? decoded.start : undefined,
        ianaZone(zoneName) ?? 'UTC',
        ctx.store.clock(),
      );
      const select = parseSelect(req);
      res.json({
        '@odata.context': contextUrl(ctx.serviceRoot(), `users('${user.id}')/events/$entity`),
        ...applySelect(
          {
            ...resource,
            start: { ...(resource.start as object), timeZone: zoneName },
            end: { ...(resource.end as object), timeZone: zoneName },
          },
          select,
          selectOptions,
        ),
      });
    });
  }
  return router;
}
