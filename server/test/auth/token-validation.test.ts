import { generateKeyPair, SignJWT, decodeJwt, UnsecuredJWT } from 'jose';
import { startTestApp, TEST_CLIENT_ID, type TestApp } from '../../../tests/support/app';
import { openTestDatabase } from '../../../tests/support/database';
import { personId, seedPeople, tokenFor } from '../../../tests/support/okr-api';

describe('bearer token validation', () => {
  const database = openTestDatabase('auth');
  let app: TestApp;
  beforeAll(async () => {
    await seedPeople(database);
    app = await startTestApp(database);
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const getMe = (token?: string) =>
    fetch(`${app.url}/api/me`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('accepts a sandbox token for a demo person and knows who they are', async () => {
    const response = await getMe(await tokenFor('Diego Siciliani'));
    expect(response.status).toBe(200);
    const me = (await response.json()) as {
      person: { id: string; displayName: string };
      isAdmin: boolean;
    };
    expect(me.person).toMatchObject({
      id: personId('Diego Siciliani'),
      displayName: 'Diego Siciliani',
    });
    expect(me.isAdmin).toBe(false);
  });

  it('refuses a request without a token with 401 and the JSON error shape', async () => {
    const response = await getMe();
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: {
        code: 'unauthenticated',
        message: 'Sign in first: the request has no bearer token.',
      },
    });
  });

  it('refuses an expired token', async () => {
    const response = await getMe(await tokenFor('Diego Siciliani', { expiresInSeconds: -300 }));
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
      /expired/,
    );
  });

  it('refuses a token signed with a key that is not the authority’s', async () => {
    const genuine = decodeJwt(await tokenFor('Diego Siciliani'));
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(genuine)
      .setProtectedHeader({ alg: 'RS256', kid: 'forged' })
      .sign(privateKey);
    const response = await getMe(forged);
    expect(response.status).toBe(401);
  });

  it('refuses a token for another audience', async () => {
    const response = await getMe(
      await tokenFor('Diego Siciliani', { audience: 'https://graph.microsoft.com' }),
    );
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
      /aud/,
    );
  });

  it('refuses an unsigned token (alg: none)', async () => {
    const genuine = decodeJwt(await tokenFor('Diego Siciliani'));
    const unsigned = new UnsecuredJWT(genuine).encode();
    const response = await getMe(unsigned);
    expect(response.status).toBe(401);
  });

  it('refuses a token without the access_as_user scope', async () => {
    const response = await getMe(await tokenFor('Diego Siciliani', { scope: 'User.Read' }));
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
      /access_as_user/,
    );
  });

  it('refuses a token from a tenant that is not allowed when the server is limited to some tenants', async () => {
    const limited = await startTestApp(database, {
      config: { AUTH_ALLOWED_TENANTS: '00000000-0000-4000-8000-000000000000' },
    });
    try {
      const response = await fetch(`${limited.url}/api/me`, {
        headers: { authorization: `Bearer ${await tokenFor('Diego Siciliani')}` },
      });
      expect(response.status).toBe(401);
    } finally {
      await limited.close();
    }
  });

  it('accepts the api:// form of the audience as Entra ID v1 tokens carry it', async () => {
    const token = await tokenFor('Diego Siciliani', {
      audience: `api://localhost:3978/${TEST_CLIENT_ID}`,
    });
    const local = await startTestApp(database, { config: { PUBLIC_URL: 'http://localhost:3978' } });
    try {
      expect(
        (await fetch(`${local.url}/api/me`, { headers: { authorization: `Bearer ${token}` } }))
          .status,
      ).toBe(200);
    } finally {
      await local.close();
    }
  });

  it('never writes the token into the logs', async () => {
    const lines: string[] = [];
    const { createLogger } = await import('../../src/platform/log/logger');
    const log = createLogger('info', { write: (line: string) => lines.push(line) } as never);
    const token = await tokenFor('Diego Siciliani');
    log.info(
      { req: { headers: { authorization: `Bearer ${token}` } }, accessToken: token },
      'request',
    );
    expect(lines.join('\n')).not.toContain(token.slice(20, 60));
    expect(lines.join('\n')).toContain('[redacted]');
  });
});

describe('a person’s first requests', () => {
  const database = openTestDatabase('firstcall');
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(database);
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('record them once even when several arrive at the same time, before any org sync', async () => {
    const token = await tokenFor('Johanna Lorenz');
    const responses = await Promise.all(
      Array.from({ length: 6 }, () =>
        fetch(`${app.url}/api/me`, { headers: { authorization: `Bearer ${token}` } }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(
      await database.db
        .collection('people')
        .countDocuments({ _id: personId('Johanna Lorenz') as never }),
    ).toBe(1);
  });
});
