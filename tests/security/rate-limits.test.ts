/**
 * Rate limits: a person, their tenant as a whole, and the callers of the Graph webhook and of
 * the bot's messaging endpoint each get a
 * budget per minute; beyond it the answer is 429 `rate_limited` with `Retry-After` and the
 * IETF `RateLimit` headers, and the next person or tenant is not affected.
 */
import { startTestApp, type TestApp } from '../support/app';
import { openTestDatabase } from '../support/database';
import { seedPeople, tokenFor } from '../support/okr-api';

describe('rate limits', () => {
  const database = openTestDatabase('ratelimits');
  let app: TestApp;

  const get = async (name: string | null, path = '/api/me') => {
    const response = await fetch(`${app.url}${path}`, {
      headers: name ? { authorization: `Bearer ${await tokenFor(name)}` } : {},
    });
    const body = (await response.json()) as { error?: { code: string; message: string } };
    return { status: response.status, headers: response.headers, body };
  };
  const times = async <T>(count: number, run: () => Promise<T>) => {
    const answers: T[] = [];
    for (let index = 0; index < count; index += 1) answers.push(await run());
    return answers;
  };

  beforeAll(async () => {
    await seedPeople(database);
    app = await startTestApp(database, {
      config: {
        RATE_LIMIT_PERSON_PER_MINUTE: '5',
        RATE_LIMIT_TENANT_PER_MINUTE: '8',
        RATE_LIMIT_WEBHOOK_PER_MINUTE: '3',
        RATE_LIMIT_BOT_PER_MINUTE: '3',
      },
    });
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('gives a person their budget, then 429 with Retry-After, without touching the next tenant', async () => {
    // Requests without a token are refused before they are counted against anyone.
    expect((await times(6, () => get(null))).map((answer) => answer.status)).toEqual(
      Array(6).fill(401),
    );
    const diego = await times(6, () => get('Diego Siciliani'));
    expect(diego.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 429]);
    const refused = diego[5]!;
    expect(refused.body.error).toMatchObject({ code: 'rate_limited' });
    expect(refused.body.error!.message).toMatch(/Too many requests from you/);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get('ratelimit-policy')).toBe('5;w=60');
    expect(diego[0]!.headers.get('ratelimit')).toMatch(/^limit=5, remaining=4, reset=\d+$/);

    // Isaiah, of the same tenant, has his own budget, but the tenant's (8) runs out first.
    const isaiah = await times(4, () => get('Isaiah Langer'));
    expect(isaiah.map((answer) => answer.status)).toEqual([200, 200, 200, 429]);
    expect(isaiah[3]!.body.error!.message).toMatch(/from your organisation/);

    // Another tenant is not affected.
    expect((await get('Sara Davis')).status).toBe(200);
  });

  it('limits the Graph webhook by the address that posts to it', async () => {
    const post = () =>
      fetch(`${app.url}/api/graph/notifications`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ value: [] }),
      });
    const statuses = (await times(4, post)).map((response) => response.status);
    expect(statuses.slice(0, 3).every((status) => status !== 429)).toBe(true);
    expect(statuses[3]).toBe(429);
    const fifth = await post();
    expect(fifth.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await fifth.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
  });

  it('limits the bot’s messaging endpoint by the address that posts to it', async () => {
    const post = () =>
      fetch(`${app.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', text: 'hello' }),
      });
    const statuses = (await times(4, post)).map((response) => response.status);
    // Unsigned activities are refused, and they count: a flood is cut off before any check.
    expect(statuses.slice(0, 3).every((status) => status !== 429 && status >= 400)).toBe(true);
    expect(statuses[3]).toBe(429);
    const fifth = await post();
    expect(fifth.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await fifth.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
  });
});
