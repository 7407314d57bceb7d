/**
 * The prep card in the 1-on-1's own meeting chat, through the real path: the sandbox, as
 * Teams, tells the bot the app was added to the meeting's chat (an `installationUpdate`
 * from someone in the meeting); the prep-card job then posts there instead of the
 * manager's personal chat. The report reads that chat too, so the card in it holds nothing
 * of the prep: it refreshes into the prep card for the manager alone.
 */
import { SANDBOX_BOT_HOME_TENANT_ID, type PostedActivity } from '@throughline/sandbox';
import type { ApiClient } from '@throughline/contracts';
import { validateAdaptiveCard } from '../../src/one-on-ones/card-schema';
import { sandboxBotConfig } from '../../../tests/support/bot';
import { startTestApp, type TestApp } from '../../../tests/support/app';
import { openTestDatabase } from '../../../tests/support/database';
import { clientFor, personId, seedPeople, openThisQuarter } from '../../../tests/support/okr-api';
import { makeThisWeeksOneOnOnesDue } from '../../../tests/support/one-on-ones';

const DAY = 86_400_000;
const CONTOSO = SANDBOX_BOT_HOME_TENANT_ID;

type Card = Record<string, unknown> & {
  refresh?: { action: { verb: string; data: { oneOnOneId: string } }; userIds?: string[] };
};
const cardOf = (posted: PostedActivity) =>
  (posted.activity.attachments as { content: Card }[] | undefined)?.[0]?.content;

describe('the prep card in the meeting’s own chat', () => {
  const database = openTestDatabase('botmeeting');
  let app: TestApp;
  let admin: ApiClient;
  let alex: ApiClient;
  const alexId = personId('Alex Wilber');
  const diegoId = personId('Diego Siciliani');
  let chatThreadId = '';
  /** The occurrences of that 1-on-1 within the lead time (of a weekly series, one). */
  let diegos: { id: string; chatThreadId: string | null }[] = [];

  const sandbox = async (route: string, init?: RequestInit) =>
    fetch(`${process.env.TEST_GRAPH_URL}/_sandbox${route}`, {
      ...init,
      headers: { 'content-type': 'application/json' },
    });

  const send = async (body: Record<string, unknown>) =>
    sandbox('/bot/send', {
      method: 'POST',
      body: JSON.stringify({ endpoint: `${app.url}/api/messages`, tenantId: CONTOSO, ...body }),
    });

  const posted = async (query: string) =>
    (
      (await (await sandbox(`/bot/activities?tenantId=${CONTOSO}&${query}`)).json()) as {
        value: PostedActivity[];
      }
    ).value;

  const refresh = async (from: string) => {
    const response = await send({
      fromUserId: personId(from),
      type: 'invoke',
      name: 'adaptiveCard/action',
      conversation: { conversationType: 'groupChat', id: chatThreadId },
      value: {
        action: {
          type: 'Action.Execute',
          verb: 'refreshPrepCard',
          data: { oneOnOneId: diegos[0]!.id },
        },
        trigger: 'automatic',
      },
    });
    return ((await response.json()) as { body: { value: Card } }).body.value;
  };

  beforeAll(async () => {
    await seedPeople(database);
    app = await startTestApp(database, {
      config: sandboxBotConfig(),
    });
    admin = clientFor(app.url, 'Megan Bowen');
    alex = clientFor(app.url, 'Alex Wilber');
    const diego = clientFor(app.url, 'Diego Siciliani');
    const cycle = await openThisQuarter(admin);
    const objective = await diego.objectives.create({ cycleId: cycle.id, title: 'Win Northwind' });
    await diego.keyResults.create({
      objectiveId: objective.id,
      title: 'Signed ARR with Northwind',
      metric: { kind: 'number', start: 0, target: 10 },
    });
    // The Alex–Diego 1-on-1's meeting chat, as the sandbox's Teams lists Alex's meetings.
    const view = (await (
      await fetch(
        `${process.env.TEST_IDENTITY_URL}/workbench/api/teams?tenant=${CONTOSO}&person=${alexId}`,
      )
    ).json()) as { meetings: { withName: string; chatId: string }[] };
    chatThreadId = view.meetings.find((meeting) => meeting.withName === 'Diego Siciliani')!.chatId;
    expect(chatThreadId).toMatch(/^19:meeting_/);
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('refuses to add the app to a meeting chat for someone not in the meeting', async () => {
    const response = await send({
      fromUserId: personId('Isaiah Langer'),
      type: 'installationUpdate',
      action: 'add',
      conversation: { conversationType: 'groupChat', id: chatThreadId },
    });
    expect(response.status).toBe(403);
  });

  it('posts the card once into the meeting chat the app was added to, holding nothing of the prep', async () => {
    const installed = await send({
      fromUserId: diegoId,
      type: 'installationUpdate',
      action: 'add',
      conversation: { conversationType: 'groupChat', id: chatThreadId },
    });
    expect(installed.status).toBe(200);
    expect(((await installed.json()) as { status: number }).status).toBe(200);

    await makeThisWeeksOneOnOnesDue(admin);
    const runs = await Promise.all([admin.runJob('prep-cards'), admin.runJob('prep-cards')]);
    expect(runs.map((run) => run.failed)).toEqual([0, 0]);
    expect((await admin.runJob('prep-cards')).sent).toBe(0);

    const now = Date.now();
    diegos = (await alex.oneOnOnes.list()).items.filter(
      (item) =>
        item.reportId === diegoId &&
        Date.parse(item.startsAt) > now &&
        Date.parse(item.startsAt) <= now + 7 * DAY,
    );
    expect(diegos.length).toBeGreaterThanOrEqual(1);
    expect(diegos.map((item) => item.chatThreadId)).toEqual(diegos.map(() => chatThreadId));
    const inMeeting = await posted(`conversationId=${encodeURIComponent(chatThreadId)}`);
    expect(inMeeting.map((item) => cardOf(item)?.refresh?.action.data.oneOnOneId).sort()).toEqual(
      diegos.map((item) => item.id).sort(),
    );
    expect(inMeeting[0]!.conversationType).toBe('groupChat');
    const card = cardOf(inMeeting[0]!)!;
    expect(validateAdaptiveCard(card)).toEqual({ isValid: true, errors: [] });
    expect(card.refresh).toMatchObject({
      action: { verb: 'refreshPrepCard', data: { oneOnOneId: diegos[0]!.id } },
      userIds: [expect.stringMatching(/^29:/)],
    });
    const text = JSON.stringify(card);
    expect(text).toContain('1-on-1 prep: Alex Wilber / Diego Siciliani');
    expect(text).not.toContain('Signed ARR with Northwind');
    expect(text).not.toContain('Talking points');

    // Not also into Alex's personal chat: one chat card per occurrence.
    // (Other files share the sandbox: this server's cards link to its own address.)
    // Some of what is posted there is text, not a card (the bot's answer to a message).
    const personal = (await posted(`userId=${alexId}`)).filter(
      (item) =>
        diegos.some((one) => one.id === cardOf(item)?.refresh?.action.data.oneOnOneId) &&
        JSON.stringify(cardOf(item) ?? {}).includes(app.url),
    );
    const all = await posted(`userId=${alexId}`);
    const mine = all.some((item) => JSON.stringify(cardOf(item) ?? {}).includes(app.url));
    expect(mine).toBe(true);
    expect(personal).toEqual([]);
  });

  it('refreshes into the prep card for the manager, and tells the report it is not theirs', async () => {
    const managers = await refresh('Alex Wilber');
    expect(validateAdaptiveCard(managers).isValid).toBe(true);
    expect(JSON.stringify(managers)).toContain('Signed ARR with Northwind');

    const reports = JSON.stringify(await refresh('Diego Siciliani'));
    expect(reports).toContain('This card is not yours');
    expect(reports).not.toContain('Signed ARR with Northwind');
  });

  it('answers a card’s Submit fallback in the meeting chat with a pointer to the tab, never the prep', async () => {
    const before = (await posted(`conversationId=${encodeURIComponent(chatThreadId)}`)).length;
    for (const from of ['Diego Siciliani', 'Alex Wilber']) {
      const response = await send({
        fromUserId: personId(from),
        type: 'message',
        conversation: { conversationType: 'groupChat', id: chatThreadId },
        value: { verb: 'refreshPrepCard', oneOnOneId: diegos[0]!.id },
      });
      expect(((await response.json()) as { status: number }).status).toBe(200);
    }
    const replies = (await posted(`conversationId=${encodeURIComponent(chatThreadId)}`)).slice(
      before,
    );
    expect(replies).toHaveLength(2);
    for (const reply of replies) {
      const text = JSON.stringify(reply.activity);
      expect(text).toContain('cannot do in a shared chat');
      expect(text).not.toContain('Signed ARR with Northwind');
    }
  });
});
