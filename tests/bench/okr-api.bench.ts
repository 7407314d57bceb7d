/**
 * OKR API under load: seeds one tenant with about 5,000 people, 20,000 objectives,
 * 60,000 key results and 500,000 check-ins (BENCH_SCALE scales it), then drives the
 * running server with 50 concurrent connections and prints p50/p95/p99 and throughput
 * for my OKRs, a team's alignment tree, a check-in write and a narrative page — and,
 * beside each, the same work done directly with the `mongodb` driver, so the API's
 * overhead is a printed ratio, and the database commands each request sent (the server's
 * Server-Timing header). It also prints what `explain` says the database does.
 * Runs on each local backend (BENCH_BACKENDS, default postgresql,postgresql-btree,sqlite):
 * FerretDB's PostgreSQL handler on the embedded PostgreSQL with the GIN twins of its
 * indexes (the default of `npm start`), the same without them, and its SQLite handler. Never fails on a timing.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient, type Db, type Document } from 'mongodb';
import {
  CONTOSO_TENANT_ID,
  findSeedPersonByName,
  seedTenants,
  startSandbox,
} from '@throughline/sandbox';
import { personFields } from '../../server/src/people/store';
import { repoRoot } from '../../scripts/lib/ferretdb';
import { benchBackends as backends, startBenchDatabase } from './support/backends';
import { findFreePort } from '../../scripts/lib/ports';
import { ms, percentile, runLoad, type LoadResult } from './support/load';

const scale = Number(process.env.BENCH_SCALE ?? 1);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
/** A file for the server's request log (each line lists the database commands the request sent). */
const serverLog = process.env.BENCH_SERVER_LOG;
const sizes = {
  people: Math.round(5000 * scale),
  objectives: Math.round(20000 * scale),
  keyResultsPerObjective: 3,
  checkIns: Math.round(500000 * scale),
};

const tenantId = CONTOSO_TENANT_ID;
const diego = findSeedPersonByName('Diego Siciliani');
const isaiah = findSeedPersonByName('Isaiah Langer');
const now = new Date();
const cycleId = 'bench0cycle0000000000001';

interface Seeded {
  teamId: string;
  narrativeKeyResultId: string;
  writePool: { id: string; version: number; objectiveId: string }[];
  directWritePool: { id: string; version: number; objectiveId: string }[];
}

async function insertInBatches(db: Db, collection: string, docs: Iterable<Document>) {
  let batch: Document[] = [];
  for (const doc of docs) {
    batch.push(doc);
    if (batch.length === 5000) {
      await db.collection(collection).insertMany(batch, { ordered: false });
      batch = [];
    }
  }
  if (batch.length > 0) await db.collection(collection).insertMany(batch, { ordered: false });
}

async function seed(db: Db): Promise<Seeded> {
  const at = new Date(now.getTime() - 30 * 86_400_000);
  const contoso = seedTenants.find((tenant) => tenant.id === tenantId)!;
  const people: Document[] = contoso.people.map((person) => ({
    _id: person.id,
    tenantId,
    ...personFields({ ...person, isActive: true }),
  }));
  const managers = Array.from(
    { length: Math.max(1, Math.round(sizes.people / 50)) },
    (_, index) => `bench-manager-${index}`,
  );
  for (const [index, id] of managers.entries())
    people.push({
      _id: id,
      tenantId,
      displayName: `Manager ${index}`,
      mail: null,
      jobTitle: 'Manager',
      department: `Dept ${index % 10}`,
      managerId: contoso.people[0]!.id,
      isActive: true,
    });
  const ics = Array.from(
    { length: Math.max(0, sizes.people - people.length) },
    (_, index) => `bench-person-${index}`,
  );
  for (const [index, id] of ics.entries())
    people.push({
      _id: id,
      tenantId,
      displayName: `Person ${index}`,
      mail: null,
      jobTitle: 'Engineer',
      department: `Dept ${index % 10}`,
      managerId: managers[index % managers.length],
      isActive: true,
    });
  await insertInBatches(db, 'people', people);

  const teams: Document[] = managers.map((manager, index) => ({
    _id: `bench-team-${index}`,
    tenantId,
    name: `Team ${index}`,
    parentId: null,
    leadId: manager,
    memberIds: [],
    version: 1,
  }));
  teams.push({
    _id: 'bench-team-sales',
    tenantId,
    name: 'Sales',
    parentId: null,
    leadId: findSeedPersonByName('Alex Wilber').id,
    memberIds: [diego.id, isaiah.id],
    version: 1,
  });
  await insertInBatches(db, 'teams', teams);
  await db.collection('cycles').insertOne({
    _id: cycleId as never,
    tenantId,
    name: 'Bench quarter',
    kind: 'quarter',
    startsOn: new Date(now.getTime() - 45 * 86_400_000).toISOString().slice(0, 10),
    endsOn: new Date(now.getTime() + 45 * 86_400_000).toISOString().slice(0, 10),
    state: 'open',
    closedAt: null,
    version: 1,
  });

  // Who owns what: Diego 4 objectives, Isaiah a pool for write load, the rest spread over people.
  const owners: { ownerId: string; teamId: string | null }[] = [];
  for (let index = 0; index < sizes.objectives; index += 1) {
    if (index < 4) owners.push({ ownerId: diego.id, teamId: 'bench-team-sales' });
    else if (index < 4 + Math.ceil((2000 * Math.max(scale, 0.1)) / 3))
      owners.push({ ownerId: isaiah.id, teamId: 'bench-team-sales' });
    else {
      const person = ics.length ? ics[index % ics.length]! : managers[0]!;
      owners.push({ ownerId: person, teamId: `bench-team-${index % managers.length}` });
    }
  }
  const parentOf = (index: number) =>
    index > 10 && index % 7 !== 0 ? `bench-objective-${(index % 10) + 1}` : null;
  const objectives = function* () {
    for (const [index, owner] of owners.entries()) {
      yield {
        _id: `bench-objective-${index}`,
        tenantId,
        cycleId,
        title: `Objective ${index}`,
        description: '',
        level: index % 200 === 5 ? 'team' : 'individual',
        ownerId: owner.ownerId,
        teamId: owner.teamId,
        alignsTo: parentOf(index) ? { kind: 'objective', id: parentOf(index) } : null,
        parentObjectiveId: parentOf(index),
        contributors: [],
        contributorIds: [],
        visibility: 'public',
        state: 'active',
        includeAlignedInProgress: false,
        progress: 0.4,
        status: 'on_track',
        score: null,
        version: 1,
        createdAt: at,
        updatedAt: at,
      };
    }
  };
  await insertInBatches(db, 'objectives', objectives());

  const keyResultCount = sizes.objectives * sizes.keyResultsPerObjective;
  const checkInsPerKr = (index: number) =>
    Math.floor(sizes.checkIns / keyResultCount) + (index < sizes.checkIns % keyResultCount ? 1 : 0);
  const checkInDoc = (index: number, n: number) => {
    const objectiveIndex = Math.floor(index / sizes.keyResultsPerObjective);
    return {
      _id: `bench-kr-${index}-${n + 1}`,
      tenantId,
      keyResultId: `bench-kr-${index}`,
      objectiveId: `bench-objective-${objectiveIndex}`,
      authorId: owners[objectiveIndex]!.ownerId,
      value: n * 5,
      previousValue: (n - 1) * 5,
      progress: (n * 5) / 100,
      confidence: 7,
      previousConfidence: 7,
      status: 'on_track',
      note: 'Weekly update from the bench',
      at: new Date(at.getTime() + n * 3600_000),
    };
  };
  const keyResultDoc = (index: number) => {
    const objectiveIndex = Math.floor(index / sizes.keyResultsPerObjective);
    const owner = owners[objectiveIndex]!;
    const checkIns = checkInsPerKr(index);
    return {
      _id: `bench-kr-${index}`,
      tenantId,
      objectiveId: `bench-objective-${objectiveIndex}`,
      cycleId,
      teamId: owner.teamId,
      title: `Key result ${index}`,
      ownerId: owner.ownerId,
      coOwnerIds: [],
      updaterIds: [],
      personIds: [owner.ownerId],
      metric: {
        kind: 'number',
        start: 0,
        target: 100,
        current: checkIns * 5,
        unit: '',
        direction: 'increase',
        milestones: [],
      },
      weight: 1,
      confidence: 7,
      reportedStatus: 'on_track',
      status: 'on_track',
      paceStatus: 'on_track',
      dueDate: null,
      progress: Math.min(1, (checkIns * 5) / 100),
      lastCheckIn: checkIns
        ? {
            id: `bench-kr-${index}-${checkIns + 1}`,
            at,
            value: checkIns * 5,
            confidence: 7,
            status: 'on_track',
            authorId: owner.ownerId,
          }
        : null,
      // What the server keeps beside a key result since its check-ins were summarised on it.
      recentCheckIns: Array.from({ length: Math.min(checkIns, 4) }, (_, back) => {
        const { value, previousValue, confidence, previousConfidence, status, at, progress } =
          checkInDoc(index, checkIns - back);
        return { value, previousValue, confidence, previousConfidence, status, at, progress };
      }),
      hasOlderCheckIns: checkIns > 4,
      lastValueChangeAt: checkIns ? checkInDoc(index, checkIns).at : null,
      score: null,
      version: 1 + checkIns,
      createdAt: at,
      updatedAt: at,
    };
  };
  await insertInBatches(
    db,
    'keyResults',
    (function* () {
      for (let index = 0; index < keyResultCount; index += 1) yield keyResultDoc(index);
    })(),
  );

  const checkInDocs = function* () {
    for (let index = 0; index < keyResultCount; index += 1)
      for (let n = 1; n <= checkInsPerKr(index); n += 1) yield checkInDoc(index, n);
  };
  await insertInBatches(db, 'checkIns', checkInDocs());

  const events = function* () {
    for (let index = 0; index < sizes.objectives; index += 1) {
      yield {
        _id: `objective-bench-objective-${index}-1`,
        tenantId,
        type: 'objective.created',
        subject: { kind: 'objective', id: `bench-objective-${index}` },
        seq: 1,
        actorId: owners[index]!.ownerId,
        at,
        objectiveId: `bench-objective-${index}`,
        keyResultId: null,
        personIds: [owners[index]!.ownerId],
        teamIds: owners[index]!.teamId ? [owners[index]!.teamId] : [],
        summary: `created the objective “Objective ${index}”`,
        payload: { title: `Objective ${index}` },
        state: null,
      };
    }
    for (let index = 0; index < keyResultCount; index += 1) {
      const objectiveIndex = Math.floor(index / sizes.keyResultsPerObjective);
      const owner = owners[objectiveIndex]!;
      const base = {
        tenantId,
        subject: { kind: 'keyResult', id: `bench-kr-${index}` },
        actorId: owner.ownerId,
        objectiveId: `bench-objective-${objectiveIndex}`,
        keyResultId: `bench-kr-${index}`,
        personIds: [owner.ownerId],
        teamIds: owner.teamId ? [owner.teamId] : [],
        state: null,
      };
      yield {
        ...base,
        _id: `keyResult-bench-kr-${index}-1`,
        type: 'key_result.created',
        seq: 1,
        at,
        summary: `added the key result “Key result ${index}”`,
        payload: { title: `Key result ${index}` },
      };
      for (let n = 1; n <= checkInsPerKr(index); n += 1) {
        yield {
          ...base,
          _id: `keyResult-bench-kr-${index}-${n + 1}`,
          type: 'key_result.checked_in',
          seq: n + 1,
          at: new Date(at.getTime() + n * 3600_000),
          summary: `checked in “Key result ${index}” at ${n * 5} (+5), confidence 7/10`,
          payload: {
            checkIn: { id: `bench-kr-${index}-${n + 1}`, value: n * 5, previousValue: (n - 1) * 5 },
            delta: 5,
            statusChange: null,
          },
        };
      }
    }
  };
  await insertInBatches(db, 'narrative', events());

  const isaiahKrs = Array.from({ length: keyResultCount }, (_, index) => index).filter(
    (index) => owners[Math.floor(index / sizes.keyResultsPerObjective)]!.ownerId === isaiah.id,
  );
  const pool = isaiahKrs.map((index) => ({
    id: `bench-kr-${index}`,
    version: 1 + checkInsPerKr(index),
    objectiveId: `bench-objective-${Math.floor(index / sizes.keyResultsPerObjective)}`,
  }));
  return {
    teamId: 'bench-team-sales',
    narrativeKeyResultId: 'bench-kr-0',
    writePool: pool.slice(0, Math.floor(pool.length / 2)),
    directWritePool: pool.slice(Math.floor(pool.length / 2)),
  };
}

async function startServer(
  mongoUri: string,
  dbName: string,
  identityUrl: string,
  cleanups: (() => Promise<unknown>)[],
) {
  const port = await findFreePort();
  const child = spawn(
    process.execPath,
    [require.resolve('tsx/cli'), path.join(repoRoot, 'server', 'src', 'main.ts')],
    {
      env: {
        ...process.env,
        // Production refuses the sandbox's authority; nothing else in the server reads NODE_ENV.
        NODE_ENV: 'test',
        // Fifty connections as one person are the load being measured, not abuse.
        RATE_LIMIT_PERSON_PER_MINUTE: '0',
        RATE_LIMIT_TENANT_PER_MINUTE: '0',
        PORT: String(port),
        MONGODB_URI: mongoUri,
        MONGODB_DB: dbName,
        LOG_LEVEL: serverLog ? 'info' : 'warn',
        AUTH_AUTHORITY: identityUrl,
        AUTH_CLIENT_ID: 'a3a1d0f4-6c1b-4b8e-9d6a-1f0c2b3d4e5f',
        PUBLIC_URL: `http://localhost:${port}`,
      },
      stdio: ['ignore', serverLog ? openSync(serverLog, 'a') : 'ignore', 'inherit'],
    },
  );
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  );
  const url = `http://127.0.0.1:${port}`;
  // Wait until the server has built its indexes on the seeded collections (minutes on FerretDB's SQLite handler).
  const started = performance.now();
  for (;;) {
    const ready = (await fetch(`${url}/readyz`)
      .then((response) => (response.ok ? response.json() : null))
      .catch(() => null)) as { indexes?: string } | null;
    if (ready?.indexes === 'ready') break;
    if (child.exitCode !== null) throw new Error('the server exited before it was ready');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  console.log(
    `server ready with indexes after ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  return { url };
}

async function token(identityUrl: string, personId: string) {
  const response = await fetch(`${identityUrl}/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenantId, userId: personId }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

function explainSummary(explain: Document): string {
  const planner = (explain.queryPlanner ?? {}) as Document;
  const plan = planner.Plan ?? planner.winningPlan ?? planner;
  const pushdown =
    'filterPushdown' in explain
      ? ` filterPushdown=${explain.filterPushdown} sortPushdown=${explain.sortPushdown} limitPushdown=${explain.limitPushdown}`
      : '';
  return `${JSON.stringify(plan).slice(0, 220)}${pushdown}`;
}

async function runBackend(backend: string, identityUrl: string) {
  // Everything started here is stopped in the end, also when a run fails half-way.
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    await measureBackend(backend, identityUrl, cleanups);
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
}

async function measureBackend(
  backend: string,
  identityUrl: string,
  cleanups: (() => Promise<unknown>)[],
) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'throughline-bench-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  const database = await startBenchDatabase(backend, dir);
  cleanups.push(() => database.stop());
  const mongoUri = database.uri;
  const dbName = `bench_${Date.now()}`;
  const client = new MongoClient(mongoUri, { maxPoolSize: connections + 5, retryWrites: false });
  await client.connect();
  cleanups.push(() => client.close());
  const db = client.db(dbName);
  cleanups.push(() => db.dropDatabase());
  console.log(`\n## ${database.label}`);
  let t = performance.now();
  const seeded = await seed(db);
  const counts = await Promise.all(
    ['people', 'objectives', 'keyResults', 'checkIns', 'narrative'].map(
      async (name) => `${name} ${await db.collection(name).estimatedDocumentCount()}`,
    ),
  );
  console.log(`seeded in ${((performance.now() - t) / 1000).toFixed(0)} s: ${counts.join(', ')}`);
  const server = await startServer(mongoUri, dbName, identityUrl, cleanups);
  t = performance.now();
  await fetch(`${server.url}/readyz`);
  const headers = { authorization: `Bearer ${await token(identityUrl, diego.id)}` };
  const writerHeaders = {
    authorization: `Bearer ${await token(identityUrl, isaiah.id)}`,
    'content-type': 'application/json',
  };
  // The database commands each answer says it sent (Server-Timing), per scenario.
  let roundTrips: number[] = [];
  const recordRoundTrips = (response: Response) => {
    const match = /desc="(\d+) commands"/.exec(response.headers.get('server-timing') ?? '');
    if (match) roundTrips.push(Number(match[1]));
  };
  const get = async (pathname: string) => {
    const response = await fetch(`${server.url}${pathname}`, {
      headers,
      signal: AbortSignal.timeout(60_000),
    });
    if (!response.ok) throw new Error(`${response.status}`);
    recordRoundTrips(response);
    await response.arrayBuffer();
  };
  // The server creates its indexes at start; wait for them before measuring.
  await get('/api/me');
  const scenarios: {
    name: string;
    api: () => Promise<LoadResult>;
    direct: () => Promise<LoadResult>;
    explain?: () => Promise<Document>;
  }[] = [
    {
      name: 'my OKRs',
      api: () => runLoad(() => get(`/api/my-okrs?cycleId=${cycleId}`), { connections, seconds }),
      direct: () =>
        runLoad(
          async () => {
            const objectives = await db
              .collection('objectives')
              .find({ tenantId, cycleId, ownerId: diego.id, state: 'active' })
              .limit(200)
              .toArray();
            // One equality read per objective and collection: FerretDB scans an `$in`.
            await Promise.all(
              objectives.flatMap((objective) =>
                ['keyResults', 'deliverables'].map((collection) =>
                  db
                    .collection(collection)
                    .find({ tenantId, objectiveId: objective._id })
                    .toArray(),
                ),
              ),
            );
          },
          { connections, seconds },
        ),
      explain: () =>
        db.collection('objectives').find({ tenantId, cycleId, ownerId: diego.id }).explain(),
    },
    // Sales holds the objectives most of the cycle aligns to, so its slice is nearly the whole
    // cycle; one of the fifty-person teams is a slice as most teams see it.
    ...[
      { name: 'team alignment tree', teamId: seeded.teamId },
      { name: 'team tree (a team of 50)', teamId: 'bench-team-1' },
    ].map(({ name, teamId }) => ({
      name,
      api: () =>
        runLoad(() => get(`/api/cycles/${cycleId}/alignment-tree?teamId=${teamId}`), {
          connections,
          seconds,
        }),
      // The team's own objectives and key results, each one equality read.
      direct: () =>
        runLoad(
          async () => {
            await Promise.all(
              ['objectives', 'keyResults'].map((collection) =>
                db
                  .collection(collection)
                  .find({ tenantId, cycleId, teamId })
                  .limit(20_000)
                  .toArray(),
              ),
            );
          },
          { connections, seconds },
        ),
      explain: () => db.collection('objectives').find({ tenantId, cycleId, teamId }).explain(),
    })),
    // Exports, not pages: the review's data (read as the caller) and the deck built from it.
    ...[
      { name: 'business review (a team of 50)', path: '/api/business-review' },
      { name: 'business review deck (a team of 50)', path: '/api/business-review/deck' },
    ].map(({ name, path }) => ({
      name,
      api: () =>
        runLoad(() => get(`${path}?cycleId=${cycleId}&teamId=bench-team-1`), {
          connections: Math.min(connections, 2),
          seconds,
        }),
      // What the review shows: the team's objectives, key results and their check-ins.
      direct: () =>
        runLoad(
          async () => {
            const keyResults = await db
              .collection('keyResults')
              .find({ tenantId, cycleId, teamId: 'bench-team-1' })
              .limit(20_000)
              .toArray();
            await Promise.all([
              db
                .collection('objectives')
                .find({ tenantId, cycleId, teamId: 'bench-team-1' })
                .toArray(),
              ...keyResults.map((keyResult) =>
                db
                  .collection('checkIns')
                  .find({ tenantId, keyResultId: keyResult._id })
                  .sort({ at: -1 })
                  .limit(100)
                  .toArray(),
              ),
            ]);
          },
          { connections: Math.min(connections, 2), seconds },
        ),
    })),
    {
      name: 'check-in write',
      api: () => {
        const pool = [...seeded.writePool];
        return runLoad(
          async () => {
            const kr = pool.pop();
            if (!kr) throw new Error('pool empty');
            const response = await fetch(`${server.url}/api/key-results/${kr.id}/check-ins`, {
              method: 'POST',
              headers: writerHeaders,
              signal: AbortSignal.timeout(60_000),
              body: JSON.stringify({
                version: kr.version,
                value: 77,
                confidence: 6,
                status: 'on_track',
                note: 'bench',
              }),
            });
            if (response.status !== 201) throw new Error(`${response.status}`);
            recordRoundTrips(response);
            await response.arrayBuffer();
          },
          { connections, seconds, maxOperations: seeded.writePool.length },
        );
      },
      direct: () => {
        const pool = [...seeded.directWritePool];
        return runLoad(
          async () => {
            const kr = pool.pop();
            if (!kr) throw new Error('pool empty');
            const at = new Date();
            const checkInId = `direct-${kr.id}`;
            await db.collection('narrative').insertOne({
              _id: `keyResult-${kr.id}-${kr.version + 1}` as never,
              tenantId,
              type: 'key_result.checked_in',
              subject: { kind: 'keyResult', id: kr.id },
              seq: kr.version + 1,
              actorId: isaiah.id,
              at,
              objectiveId: kr.objectiveId,
              keyResultId: kr.id,
              personIds: [isaiah.id],
              teamIds: [],
              summary: 'bench',
              payload: {},
              state: null,
            });
            await db.collection('checkIns').insertOne({
              _id: checkInId as never,
              tenantId,
              keyResultId: kr.id,
              objectiveId: kr.objectiveId,
              authorId: isaiah.id,
              value: 77,
              previousValue: 0,
              progress: 0.77,
              confidence: 6,
              previousConfidence: 7,
              status: 'on_track',
              note: 'bench',
              at,
            });
            await db
              .collection('keyResults')
              .updateOne(
                { _id: kr.id as never, tenantId },
                { $set: { 'metric.current': 77, version: kr.version + 1, updatedAt: at } },
              );
          },
          { connections, seconds, maxOperations: seeded.directWritePool.length },
        );
      },
    },
    {
      name: 'narrative page',
      api: () =>
        runLoad(() => get(`/api/narrative?keyResultId=${seeded.narrativeKeyResultId}&limit=25`), {
          connections,
          seconds,
        }),
      direct: () =>
        runLoad(
          async () => {
            await db
              .collection('narrative')
              .find({ tenantId, keyResultId: seeded.narrativeKeyResultId })
              .sort({ at: -1, _id: -1 })
              .limit(26)
              .toArray();
          },
          { connections, seconds },
        ),
      explain: () =>
        db
          .collection('narrative')
          .find({ tenantId, keyResultId: seeded.narrativeKeyResultId })
          .sort({ at: -1, _id: -1 })
          .limit(26)
          .explain(),
    },
    {
      name: 'key result detail',
      api: () =>
        runLoad(() => get(`/api/key-results/${seeded.narrativeKeyResultId}`), {
          connections,
          seconds,
        }),
      direct: () =>
        runLoad(
          async () => {
            const keyResult = await db
              .collection('keyResults')
              .findOne({ _id: seeded.narrativeKeyResultId as never, tenantId });
            await db
              .collection('checkIns')
              .find({ tenantId, keyResultId: keyResult!._id })
              .sort({ at: -1 })
              .limit(100)
              .toArray();
          },
          { connections, seconds },
        ),
      explain: () =>
        db
          .collection('checkIns')
          .find({ tenantId, keyResultId: seeded.narrativeKeyResultId })
          .sort({ at: -1 })
          .limit(100)
          .explain(),
    },
  ];
  const rows: string[] = [];
  const only = process.env.BENCH_ONLY?.split(',');
  for (const scenario of scenarios.filter(
    (candidate) => !only || only.some((name) => candidate.name.includes(name)),
  )) {
    roundTrips = [];
    const api = await scenario.api();
    const trips = roundTripsOf(roundTrips);
    const direct = await scenario.direct();
    // Each row is printed as soon as it is measured, so a long run that is stopped still shows what it got.
    console.log(
      `row | ${scenario.name} | ${ms(api.p50)} / ${ms(api.p95)} / ${ms(api.p99)} | ${api.perSecond.toFixed(1)} (${api.count} ok, ${api.errors} err) | ${ms(direct.p50)} / ${ms(direct.p95)} / ${ms(direct.p99)} | ${direct.perSecond.toFixed(1)} | ${(api.p50 / direct.p50).toFixed(2)}× | ${trips} |`,
    );
    rows.push(
      `| ${scenario.name} | ${ms(api.p50)} / ${ms(api.p95)} / ${ms(api.p99)} | ${api.perSecond.toFixed(1)} (${api.count} ok, ${api.errors} err) | ${ms(direct.p50)} / ${ms(direct.p95)} / ${ms(direct.p99)} | ${direct.perSecond.toFixed(1)} | ${(api.p50 / direct.p50).toFixed(2)}× | ${trips} |`,
    );
    if (scenario.explain)
      console.log(`explain ${scenario.name}: ${explainSummary(await scenario.explain())}`);
  }
  console.log(`\n${connections} connections, ${seconds} s per run\n`);
  console.log(
    '| operation | API p50 / p95 / p99 | API req/s | driver p50 / p95 / p99 | driver ops/s | API/driver p50 | database commands per request (p50 / max) |',
  );
  console.log('|---|---|---|---|---|---|---|');
  rows.forEach((row) => console.log(row));
}

/** The median and the most database commands one request of a scenario sent. */
function roundTripsOf(counts: number[]): string {
  if (counts.length === 0) return '—';
  const sorted = [...counts].sort((a, b) => a - b);
  return `${percentile(sorted, 50)} / ${sorted.at(-1)}`;
}

async function main() {
  console.log(
    `OKR API benchmark — scale ${scale}: ${sizes.people} people, ${sizes.objectives} objectives, ${sizes.objectives * sizes.keyResultsPerObjective} key results, ${sizes.checkIns} check-ins`,
  );
  const sandbox = await startSandbox();
  try {
    for (const backend of process.env.MONGODB_URI ? ['given'] : backends)
      await runBackend(backend, sandbox.identityUrl);
  } finally {
    await sandbox.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
