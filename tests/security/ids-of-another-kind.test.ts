/**
 * A read never writes, and an id of another kind is "not found": every operation of the
 * OpenAPI document that takes ids in its path is called with one id of every kind the
 * tenant holds, on a tenant with real data (the Contoso demo, written through the service
 * layer, plus evidence, comments, a 1-on-1 with a note and an action item). No call may
 * answer 5xx, and no collection may change its document count: a GET writes nothing, and
 * a write aimed at the wrong kind is refused before it writes.
 */
import type { Express } from 'express';
import { CONTOSO_TENANT_ID, seedTenants } from '@throughline/sandbox';
import { seedDemoOkrs } from '../../server/src/dev/demo-okrs';
import { openApiDocument, queryParameterNames } from '../../server/src/platform/http/openapi';
import { startTestApp, type TestApp } from '../support/app';
import { openTestDatabase, storedDocuments } from '../support/database';
import { clientFor, personId, tokenFor } from '../support/okr-api';

type Kind =
  | 'cycle'
  | 'objective'
  | 'keyResult'
  | 'deliverable'
  | 'checkIn'
  | 'comment'
  | 'evidence'
  | 'oneOnOne'
  | 'actionItem'
  | 'note'
  | 'person'
  | 'team'
  | 'event';

/** What each write operation with ids in its path takes: the kind of each id and a valid body. */
const writes: Record<string, { kinds: Record<string, Kind | 'jobName'>; body?: unknown }> = {
  'post /api/cycles/{id}/close': { kinds: { id: 'cycle' } },
  'patch /api/objectives/{id}': { kinds: { id: 'objective' }, body: { version: 1, title: 'X' } },
  'patch /api/cycles/{id}': { kinds: { id: 'cycle' }, body: { version: 1, name: 'X' } },
  'patch /api/teams/{id}': { kinds: { id: 'team' }, body: { version: 1, name: 'X' } },
  'post /api/objectives/{id}/score': {
    kinds: { id: 'objective' },
    body: { version: 1, score: 0.5, reason: 'because' },
  },
  'post /api/objectives/{id}/carry-over': {
    kinds: { id: 'objective' },
    body: { cycleId: '0123456789abcdef01234567' },
  },
  'post /api/objectives/{id}/learnings': {
    kinds: { id: 'objective' },
    body: { text: 'What we learned' },
  },
  'patch /api/key-results/{id}': { kinds: { id: 'keyResult' }, body: { version: 1, title: 'X' } },
  'post /api/key-results/{id}/score': {
    kinds: { id: 'keyResult' },
    body: { version: 1, score: 0.5, reason: 'because' },
  },
  'post /api/key-results/{id}/check-ins': {
    kinds: { id: 'keyResult' },
    body: { version: 1, value: 1, confidence: 5, status: 'on_track', note: 'x' },
  },
  'post /api/key-results/{id}/excel-source': {
    kinds: { id: 'keyResult' },
    body: { version: 1, driveId: 'b!drive', itemId: '01ITEM', cell: 'Sheet1!B4' },
  },
  'delete /api/key-results/{id}/excel-source': { kinds: { id: 'keyResult' } },
  'post /api/check-ins/{id}/comments': { kinds: { id: 'checkIn' }, body: { body: 'Nice' } },
  'patch /api/deliverables/{id}': {
    kinds: { id: 'deliverable' },
    body: { version: 1, title: 'X' },
  },
  'delete /api/evidence/{id}': { kinds: { id: 'evidence' } },
  'post /api/one-on-ones/{id}/notes': { kinds: { id: 'oneOnOne' }, body: { body: 'A note' } },
  'post /api/one-on-ones/{id}/action-items': {
    kinds: { id: 'oneOnOne' },
    body: { text: 'Follow up' },
  },
  'patch /api/one-on-ones/{id}/action-items/{itemId}': {
    kinds: { id: 'oneOnOne', itemId: 'actionItem' },
    body: { version: 1, isDone: true },
  },
  'post /api/admin/jobs/{name}/run': { kinds: { name: 'jobName' } },
  'delete /api/admins/{personId}': { kinds: { personId: 'person' } },
};

interface Operation {
  method: string;
  path: string;
  params: string[];
}

function operationsWithPathIds(): Operation[] {
  const document = openApiDocument('http://localhost') as {
    paths: Record<string, Record<string, unknown>>;
  };
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.keys(methods)
      .map((method) => ({
        method,
        path,
        params: [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!),
      }))
      .filter((operation) => operation.params.length > 0),
  );
}

interface Answer {
  status: number;
  body: unknown;
}

const errorCodeOf = (answer: Answer) =>
  (answer.body as { error?: { code?: unknown } } | null)?.error?.code;

/** A 5xx, or an error without the JSON error shape. */
const isServerFaultOrShapeless = (answer: Answer) =>
  answer.status >= 500 || (answer.status >= 400 && typeof errorCodeOf(answer) !== 'string');

const describeAnswer = (answer: Answer) =>
  `${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`;

/** Every `method path` the app serves under /api, read from Express's own route table. */
function routesOf(app: Express): string[] {
  const found: string[] = [];
  const walk = (stack: unknown[], prefix: string) => {
    for (const layer of stack as {
      route?: { path: string; methods: Record<string, boolean> };
      handle?: { stack?: unknown[] };
      matchers?: ((path: string) => unknown)[];
    }[]) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods))
          found.push(`${method} ${prefix}${layer.route.path.replace(/:(\w+)/g, '{$1}')}`);
      } else if (layer.handle?.stack) {
        // The API router is mounted at /api; the routers inside it at its root.
        const isApi = !!layer.matchers?.[0]?.('/api') && !layer.matchers[0]!('/');
        walk(layer.handle.stack, isApi ? '/api' : prefix);
      }
    }
  };
  walk((app as unknown as { router: { stack: unknown[] } }).router.stack, '');
  return [...new Set(found)].filter((route) => route.includes(' /api/')).sort();
}

describe('ids of another kind', () => {
  const database = openTestDatabase('wrongkind');
  let app: TestApp;
  const ids = new Map<Kind, string>();

  async function countsOfEveryCollection(): Promise<Record<string, number>> {
    const names = (await database.db.listCollections().toArray()).map((item) => item.name).sort();
    const counts: Record<string, number> = {};
    for (const name of names) counts[name] = await database.db.collection(name).countDocuments();
    return counts;
  }

  async function call(
    method: string,
    path: string,
    token: string,
    body?: unknown,
  ): Promise<Answer> {
    const response = await fetch(`${app.url}${path}`, {
      method: method.toUpperCase(),
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON: kept as text, and the shape check below fails on it.
    }
    return { status: response.status, body: parsed };
  }

  beforeAll(async () => {
    const contoso = seedTenants.find((tenant) => tenant.id === CONTOSO_TENANT_ID)!;
    await seedDemoOkrs(database.db, contoso.id, contoso.people);
    app = await startTestApp(database);
    const alex = clientFor(app.url, 'Alex Wilber');
    const one = async (collection: string, filter: object = {}) => {
      const doc = await database.db.collection(collection).findOne(filter);
      if (!doc) throw new Error(`the demo has no ${collection}`);
      return String(doc._id);
    };
    ids.set('cycle', await one('cycles'));
    ids.set('objective', await one('objectives'));
    ids.set('keyResult', await one('keyResults', { ownerId: personId('Alex Wilber') }));
    ids.set('deliverable', await one('deliverables'));
    ids.set('checkIn', await one('checkIns', { keyResultId: ids.get('keyResult') }));
    ids.set('person', personId('Diego Siciliani'));
    ids.set('team', await one('teams'));
    ids.set('event', await one('narrative'));
    const comment = await alex.checkIns.comment(ids.get('checkIn')!, { body: 'Good week' });
    ids.set('comment', comment.id);
    const evidence = await alex.evidence.attachLink({
      target: { kind: 'keyResult', id: ids.get('keyResult')! },
      url: 'https://contoso.example/signed-order',
      title: 'Signed order form',
    });
    ids.set('evidence', evidence.id);
    // Listing reads Alex's calendar into 1-on-1s; it is done here, before the counts are taken.
    const oneOnOne = (await alex.oneOnOnes.list()).items.find((item) => item.role === 'manager');
    if (!oneOnOne) throw new Error('the sandbox calendar has no 1-on-1 for Alex');
    ids.set('oneOnOne', oneOnOne.id);
    ids.set('note', (await alex.oneOnOnes.addNote(oneOnOne.id, { body: 'Talked renewals' })).id);
    ids.set(
      'actionItem',
      (await alex.oneOnOnes.addActionItem(oneOnOne.id, { text: 'Send the pricing sheet' })).id,
    );
    // Opening the 1-on-1 once prepares its card; later reads refresh that same document.
    await alex.oneOnOnes.get(oneOnOne.id);
  }, 120_000);
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('has every route the app serves in the OpenAPI document', () => {
    const documented = new Set(
      Object.entries(
        (openApiDocument('http://localhost') as { paths: Record<string, object> }).paths,
      ).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`)),
    );
    // The document itself, and the webhook Graph posts change notifications to (it checks clientState, not a token).
    const outsideTheApi = new Set(['get /api/openapi.json', 'post /api/graph/notifications']);
    const undocumented = routesOf(app.app).filter(
      (route) => !documented.has(route) && !outsideTheApi.has(route),
    );
    expect(undocumented).toEqual([]);
  });

  it('answers every GET with ids of any kind without a server error, and writes nothing', async () => {
    const before = await countsOfEveryCollection();
    const tokens = {
      admin: await tokenFor('Megan Bowen'),
      peer: await tokenFor('Isaiah Langer'),
    };
    const gets = operationsWithPathIds().filter((operation) => operation.method === 'get');
    const failures: string[] = [];
    let calls = 0;
    for (const operation of gets) {
      for (const kind of ids.keys()) {
        for (const [who, token] of Object.entries(tokens)) {
          let path = operation.path;
          for (const param of operation.params) path = path.replace(`{${param}}`, ids.get(kind)!);
          const answer = await call('get', path, token);
          calls += 1;
          if (isServerFaultOrShapeless(answer))
            failures.push(
              `${who} GET ${operation.path} with a ${kind} id: ${describeAnswer(answer)}`,
            );
        }
      }
    }
    expect(failures).toEqual([]);
    expect(await countsOfEveryCollection()).toEqual(before);
    expect(gets.length).toBeGreaterThanOrEqual(7);
    expect(calls).toBe(gets.length * ids.size * 2);
  }, 300_000);

  it('answers every GET that takes ids in its query with ids of any kind without a server error, and writes nothing', async () => {
    const before = await countsOfEveryCollection();
    const token = await tokenFor('Isaiah Langer');
    const document = openApiDocument('http://localhost') as {
      paths: Record<
        string,
        Record<string, { parameters?: Parameters<typeof queryParameterNames>[0] }>
      >;
    };
    const failures: string[] = [];
    let calls = 0;
    for (const [path, methods] of Object.entries(document.paths)) {
      const names = queryParameterNames(methods.get?.parameters).filter((name) => /Id$/.test(name));
      if (path.includes('{') || names.length === 0) continue;
      for (const name of names)
        for (const [kind, id] of ids) {
          const answer = await call('get', `${path}?${name}=${encodeURIComponent(id)}`, token);
          calls += 1;
          if (isServerFaultOrShapeless(answer))
            failures.push(`GET ${path}?${name}= a ${kind} id: ${describeAnswer(answer)}`);
        }
    }
    expect(failures).toEqual([]);
    expect(calls).toBeGreaterThan(50);
    expect(await countsOfEveryCollection()).toEqual(before);
  }, 300_000);

  it('refuses every write aimed at an id of another kind with a 4xx, and writes nothing', async () => {
    const before = await countsOfEveryCollection();
    const token = await tokenFor('Megan Bowen');
    const operations = operationsWithPathIds().filter((operation) => operation.method !== 'get');
    const failures: string[] = [];
    for (const operation of operations) {
      const write = writes[`${operation.method} ${operation.path}`];
      if (!write) {
        failures.push(`${operation.method} ${operation.path} has no example in this test`);
        continue;
      }
      for (const param of operation.params) {
        for (const kind of ids.keys()) {
          if (write.kinds[param] === kind) continue;
          let path = operation.path.replace(`{${param}}`, ids.get(kind)!);
          // The other ids are of their right kind, so only this one is wrong.
          for (const other of operation.params.filter((name) => name !== param)) {
            const otherKind = write.kinds[other] as Kind;
            path = path.replace(`{${other}}`, ids.get(otherKind)!);
          }
          const answer = await call(operation.method, path, token, write.body);
          if (![400, 403, 404, 409, 422].includes(answer.status) || !errorCodeOf(answer))
            failures.push(
              `${operation.method.toUpperCase()} ${operation.path} with a ${kind} id as ${param}: ${describeAnswer(answer)}`,
            );
        }
      }
    }
    expect(failures).toEqual([]);
    expect(await countsOfEveryCollection()).toEqual(before);
  }, 300_000);

  it('gives another tenant nothing of this one through any route that takes ids, and changes nothing of it', async () => {
    const before = await storedDocuments(database.db, { tenantId: CONTOSO_TENANT_ID });
    // Fabrikam's admin, with Contoso's ids: of the right kind for writes, of every kind for reads.
    const token = await tokenFor('Sara Davis');
    const failures: string[] = [];
    let calls = 0;
    for (const operation of operationsWithPathIds()) {
      const write = writes[`${operation.method} ${operation.path}`];
      if (operation.method !== 'get' && !write) {
        failures.push(`${operation.method} ${operation.path} has no example in this test`);
        continue;
      }
      // Running a job is the caller's own tenant's business; it takes no id of another.
      if (write && Object.values(write.kinds).includes('jobName')) continue;
      const paths =
        operation.method === 'get'
          ? [...ids.values()].map((id) =>
              operation.params.reduce(
                (path, param) => path.replace(`{${param}}`, id),
                operation.path,
              ),
            )
          : [
              operation.params.reduce(
                (path, param) => path.replace(`{${param}}`, ids.get(write!.kinds[param] as Kind)!),
                operation.path,
              ),
            ];
      for (const path of paths) {
        const answer = await call(operation.method, path, token, write?.body);
        calls += 1;
        if (![400, 403, 404, 409, 422].includes(answer.status) || !errorCodeOf(answer))
          failures.push(
            `${operation.method.toUpperCase()} ${path} by Fabrikam: ${describeAnswer(answer)}`,
          );
      }
    }
    expect(failures).toEqual([]);
    expect(calls).toBeGreaterThan(100);
    expect(await storedDocuments(database.db, { tenantId: CONTOSO_TENANT_ID })).toEqual(before);
  }, 300_000);

  it('answers ids that are not ids at all with 400 and the error shape', async () => {
    const token = await tokenFor('Megan Bowen');
    for (const path of [
      '/api/objectives/%E0%A4%A',
      `/api/objectives/${'a'.repeat(65)}`,
      '/api/key-results/a%2Fb',
      '/api/people/%24gt',
      '/api/objectives?cycleId[$gt]=',
    ]) {
      const answer = await call('get', path, token);
      expect([path, answer.status]).toEqual([path, 400]);
      expect(typeof (answer.body as { error: { code: unknown } }).error.code).toBe('string');
    }
  });

  it('answers an objective read with a key result’s id as “objective not found”', async () => {
    const answer = await call(
      'get',
      `/api/objectives/${ids.get('keyResult')}`,
      await tokenFor('Megan Bowen'),
    );
    expect(answer).toEqual({
      status: 404,
      body: { error: { code: 'objective_not_found', message: 'That objective was not found.' } },
    });
    expect(
      await database.db
        .collection('objectives')
        .countDocuments({ _id: ids.get('keyResult') as never }),
    ).toBe(0);
  });
});
