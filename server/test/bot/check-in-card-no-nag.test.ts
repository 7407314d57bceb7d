/**
 * The weekly check-in card does not nag: not while the person is out of office (their
 * automatic replies, read from Graph), not while they snoozed it until Monday, not after
 * they stopped it — and a missing Graph permission does not silence it. Through the real
 * path: the server's job posts through the sandbox's Bot Framework connector, the sandbox
 * as Teams sends the card's actions back signed, Graph's stand-in answers the automatic
 * replies, and what is stored is read from FerretDB. The server's clock is moved; each
 * test has a person of its own, so no test depends on another's card.
 */
import { SANDBOX_BOT_HOME_TENANT_ID, type PostedActivity } from '@throughline/sandbox';
import type { ApiClient, ApiError } from '@throughline/contracts';
import { validateAdaptiveCard } from '../../src/one-on-ones/card-schema';
import { sandboxBotConfig } from '../../../tests/support/bot';
import { startTestApp, type TestApp } from '../../../tests/support/app';
import { openTestDatabase, storedDocuments } from '../../../tests/support/database';
import { clientFor, personId, seedPeople } from '../../../tests/support/okr-api';

const DAY = 86_400_000;
const CONTOSO = SANDBOX_BOT_HOME_TENANT_ID;
const GRAPH = () => process.env.TEST_GRAPH_URL!;
/** A Tuesday; the tenant's week runs Monday to Sunday in Europe/Berlin (UTC+1 in December). */
const TUESDAY = new Date('2026-12-08T10:00:00Z');
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

interface Answer {
  status: number;
  body: { type?: string; value?: Record<string, unknown> } | null;
}
type Database = ReturnType<typeof openTestDatabase>;

const botConfig = sandboxBotConfig;

/** What Outlook would set: the sandbox's control call for a person's automatic replies. */
async function setAutomaticReplies(name: string, setting: Record<string, unknown>) {
  const response = await fetch(
    `${GRAPH()}/_sandbox/tenants/${CONTOSO}/users/${personId(name)}/mailboxSettings/automaticRepliesSetting`,
    {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(setting),
    },
  );
  expect(response.status).toBe(200);
}

const utc = (instant: Date) => ({ dateTime: instant.toISOString(), timeZone: 'UTC' });

/** The check-in cards this server posted into the person's chat with the bot. */
async function cardsTo(app: TestApp, name: string): Promise<PostedActivity[]> {
  const response = await fetch(
    `${GRAPH()}/_sandbox/bot/activities?tenantId=${CONTOSO}&userId=${personId(name)}`,
  );
  const { value } = (await response.json()) as { value: PostedActivity[] };
  return value.filter((item) => {
    const text = JSON.stringify(item.activity);
    return text.includes('Time for your weekly check-in') && text.includes(app.url);
  });
}

const cardOf = (posted: PostedActivity) =>
  (posted.activity.attachments as { content: Record<string, unknown> }[])[0]!.content;

/** Be Teams: a card action pressed by `from`, sent to the server's bot signed as Bot Framework does. */
async function press(app: TestApp, from: string, value: unknown): Promise<Answer> {
  const response = await fetch(`${GRAPH()}/_sandbox/bot/send`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      endpoint: `${app.url}/api/messages`,
      tenantId: CONTOSO,
      fromUserId: personId(from),
      type: 'invoke',
      name: 'adaptiveCard/action',
      value,
    }),
  });
  return (await response.json()) as Answer;
}

const action = (verb: string, data: unknown = {}) => ({
  action: { type: 'Action.Execute', verb, data },
  trigger: 'manual',
});

/** A cycle around `now`, made by the admin. */
async function openCycle(app: TestApp, now: Date) {
  const admin = clientFor(app.url, 'Megan Bowen');
  const cycle = await admin.cycles.create({
    name: 'This quarter',
    startsOn: isoDate(now.getTime() - 45 * DAY),
    endsOn: isoDate(now.getTime() + 90 * DAY),
  });
  return { admin, cycleId: cycle.id };
}

/**
 * A key result of the person's own, due for check-in from now on. Made in the test that
 * watches their cards, so no other test's run has posted them one.
 */
async function dueKeyResultOf(app: TestApp, cycleId: string, name: string) {
  const owner = clientFor(app.url, name);
  const objective = await owner.objectives.create({ cycleId, title: `${name}’s goal` });
  await owner.keyResults.create({
    objectiveId: objective.id,
    title: `${name}’s signed seats`,
    metric: { kind: 'number', start: 0, target: 100 },
  });
}

async function deliveriesFor(database: Database, name: string) {
  return database.db
    .collection('deliveries')
    .find({ tenantId: CONTOSO, recipientId: personId(name) })
    .toArray();
}

describe('the weekly check-in card does not nag', () => {
  const database = openTestDatabase('checkinnonag');
  let app: TestApp;
  let admin: ApiClient;
  let cycleId: string;
  let now = TUESDAY;
  const run = () => admin.runJob('check-in-reminders');
  const due = (...names: string[]) =>
    Promise.all(names.map((name) => dueKeyResultOf(app, cycleId, name)));

  beforeAll(async () => {
    await seedPeople(database);
    app = await startTestApp(database, { config: botConfig(), deps: { clock: () => now } });
    ({ admin, cycleId } = await openCycle(app, now));
    const settings = await admin.settings.get();
    await admin.settings.update({ version: settings.version, timeZone: 'Europe/Berlin' });
  });
  afterAll(async () => {
    for (const name of ['Johanna Lorenz', 'Lee Gu', 'Isaiah Langer'])
      await setAutomaticReplies(name, { status: 'disabled' });
    await app.close();
    await database.close();
  });

  it('posts no card while automatic replies are always on, claims no week, and posts it once they are off that day', async () => {
    now = new Date('2026-12-11T15:00:00Z');
    await due('Johanna Lorenz');
    await setAutomaticReplies('Johanna Lorenz', { status: 'alwaysEnabled' });
    const away = await run();
    expect(away.failed).toBe(0);
    expect(await cardsTo(app, 'Johanna Lorenz')).toHaveLength(0);
    expect(await deliveriesFor(database, 'Johanna Lorenz')).toEqual([]);

    // Back in the afternoon: automatic replies off, and the next run posts the card.
    await setAutomaticReplies('Johanna Lorenz', { status: 'disabled' });
    now = new Date('2026-12-11T16:00:00Z');
    await run();
    const posted = await cardsTo(app, 'Johanna Lorenz');
    expect(posted).toHaveLength(1);
    const card = cardOf(posted[0]!);
    expect(validateAdaptiveCard(card)).toEqual({ isValid: true, errors: [] });
    const actions = (card.actions as { title: string; verb?: string; fallback?: unknown }[]).map(
      ({ title, verb, fallback }) => ({ title, verb, fallback }),
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        {
          title: 'Snooze until Monday',
          verb: 'snoozeCheckInCards',
          fallback: expect.objectContaining({
            type: 'Action.Submit',
            data: { verb: 'snoozeCheckInCards' },
          }),
        },
        {
          title: 'Stop these cards',
          verb: 'stopCheckInCards',
          fallback: expect.objectContaining({
            type: 'Action.Submit',
            data: { verb: 'stopCheckInCards' },
          }),
        },
      ]),
    );
  });

  it('posts no card inside a scheduled out-of-office window, and posts one when the window is past', async () => {
    now = new Date('2026-12-18T15:00:00Z');
    await due('Lee Gu', 'Isaiah Langer');
    await setAutomaticReplies('Lee Gu', {
      status: 'scheduled',
      scheduledStartDateTime: utc(new Date(now.getTime() - 2 * DAY)),
      scheduledEndDateTime: utc(new Date(now.getTime() + 3 * DAY)),
    });
    await setAutomaticReplies('Isaiah Langer', {
      status: 'scheduled',
      scheduledStartDateTime: utc(new Date(now.getTime() - 9 * DAY)),
      scheduledEndDateTime: utc(new Date(now.getTime() - 2 * DAY)),
    });
    await run();
    expect(await cardsTo(app, 'Lee Gu')).toHaveLength(0);
    expect(await deliveriesFor(database, 'Lee Gu')).toEqual([]);
    expect(await cardsTo(app, 'Isaiah Langer')).toHaveLength(1);
  });

  it('snoozes until the next Monday 00:00 in the tenant’s time zone: nothing until then, the card again after', async () => {
    now = TUESDAY;
    await due('Adele Vance');
    const adele = clientFor(app.url, 'Adele Vance');
    const answer = await press(app, 'Adele Vance', action('snoozeCheckInCards'));
    expect(answer.status).toBe(200);
    expect(validateAdaptiveCard(answer.body!.value).isValid).toBe(true);
    expect(JSON.stringify(answer.body!.value)).toContain(
      'Snoozed until Monday 14 December, 00:00 (Europe/Berlin)',
    );
    expect(await adele.preferences.get()).toEqual({
      checkInCards: true,
      checkInCardsSnoozedUntil: '2026-12-13T23:00:00.000Z',
    });

    await run();
    now = new Date('2026-12-11T15:00:00Z'); // Friday, the check-in day
    await run();
    now = new Date('2026-12-13T22:59:00Z'); // Sunday 23:59 in Berlin
    await run();
    expect(await cardsTo(app, 'Adele Vance')).toHaveLength(0);
    expect(await deliveriesFor(database, 'Adele Vance')).toEqual([]);

    now = new Date('2026-12-13T23:00:00Z'); // Monday 00:00 in Berlin
    expect((await adele.preferences.get()).checkInCardsSnoozedUntil).toBeNull();
    await run();
    expect(await cardsTo(app, 'Adele Vance')).toHaveLength(1);
  });

  it('stops the cards of whoever pressed Stop, even for a forced run, until they turn them back on', async () => {
    now = new Date('2026-12-25T15:00:00Z');
    await due('Grady Archie', 'Alex Wilber');
    const grady = clientFor(app.url, 'Grady Archie');
    const alex = clientFor(app.url, 'Alex Wilber');
    const stopped = await press(app, 'Grady Archie', action('stopCheckInCards'));
    expect(validateAdaptiveCard(stopped.body!.value).isValid).toBe(true);
    expect(JSON.stringify(stopped.body!.value)).toContain('No more check-in cards');
    expect(await grady.preferences.get()).toEqual({
      checkInCards: false,
      checkInCardsSnoozedUntil: null,
    });
    expect((await alex.preferences.get()).checkInCards).toBe(true);

    const forced = await run();
    expect(forced.failed).toBe(0);
    expect(await cardsTo(app, 'Grady Archie')).toHaveLength(0);
    expect(await cardsTo(app, 'Alex Wilber')).toHaveLength(1);
    expect(await deliveriesFor(database, 'Grady Archie')).toEqual([]);

    expect(await grady.preferences.update({ checkInCards: true })).toEqual({
      checkInCards: true,
      checkInCardsSnoozedUntil: null,
    });
    await run();
    expect(await cardsTo(app, 'Grady Archie')).toHaveLength(1);
  });

  it('lets nobody stop or snooze anyone but themselves: the action names nobody, and a name in it is refused', async () => {
    now = new Date('2027-01-05T10:00:00Z');
    const before = await storedDocuments(database.db, { tenantId: CONTOSO });
    const answer = await press(
      app,
      'Alex Wilber',
      action('stopCheckInCards', { personId: personId('Johanna Lorenz') }),
    );
    expect(answer.status).toBe(200);
    expect(JSON.stringify(answer.body!.value)).toContain('That did not go through');
    expect(await storedDocuments(database.db, { tenantId: CONTOSO })).toBe(before);
    expect((await clientFor(app.url, 'Johanna Lorenz').preferences.get()).checkInCards).toBe(true);
    expect((await clientFor(app.url, 'Alex Wilber').preferences.get()).checkInCards).toBe(true);
  });

  it('answers a malformed snooze or stop with a card that says so, and writes nothing', async () => {
    const before = await storedDocuments(database.db, { tenantId: CONTOSO });
    for (const value of [
      { action: { type: 'Action.Submit', verb: 'snoozeCheckInCards', data: {} } },
      action('snoozeCheckInCards', 'until monday'),
      action('stopCheckInCards', { until: '2027-01-01' }),
    ]) {
      const answer = await press(app, 'Lee Gu', value);
      expect(answer.status).toBe(200);
      expect(validateAdaptiveCard(answer.body!.value).isValid).toBe(true);
      expect(JSON.stringify(answer.body!.value)).toContain('That did not go through');
    }
    expect(await storedDocuments(database.db, { tenantId: CONTOSO })).toBe(before);
  });

  it('takes Snooze from the Action.Submit fallback of a client without Universal Actions, and answers in the chat', async () => {
    now = new Date('2027-01-06T10:00:00Z');
    // Inputs of the card merged in, as a client that ignores associatedInputs sends them.
    const response = await fetch(`${GRAPH()}/_sandbox/bot/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        endpoint: `${app.url}/api/messages`,
        tenantId: CONTOSO,
        fromUserId: personId('Nestor Wilke'),
        type: 'message',
        value: { verb: 'snoozeCheckInCards', 'note-kr1': '' },
      }),
    });
    expect(response.status).toBe(200);
    expect(
      (await clientFor(app.url, 'Nestor Wilke').preferences.get()).checkInCardsSnoozedUntil,
    ).toBe('2027-01-10T23:00:00.000Z');
    const chat = await fetch(
      `${GRAPH()}/_sandbox/bot/activities?tenantId=${CONTOSO}&userId=${personId('Nestor Wilke')}`,
    );
    const { value } = (await chat.json()) as { value: PostedActivity[] };
    const replies = value.filter((item) =>
      JSON.stringify(item.activity).includes(
        'Snoozed until Monday 11 January, 00:00 (Europe/Berlin)',
      ),
    );
    expect(replies).toHaveLength(1);
    expect(validateAdaptiveCard(cardOf(replies[0]!)).isValid).toBe(true);
  });

  it('reads and writes only the caller’s own preference through the API, validated, and lists it in the OpenAPI document', async () => {
    const lee = clientFor(app.url, 'Lee Gu');
    for (const body of [{ checkInCards: 'no' }, { checkInCards: false, personId: 'x' }, {}]) {
      const error = (await lee
        .request('PATCH', '/me/preferences', { body })
        .catch((caught: unknown) => caught)) as ApiError;
      expect(error.status).toBe(400);
    }
    expect((await lee.preferences.get()).checkInCards).toBe(true);
    const openapi = (await (await fetch(`${app.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(openapi.paths['/api/me/preferences'] ?? {}).sort()).toEqual([
      'get',
      'patch',
    ]);
  });
});

describe('the weekly check-in card without MailboxSettings.Read', () => {
  const database = openTestDatabase('checkinnoconsent');
  const logLines: string[] = [];
  let app: TestApp;
  let admin: ApiClient;
  let cycleId: string;

  const consent = (method: 'POST' | 'DELETE', query = '', body?: unknown) =>
    fetch(`${GRAPH()}/_sandbox/tenants/${CONTOSO}/consent${query}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    await seedPeople(database);
    // Its own database, so the server's first app token is issued after the consent is taken away.
    app = await startTestApp(database, {
      config: { ...botConfig(), LOG_LEVEL: 'warn' },
      logDestination: { write: (line: string) => void logLines.push(line) },
    });
    ({ admin, cycleId } = await openCycle(app, new Date()));
  });
  afterAll(async () => {
    await setAutomaticReplies('Lynne Robbins', { status: 'disabled' });
    await setAutomaticReplies('Raul Razo', { status: 'disabled' });
    await app.close();
    await database.close();
  });

  it('still posts the card, to someone out of office too, and warns once in the run without secrets', async () => {
    await dueKeyResultOf(app, cycleId, 'Lynne Robbins');
    await dueKeyResultOf(app, cycleId, 'Patti Fernandez');
    await setAutomaticReplies('Lynne Robbins', { status: 'alwaysEnabled' });
    await consent('DELETE', '?type=application&permission=MailboxSettings.Read');
    try {
      const result = await admin.runJob('check-in-reminders');
      expect(result).toMatchObject({ sent: 2, failed: 0 });
    } finally {
      await consent('POST', '', { type: 'application', permissions: ['MailboxSettings.Read'] });
    }
    expect(await cardsTo(app, 'Lynne Robbins')).toHaveLength(1);
    expect(await cardsTo(app, 'Patti Fernandez')).toHaveLength(1);
    const warnings = logLines.filter((line) => line.includes('automatic replies'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('MailboxSettings.Read');
    expect(warnings[0]).toContain('"status":403');
    expect(warnings[0]).not.toMatch(/eyJ|Bearer|client_secret/);
  });

  it('still posts the card when Graph fails to answer for the automatic replies, and says so once', async () => {
    await dueKeyResultOf(app, cycleId, 'Raul Razo');
    await setAutomaticReplies('Raul Razo', { status: 'alwaysEnabled' });
    const fault = (await (
      await fetch(`${GRAPH()}/_sandbox/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          method: 'GET',
          pathPrefix: `/users/${personId('Raul Razo')}/mailboxSettings`,
          status: 500,
        }),
      })
    ).json()) as { id: string };
    const seen = logLines.length;
    try {
      expect(await admin.runJob('check-in-reminders')).toMatchObject({ failed: 0 });
    } finally {
      await fetch(`${GRAPH()}/_sandbox/faults/${fault.id}`, { method: 'DELETE' });
    }
    expect(await cardsTo(app, 'Raul Razo')).toHaveLength(1);
    const warnings = logLines.slice(seen).filter((line) => line.includes('automatic replies'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('did not answer');
    expect(warnings[0]).toContain('"status":500');
  });
});
