/**
 * The Bot Framework stand-in: what it publishes for bots (OpenID metadata, keys of its own,
 * kept across restarts), the tokens it puts on activities, and a connector that is never
 * kinder than the real one — only the registered bot's Entra token for the Bot Connector
 * scope opens it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import {
  BOT_FRAMEWORK_ISSUER,
  CONTOSO_TENANT_ID,
  FABRIKAM_TENANT_ID,
  sandboxApp,
  sandboxBot,
  type RunningSandbox,
} from '../src';
import { person, startTestSandbox } from './support';

const alex = person('Alex Wilber');

async function tokenRequest(
  sandbox: RunningSandbox,
  tenantId: string,
  fields: Record<string, string>,
): Promise<{ status: number; body: Record<string, string> }> {
  const response = await fetch(`${sandbox.identityUrl}/${tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', ...fields }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

const botCredentials = {
  client_id: sandboxBot.appId,
  client_secret: sandboxBot.appPassword,
  scope: 'https://api.botframework.com/.default',
};

async function botToken(sandbox: RunningSandbox): Promise<string> {
  const { status, body } = await tokenRequest(sandbox, CONTOSO_TENANT_ID, botCredentials);
  expect(status).toBe(200);
  return body.access_token!;
}

function connector(
  sandbox: RunningSandbox,
  token: string | null,
  method: string,
  route: string,
  body?: unknown,
) {
  return fetch(`${sandbox.botFramework.serviceUrl.replace(/\/$/, '')}${route}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const personalChatWith = (userId: string, tenantId = CONTOSO_TENANT_ID) => ({
  isGroup: false,
  bot: { id: `28:${sandboxBot.appId}` },
  members: [{ id: userId }],
  tenantId,
});

describe('the Bot Framework stand-in', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(() => sandbox.stop());

  it('publishes OpenID metadata and keys shaped like login.botframework.com, with a key of its own', async () => {
    const metadata = (await (await fetch(sandbox.botFramework.openIdMetadataUrl)).json()) as {
      issuer: string;
      jwks_uri: string;
      id_token_signing_alg_values_supported: string[];
    };
    expect(metadata).toMatchObject({
      issuer: BOT_FRAMEWORK_ISSUER,
      id_token_signing_alg_values_supported: ['RS256'],
    });
    expect(metadata.jwks_uri).toBe(
      sandbox.botFramework.openIdMetadataUrl.replace(/openidconfiguration$/, 'keys'),
    );
    const { keys } = (await (await fetch(metadata.jwks_uri)).json()) as {
      keys: { kid: string; kty: string; use: string; endorsements: string[] }[];
    };
    expect(keys).toEqual([
      expect.objectContaining({ kty: 'RSA', use: 'sig', endorsements: ['msteams'] }),
    ]);
    const identityKeys = (await (
      await fetch(`${sandbox.identityUrl}/${CONTOSO_TENANT_ID}/discovery/v2.0/keys`)
    ).json()) as { keys: { kid: string }[] };
    expect(identityKeys.keys.map((key) => key.kid)).not.toContain(keys[0]!.kid);
  });

  it('signs the activities it sends a bot as Bot Framework does, and hands back the bot’s answer', async () => {
    const received: { headers: http.IncomingHttpHeaders; body: Record<string, unknown> }[] = [];
    const bot = http.createServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body: JSON.parse(text) as Record<string, unknown> });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            statusCode: 200,
            type: 'application/vnd.microsoft.activity.message',
            value: 'ok',
          }),
        );
      });
    });
    await new Promise<void>((resolve) => bot.listen(0, '127.0.0.1', () => resolve()));
    try {
      const response = await fetch(`${sandbox.graphUrl}/_sandbox/bot/send`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          endpoint: `http://127.0.0.1:${(bot.address() as AddressInfo).port}/api/messages`,
          tenantId: CONTOSO_TENANT_ID,
          fromUserId: alex.id,
          type: 'invoke',
          name: 'adaptiveCard/action',
          value: { action: { type: 'Action.Execute', verb: 'x', data: {} } },
        }),
      });
      expect(await response.json()).toMatchObject({ status: 200, body: { value: 'ok' } });
      const [{ headers, body }] = received as [(typeof received)[0]];
      const token = headers.authorization!.replace(/^Bearer /, '');
      const claims = decodeJwt(token);
      expect(claims).toMatchObject({
        iss: BOT_FRAMEWORK_ISSUER,
        aud: sandboxBot.appId,
        serviceurl: sandbox.botFramework.serviceUrl,
      });
      expect(claims.exp! - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(600);
      expect(decodeProtectedHeader(token).alg).toBe('RS256');
      expect(body).toMatchObject({
        type: 'invoke',
        name: 'adaptiveCard/action',
        channelId: 'msteams',
        serviceUrl: sandbox.botFramework.serviceUrl,
        from: { aadObjectId: alex.id, name: 'Alex Wilber', id: expect.stringMatching(/^29:/) },
        recipient: { id: `28:${sandboxBot.appId}` },
        conversation: { conversationType: 'personal', tenantId: CONTOSO_TENANT_ID },
        channelData: { tenant: { id: CONTOSO_TENANT_ID } },
      });
    } finally {
      await new Promise<void>((resolve) => bot.close(() => resolve()));
    }
  });

  it('issues the bot’s connector token only for its own secret, scope and home tenant', async () => {
    expect((await tokenRequest(sandbox, CONTOSO_TENANT_ID, botCredentials)).status).toBe(200);
    const wrongSecret = await tokenRequest(sandbox, CONTOSO_TENANT_ID, {
      ...botCredentials,
      client_secret: 'guess',
    });
    expect([wrongSecret.status, wrongSecret.body.error]).toEqual([401, 'invalid_client']);
    const wrongScope = await tokenRequest(sandbox, CONTOSO_TENANT_ID, {
      ...botCredentials,
      scope: 'https://graph.microsoft.com/.default',
    });
    expect([wrongScope.status, wrongScope.body.error]).toEqual([400, 'invalid_scope']);
    const otherTenant = await tokenRequest(sandbox, FABRIKAM_TENANT_ID, botCredentials);
    expect(otherTenant.status).toBe(400);
    expect(otherTenant.body.error_description).toMatch(/^AADSTS700016/);
  });

  it('refuses the connector without the registered bot’s token', async () => {
    const body = personalChatWith(alex.id);
    expect((await connector(sandbox, null, 'POST', '/v3/conversations', body)).status).toBe(401);
    // Another app of the tenant, with a token for the Bot Connector's audience.
    const otherApp = await tokenRequest(sandbox, CONTOSO_TENANT_ID, {
      client_id: sandboxApp.clientId,
      client_secret: sandboxApp.clientSecret,
      scope: 'https://api.botframework.com/.default',
    });
    expect(otherApp.status).toBe(200);
    const refused = await connector(
      sandbox,
      otherApp.body.access_token!,
      'POST',
      '/v3/conversations',
      body,
    );
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({
      message: 'Authorization has been denied for this request.',
    });
    // The bot's token for Graph is not a connector token either.
    const graphToken = await tokenRequest(sandbox, CONTOSO_TENANT_ID, {
      client_id: sandboxApp.clientId,
      client_secret: sandboxApp.clientSecret,
      scope: 'https://graph.microsoft.com/.default',
    });
    expect(
      (await connector(sandbox, graphToken.body.access_token!, 'POST', '/v3/conversations', body))
        .status,
    ).toBe(401);
  });

  it('opens one personal chat per person, posts and updates activities, and shows them on the control API', async () => {
    const token = await botToken(sandbox);
    const created = await connector(
      sandbox,
      token,
      'POST',
      '/v3/conversations',
      personalChatWith(alex.id),
    );
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const again = await connector(
      sandbox,
      token,
      'POST',
      '/v3/conversations',
      personalChatWith(alex.id),
    );
    expect(((await again.json()) as { id: string }).id).toBe(id);
    const members = (await (
      await connector(sandbox, token, 'GET', `/v3/conversations/${encodeURIComponent(id)}/members`)
    ).json()) as { id: string; aadObjectId: string }[];
    expect(members).toEqual([
      expect.objectContaining({ aadObjectId: alex.id, id: expect.stringMatching(/^29:/) }),
    ]);

    const sent = await connector(
      sandbox,
      token,
      'POST',
      `/v3/conversations/${encodeURIComponent(id)}/activities`,
      {
        type: 'message',
        text: 'first',
      },
    );
    expect(sent.status).toBe(201);
    const { id: activityId } = (await sent.json()) as { id: string };
    const updated = await connector(
      sandbox,
      token,
      'PUT',
      `/v3/conversations/${encodeURIComponent(id)}/activities/${encodeURIComponent(activityId)}`,
      { type: 'message', text: 'second' },
    );
    expect(updated.status).toBe(200);
    const { value } = (await (
      await fetch(`${sandbox.graphUrl}/_sandbox/bot/activities?userId=${alex.id}`)
    ).json()) as {
      value: {
        activityId: string;
        activity: { text: string };
        updates: { activity: { text: string } }[];
      }[];
    };
    expect(value).toEqual([
      expect.objectContaining({
        activityId,
        conversationId: id,
        tenantId: CONTOSO_TENANT_ID,
        activity: expect.objectContaining({ text: 'first' }),
        updates: [
          expect.objectContaining({ activity: expect.objectContaining({ text: 'second' }) }),
        ],
      }),
    ]);
    // A chat with someone of another organisation, or a conversation the bot is not in, is refused.
    expect(
      (
        await connector(
          sandbox,
          token,
          'POST',
          '/v3/conversations',
          personalChatWith(alex.id, FABRIKAM_TENANT_ID),
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await connector(sandbox, token, 'POST', '/v3/conversations/a:unknown/activities', {
          type: 'message',
        })
      ).status,
    ).toBe(403);
    const listing = (await (await fetch(`${sandbox.graphUrl}/_sandbox`)).json()) as {
      endpoints: string[];
    };
    expect(listing.endpoints.filter((line) => line.includes('/_sandbox/bot/'))).toHaveLength(2);
  });
});

describe('the Bot Framework signing key', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'throughline-bot-keys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is the same after a restart given the same folder, as the identity key is', async () => {
    const kidsOf = async (sandbox: RunningSandbox) =>
      (
        (await (
          await fetch(
            sandbox.botFramework.openIdMetadataUrl.replace(/openidconfiguration$/, 'keys'),
          )
        ).json()) as {
          keys: { kid: string }[];
        }
      ).keys.map((key) => key.kid);
    const first = await startTestSandbox({ keysDir: dir });
    const kids = await kidsOf(first);
    await first.stop();
    const second = await startTestSandbox({ keysDir: dir });
    try {
      expect(await kidsOf(second)).toEqual(kids);
    } finally {
      await second.stop();
    }
  });
});
