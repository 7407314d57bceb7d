/**
 * The bot through the real path: two servers on one FerretDB database, each with the Teams
 * SDK bot on /api/messages; the sandbox's Bot Framework stand-in signs what "Teams" sends
 * them and records what they post through its connector. The sandbox calendar holds a
 * weekly 1-on-1 between every manager and each report, dated from today, so the servers
 * run on the real clock.
 */
import {
  FABRIKAM_TENANT_ID,
  SANDBOX_BOT_HOME_TENANT_ID,
  type PostedActivity,
} from '@throughline/sandbox';
import type { ApiClient } from '@throughline/contracts';
import { validateAdaptiveCard } from '../../src/one-on-ones/card-schema';
import { sandboxBotConfig } from '../../../tests/support/bot';
import { startTestApp, type TestApp } from '../../../tests/support/app';
import { openTestDatabase, storedDocuments } from '../../../tests/support/database';
import { clientFor, personId, seedPeople, openThisQuarter } from '../../../tests/support/okr-api';
import { makeThisWeeksOneOnOnesDue } from '../../../tests/support/one-on-ones';

const DAY = 86_400_000;
const CONTOSO = SANDBOX_BOT_HOME_TENANT_ID;

const botConfig = { ...sandboxBotConfig(), AUTH_ALLOWED_TENANTS: CONTOSO };

interface Card {
  refresh?: {
    action: { type: string; verb: string; data: { oneOnOneId: string } };
    userIds: string[];
  };
  actions: { type: string; verb?: string; url?: string; data?: Record<string, unknown> }[];
  body: unknown[];
}
const cardOf = (posted: PostedActivity) =>
  (posted.activity.attachments as { contentType: string; content: Card }[] | undefined)?.[0];

interface BotAnswer {
  status: number;
  body: { statusCode?: number; type?: string; value?: Card; error?: { code: string } } | null;
}

async function sendToBot(
  app: TestApp,
  request: {
    from: string;
    tenantId?: string;
    type?: 'invoke' | 'message';
    value?: unknown;
    text?: string;
    id?: string;
    token?: Record<string, unknown>;
  },
): Promise<BotAnswer> {
  const response = await fetch(`${process.env.TEST_GRAPH_URL}/_sandbox/bot/send`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      endpoint: `${app.url}/api/messages`,
      tenantId: request.tenantId ?? CONTOSO,
      fromUserId: personId(request.from),
      type: request.type ?? 'invoke',
      ...(request.type === 'message' ? {} : { name: 'adaptiveCard/action' }),
      value: request.value,
      text: request.text,
      id: request.id,
      token: request.token,
    }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as BotAnswer;
}

const refreshOf = (oneOnOneId: string) => ({
  action: { type: 'Action.Execute', verb: 'refreshPrepCard', data: { oneOnOneId } },
  trigger: 'automatic',
});
const addItem = (oneOnOneId: string, actionItemText: unknown) => ({
  action: { type: 'Action.Execute', verb: 'addActionItem', data: { oneOnOneId, actionItemText } },
  trigger: 'manual',
});

describe('the 1-on-1 prep card in the manager’s chat with the bot', () => {
  const database = openTestDatabase('botchat');
  let first: TestApp;
  let second: TestApp;
  let admin: ApiClient;
  let alex: ApiClient;
  let diego: ApiClient;
  let keyResult: { id: string; version: number };
  const alexId = personId('Alex Wilber');
  const diegoId = personId('Diego Siciliani');
  let diegosOneOnOne: string;

  async function postedToAlex(): Promise<PostedActivity[]> {
    const response = await fetch(
      `${process.env.TEST_GRAPH_URL}/_sandbox/bot/activities?tenantId=${CONTOSO}&userId=${alexId}`,
    );
    const { value } = (await response.json()) as { value: PostedActivity[] };
    // Other files share the sandbox: these servers' cards link to their own addresses.
    return value.filter((item) =>
      cardOf(item)?.content.actions.some(
        (action) => action.url?.startsWith(first.url) || action.url?.startsWith(second.url),
      ),
    );
  }

  /** What a refused activity must not have touched. */
  const written = () => storedDocuments(database.db, { tenantId: CONTOSO });

  beforeAll(async () => {
    await seedPeople(database);
    first = await startTestApp(database, { config: botConfig });
    second = await startTestApp(database, { config: botConfig });
    admin = clientFor(first.url, 'Megan Bowen');
    alex = clientFor(first.url, 'Alex Wilber');
    diego = clientFor(first.url, 'Diego Siciliani');
    const cycle = await openThisQuarter(admin);
    const objective = await diego.objectives.create({
      cycleId: cycle.id,
      title: 'Win the Northwind renewal',
    });
    keyResult = await diego.keyResults.create({
      objectiveId: objective.id,
      title: 'Signed ARR',
      metric: { kind: 'currency', currency: 'EUR', start: 0, target: 200000 },
    });
    keyResult = await diego.keyResults.checkIn(keyResult.id, {
      version: keyResult.version,
      value: 60000,
      confidence: 6,
      status: 'at_risk',
    });
    await makeThisWeeksOneOnOnesDue(admin);
  });
  afterAll(async () => {
    await first.close();
    await second.close();
    await database.close();
  });

  it('posts each occurrence’s card once, with two servers running the job at once and again', async () => {
    const adminOnSecond = clientFor(second.url, 'Megan Bowen');
    const [one, two] = await Promise.all([
      admin.runJob('prep-cards'),
      adminOnSecond.runJob('prep-cards'),
    ]);
    const again = await admin.runJob('prep-cards');
    expect(one.failed + two.failed + again.failed).toBe(0);
    expect(again.sent).toBe(0);

    const upcoming = (await alex.oneOnOnes.list()).items.filter(
      (item) =>
        item.managerId === alexId &&
        Date.parse(item.startsAt) > Date.now() &&
        Date.parse(item.startsAt) <= Date.now() + 7 * DAY,
    );
    expect(upcoming.length).toBeGreaterThanOrEqual(5);
    const posted = await postedToAlex();
    const perOccurrence = posted.map(
      (item) => cardOf(item)!.content.refresh!.action.data.oneOnOneId,
    );
    expect(perOccurrence.sort()).toEqual(upcoming.map((item) => item.id).sort());
    // Every manager's feed notification and chat card: two deliveries of each occurrence,
    // each sent by one of the two servers and skipped by every later run.
    expect((one.sent + two.sent) % 2).toBe(0);
    expect(again.skipped).toBe(one.sent + two.sent);

    diegosOneOnOne = upcoming.find((item) => item.reportId === diegoId)!.id;
    const diegos = posted.find(
      (item) => cardOf(item)!.content.refresh!.action.data.oneOnOneId === diegosOneOnOne,
    )!;
    const attachment = cardOf(diegos)!;
    expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(validateAdaptiveCard(attachment.content)).toEqual({ isValid: true, errors: [] });
    expect(attachment.content.refresh!.userIds).toEqual([expect.stringMatching(/^29:/)]);
    expect(attachment.content.actions[0]).toMatchObject({
      type: 'Action.Execute',
      verb: 'addActionItem',
      fallback: { type: 'Action.Submit' },
    });
    expect(JSON.stringify(attachment.content)).toContain('30% · at risk');
  });

  it('answers a refresh with the latest facts', async () => {
    keyResult = await diego.keyResults.checkIn(keyResult.id, {
      version: keyResult.version,
      value: 150000,
      confidence: 8,
      status: 'on_track',
    });
    const answer = await sendToBot(second, {
      from: 'Alex Wilber',
      value: refreshOf(diegosOneOnOne),
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
    });
    expect(validateAdaptiveCard(answer.body!.value).isValid).toBe(true);
    const text = JSON.stringify(answer.body!.value);
    expect(text).toContain('75% · on track');
    expect(text).not.toContain('30% · at risk');
    expect(answer.body!.value!.refresh!.action.data.oneOnOneId).toBe(diegosOneOnOne);
  });

  it('adds an action item from the card once, even when Teams sends the invoke twice', async () => {
    const invoke = {
      from: 'Alex Wilber',
      value: addItem(diegosOneOnOne, 'Send Northwind the revised order form'),
      id: 'f:retried-invoke-1',
    };
    const answers = [await sendToBot(first, invoke), await sendToBot(second, invoke)];
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body!.type).toBe('application/vnd.microsoft.card.adaptive');
      expect(validateAdaptiveCard(answer.body!.value).isValid).toBe(true);
      // The card the manager gets back shows what was just agreed.
      const card = JSON.stringify(answer.body!.value);
      expect(card).toContain('Agreed in this 1-on-1');
      expect(card).toContain('☐ Send Northwind the revised order form');
    }
    const detail = await alex.oneOnOnes.get(diegosOneOnOne);
    expect(
      detail.actionItems.filter((item) => item.text === 'Send Northwind the revised order form'),
    ).toEqual([
      expect.objectContaining({ ownerId: diegoId, createdBy: alexId, isDone: false, version: 1 }),
    ]);
    const timeline = await diego.narrative({ personId: diegoId, limit: 20 });
    expect(timeline.items.filter((entry) => entry.type === 'action_item.created')).toHaveLength(1);
  });

  it('adds an action item from the Action.Submit fallback of a client without Universal Actions, answering in the chat', async () => {
    const answer = await sendToBot(first, {
      from: 'Alex Wilber',
      type: 'message',
      // The fallback's data with its verb, and the card's input merged in, as Teams sends it.
      value: {
        oneOnOneId: diegosOneOnOne,
        verb: 'addActionItem',
        actionItemText: 'Book the Northwind review',
      },
    });
    expect(answer.status).toBe(200);
    const detail = await alex.oneOnOnes.get(diegosOneOnOne);
    expect(detail.actionItems.filter((item) => item.text === 'Book the Northwind review')).toEqual([
      expect.objectContaining({ ownerId: diegoId, createdBy: alexId }),
    ]);
    const response = await fetch(
      `${process.env.TEST_GRAPH_URL}/_sandbox/bot/activities?tenantId=${CONTOSO}&userId=${alexId}`,
    );
    const { value } = (await response.json()) as { value: PostedActivity[] };
    const replies = value.filter((item) =>
      JSON.stringify(item.activity).includes('☐ Book the Northwind review'),
    );
    expect(replies.length).toBeGreaterThanOrEqual(1);
  });

  it('answers bad card input with an error card and writes nothing', async () => {
    const before = await written();
    for (const text of ['   ', 'x'.repeat(501), 42, undefined]) {
      const answer = await sendToBot(first, {
        from: 'Alex Wilber',
        value: addItem(diegosOneOnOne, text),
      });
      expect(answer.status).toBe(200);
      expect(answer.body!.type).toBe('application/vnd.microsoft.card.adaptive');
      expect(validateAdaptiveCard(answer.body!.value).isValid).toBe(true);
      expect(JSON.stringify(answer.body!.value)).toContain('That did not go through');
    }
    const unknownVerb = await sendToBot(first, {
      from: 'Alex Wilber',
      value: { action: { type: 'Action.Execute', verb: 'deleteEverything', data: {} } },
    });
    expect(JSON.stringify(unknownVerb.body!.value)).toContain('That did not go through');
    expect(await written()).toBe(before);
  });

  it('refuses the card’s actions to anyone but its manager, showing them none of its content', async () => {
    const before = await written();
    for (const who of ['Isaiah Langer', 'Diego Siciliani', 'Megan Bowen']) {
      for (const value of [refreshOf(diegosOneOnOne), addItem(diegosOneOnOne, 'sneaky')]) {
        const answer = await sendToBot(first, { from: who, value });
        expect(answer.status).toBe(200);
        const text = JSON.stringify(answer.body!.value);
        expect(text).toContain('This card is not yours');
        expect(text).not.toContain('Signed ARR');
      }
    }
    expect(await written()).toBe(before);
  });

  it('refuses a forged signature, another app’s audience, another issuer and an expired token with 401, writing nothing', async () => {
    const before = await written();
    const value = addItem(diegosOneOnOne, 'Forged');
    for (const token of [
      { isForged: true },
      { audience: '00000000-0000-0000-0000-000000000001' },
      { issuer: 'https://evil.example.com' },
      { expiresInSeconds: -3600 },
      { omit: true },
    ]) {
      const answer = await sendToBot(first, { from: 'Alex Wilber', value, token });
      expect([token, answer.status]).toEqual([token, 401]);
    }
    expect(await written()).toBe(before);
  });

  it('refuses an organisation the deployment does not serve with 403, writing nothing', async () => {
    const before = await storedDocuments(database.db);
    const answer = await sendToBot(first, {
      from: 'Sara Davis',
      tenantId: FABRIKAM_TENANT_ID,
      value: refreshOf(diegosOneOnOne),
    });
    expect(answer.status).toBe(403);
    expect(answer.body!.error!.code).toBe('tenant_not_served');
    expect(await storedDocuments(database.db)).toBe(before);
  });

  it('answers a message with what the bot does', async () => {
    const answer = await sendToBot(first, { from: 'Alex Wilber', type: 'message', text: 'hi' });
    expect(answer.status).toBe(200);
    const response = await fetch(
      `${process.env.TEST_GRAPH_URL}/_sandbox/bot/activities?tenantId=${CONTOSO}&userId=${alexId}`,
    );
    const { value } = (await response.json()) as { value: PostedActivity[] };
    expect(value.some((item) => String(item.activity.text).includes('1-on-1 prep cards'))).toBe(
      true,
    );
  });
});
