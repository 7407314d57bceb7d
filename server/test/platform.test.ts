import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFerretDb } from '../../scripts/lib/ferretdb';
import { findFreePort } from '../../scripts/lib/ports';
import { openDatabase } from '../src/platform/db/database';
import { startTestApp, type TestApp } from '../../tests/support/app';
import { openTestDatabase } from '../../tests/support/database';
import { tokenFor } from '../../tests/support/okr-api';

describe('the server platform', () => {
  const database = openTestDatabase('platform');
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(database);
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('answers /healthz while the process is alive', async () => {
    const response = await fetch(`${app.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz 200 when the database answers', async () => {
    const response = await fetch(`${app.url}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ready', database: 'up' });
  });

  it('answers an unknown route with the JSON error shape, not an HTML page', async () => {
    const response = await fetch(`${app.url}/no-such-page`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect(await response.json()).toEqual({
      error: { code: 'route_not_found', message: 'No route for GET /no-such-page.' },
    });
  });

  it('answers an unknown API route 404 to a signed-in caller and 401 to anyone else, both as JSON', async () => {
    const signedIn = await fetch(`${app.url}/api/no-such-thing`, {
      headers: { authorization: `Bearer ${await tokenFor('Diego Siciliani')}` },
    });
    expect(signedIn.status).toBe(404);
    expect(await signedIn.json()).toEqual({
      error: { code: 'route_not_found', message: 'No route for GET /api/no-such-thing.' },
    });
    const anonymous = await fetch(`${app.url}/api/no-such-thing`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe(
      'unauthenticated',
    );
  });

  it('answers a method a declared path does not take with 405 and the methods it does take', async () => {
    const authorization = `Bearer ${await tokenFor('Diego Siciliani')}`;
    const answers = await Promise.all(
      [
        ['DELETE', '/api/key-results/000000000000000000000001'],
        ['PUT', '/api/my-okrs'],
        ['POST', '/api/key-results/000000000000000000000001/check-ins/'],
        // A literal path is its own resource, not an id of the one beside it.
        ['DELETE', '/api/evidence/by-message'],
      ].map(async ([method, route]) => {
        const response = await fetch(`${app.url}${route}`, {
          method,
          headers: { authorization },
        });
        return [
          response.status,
          response.headers.get('allow'),
          ((await response.json()) as { error: { code: string } }).error.code,
        ];
      }),
    );
    expect(answers).toEqual([
      [405, 'GET, HEAD, PATCH', 'method_not_allowed'],
      [405, 'GET, HEAD', 'method_not_allowed'],
      // A declared method on a declared path is the endpoint's to answer (here: a body it refuses).
      [400, null, 'validation_failed'],
      [405, 'GET, HEAD', 'method_not_allowed'],
    ]);
  });

  it('answers OPTIONS with the methods of the path’s own resource', async () => {
    const response = await fetch(`${app.url}/api/evidence/by-message`, {
      method: 'OPTIONS',
      headers: { authorization: `Bearer ${await tokenFor('Diego Siciliani')}` },
    });
    expect([response.status, response.headers.get('allow')]).toEqual([204, 'GET, HEAD']);
  });

  it('refuses text holding NUL with 400 and the field it is in', async () => {
    const response = await fetch(`${app.url}/api/objectives`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await tokenFor('Diego Siciliani')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ cycleId: '000000000000000000000001', title: 'Grow\u0000' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { code: 'validation_failed', details: [{ path: 'body.title' }] },
    });
  });

  it('answers a malformed JSON body with 400 malformed_json and no stack trace', async () => {
    const response = await fetch(`${app.url}/api/objectives`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"title": "Grow',
    });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body).toEqual({
      error: { code: 'malformed_json', message: 'The request body is not valid JSON.' },
    });
    expect(JSON.stringify(body)).not.toMatch(/at .*\.js/);
  });

  it('refuses a body over the JSON limit with 413', async () => {
    const response = await fetch(`${app.url}/api/objectives`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'x'.repeat(300 * 1024) }),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'payload_too_large',
    );
  });

  it('sends a request id and a CSP that lets only Teams and Outlook frame the pages', async () => {
    const response = await fetch(`${app.url}/healthz`, {
      headers: { 'x-request-id': 'trace-12345678' },
    });
    expect(response.headers.get('x-request-id')).toBe('trace-12345678');
    const csp = response.headers.get('content-security-policy') ?? '';
    const ancestors = /frame-ancestors ([^;]+)/.exec(csp)?.[1]?.split(' ');
    expect(ancestors).toEqual([
      'https://teams.microsoft.com',
      'https://*.teams.microsoft.com',
      'https://*.office.com',
      'https://outlook.office.com',
      'https://outlook.office365.com',
      'https://*.cloud.microsoft',
    ]);
    expect(/script-src ([^;]+)/.exec(csp)?.[1]?.split(' ')).toEqual([
      "'self'",
      'https://res.cdn.office.net',
      'https://appsforoffice.microsoft.com',
    ]);
  });

  it('lets the development host (the sandbox workbench) frame the pages and serve their Office.js when configured', async () => {
    const withHost = await startTestApp(database, {
      config: { DEV_HOST_URL: 'http://127.0.0.1:4010/' },
    });
    try {
      const csp = (await fetch(`${withHost.url}/healthz`)).headers.get('content-security-policy');
      expect(/frame-ancestors ([^;]+)/.exec(csp ?? '')?.[1]?.split(' ')).toContain(
        'http://127.0.0.1:4010',
      );
      expect(/script-src ([^;]+)/.exec(csp ?? '')?.[1]?.split(' ')).toContain(
        'http://127.0.0.1:4010',
      );
    } finally {
      await withHost.close();
    }
  });
});

describe('the database connection', () => {
  it('writes documents through the driver and reads them back', async () => {
    const database = openTestDatabase('roundtrip');
    try {
      const people = database.db.collection<{ _id: string; tenantId: string; name: string }>(
        'people',
      );
      await people.insertMany([
        { _id: 'p1', tenantId: 't1', name: 'Ada' },
        { _id: 'p2', tenantId: 't1', name: 'Grace' },
      ]);
      const found = await people.find({ tenantId: 't1' }).sort({ name: -1 }).toArray();
      expect(found.map((person) => person.name)).toEqual(['Grace', 'Ada']);
    } finally {
      await database.close();
    }
  });

  it('reports 503 on /readyz when the database stops and 200 again when it is back, without a restart', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'throughline-readyz-'));
    const port = await findFreePort();
    // A database of its own to stop: FerretDB's SQLite handler, which starts in Jest's
    // CommonJS runtime (the embedded PostgreSQL package is ESM only). What is tested is the
    // server's side of the outage, the same whichever backend goes away.
    let ferret = await startFerretDb({ dataDir, port, quiet: true, backend: 'sqlite' });
    const database = openDatabase(ferret.uri, 'readyz');
    const app = await startTestApp(database, { config: { MONGODB_URI: ferret.uri } });
    try {
      expect((await fetch(`${app.url}/readyz`)).status).toBe(200);
      await ferret.stop();
      const downAt = Date.now();
      let status = 200;
      while (status === 200 && Date.now() - downAt < 10000)
        status = (await fetch(`${app.url}/readyz`)).status;
      expect(status).toBe(503);
      expect(
        ((await (await fetch(`${app.url}/readyz`)).json()) as { database: string }).database,
      ).toBe('down');
      // A request meanwhile says whose fault it is and when to come back, in the error shape.
      const answer = await fetch(`${app.url}/api/cycles`, {
        headers: { authorization: `Bearer ${await tokenFor('Megan Bowen')}` },
      });
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('5');
      expect(((await answer.json()) as { error: { code: string } }).error.code).toBe(
        'database_unavailable',
      );

      ferret = await startFerretDb({ dataDir, port, quiet: true, backend: 'sqlite' });
      const upAt = Date.now();
      while (status !== 200 && Date.now() - upAt < 20000) {
        status = (await fetch(`${app.url}/readyz`)).status;
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(status).toBe(200);
    } finally {
      await app.close();
      await database.close();
      await ferret.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
