/**
 * The message extension through the real path: the sandbox, as Teams, sends the
 * `composeExtension/*` and `adaptiveCard/action` invokes signed as Bot Framework signs them
 * to the server's bot, which answers from FerretDB as the person who sent them.
 *
 * - search from the compose box finds only what the searcher may see (a private objective
 *   is not found by a peer), and the card it shares names nothing;
 * - the shared card refreshes to each viewer's own view, or to a card that says they may
 *   not see it;
 * - "Attach to OKR" keeps a Teams message as evidence, one record however many people
 *   attach it, with the visibility chosen; bad input changes nothing;
 * - forged and expired invokes are refused with 401.
 */
import { FABRIKAM_TENANT_ID, SANDBOX_BOT_HOME_TENANT_ID } from '@throughline/sandbox';
import type { ApiClient } from '@throughline/contracts';
import { validateAdaptiveCard } from '../../src/one-on-ones/card-schema';
import { sandboxBotConfig } from '../../../tests/support/bot';
import { startTestApp, type TestApp } from '../../../tests/support/app';
import { openTestDatabase, storedDocuments } from '../../../tests/support/database';
import { clientFor, personId, seedPeople, openThisQuarter } from '../../../tests/support/okr-api';

const CONTOSO = SANDBOX_BOT_HOME_TENANT_ID;
const GROUP_CHAT = { conversationType: 'groupChat', id: '19:sales-pipeline@thread.v2' } as const;

interface Answer {
  status: number;
  body: Record<string, unknown> | null;
}
type Card = Record<string, unknown>;

describe('the message extension: search, shared cards and "Attach to OKR"', () => {
  const database = openTestDatabase('msgext');
  let app: TestApp;
  let diego: ApiClient;
  let lee: ApiClient;
  let isaiah: ApiClient;
  let publicKeyResult: { id: string };
  let privateObjective: { id: string };
  let privateKeyResult: { id: string };

  async function invoke(
    from: string,
    name: string,
    value: unknown,
    extra: Record<string, unknown> = {},
  ): Promise<Answer> {
    const response = await fetch(`${process.env.TEST_GRAPH_URL}/_sandbox/bot/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        endpoint: `${app.url}/api/messages`,
        tenantId: CONTOSO,
        fromUserId: personId(from),
        ...(from === 'Sara Davis' ? { tenantId: FABRIKAM_TENANT_ID } : {}),
        type: 'invoke',
        name,
        value,
        conversation: GROUP_CHAT,
        ...extra,
      }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Answer;
  }

  const search = (from: string, query: string | null, extra: Record<string, unknown> = {}) =>
    invoke(from, 'composeExtension/query', {
      commandId: 'searchOkrs',
      parameters:
        query === null
          ? [{ name: 'initialRun', value: 'true' }]
          : [{ name: 'query', value: query }],
      queryOptions: { skip: 0, count: 25 },
      ...extra,
    });

  const resultsOf = (answer: Answer) =>
    (
      answer.body as {
        composeExtension: {
          attachments: { content: Card; preview: { content: { title: string; text: string } } }[];
        };
      }
    ).composeExtension.attachments;

  const refresh = (from: string, kind: 'objective' | 'keyResult', id: string) =>
    invoke(from, 'adaptiveCard/action', {
      action: { type: 'Action.Execute', verb: 'showSharedOkr', data: { kind, id } },
      trigger: 'automatic',
    });

  const message = (id: string, html: string) => ({
    id,
    createdDateTime: '2026-12-02T09:30:00.000Z',
    linkToMessage: `https://teams.microsoft.com/l/message/${encodeURIComponent(GROUP_CHAT.id)}/${id}`,
    subject: null,
    from: { user: { id: personId('Johanna Lorenz'), displayName: 'Johanna Lorenz' } },
    body: { contentType: 'html', content: html },
  });

  const attach = (from: string, payload: unknown, data: Record<string, unknown>) =>
    invoke(from, 'composeExtension/submitAction', {
      commandId: 'attachToOkr',
      commandContext: 'message',
      messagePayload: payload,
      data,
    });

  const teamsEvidence = () =>
    database.db.collection('evidence').find({ tenantId: CONTOSO, kind: 'teamsMessage' }).toArray();

  beforeAll(async () => {
    await seedPeople(database);
    app = await startTestApp(database, {
      config: sandboxBotConfig(),
    });
    const admin = clientFor(app.url, 'Megan Bowen');
    diego = clientFor(app.url, 'Diego Siciliani');
    lee = clientFor(app.url, 'Lee Gu');
    isaiah = clientFor(app.url, 'Isaiah Langer');
    const cycle = await openThisQuarter(admin);
    const objective = await diego.objectives.create({
      cycleId: cycle.id,
      title: 'Grow Northwind',
    });
    publicKeyResult = await diego.keyResults.create({
      objectiveId: objective.id,
      title: 'Northwind signed seats',
      metric: { kind: 'number', start: 0, target: 100 },
      updaterIds: [personId('Lee Gu')],
    });
    privateObjective = await diego.objectives.create({
      cycleId: cycle.id,
      title: 'Quietly win Fabrikam',
      visibility: 'private',
    });
    privateKeyResult = await diego.keyResults.create({
      objectiveId: privateObjective.id,
      title: 'Fabrikam pilot signed',
      metric: { kind: 'number', start: 0, target: 1 },
    });
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  describe('search from the compose box', () => {
    it('finds objectives and key results by words of their title, and shares a card that names none of them', async () => {
      const results = resultsOf(await search('Diego Siciliani', 'northwind'));
      expect(results.map((result) => result.preview.content.title).sort()).toEqual([
        'Grow Northwind',
        'Northwind signed seats',
      ]);
      expect(
        results.find((r) => r.preview.content.title === 'Northwind signed seats')!.preview.content
          .text,
      ).toBe('Key result of Grow Northwind · Diego Siciliani · 0%, off track');
      for (const { content } of results) {
        expect(validateAdaptiveCard(content)).toEqual({ isValid: true, errors: [] });
        expect(JSON.stringify(content)).not.toContain('Northwind');
        expect(content.refresh).toMatchObject({
          action: { type: 'Action.Execute', verb: 'showSharedOkr' },
        });
      }
      expect(JSON.stringify(results[0]!.content)).toContain('Diego Siciliani shared');
    });

    it('lists the searcher’s own objectives and key results before anything is typed', async () => {
      const titles = resultsOf(await search('Diego Siciliani', null)).map(
        (r) => r.preview.content.title,
      );
      expect(titles).toEqual(
        expect.arrayContaining([
          'Grow Northwind',
          'Northwind signed seats',
          'Quietly win Fabrikam',
        ]),
      );
      expect(resultsOf(await search('Isaiah Langer', null))).toEqual([]);
    });

    it('does not find a private objective or its key results for a peer, and finds them for its owner’s manager', async () => {
      expect(resultsOf(await search('Isaiah Langer', 'fabrikam'))).toEqual([]);
      expect(resultsOf(await search('Isaiah Langer', 'northwind'))).toHaveLength(2);
      const managers = resultsOf(await search('Alex Wilber', 'FABRIKAM')).map(
        (r) => r.preview.content.title,
      );
      expect(managers.sort()).toEqual(['Fabrikam pilot signed', 'Quietly win Fabrikam']);
    });

    it('answers a search of the wrong shape with a message, not results', async () => {
      const tooLong = await search('Diego Siciliani', 'x'.repeat(101));
      expect(tooLong.body).toEqual({
        composeExtension: {
          type: 'message',
          text: expect.stringContaining(
            'That search did not go through: parameters.0.value must be at most 100 characters',
          ),
        },
      });
      const otherCommand = await invoke('Diego Siciliani', 'composeExtension/query', {
        commandId: 'somethingElse',
        parameters: [],
      });
      expect(otherCommand.body).toMatchObject({ composeExtension: { type: 'message' } });
    });
  });

  describe('the shared card, as each viewer sees it', () => {
    it('shows a key result as it is now to whoever may see it', async () => {
      await diego.keyResults.checkIn(publicKeyResult.id, {
        version: (await diego.keyResults.get(publicKeyResult.id)).version,
        value: 30,
        confidence: 8,
        status: 'on_track',
      });
      const answer = await refresh('Isaiah Langer', 'keyResult', publicKeyResult.id);
      expect(answer.body).toMatchObject({
        statusCode: 200,
        type: 'application/vnd.microsoft.card.adaptive',
      });
      const card = answer.body!.value as Card;
      expect(validateAdaptiveCard(card)).toEqual({ isValid: true, errors: [] });
      const text = JSON.stringify(card);
      expect(text).toContain('Northwind signed seats');
      expect(text).toContain('30 of 100');
      expect(text).toContain('8/10');
      expect(text).toContain('by Diego Siciliani');
      // It stays live: the answer carries the refresh again.
      expect(card.refresh).toMatchObject({ action: { verb: 'showSharedOkr' } });
    });

    it('shows a peer who may not see a private objective or key result a card that says so, and nothing of it', async () => {
      for (const [kind, id] of [
        ['objective', privateObjective.id],
        ['keyResult', privateKeyResult.id],
      ] as const) {
        const card = (await refresh('Isaiah Langer', kind, id)).body!.value as Card;
        expect(validateAdaptiveCard(card).isValid).toBe(true);
        const text = JSON.stringify(card);
        expect(text).toContain('You cannot see this');
        expect(text).not.toContain('Fabrikam');
      }
      // Another id, or an id of another kind, answers the same.
      const unknown = JSON.stringify(
        (await refresh('Isaiah Langer', 'objective', publicKeyResult.id)).body!.value,
      );
      expect(unknown).toContain('You cannot see this objective');
    });

    it('shows the private objective to its owner’s manager, with its key results', async () => {
      const text = JSON.stringify(
        (await refresh('Alex Wilber', 'objective', privateObjective.id)).body!.value,
      );
      expect(text).toContain('Quietly win Fabrikam');
      expect(text).toContain('Fabrikam pilot signed');
      expect(text).toContain('Open in Throughline');
      expect(text).toContain(`/tab/#/objectives/${privateObjective.id}`);
    });

    it('refuses forged, expired and misaddressed invokes of every kind with 401, reading and writing nothing', async () => {
      const before = await storedDocuments(database.db, { tenantId: CONTOSO });
      const invokes: [string, unknown][] = [
        [
          'composeExtension/query',
          { commandId: 'searchOkrs', parameters: [{ name: 'query', value: 'northwind' }] },
        ],
        [
          'adaptiveCard/action',
          {
            action: {
              type: 'Action.Execute',
              verb: 'showSharedOkr',
              data: { kind: 'keyResult', id: publicKeyResult.id },
            },
          },
        ],
        [
          'composeExtension/fetchTask',
          {
            commandId: 'attachToOkr',
            commandContext: 'message',
            messagePayload: message('1733134000000', 'Forged'),
          },
        ],
        [
          'composeExtension/submitAction',
          {
            commandId: 'attachToOkr',
            commandContext: 'message',
            messagePayload: message('1733134000000', 'Forged'),
            data: { target: `keyResult:${publicKeyResult.id}` },
          },
        ],
      ];
      for (const [name, value] of invokes)
        for (const token of [
          { isForged: true },
          { expiresInSeconds: -3600 },
          { audience: 'another-bot' },
          { issuer: 'https://evil.example.com' },
        ]) {
          const answer = await invoke('Diego Siciliani', name, value, { token });
          expect([name, token, answer.status]).toEqual([name, token, 401]);
          expect(JSON.stringify(answer.body ?? '')).not.toContain('Northwind');
        }
      expect(await storedDocuments(database.db, { tenantId: CONTOSO })).toBe(before);
    });
  });

  describe('"Attach to OKR" on a Teams message', () => {
    it('opens a dialog offering the person’s own key results and deliverables', async () => {
      const answer = await invoke('Diego Siciliani', 'composeExtension/fetchTask', {
        commandId: 'attachToOkr',
        commandContext: 'message',
        messagePayload: message('1733131800000', '<p>Northwind signed <b>40 more seats</b></p>'),
      });
      const task = (answer.body as { task: { type: string; value: { card: { content: Card } } } })
        .task;
      expect(task.type).toBe('continue');
      const card = task.value.card.content;
      expect(validateAdaptiveCard(card)).toEqual({ isValid: true, errors: [] });
      const text = JSON.stringify(card);
      expect(text).toContain(`keyResult:${publicKeyResult.id}`);
      expect(text).toContain('Northwind signed 40 more seats');
      expect(text).toContain('Message from Johanna Lorenz');
    });

    it('keeps one record of a message however many people attach it, even at the same moment', async () => {
      const payload = message(
        '1733131800000',
        '<p>Northwind signed <b>40 more seats</b> &amp; the SLA</p>',
      );
      const target = `keyResult:${publicKeyResult.id}`;
      const [first, second] = await Promise.all([
        attach('Diego Siciliani', payload, { target, note: 'Proof of the seats' }),
        attach('Lee Gu', payload, { target }),
      ]);
      for (const answer of [first, second])
        expect(answer.body).toMatchObject({
          task: { type: 'message', value: expect.stringContaining('Northwind signed seats') },
        });
      // Once more, as someone who attached it already: nothing new.
      const again = await attach('Diego Siciliani', payload, { target });
      expect((again.body as { task: { value: string } }).task.value).toContain('already evidence');

      const stored = await teamsEvidence();
      expect(stored).toHaveLength(1);
      expect(
        stored[0]!.attachedBy.map((entry: { personId: string }) => entry.personId).sort(),
      ).toEqual([personId('Diego Siciliani'), personId('Lee Gu')].sort());
      const [evidence] = (await isaiah.evidence.list({ keyResultId: publicKeyResult.id })).items;
      expect(evidence).toMatchObject({
        kind: 'teamsMessage',
        snapshot: {
          title: 'Northwind signed 40 more seats & the SLA',
          preview: 'Northwind signed 40 more seats & the SLA',
          from: { name: 'Johanna Lorenz' },
          receivedAt: '2026-12-02T09:30:00.000Z',
        },
        source: { threadId: GROUP_CHAT.id, chatMessageId: '1733131800000' },
        openLink: payload.linkToMessage,
      });
      const events = await database.db
        .collection('narrative')
        .find({ tenantId: CONTOSO, type: 'evidence.attached', 'payload.kind': 'teamsMessage' })
        .toArray();
      expect(events).toHaveLength(2);
      expect(String(events[0]!.summary)).toContain('the Teams message');
      // Lee sees it on the key result too.
      expect((await lee.evidence.list({ keyResultId: publicKeyResult.id })).items).toHaveLength(1);
    });

    it('keeps a message restricted to the owner and managers out of a peer’s sight', async () => {
      await attach(
        'Diego Siciliani',
        message('1733131900000', 'Fabrikam may churn: keep it quiet'),
        {
          target: `keyResult:${publicKeyResult.id}`,
          visibility: 'owner_and_manager',
        },
      );
      const titles = async (client: ApiClient) =>
        (await client.evidence.list({ keyResultId: publicKeyResult.id })).items.map(
          (item) => item.snapshot.title,
        );
      expect(await titles(isaiah)).not.toContain('Fabrikam may churn: keep it quiet');
      expect(await titles(clientFor(app.url, 'Alex Wilber'))).toContain(
        'Fabrikam may churn: keep it quiet',
      );
    });

    it('answers bad input and a target the person may not use with the dialog and why, writing nothing', async () => {
      const before = await storedDocuments(database.db, { tenantId: CONTOSO });
      const payload = message('1733132000000', 'Pipeline review notes');
      const cases: [string, unknown, Record<string, unknown>, string][] = [
        ['Diego Siciliani', payload, {}, 'data.target is required'],
        [
          'Diego Siciliani',
          payload,
          { target: 'objective:abc' },
          'must be a key result or a deliverable',
        ],
        [
          'Diego Siciliani',
          payload,
          { target: `keyResult:${publicKeyResult.id}`, visibility: 'everyone' },
          'data.visibility',
        ],
        [
          'Isaiah Langer',
          payload,
          { target: `keyResult:${privateKeyResult.id}` },
          'That key result was not found',
        ],
        [
          'Isaiah Langer',
          payload,
          { target: `keyResult:${publicKeyResult.id}` },
          'Only people who can check in',
        ],
        [
          'Diego Siciliani',
          { ...payload, linkToMessage: 'http://evil.example/x' },
          { target: `keyResult:${publicKeyResult.id}` },
          'messagePayload.linkToMessage',
        ],
        [
          'Diego Siciliani',
          { ...payload, id: { $gt: '' } },
          { target: `keyResult:${publicKeyResult.id}` },
          'messagePayload.id',
        ],
      ];
      for (const [from, messagePayload, data, why] of cases) {
        const answer = await attach(from, messagePayload, data);
        expect(JSON.stringify(answer.body)).toContain(why);
        const task = (answer.body as { task: { type: string; value: unknown } }).task;
        if (task.type === 'continue')
          expect(
            validateAdaptiveCard((task.value as { card: { content: Card } }).card.content).isValid,
          ).toBe(true);
      }
      expect(await storedDocuments(database.db, { tenantId: CONTOSO })).toBe(before);
    });
  });

  describe('another organisation', () => {
    it('finds, shows and attaches nothing of Contoso for a person of Fabrikam, with Contoso’s ids', async () => {
      const before = await storedDocuments(database.db, { tenantId: CONTOSO });
      expect(resultsOf(await search('Sara Davis', 'northwind'))).toEqual([]);
      const card = JSON.stringify(
        (await refresh('Sara Davis', 'keyResult', publicKeyResult.id)).body,
      );
      expect(card).toContain('You cannot see this key result');
      expect(card).not.toContain('Northwind');
      const attached = await attach('Sara Davis', message('1733133000000', 'Cross-tenant'), {
        target: `keyResult:${publicKeyResult.id}`,
      });
      expect(JSON.stringify(attached.body)).toContain('That key result was not found');
      expect(await storedDocuments(database.db, { tenantId: CONTOSO })).toBe(before);
      expect(
        await database.db.collection('evidence').countDocuments({ tenantId: FABRIKAM_TENANT_ID }),
      ).toBe(0);
    });
  });
});
