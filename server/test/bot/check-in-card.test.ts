/**
 * The weekly check-in reminder card through the real path: the server's job posts it into
 * the person's chat with the bot through the sandbox connector, and the sandbox, as Teams,
 * sends the card's "Check in" back to the server's bot signed as Bot Framework does.
 */
import { SANDBOX_BOT_HOME_TENANT_ID, type PostedActivity } from '@throughline/sandbox';
import type { ApiClient } from '@throughline/contracts';
import { validateAdaptiveCard } from '../../src/one-on-ones/card-schema';
import { sandboxBotConfig } from '../../../tests/support/bot';
import { startTestApp, type TestApp } from '../../../tests/support/app';
import { openTestDatabase, storedDocuments } from '../../../tests/support/database';
import { clientFor, personId, seedPeople, openThisQuarter } from '../../../tests/support/okr-api';

const CONTOSO = SANDBOX_BOT_HOME_TENANT_ID;

interface Answer {
  status: number;
  body: { type?: string; value?: Record<string, unknown> } | null;
}

describe('the weekly check-in reminder card', () => {
  const database = openTestDatabase('checkincard');
  let app: TestApp;
  let admin: ApiClient;
  let diego: ApiClient;
  let due: { id: string; version: number; title: string };
  const diegoId = personId('Diego Siciliani');

  async function remindersToDiego(): Promise<PostedActivity[]> {
    const response = await fetch(
      `${process.env.TEST_GRAPH_URL}/_sandbox/bot/activities?tenantId=${CONTOSO}&userId=${diegoId}`,
    );
    const { value } = (await response.json()) as { value: PostedActivity[] };
    return value.filter((item) => {
      const text = JSON.stringify(item.activity);
      return text.includes('Time for your weekly check-in') && text.includes(app.url);
    });
  }

  async function checkIn(from: string, data: Record<string, unknown>): Promise<Answer> {
    const response = await fetch(`${process.env.TEST_GRAPH_URL}/_sandbox/bot/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        endpoint: `${app.url}/api/messages`,
        tenantId: CONTOSO,
        fromUserId: personId(from),
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: {
          action: { type: 'Action.Execute', verb: 'checkInKeyResult', data },
          trigger: 'manual',
        },
      }),
    });
    return (await response.json()) as Answer;
  }

  const inputs = (id: string, value: unknown, confidence = '7', note = 'Signed two more') => ({
    [`value-${id}`]: value,
    [`confidence-${id}`]: confidence,
    [`status-${id}`]: 'on_track',
    [`note-${id}`]: note,
  });

  beforeAll(async () => {
    await seedPeople(database);
    app = await startTestApp(database, {
      config: sandboxBotConfig(),
    });
    admin = clientFor(app.url, 'Megan Bowen');
    diego = clientFor(app.url, 'Diego Siciliani');
    const cycle = await openThisQuarter(admin);
    const objective = await diego.objectives.create({ cycleId: cycle.id, title: 'Grow Northwind' });
    due = await diego.keyResults.create({
      objectiveId: objective.id,
      title: 'Signed seats',
      metric: { kind: 'number', start: 0, target: 100 },
    });
    const fresh = await diego.keyResults.create({
      objectiveId: objective.id,
      title: 'Pilot churn',
      metric: { kind: 'number', start: 10, target: 2, direction: 'decrease' },
    });
    await diego.keyResults.checkIn(fresh.id, {
      version: fresh.version,
      value: 8,
      confidence: 6,
      status: 'on_track',
    });
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('sends nobody a card while an admin has turned the cards off, not even when the job is run', async () => {
    const off = await admin.settings.update({
      version: (await admin.settings.get()).version,
      checkInReminders: false,
    });
    expect(off.checkInReminders).toBe(false);
    expect(await admin.runJob('check-in-reminders')).toMatchObject({ sent: 0, failed: 0 });
    expect(await remindersToDiego()).toHaveLength(0);
    await admin.settings.update({ version: off.version, checkInReminders: true });
  });

  it('posts one card a week, with only the key results not checked in this cadence', async () => {
    const first = await admin.runJob('check-in-reminders');
    const second = await admin.runJob('check-in-reminders');
    expect(first.failed + second.failed).toBe(0);
    expect(second.sent).toBe(0);
    const posted = await remindersToDiego();
    expect(posted).toHaveLength(1);
    const card = (posted[0]!.activity.attachments as { content: Record<string, unknown> }[])[0]!
      .content;
    expect(validateAdaptiveCard(card)).toEqual({ isValid: true, errors: [] });
    const text = JSON.stringify(card);
    expect(text).toContain('Signed seats');
    expect(text).not.toContain('Pilot churn');
    expect(text).toContain(`"keyResultId":"${due.id}","version":${due.version}`);
  });

  it('checks in from the card, and when the card is stale says who got there first and keeps their value', async () => {
    const saved = await checkIn('Diego Siciliani', {
      keyResultId: due.id,
      version: due.version,
      ...inputs(due.id, '40'),
    });
    expect(saved.status).toBe(200);
    expect(validateAdaptiveCard(saved.body!.value).isValid).toBe(true);
    expect(JSON.stringify(saved.body!.value)).toContain('Checked in “Signed seats”: 40');
    expect((await diego.keyResults.get(due.id)).metric.current).toBe(40);

    // The same card again, as the manager, with the version it was posted with.
    const stale = await checkIn('Alex Wilber', {
      keyResultId: due.id,
      version: due.version,
      ...inputs(due.id, '99'),
    });
    expect(stale.status).toBe(200);
    expect(JSON.stringify(stale.body!.value)).toContain(
      'Diego Siciliani checked in “Signed seats” first: now 40, confidence 7. Yours was not saved',
    );
    const after = await diego.keyResults.get(due.id);
    expect(after.metric.current).toBe(40);
    expect(after.version).toBe(due.version + 1);
  });

  it('answers bad input with a card that says what is wrong, and writes nothing', async () => {
    const current = await diego.keyResults.get(due.id);
    const before = await storedDocuments(database.db, { tenantId: CONTOSO });
    for (const data of [
      { keyResultId: current.id, version: current.version, ...inputs(current.id, 'lots') },
      { keyResultId: current.id, version: current.version, ...inputs(current.id, '') },
      { keyResultId: current.id, version: current.version, ...inputs(current.id, '50', '11') },
      { keyResultId: current.id, version: 'one', ...inputs(current.id, '50') },
    ]) {
      const answer = await checkIn('Diego Siciliani', data);
      expect(answer.status).toBe(200);
      expect(validateAdaptiveCard(answer.body!.value).isValid).toBe(true);
      expect(JSON.stringify(answer.body!.value)).toContain('That did not go through');
    }
    expect(await storedDocuments(database.db, { tenantId: CONTOSO })).toBe(before);
  });

  it('refuses a check-in from someone who may not check the key result in, writing nothing', async () => {
    const current = await diego.keyResults.get(due.id);
    const before = await storedDocuments(database.db, { tenantId: CONTOSO });
    const answer = await checkIn('Isaiah Langer', {
      keyResultId: current.id,
      version: current.version,
      ...inputs(current.id, '77'),
    });
    expect(answer.status).toBe(200);
    expect(JSON.stringify(answer.body!.value)).toContain('not yours to check in');
    expect(await storedDocuments(database.db, { tenantId: CONTOSO })).toBe(before);
  });

  it('checks in from the Action.Submit fallback of a client without Universal Actions, answering in the chat', async () => {
    const current = await diego.keyResults.get(due.id);
    const response = await fetch(`${process.env.TEST_GRAPH_URL}/_sandbox/bot/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        endpoint: `${app.url}/api/messages`,
        tenantId: CONTOSO,
        fromUserId: diegoId,
        type: 'message',
        // The fallback's data with its verb, and the card's inputs merged in, as Teams sends it.
        value: {
          keyResultId: current.id,
          version: current.version,
          verb: 'checkInKeyResult',
          ...inputs(current.id, '55', '8', 'From an older client'),
        },
      }),
    });
    expect(response.status).toBe(200);
    const after = await diego.keyResults.get(due.id);
    expect(after.metric.current).toBe(55);
    expect(after.version).toBe(current.version + 1);
    const chat = await fetch(
      `${process.env.TEST_GRAPH_URL}/_sandbox/bot/activities?tenantId=${CONTOSO}&userId=${diegoId}`,
    );
    const { value } = (await chat.json()) as { value: PostedActivity[] };
    expect(
      value.filter((item) =>
        JSON.stringify(item.activity).includes('Checked in “Signed seats”: 55, confidence 8'),
      ),
    ).toHaveLength(1);
  });
});
