import { createLocalJWKSet, jwtVerify, type JWK } from 'jose';
import type { RunningSandbox } from '../src';
import { sandboxApp } from '../src';
import { person, startTestSandbox } from './support';

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
