import type { RunningSandbox } from '../src';
import { callGraph, person, startTestSandbox, userToken } from './support';

// A fixed clock: seeded series are laid out relative to it, so the window below is known.
const NOW = new Date('2026-11-25T10:00:00Z');
let sandbox: RunningSandbox;
const diego = person('Diego Siciliani');
const alex = person('Alex Wilber');

beforeAll(async () => {
  sandbox = await startTestSandbox({ clock: () => NOW });
});
afterAll(() => sandbox.stop());

type Event = Record<string, unknown> & {
  id: string;
  subject: string;
  type: string;
  seriesMasterId: string;
  iCalUId: string;
  start: { dateTime: string; timeZone: string };
  attendees: unknown[];
};

async function calendarView(
  token: string,
  from: string,
  to: string,
  headers: Record<string, string> = {},
) {
  const events: Event[] = [];
  let link: string | undefined = `/me/calendarView?startDateTime=${from}&endDateTime=${to}`;
  let pages = 0;
  while (link) {
    const page: { body: { value: Event[]; '@odata.nextLink'?: string } } = await callGraph(
      sandbox,
      token,
      link,
      { headers },
    );
    events.push(...page.body.value);
    link = page.body['@odata.nextLink'];
    pages += 1;
  }
  return { events, pages };
}

describe('calendar', () => {
  it('expands the weekly 1-on-1 with the manager into one occurrence per week, same weekday and time', async () => {
    const { events } = await calendarView(
      await userToken(sandbox, diego),
      '2026-11-02T00:00:00Z',
      '2026-11-30T00:00:00Z',
    );
    const oneOnOnes = events.filter((event) => event.subject === '1:1 Alex / Diego');
    expect(oneOnOnes).toHaveLength(4);
    expect(new Set(oneOnOnes.map((event) => event.id)).size).toBe(4);
    expect(new Set(oneOnOnes.map((event) => event.seriesMasterId)).size).toBe(1);
    expect(
      new Set(
        oneOnOnes.map((event) => new Date(`${event.start.dateTime.slice(0, 19)}Z`).getUTCDay()),
      ).size,
    ).toBe(1);
    expect(new Set(oneOnOnes.map((event) => event.start.dateTime.slice(11)))).toHaveProperty(
      'size',
      1,
    );
    for (const event of oneOnOnes) {
      expect(event).toMatchObject({
        type: 'occurrence',
        start: { timeZone: 'UTC' },
        organizer: { emailAddress: { address: alex.mail } },
      });
      expect(event.attendees).toEqual([
        expect.objectContaining({ emailAddress: { name: 'Diego Siciliani', address: diego.mail } }),
      ]);
      expect((event.onlineMeeting as { joinUrl: string }).joinUrl).toMatch(
        /^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//,
      );
    }
  });

  it("shows the same occurrence in the manager's calendar with its own id and the same iCalUId", async () => {
    const window = ['2026-11-23T00:00:00Z', '2026-11-30T00:00:00Z'] as const;
    const mine = (await calendarView(await userToken(sandbox, diego), ...window)).events.find(
      (event) => event.subject === '1:1 Alex / Diego',
    )!;
    const theirs = (await calendarView(await userToken(sandbox, alex), ...window)).events.find(
      (event) => event.subject === '1:1 Alex / Diego',
    )!;
    expect(theirs.iCalUId).toBe(mine.iCalUId);
    expect(theirs.id).not.toBe(mine.id);
    expect(theirs.isOrganizer).toBe(true);
  });

  it('includes team meetings with many attendees that are not 1-on-1s', async () => {
    const { events } = await calendarView(
      await userToken(sandbox, diego),
      '2026-11-02T00:00:00Z',
      '2026-11-30T00:00:00Z',
    );
    const teamSync = events.find((event) => event.subject === 'Sales team sync')!;
    expect(teamSync.attendees.length).toBeGreaterThan(2);
    expect(events.some((event) => event.subject === 'Sales monthly business review')).toBe(true);
  });

  it('pages occurrences ten at a time with @odata.nextLink', async () => {
    const { events, pages } = await calendarView(
      await userToken(sandbox, alex),
      '2026-10-01T00:00:00Z',
      '2026-12-01T00:00:00Z',
    );
    expect(events.length).toBeGreaterThan(20);
    expect(pages).toBe(Math.ceil(events.length / 10));
    expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
  });

  it('answers in the time zone asked for with Prefer: outlook.timezone', async () => {
    const token = await userToken(sandbox, diego);
    const window = ['2026-11-23T00:00:00Z', '2026-11-30T00:00:00Z'] as const;
    const utc = (await calendarView(token, ...window)).events.find(
      (event) => event.subject === '1:1 Alex / Diego',
    )!;
    const answer = await callGraph<{ value: Event[] }>(
      sandbox,
      token,
      `/me/calendarView?startDateTime=${window[0]}&endDateTime=${window[1]}&$top=50`,
      { headers: { Prefer: 'outlook.timezone="Pacific Standard Time"' } },
    );
    expect(answer.headers.get('preference-applied')).toBe(
      'outlook.timezone="Pacific Standard Time"',
    );
    const pacific = answer.body.value.find((event) => event.id === utc.id)!;
    expect(pacific.start.timeZone).toBe('Pacific Standard Time');
    const hoursApart =
      (Date.parse(`${utc.start.dateTime.slice(0, 19)}Z`) -
        Date.parse(`${pacific.start.dateTime.slice(0, 19)}Z`)) /
      3_600_000;
    expect(hoursApart).toBe(8);
  });

  it('requires the time window', async () => {
    const answer = await callGraph<{ error: { code: string } }>(
      sandbox,
      await userToken(sandbox, diego),
      '/me/calendarView',
    );
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('ErrorInvalidParameter');
  });

  it('reads an occurrence by id, only from its own calendar', async () => {
    const { events } = await calendarView(
      await userToken(sandbox, diego),
      '2026-11-23T00:00:00Z',
      '2026-11-30T00:00:00Z',
    );
    const occurrence = events.find((event) => event.subject === '1:1 Alex / Diego')!;
    const again = await callGraph(
      sandbox,
      await userToken(sandbox, diego),
      `/me/events/${occurrence.id}`,
    );
    expect(again.body).toMatchObject({
      id: occurrence.id,
      type: 'occurrence',
      iCalUId: occurrence.iCalUId,
    });
    expect(
      (await callGraph(sandbox, await userToken(sandbox, alex), `/me/events/${occurrence.id}`))
        .status,
    ).toBe(404);
  });
});
