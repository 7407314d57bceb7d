/**
 * Graph's Retry-After holds the server's other calls to the same mailbox, through the real
 * path: the sandbox Graph answers one mailbox's reads 429 with a Retry-After longer than the
 * server waits; the attaches that follow fail at once with 503 without reaching Graph, and
 * another mailbox of the same tenant, and another tenant, are not held.
 */
import { ApiError, type ApiClient } from '@throughline/contracts';
import { CONTOSO_TENANT_ID, findSeedMessages } from '@throughline/sandbox';
import { ThrottleGate, throttleScope } from '../../src/platform/graph/throttle-gate';
import { startTestApp, type TestApp } from '../../../tests/support/app';
import { openTestDatabase } from '../../../tests/support/database';
import { clientFor, personId, seedPeople } from '../../../tests/support/okr-api';

const graphUrl = () => process.env.TEST_GRAPH_URL!;
const control = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${graphUrl()}/_sandbox${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`sandbox ${method} ${path}: ${response.status}`);
  return response.status === 204 ? null : ((await response.json()) as Record<string, unknown>);
};
const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const day = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('a Retry-After from Graph holds the calls that would meet the same limit', () => {
  const database = openTestDatabase('throttlegate');
  let app: TestApp;
  let diego: ApiClient;
  let isaiah: ApiClient;
  const keyResults = new Map<string, string>();
  const diegos = findSeedMessages(CONTOSO_TENANT_ID, personId('Diego Siciliani')).slice(0, 8);
  let fault: string;

  /** How many requests Graph received for these messages. */
  const graphRequestsFor = async (ids: string[]) => {
    const byPath = (await control('GET', '/requests'))!.byPath as Record<string, number>;
    const stems = ids.map((id) => id.replace(/=+$/, ''));
    return Object.entries(byPath)
      .filter(([path]) => stems.some((stem) => path.includes(stem)))
      .reduce((sum, [, count]) => sum + count, 0);
  };

  const attach = (client: ApiClient, owner: string, messageId: string) =>
    client.evidence
      .attachEmail({ target: { kind: 'keyResult', id: keyResults.get(owner)! }, messageId })
      .then(
        () => 'attached',
        (error: unknown) =>
          error instanceof ApiError ? `${error.status} ${error.code}` : String(error),
      );

  beforeAll(async () => {
    await seedPeople(database);
    app = await startTestApp(database);
    const megan = clientFor(app.url, 'Megan Bowen');
    diego = clientFor(app.url, 'Diego Siciliani');
    isaiah = clientFor(app.url, 'Isaiah Langer');
    const cycle = await megan.cycles.create({ name: 'Q', startsOn: day(-30), endsOn: day(60) });
    for (const [name, client] of [
      ['Diego Siciliani', diego],
      ['Isaiah Langer', isaiah],
    ] as const) {
      const objective = await client.objectives.create({ cycleId: cycle.id, title: 'Renewals' });
      const keyResult = await client.keyResults.create({
        objectiveId: objective.id,
        title: 'Renewed',
        metric: { kind: 'number', start: 0, target: 10 },
      });
      keyResults.set(name, keyResult.id);
    }
    // Diego's mailbox is throttled for a minute: longer than the server waits (30 s).
    fault = String(
      (await control('POST', '/faults', {
        pathPattern: diegos.map((message) => escapeRegex(message.id.replace(/=+$/, ''))).join('|'),
        status: 429,
        retryAfterSeconds: 60,
      }))!.id,
    );
  });
  afterAll(async () => {
    await control('DELETE', `/faults/${fault}`);
    await app.close();
    await database.close();
  });

  it('answers the first calls 503 after Graph’s 429, and the next ones without asking Graph', async () => {
    // Other files share the sandbox and its counts (some attach these very messages): deltas.
    const first = diegos.slice(0, 4).map((message) => message.id);
    const next = diegos.slice(4).map((message) => message.id);
    const [firstBefore, nextBefore] = [await graphRequestsFor(first), await graphRequestsFor(next)];
    const firstWave = await Promise.all(first.map((id) => attach(diego, 'Diego Siciliani', id)));
    expect(firstWave).toEqual(first.map(() => '503 graph_unavailable'));
    // Each asked once: a Retry-After longer than the server waits is not retried.
    const asked = (await graphRequestsFor(first)) - firstBefore;
    expect(asked).toBeGreaterThan(0);
    expect(asked).toBeLessThanOrEqual(first.length);

    const started = Date.now();
    const secondWave = await Promise.all(next.map((id) => attach(diego, 'Diego Siciliani', id)));
    expect(secondWave).toEqual(next.map(() => '503 graph_unavailable'));
    expect((await graphRequestsFor(next)) - nextBefore).toBe(0);
    // Held, not waited for: the answers came at once (well under Graph's minute).
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('does not hold another mailbox of the same tenant', async () => {
    const isaiahs = findSeedMessages(CONTOSO_TENANT_ID, personId('Isaiah Langer'))[0]!;
    expect(await attach(isaiah, 'Isaiah Langer', isaiahs.id)).toBe('attached');
  });
});

describe('where a Retry-After applies', () => {
  it('is the mailbox or drive a call reads, else the tenant, and never another tenant', () => {
    const scopes = [
      throttleScope('t1', 'https://graph.microsoft.com/v1.0/me/messages/abc', 'u1'),
      throttleScope('t1', 'https://graph.microsoft.com/v1.0/users/U1/calendarView?x=1', null),
      throttleScope('t1', '/users/u1/messages', null),
      throttleScope('t1', '/drives/d1/items/i1', 'u1'),
      throttleScope('t1', '/users/delta', null),
      throttleScope('t1', '/subscriptions', null),
      throttleScope('t2', '/me/messages/abc', 'u1'),
    ];
    expect(scopes).toEqual([
      't1|user:u1',
      't1|user:u1',
      't1|user:u1',
      't1|drive:d1',
      't1|tenant',
      't1|tenant',
      't2|user:u1',
    ]);
  });

  it('holds a scope until the latest Retry-After given for it has passed', () => {
    let now = 1_000;
    const gate = new ThrottleGate(() => now);
    gate.hold('t1|user:u1', 5_000);
    gate.hold('t1|user:u1', 2_000);
    expect(gate.waitMs('t1|user:u1')).toBe(5_000);
    expect(gate.waitMs('t1|user:u2')).toBe(0);
    now += 5_000;
    expect(gate.waitMs('t1|user:u1')).toBe(0);
  });
});
