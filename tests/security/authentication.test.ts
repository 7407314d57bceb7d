/**
 * Every signed-in operation of the OpenAPI document refuses a request that is not signed in
 * properly — no token, an expired one, one for another audience, from another issuer (same
 * signing key, another authority), from a tenant this deployment does not serve, without the
 * API's scope, unsigned (`alg: none`), signed by another key with the authority's key id, or
 * not a JWT at all — with 401, the JSON error shape and RFC 6750's `WWW-Authenticate`
 * challenge, and writes nothing. A token is valid until the authority's keys cannot be
 * fetched: then the answer is 503, not "sign in again".
 *
 * The file starts sandboxes of its own: one whose tokens the server trusts, and an impostor
 * with the same signing key at another address.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import {
  CONTOSO_TENANT_ID,
  findSeedPersonByName,
  startSandbox,
  type RunningSandbox,
} from '@throughline/sandbox';
import { openApiDocument } from '../../server/src/platform/http/openapi';
import { startTestApp, type TestApp } from '../support/app';
import { openTestDatabase } from '../support/database';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const diego = findSeedPersonByName('Diego Siciliani');
const sara = findSeedPersonByName('Sara Davis');

interface Operation {
  method: string;
  path: string;
}

describe('authentication on every API route', () => {
  const database = openTestDatabase('authsweep');
  const keysDir = mkdtempSync(path.join(os.tmpdir(), 'throughline-auth-keys-'));
  let sandbox: RunningSandbox;
  let impostor: RunningSandbox;
  let app: TestApp;
  let operations: Operation[];
  const badTokens: Record<string, string | null> = {};
  const logLines: string[] = [];
  let validToken = '';

  async function countDocuments(): Promise<Record<string, number>> {
    const collections = await database.db.listCollections().toArray();
    const counts: Record<string, number> = {};
    for (const { name } of collections)
      counts[name] = await database.db.collection(name).countDocuments();
    return counts;
  }

  function call(operation: Operation, token: string | null) {
    const url = `${app.url}${operation.path.replace(/\{[^}]+\}/g, '000000000000000000000001')}`;
    const hasBody = ['post', 'put', 'patch'].includes(operation.method);
    return fetch(url, {
      method: operation.method.toUpperCase(),
      headers: {
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        ...(hasBody ? { 'content-type': 'application/json' } : {}),
      },
      body: hasBody ? '{}' : undefined,
    });
  }

  beforeAll(async () => {
    sandbox = await startSandbox({ keysDir });
    impostor = await startSandbox({ keysDir });
    app = await startTestApp(database, {
      config: {
        AUTH_AUTHORITY: sandbox.identityUrl,
        GRAPH_BASE_URL: sandbox.graphUrl,
        AUTH_ALLOWED_TENANTS: CONTOSO_TENANT_ID,
        LOG_LEVEL: 'debug',
      },
      logDestination: { write: (line: string) => logLines.push(line) },
    });
    const document = openApiDocument(app.url) as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    operations = Object.entries(document.paths).flatMap(([route, item]) =>
      METHODS.filter((method) => item[method] && item[method].security?.length !== 0).map(
        (method) => ({ method, path: route }),
      ),
    );

    const valid = await sandbox.identity.issueUserToken({
      tenantId: diego.tenantId,
      userId: diego.id,
    });
    validToken = valid;
    const claims = decodeJwt(valid);
    const { kid } = decodeProtectedHeader(valid);
    const otherKey = await generateKeyPair('RS256');
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    Object.assign(badTokens, {
      'no token': null,
      expired: await sandbox.identity.issueUserToken({
        tenantId: diego.tenantId,
        userId: diego.id,
        expiresInSeconds: -3600,
      }),
      'another audience': await sandbox.identity.issueUserToken({
        tenantId: diego.tenantId,
        userId: diego.id,
        audience: 'api://0f0e0d0c-0b0a-4908-8706-050403020100',
      }),
      'another issuer with the same key': await impostor.identity.issueUserToken({
        tenantId: diego.tenantId,
        userId: diego.id,
      }),
      'a tenant this deployment does not serve': await sandbox.identity.issueUserToken({
        tenantId: sara.tenantId,
        userId: sara.id,
      }),
      'no access_as_user scope': await sandbox.identity.issueUserToken({
        tenantId: diego.tenantId,
        userId: diego.id,
        scope: 'User.Read',
      }),
      'alg none': `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`,
      'another key under the authority’s key id': await new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
        .sign(otherKey.privateKey),
      'not a JWT': 'not-a-jwt',
    });
    // The control: the same request with the valid token is served.
    const me = await fetch(`${app.url}/api/me`, { headers: { authorization: `Bearer ${valid}` } });
    expect(me.status).toBe(200);
  });
  afterAll(async () => {
    await app?.close();
    await sandbox?.stop();
    await impostor?.stop();
    await database.close();
    rmSync(keysDir, { recursive: true, force: true });
  });

  it('covers the whole API', () => {
    expect(operations.length).toBeGreaterThan(50);
    expect(operations).toContainEqual({ method: 'post', path: '/api/key-results/{id}/check-ins' });
  });

  it('answers 401 with a Bearer challenge on every route, for every bad token, and writes nothing', async () => {
    const before = await countDocuments();
    const wrong: string[] = [];
    let refused = 0;
    for (const [label, token] of Object.entries(badTokens)) {
      for (const operation of operations) {
        const response = await call(operation, token);
        const body = (await response.json()) as { error?: { code?: string } };
        const challenge = response.headers.get('www-authenticate') ?? '';
        const isHardened =
          response.headers.get('x-content-type-options') === 'nosniff' &&
          !!response.headers.get('content-security-policy') &&
          response.headers.get('referrer-policy') === 'no-referrer' &&
          !response.headers.has('x-powered-by');
        const expected =
          token === null
            ? challenge === 'Bearer realm="Throughline"'
            : challenge.startsWith('Bearer realm="Throughline", error="invalid_token"');
        if (
          response.status !== 401 ||
          body.error?.code !== 'unauthenticated' ||
          !expected ||
          !isHardened
        )
          wrong.push(
            `${label}: ${operation.method} ${operation.path} → ${response.status} ${challenge}`,
          );
        else refused += 1;
      }
    }
    expect(wrong).toEqual([]);
    expect(refused).toBe(operations.length * Object.keys(badTokens).length);
    expect(await countDocuments()).toEqual(before);
  });

  it('writes no token, nor any part of one, to the log of refused requests', () => {
    // Every refused request was logged (so this reads real lines), and none carries a token.
    const refusedLines = logLines.filter((line) => line.includes('"statusCode":401'));
    expect(refusedLines.length).toBeGreaterThanOrEqual(operations.length);
    const secrets = [validToken, ...Object.values(badTokens)]
      .filter((token): token is string => !!token && token.includes('.'))
      .flatMap((token) => token.split('.').filter((part) => part.length > 20));
    const leaks = logLines.filter((line) => secrets.some((secret) => line.includes(secret)));
    expect(leaks).toEqual([]);
  });

  it('says why a token was refused in the challenge', async () => {
    const response = await call({ method: 'get', path: '/api/me' }, badTokens.expired!);
    expect(response.headers.get('www-authenticate')).toBe(
      'Bearer realm="Throughline", error="invalid_token", error_description="The access token was refused: it has expired."',
    );
  });

  it('answers 503 without a challenge when the authority’s signing keys cannot be fetched', async () => {
    const unreachable = await startTestApp(database, {
      config: { AUTH_AUTHORITY: 'http://127.0.0.1:9', AUTH_ALLOWED_TENANTS: CONTOSO_TENANT_ID },
    });
    try {
      const token = await sandbox.identity.issueUserToken({
        tenantId: diego.tenantId,
        userId: diego.id,
      });
      const response = await fetch(`${unreachable.url}/api/me`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(503);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        'upstream_unavailable',
      );
      expect(response.headers.get('www-authenticate')).toBeNull();
    } finally {
      await unreachable.close();
    }
  });
});
