/**
 * Hostile input in every field: each property of every request body in the OpenAPI document
 * gets operator objects, `$`-keys, dotted keys, prototype keys, a huge string and deep
 * nesting; every body as a whole gets the same at its top; every query parameter gets
 * operator brackets and repeats. Every answer is a 4xx with the JSON error shape — never a
 * 5xx — and no document changes.
 */
import { openApiDocument, queryParameterNames } from '../../server/src/platform/http/openapi';
import { startTestApp, type TestApp } from '../support/app';
import { openTestDatabase, storedDocuments } from '../support/database';
import { clientFor, seedPeople, tokenFor } from '../support/okr-api';

interface OperationDoc {
  parameters?: Parameters<typeof queryParameterNames>[0];
  requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
}

const ID = '000000000000000000000001';
const nested = (depth: number): unknown => {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level += 1) value = { a: value };
  return value;
};
/** What an attacker puts where a value goes. */
const hostileValues: Record<string, unknown> = {
  'an operator object': { $gt: '' },
  'a $where': { $where: 'sleep(1000)' },
  'a $-key inside an object': { title: 'x', $set: { ownerId: 'me' } },
  'a dotted key': { 'owner.id': 'me' },
  'a prototype key': JSON.parse('{"__proto__": {"isAdmin": true}}'),
  'a constructor key': { constructor: { prototype: { isAdmin: true } } },
  'a huge string': 'x'.repeat(300_000),
  'deep nesting': nested(2_000),
};

describe('hostile input in every field', () => {
  const database = openTestDatabase('injection');
  let app: TestApp;
  let token: string;
  let cycleId: string;

  async function send(method: string, path: string, body?: string) {
    const response = await fetch(`${app.url}${path}`, {
      method: method.toUpperCase(),
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body,
    });
    const text = await response.text();
    let code: unknown;
    try {
      code = (JSON.parse(text) as { error?: { code?: unknown } }).error?.code;
    } catch {
      code = undefined;
    }
    return { status: response.status, code };
  }

  const operations = () =>
    Object.entries(
      (
        openApiDocument('http://localhost') as {
          paths: Record<string, Record<string, OperationDoc>>;
        }
      ).paths,
    ).flatMap(([route, item]) =>
      Object.entries(item).map(([method, operation]) => ({
        method,
        path: route.replace(/\{\w+\}/g, ID).replace('/cycles/' + ID, `/cycles/${cycleId}`),
        operation,
      })),
    );

  beforeAll(async () => {
    await seedPeople(database);
    app = await startTestApp(database);
    token = await tokenFor('Megan Bowen');
    const megan = clientFor(app.url, 'Megan Bowen');
    const day = (offset: number) =>
      new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    cycleId = (
      await megan.cycles.create({ name: 'This quarter', startsOn: day(-30), endsOn: day(60) })
    ).id;
    await megan.objectives.create({ cycleId, title: 'Something to find' });
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const isRefusal = ({ status, code }: { status: number; code: unknown }) =>
    status >= 400 && status < 500 && typeof code === 'string';

  it('refuses hostile values in every body property and at the top of every body, and writes nothing', async () => {
    const before = await storedDocuments(database.db);
    const failures: string[] = [];
    let calls = 0;
    for (const { method, path, operation } of operations()) {
      const properties = operation.requestBody?.content?.['application/json']?.schema?.properties;
      if (!properties) continue;
      const bodies: [string, string][] = [];
      for (const name of Object.keys(properties))
        for (const [label, value] of Object.entries(hostileValues))
          bodies.push([`${name} = ${label}`, JSON.stringify({ [name]: value })]);
      for (const [label, value] of Object.entries(hostileValues))
        if (typeof value === 'object') bodies.push([`the body = ${label}`, JSON.stringify(value)]);
      bodies.push(['an array body', '[{"$gt": ""}]']);
      for (const [label, body] of bodies) {
        const answer = await send(method, path, body);
        calls += 1;
        if (!isRefusal(answer))
          failures.push(
            `${method.toUpperCase()} ${path} with ${label}: ${answer.status} ${String(answer.code)}`,
          );
      }
    }
    expect(failures).toEqual([]);
    expect(calls).toBeGreaterThan(900);
    expect(await storedDocuments(database.db)).toEqual(before);
  }, 300_000);

  it('refuses operator brackets, prototype keys and repeats in every query parameter, and writes nothing', async () => {
    const before = await storedDocuments(database.db);
    const failures: string[] = [];
    let calls = 0;
    for (const { method, path, operation } of operations()) {
      if (method !== 'get') continue;
      const names = queryParameterNames(operation.parameters);
      for (const name of names)
        for (const query of [
          `${name}[$ne]=x`,
          `${name}[$regex]=.*`,
          `${name}=a&${name}=b`,
          `${name}[__proto__][isAdmin]=1`,
          `${name}=${'x'.repeat(10_000)}`,
        ]) {
          const answer = await send('get', `${path}?${query}`);
          calls += 1;
          // A repeated or over-long parameter may be refused, or (for free text) answered empty.
          if (answer.status >= 500 || (answer.status >= 400 && typeof answer.code !== 'string'))
            failures.push(
              `GET ${path}?${query.slice(0, 60)}: ${answer.status} ${String(answer.code)}`,
            );
          if (/\[\$|__proto__/.test(query) && !isRefusal(answer))
            failures.push(`GET ${path}?${query}: ${answer.status}, not refused`);
        }
    }
    expect(failures).toEqual([]);
    expect(calls).toBeGreaterThan(50);
    expect(await storedDocuments(database.db)).toEqual(before);
  }, 300_000);
});
