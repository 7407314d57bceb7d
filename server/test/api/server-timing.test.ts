/**
 * Every answer says in `Server-Timing` how many database commands the request sent and
 * how long they took: for reads, for writes with a JSON body, and zero for what needs no
 * database. (The figures are printed by the benchmark; nothing here depends on a timing.)
 */
import { createLogger } from '../../src/platform/log/logger';
import { startTestApp, type TestApp } from '../../../tests/support/app';
import { openTestDatabase } from '../../../tests/support/database';
import { clientFor, seedPeople, tokenFor } from '../../../tests/support/okr-api';

const timingOf = (response: Response) => {
  const header = response.headers.get('server-timing') ?? '';
  const match = /^db;dur=(\d+(?:\.\d+)?);desc="(\d+) commands"$/.exec(header);
  if (!match) throw new Error(`no database timing in "${header}"`);
  return { ms: Number(match[1]), commands: Number(match[2]) };
};

describe('database timing of a request', () => {
  const database = openTestDatabase('servertiming');
  let app: TestApp;
  let token: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    await seedPeople(database);
    const sink = { write: (line: string) => void logLines.push(line) };
    app = await startTestApp(database, { deps: { log: createLogger('info', sink) } });
    token = await tokenFor('Megan Bowen');
    // The first request records the caller; the counts below are of steady requests.
    await clientFor(app.url, 'Megan Bowen').me();
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${app.url}/api${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, ...(init.headers ?? {}) },
    });

  it('counts the commands of a read', async () => {
    const response = await call('/cycles');
    expect(response.status).toBe(200);
    expect(timingOf(response).commands).toBeGreaterThan(0);
  });

  it('counts the commands of a write that carries a JSON body', async () => {
    const response = await call('/cycles', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'FY27 Q3', startsOn: '2027-01-01', endsOn: '2027-03-31' }),
    });
    expect(response.status).toBe(201);
    expect(timingOf(response).commands).toBeGreaterThan(1);
  });

  it('keeps each request’s count its own when requests overlap', async () => {
    const [cycles, clientConfig] = await Promise.all([
      call('/cycles'),
      fetch(`${app.url}/api/client-config`),
    ]);
    expect(timingOf(clientConfig)).toEqual({ ms: 0, commands: 0 });
    expect(timingOf(cycles).commands).toBeGreaterThan(0);
  });

  it('says so for an error too', async () => {
    const response = await call('/objectives/000000000000000000000000');
    expect(response.status).toBe(404);
    expect(timingOf(response).commands).toBeGreaterThan(0);
  });

  it('lists in the request log the commands the request sent, by name and collection, never values', async () => {
    logLines.length = 0;
    const response = await call('/objectives/000000000000000000000000');
    const { commands } = timingOf(response);
    // The line is written when the answer has been handed to the socket: wait for it.
    const find = () =>
      logLines
        .map(
          (line) =>
            JSON.parse(line) as {
              req?: { url?: string };
              db?: { commands: number; sent: string[]; sentMs: number[] };
            },
        )
        .find((entry) => entry.req?.url === '/api/objectives/000000000000000000000000' && entry.db);
    let logged = find();
    for (let attempt = 0; !logged && attempt < 50; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      logged = find();
    }
    expect(logged?.db?.commands).toBe(commands);
    expect(logged?.db?.sent).toHaveLength(commands);
    expect(logged?.db?.sent).toContain('find objectives');
    // Beside each command, how long it took: where a slow request spent its time.
    expect(logged?.db?.sentMs).toHaveLength(commands);
    for (const ms of logged!.db!.sentMs) expect(ms).toBeGreaterThanOrEqual(0);
    expect(logLines.join('\n')).not.toContain(token);
  });
});
