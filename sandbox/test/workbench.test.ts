import { createLocalJWKSet, jwtVerify, type JWK } from 'jose';
import type { RunningSandbox } from '../src';
import { CONTOSO_TENANT_ID, sandboxApp } from '../src';
import { appToken, callGraph, person, startTestSandbox } from './support';

let sandbox: RunningSandbox;
const diego = person('Diego Siciliani');
const API_SCOPE = `api://localhost:3978/${sandboxApp.clientId}/access_as_user`;

beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.stop());

const brokerToken = (body: Record<string, unknown>) =>
  fetch(`${sandbox.identityUrl}/workbench/api/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('the workbench home page', () => {
  it('is an English HTML page listing every demo tenant and a way into Outlook as each person', async () => {
    const response = await fetch(`${sandbox.identityUrl}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toMatch(/<html lang="en">/);
    expect(html).toContain('<title>Throughline workbench</title>');
    for (const tenant of ['Contoso', 'Fabrikam', 'Northwind Traders'])
      expect(html).toContain(`>${tenant}</h3>`);
    expect(html).toContain(`/workbench/outlook?tenant=${diego.tenantId}&amp;person=${diego.id}`);
    // No server next to this sandbox: the page says so rather than framing nothing.
    expect(html).toContain('The Throughline server is not running next to this sandbox');
    expect(html).toContain(`/workbench/teams?tenant=${diego.tenantId}&amp;person=${diego.id}`);
    const teams = await (
      await fetch(
        `${sandbox.identityUrl}/workbench/teams?tenant=${diego.tenantId}&person=${diego.id}`,
      )
    ).text();
    expect(teams).toContain('The Throughline server is not running next to this sandbox');
    // Nothing to frame: the app's addresses stay empty rather than pointing anywhere.
    const view = (await (
      await fetch(
        `${sandbox.identityUrl}/workbench/api/teams?tenant=${diego.tenantId}&person=${diego.id}`,
      )
    ).json()) as {
      app: { personalTabs: { contentUrl: string }[]; configurationUrl: string | null };
    };
    expect(view.app.personalTabs.map((tab) => tab.contentUrl)).toEqual(['', '']);
    expect(view.app.configurationUrl).toBe('');
  });

  it('frames only the server it was told about', async () => {
    sandbox.workbench.connectProduct({
      serverUrl: 'http://localhost:3978',
      tabUrl: 'http://localhost:3978/tab/',
      addinUrl: 'http://localhost:3978/addin/',
    });
    const response = await fetch(
      `${sandbox.identityUrl}/workbench/outlook?tenant=${diego.tenantId}&person=${diego.id}`,
    );
    expect(response.headers.get('content-security-policy')).toContain(
      'frame-src http://localhost:3978;',
    );
    expect(await response.text()).toContain('data-addin-url="http://localhost:3978/addin/"');
  });
});

describe('the workbench mailbox', () => {
  it('holds the person’s messages as Graph returns them, with the EWS item id Outlook gives add-ins', async () => {
    const response = await fetch(
      `${sandbox.identityUrl}/workbench/api/mailbox?tenant=${diego.tenantId}&person=${diego.id}`,
    );
    const { folders } = (await response.json()) as {
      folders: {
        displayName: string;
        messages: { graph: { id: string; subject: string }; officeItem: { itemId: string } }[];
      }[];
    };
    expect(folders.map((folder) => folder.displayName)).toEqual(['Inbox', 'Sent Items']);
    const order = folders[0]!.messages.find(
      (message) => message.graph.subject === 'Signed order: Northwind Traders, 240 seats',
    )!;
    expect(order.officeItem.itemId.replace(/\+/g, '-').replace(/\//g, '_')).toBe(order.graph.id);
  });

  it('answers 404 for someone who is not a demo person', async () => {
    const response = await fetch(
      `${sandbox.identityUrl}/workbench/api/mailbox?tenant=${diego.tenantId}&person=nobody`,
    );
    expect(response.status).toBe(404);
  });
});

describe('nested app authentication in the workbench’s Outlook', () => {
  it('issues an access token for the add-in’s own API and an id token for the person', async () => {
    const response = await brokerToken({
      tenantId: diego.tenantId,
      userId: diego.id,
      clientId: sandboxApp.clientId,
      scope: `${API_SCOPE} openid profile`,
    });
    expect(response.status).toBe(200);
    const { token, account } = (await response.json()) as {
      token: { access_token: string; id_token: string; scope: string };
      account: { localAccountId: string; tenantId: string; environment: string };
    };
    expect(account).toMatchObject({
      localAccountId: diego.id,
      tenantId: diego.tenantId,
      environment: 'login.microsoftonline.com',
    });
    const published = (await fetch(
      `${sandbox.identityUrl}/${diego.tenantId}/discovery/v2.0/keys`,
    ).then((answer) => answer.json())) as { keys: JWK[] };
    const key = createLocalJWKSet(published);
    const issuer = `${sandbox.identityUrl}/${diego.tenantId}/v2.0`;
    const access = await jwtVerify(token.access_token, key, {
      issuer,
      audience: sandboxApp.clientId,
    });
    expect(access.payload).toMatchObject({
      oid: diego.id,
      scp: 'access_as_user',
      azp: sandboxApp.clientId,
    });
    const id = await jwtVerify(token.id_token, key, { issuer, audience: sandboxApp.clientId });
    expect(id.payload).toMatchObject({ oid: diego.id, name: 'Diego Siciliani' });
    expect(id.payload.scp).toBeUndefined();
  });

  it('refuses another app’s client id, as Entra ID does', async () => {
    const response = await brokerToken({
      tenantId: diego.tenantId,
      userId: diego.id,
      clientId: '11111111-2222-3333-4444-555555555555',
      scope: API_SCOPE,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { status: 'PERSISTENT_ERROR', code: 'unauthorized_client' },
    });
  });

  it('refuses scopes beyond the add-in’s own API, which nobody consented to', async () => {
    const response = await brokerToken({
      tenantId: diego.tenantId,
      userId: diego.id,
      clientId: sandboxApp.clientId,
      scope: 'https://graph.microsoft.com/Mail.ReadWrite',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_grant' } });
  });
});

describe('the workbench’s Teams', () => {
  const alex = person('Alex Wilber');
  const teamsView = async (who = alex) =>
    (await (
      await fetch(
        `${sandbox.identityUrl}/workbench/api/teams?tenant=${who.tenantId}&person=${who.id}`,
      )
    ).json()) as {
      person: { id: string; mri: string };
      app: {
        personalTabs: { entityId: string; name: string; contentUrl: string }[];
        configurationUrl: string | null;
      };
      meetings: { subject: string; withName: string; chatId: string; meetingId: string }[];
      activity: { activityType: string; title: string; text: string; webUrl: string | null }[];
      chat: unknown[];
    };
  const postBot = (body: unknown) =>
    fetch(`${sandbox.identityUrl}/workbench/api/bot`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(() => {
    sandbox.workbench.connectProduct({
      serverUrl: 'http://localhost:3978',
      tabUrl: 'http://localhost:3978/tab/',
      addinUrl: 'http://localhost:3978/addin/',
    });
  });

  it('is an English page that loads only its own scripts: the renderer, the teams-js host and the client', async () => {
    const response = await fetch(
      `${sandbox.identityUrl}/workbench/teams?tenant=${alex.tenantId}&person=${alex.id}`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await response.text();
    expect(html).toMatch(/<html lang="en">/);
    expect(html).toContain('<title>Teams — Alex Wilber — Throughline workbench</title>');
    for (const script of [
      '/workbench/adaptivecards.js',
      '/workbench/teams-host.js',
      '/workbench/teams.js',
    ]) {
      expect(html).toContain(`<script src="${script}"></script>`);
      const served = await fetch(`${sandbox.identityUrl}${script}`);
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toMatch(/^application\/javascript/);
    }
  });

  it('shows the app as its manifest declares it, at the server’s address', async () => {
    const view = await teamsView();
    expect(view.app.personalTabs).toEqual([
      { entityId: 'my-okrs', name: 'My OKRs', contentUrl: 'http://localhost:3978/tab/#/my' },
      {
        entityId: 'one-on-ones',
        name: '1-on-1s',
        contentUrl: 'http://localhost:3978/tab/#/one-on-ones',
      },
    ]);
    expect(view.app.configurationUrl).toBe('http://localhost:3978/tab/config.html');
  });

  it('lists the person’s coming 1-on-1s with the chat thread and meeting id Teams gives a tab in them', async () => {
    const view = await teamsView();
    const withDiego = view.meetings.find((meeting) => meeting.withName === 'Diego Siciliani');
    expect(withDiego).toBeDefined();
    expect(withDiego!.chatId).toMatch(/^19:meeting_[0-9A-Fa-f]+@thread\.v2$/);
    expect(Buffer.from(withDiego!.meetingId, 'base64').toString()).toBe(`0#${withDiego!.chatId}#0`);
    // The same thread as in the event's join URL, which the server reads from Graph.
    const token = await appToken(sandbox, CONTOSO_TENANT_ID);
    const now = Date.now();
    const events = await callGraph<{
      value: { subject: string; onlineMeeting: { joinUrl: string } }[];
    }>(
      sandbox,
      token,
      `/users/${alex.id}/calendarView?startDateTime=${new Date(now).toISOString()}&endDateTime=${new Date(now + 28 * 86_400_000).toISOString()}&$top=100`,
    );
    const event = events.body.value.find((item) => item.subject === withDiego!.subject)!;
    expect(decodeURIComponent(event.onlineMeeting.joinUrl)).toContain(withDiego!.chatId);
  });

  it('shows an activity feed item as Teams does: the type’s template text with its parameters, then the preview', async () => {
    const token = await appToken(sandbox, CONTOSO_TENANT_ID);
    const sent = await callGraph(
      sandbox,
      token,
      `/users/${alex.id}/teamwork/sendActivityNotification`,
      {
        method: 'POST',
        body: {
          topic: {
            source: 'text',
            value: '1-on-1 with Diego',
            webUrl: 'http://localhost:3978/tab/#/one-on-ones',
          },
          activityType: 'oneOnOnePrepCard',
          previewText: { content: 'Prep card ready' },
          templateParameters: [{ name: 'reportName', value: 'Diego Siciliani' }],
        },
      },
    );
    expect(sent.status).toBe(204);
    const view = await teamsView();
    expect(view.activity[0]).toMatchObject({
      activityType: 'oneOnOnePrepCard',
      title: 'Your 1-on-1 with Diego Siciliani is coming up: the prep card is ready',
      text: 'Prep card ready',
      webUrl: 'http://localhost:3978/tab/#/one-on-ones',
    });
    // Someone else's feed does not hold it.
    expect((await teamsView(diego)).activity).toEqual([]);
  });

  it('refuses a bot action that is not one, and a person who is not a demo person', async () => {
    const bad = await postBot({ kind: 'execute', tenant: alex.tenantId, person: alex.id });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
    const nobody = await postBot({
      kind: 'message',
      tenant: alex.tenantId,
      person: 'not-a-person',
      text: 'help',
    });
    expect(nobody.status).toBe(404);
  });

  it('says the bot cannot be reached when no server answers at its messaging endpoint', async () => {
    sandbox.workbench.connectProduct({
      serverUrl: 'http://127.0.0.1:9',
      tabUrl: 'http://127.0.0.1:9/tab/',
      addinUrl: 'http://127.0.0.1:9/addin/',
    });
    const answer = await postBot({
      kind: 'message',
      tenant: alex.tenantId,
      person: alex.id,
      text: 'help',
    });
    expect(answer.status).toBe(502);
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe(
      'bot_unreachable',
    );
  });
});
