import { CONTOSO_TENANT_ID, type RunningSandbox } from '../src';
import { appToken, callGraph, GRAPH, person, startTestSandbox, userToken } from './support';

let sandbox: RunningSandbox;
const diego = person('Diego Siciliani');
const alex = person('Alex Wilber');

beforeAll(async () => {
  sandbox = await startTestSandbox({
    graphFaults: [{ pathPrefix: '/v1.0/users/delta', status: 503, times: 1 }],
  });
});
afterAll(() => sandbox.stop());

const card = {
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  body: [{ type: 'TextBlock', text: '1:1 prep: Diego' }],
};

describe('Teams delivery', () => {
  it('records an activity feed notification sent with an app-only token', async () => {
    const token = await appToken(sandbox, CONTOSO_TENANT_ID);
    const answer = await callGraph(
      sandbox,
      token,
      `/users/${alex.id}/teamwork/sendActivityNotification`,
      {
        method: 'POST',
        body: {
          topic: {
            source: 'text',
            value: '1:1 prep',
            webUrl: 'https://teams.microsoft.com/l/entity/x',
          },
          activityType: 'oneOnOnePrepCard',
          previewText: { content: 'Your 1:1 with Diego is tomorrow' },
          templateParameters: [{ name: 'person', value: 'Diego' }],
        },
      },
    );
    expect(answer.status).toBe(204);
    const recorded = await callGraph<{ value: Array<Record<string, unknown>> }>(
      sandbox,
      undefined,
      `/_sandbox/teams/activity-notifications?recipientUserId=${alex.id}`,
    );
    expect(recorded.body.value).toEqual([
      expect.objectContaining({
        recipientUserId: alex.id,
        activityType: 'oneOnOnePrepCard',
        previewText: { content: 'Your 1:1 with Diego is tomorrow' },
      }),
    ]);
  });

  it('refuses an activity type the app manifest does not declare, as Graph does', async () => {
    const answer = await callGraph<{ error: { code: string; message: string } }>(
      sandbox,
      await appToken(sandbox, CONTOSO_TENANT_ID),
      `/users/${alex.id}/teamwork/sendActivityNotification`,
      {
        method: 'POST',
        body: {
          topic: { source: 'text', value: 'x', webUrl: 'https://x' },
          activityType: 'somethingNew',
          previewText: { content: 'Hello' },
        },
      },
    );
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toMatch(/somethingNew.*not declared/);
  });

  it('refuses an activity notification without previewText', async () => {
    const answer = await callGraph(
      sandbox,
      await appToken(sandbox, CONTOSO_TENANT_ID),
      `/users/${alex.id}/teamwork/sendActivityNotification`,
      {
        method: 'POST',
        body: {
          topic: { source: 'text', value: 'x', webUrl: 'https://x' },
          activityType: 'oneOnOnePrepCard',
        },
      },
    );
    expect(answer.status).toBe(400);
  });

  it('creates one one-on-one chat per pair and records an Adaptive Card sent to it', async () => {
    const token = await userToken(sandbox, alex);
    const members = [alex, diego].map((member) => ({
      '@odata.type': '#microsoft.graph.aadUserConversationMember',
      roles: ['owner'],
      'user@odata.bind': `${GRAPH}/v1.0/users('${member.id}')`,
    }));
    const chat = await callGraph<{ id: string }>(sandbox, token, '/chats', {
      method: 'POST',
      body: { chatType: 'oneOnOne', members },
    });
    expect(chat.status).toBe(201);
    const again = await callGraph<{ id: string }>(sandbox, token, '/chats', {
      method: 'POST',
      body: { chatType: 'oneOnOne', members: [...members].reverse() },
    });
    expect(again.body.id).toBe(chat.body.id);
    const sent = await callGraph(
      sandbox,
      token,
      `/chats/${encodeURIComponent(chat.body.id)}/messages`,
      {
        method: 'POST',
        body: {
          body: { contentType: 'html', content: '<attachment id="prep-1"></attachment>' },
          attachments: [
            {
              id: 'prep-1',
              contentType: 'application/vnd.microsoft.card.adaptive',
              content: JSON.stringify(card),
            },
          ],
        },
      },
    );
    expect(sent.status).toBe(201);
    const recorded = await callGraph<{
      value: Array<{ adaptiveCards: unknown[]; fromUserId: string }>;
    }>(sandbox, undefined, `/_sandbox/teams/chat-messages?userId=${diego.id}`);
    expect(recorded.body.value).toEqual([
      expect.objectContaining({ fromUserId: alex.id, adaptiveCards: [card] }),
    ]);
  });

  it('refuses a chat message whose body does not reference its attachment, and app-only chat messages', async () => {
    const token = await userToken(sandbox, alex);
    const members = [alex, diego].map((member) => ({
      'user@odata.bind': `${GRAPH}/v1.0/users('${member.id}')`,
    }));
    const chat = await callGraph<{ id: string }>(sandbox, token, '/chats', {
      method: 'POST',
      body: { chatType: 'oneOnOne', members },
    });
    const path = `/chats/${encodeURIComponent(chat.body.id)}/messages`;
    const unreferenced = await callGraph(sandbox, token, path, {
      method: 'POST',
      body: {
        body: { content: 'hello' },
        attachments: [
          { id: 'a', contentType: 'application/vnd.microsoft.card.adaptive', content: '{}' },
        ],
      },
    });
    expect(unreferenced.status).toBe(400);
    const appOnly = await callGraph(sandbox, await appToken(sandbox, CONTOSO_TENANT_ID), path, {
      method: 'POST',
      body: { body: { content: 'hello' } },
    });
    expect(appOnly.status).toBe(403);
  });
});

describe('the control API', () => {
  it('applies faults given at start: the first delta call answers 503, the next succeeds', async () => {
    const token = await appToken(sandbox, CONTOSO_TENANT_ID);
    const failed = await callGraph<{ error: { code: string } }>(sandbox, token, '/users/delta');
    expect(failed.status).toBe(503);
    expect(failed.body.error.code).toBe('serviceNotAvailable');
    expect((await callGraph(sandbox, token, '/users/delta')).status).toBe(200);
  });

  it('injects 503 until cleared, only for the matching method and path', async () => {
    const token = await userToken(sandbox, diego);
    const fault = await callGraph<{ id: string }>(sandbox, undefined, '/_sandbox/faults', {
      method: 'POST',
      body: { method: 'GET', pathPattern: '^/me/messages$', status: 503, retryAfterSeconds: 2 },
    });
    expect(fault.status).toBe(201);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const answer = await callGraph(sandbox, token, '/me/messages');
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('2');
    }
    expect((await callGraph(sandbox, token, '/me')).status).toBe(200);
    await callGraph(sandbox, undefined, '/_sandbox/faults', { method: 'DELETE' });
    expect((await callGraph(sandbox, token, '/me/messages')).status).toBe(200);
  });

  it('counts requests per path and in total, and resets the counts', async () => {
    await callGraph(sandbox, undefined, '/_sandbox/requests', { method: 'DELETE' });
    const token = await userToken(sandbox, diego);
    await callGraph(sandbox, token, '/me');
    await callGraph(sandbox, token, '/me');
    await callGraph(sandbox, token, '/me/drive/root/children');
    const counts = await callGraph<{ total: number; byPath: Record<string, number> }>(
      sandbox,
      undefined,
      '/_sandbox/requests',
    );
    expect(counts.body.total).toBe(3);
    expect(counts.body.byPath).toEqual({ '/v1.0/me': 2, '/v1.0/me/drive/root/children': 1 });
    await callGraph(sandbox, undefined, '/_sandbox/requests', { method: 'DELETE' });
    expect(
      (await callGraph<{ total: number }>(sandbox, undefined, '/_sandbox/requests')).body.total,
    ).toBe(0);
  });

  it('generates a large tenant with a manager hierarchy that the identity provider and Graph both know', async () => {
    const generated = await callGraph<{ tenantId: string; people: number; rootUserId: string }>(
      sandbox,
      undefined,
      '/_sandbox/tenants/generate',
      { method: 'POST', body: { people: 2000, name: 'Northwind Scale' } },
    );
    expect(generated.status).toBe(201);
    expect(generated.body.people).toBe(2000);
    const token = await appToken(sandbox, generated.body.tenantId);
    const reports = await callGraph<{ value: Array<{ id: string }> }>(
      sandbox,
      token,
      `/users/${generated.body.rootUserId}/directReports`,
    );
    expect(reports.body.value.length).toBeGreaterThan(1);
    const someone = reports.body.value[0]!;
    expect((await callGraph(sandbox, token, `/users/${someone.id}/manager`)).body.id).toBe(
      generated.body.rootUserId,
    );
    const contosoToken = await appToken(sandbox, CONTOSO_TENANT_ID);
    expect((await callGraph(sandbox, contosoToken, `/users/${someone.id}`)).status).toBe(404);
  });

  it('resets the recordings', async () => {
    await callGraph(sandbox, undefined, '/_sandbox/recordings', { method: 'DELETE' });
    expect(
      (
        await callGraph<{ value: unknown[] }>(
          sandbox,
          undefined,
          '/_sandbox/teams/activity-notifications',
        )
      ).body.value,
    ).toEqual([]);
    expect(
      (await callGraph<{ value: unknown[] }>(sandbox, undefined, '/_sandbox/teams/chat-messages'))
        .body.value,
    ).toEqual([]);
  });
});
