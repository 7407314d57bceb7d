/**
 * `npm run test:load`: load and faults against the real parts, on loopback only. Two
 * server processes on two ports over one database (FerretDB, or MONGODB_URI unchanged),
 * jobs on both every few seconds, the sandbox Microsoft 365 as its own process, and
 * LOAD_PEOPLE simulated people (default 240, in two tenants) working through four phases:
 *
 * 1. steady load for LOAD_SECONDS (default 60);
 * 2. the database killed mid-load and started again 10 s later (skipped with MONGODB_URI,
 *    which this suite cannot stop);
 * 3. SIGTERM to one server mid-load, then a restart;
 * 4. a Graph storm of LOAD_STORM_SECONDS (default 30): 429 with Retry-After, then 503,
 *    while people attach mail and the org sync runs.
 *
 * Each phase prints throughput, p50/p95/p99 per operation, 409s, 503s and errors. The end
 * checks the database against every answer the servers gave, and each job's effect. It
 * exits non-zero when a check fails; figures are printed, never asserted as timings.
 */
import { spawnSync } from 'node:child_process';
import { statSync, readFileSync } from 'node:fs';
import { ensureSandboxCertificate } from '@throughline/sandbox';
import { ensureFerretDbBinary } from '../../scripts/lib/ferretdb';
import { startCluster, type Cluster } from './support/cluster';
import {
  operations,
  setUpTenant,
  sleep,
  waitForOrgSync,
  work,
  type LoadTenant,
  type Person,
  type WriteRecord,
} from './support/people';
import { PhaseFigures, RoundRobin, verdictOf, type Outcome } from './support/traffic';
import {
  checkDigests,
  checkPrepCards,
  checkEventsHaveRecords,
  checkKeyResultVersions,
  checkPeople,
  checkWrites,
  withDatabase,
  type ActivityNotification,
  type Check,
} from './support/verify';

const loadSeconds = Number(process.env.LOAD_SECONDS ?? 60);
const peopleCount = Number(process.env.LOAD_PEOPLE ?? 240);
// A person reads what they opened before the next click; ten seconds between operations
// is busier than a working day, and keeps 240 people within what two cores serve.
const thinkMs = Number(process.env.LOAD_THINK_MS ?? 10_000);
const stormSeconds = Number(process.env.LOAD_STORM_SECONDS ?? 30);
const OUTAGE_SECONDS = 10;
const JOB_INTERVAL_SECONDS = 5;
const GRAPH_MAX_RETRIES = 3;

const checks: Check[] = [];
const check = (name: string, problems: string[], checked = '') =>
  checks.push({ name, problems, checked });

async function main() {
  const started = Date.now();
  const cluster = await startCluster({
    caPath: process.env.NODE_EXTRA_CA_CERTS!,
    serverEnv: {
      JOB_INTERVAL_SECONDS: String(JOB_INTERVAL_SECONDS),
      ORG_SYNC_INTERVAL_MINUTES: '1',
      GRAPH_MAX_RETRIES: String(GRAPH_MAX_RETRIES),
      // On two busy shared cores a request in flight can take 20 s; the grace covers it.
      SHUTDOWN_GRACE_SECONDS: '30',
    },
  });
  // Ctrl-C stops what this run started, not only this process.
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => void cluster.stop().finally(() => process.exit(130)));
  try {
    await run(cluster);
  } catch (error) {
    check('the run completed', [
      error instanceof Error ? (error.stack ?? error.message) : String(error),
    ]);
  } finally {
    await cluster.stop();
  }
  console.log(`\nload suite: ${((Date.now() - started) / 1000).toFixed(0)} s in all`);
  const failed = checks.filter((item) => item.problems.length > 0);
  console.log('\nchecks');
  for (const item of checks)
    console.log(
      `  ${item.problems.length ? '✗' : '✓'} ${item.name}${item.checked ? ` (${item.checked})` : ''}`,
    );
  for (const item of failed) {
    console.log(`\n✗ ${item.name}: ${item.problems.length} problems`);
    for (const problem of item.problems.slice(0, 15)) console.log(`    ${problem}`);
  }
  console.log(`\nload checks: ${checks.length - failed.length} passed, ${failed.length} failed`);
  process.exit(failed.length ? 1 : 0);
}

async function run(cluster: Cluster) {
  const client = new RoundRobin(() => cluster.servers);
  const setupStarted = Date.now();
  const sizes = [Math.ceil(peopleCount * 0.6), Math.floor(peopleCount * 0.4)];
  const setUp = await Promise.all([
    setUpTenant(cluster, client, { name: 'Load Alpha', people: sizes[0]!, mailPerPerson: 4 }),
    setUpTenant(cluster, client, { name: 'Load Beta', people: sizes[1]!, mailPerPerson: 4 }),
  ]);
  const tenants: LoadTenant[] = setUp.map((item) => item.tenant);
  const people: Person[] = setUp.flatMap((item) => item.people);
  console.log(
    `${people.length} people in ${tenants.length} tenants (${tenants.map((t) => `${t.name}: ${t.people}`).join(', ')}), two servers (${cluster.servers.map((s) => s.url).join(', ')}), ${cluster.database ? 'FerretDB' : 'MONGODB_URI'}; set up in ${((Date.now() - setupStarted) / 1000).toFixed(0)} s`,
  );
  console.log(
    `each person: one operation, then a pause of ${thinkMs} ms ±50 %; jobs every ${JOB_INTERVAL_SECONDS} s on both servers`,
  );

  const writes: WriteRecord[] = [];
  let figures = new PhaseFigures('setup');
  const mix = operations(client, () => figures, writes);

  /** Everyone works until `seconds` have passed and `during` (the fault) is over. */
  async function phase(
    name: string,
    seconds: number,
    during?: (figures: PhaseFigures) => Promise<void>,
  ) {
    figures = new PhaseFigures(name);
    figures.start();
    let isDone = false;
    const load = work(people, mix.next, { thinkMs, isDone: () => isDone });
    await Promise.all([sleep(seconds * 1000), during?.(figures)]);
    isDone = true;
    await load;
    figures.end();
    figures.print();
    return figures;
  }

  // ---- 1. steady load -----------------------------------------------------------------
  // Midway, every Graph subscription the attaches made is moved a day and a half on (due for
  // renewal within the hour); both servers' renewal jobs then race to renew each one.
  const renewal = { due: [] as string[], patches: new Map<string, number>(), renewed: 0 };
  const steady = await phase(`1. steady load, ${people.length} people`, loadSeconds, async () => {
    await sleep(Math.max(2, loadSeconds / 3) * 1000);
    const tenantIds = tenants.map((tenant) => tenant.id);
    renewal.due = await withDatabase(cluster.mongoUri, cluster.dbName, async (db) => {
      const active = await db
        .collection('graphState')
        .find({ kind: 'subscription', state: 'active', tenantId: { $in: tenantIds } })
        .toArray();
      for (const subscription of active)
        await db
          .collection('graphState')
          .updateOne(
            { _id: subscription._id },
            { $set: { expiresAt: new Date(Date.now() + 3_600_000) } },
          );
      return active.map((subscription) => String(subscription.subscriptionId));
    });
    await cluster.control('DELETE', '/requests');
    await sleep(3 * JOB_INTERVAL_SECONDS * 1000);
    const requests = await cluster.control<{ byMethodAndPath: Record<string, number> }>(
      'GET',
      '/requests',
    );
    for (const [route, count] of Object.entries(requests.byMethodAndPath)) {
      const id = /^PATCH \/v1\.0\/subscriptions\/(.+)$/.exec(route)?.[1];
      if (id) renewal.patches.set(decodeURIComponent(id), count);
    }
    renewal.renewed = await withDatabase(cluster.mongoUri, cluster.dbName, (db) =>
      db.collection('graphState').countDocuments({
        kind: 'subscription',
        subscriptionId: { $in: renewal.due },
        expiresAt: { $gt: new Date(Date.now() + 40 * 3_600_000) },
      }),
    );
  });
  check(
    'subscription renewal: each subscription due is renewed once, with both servers running the job',
    [
      ...(renewal.due.length === 0 ? ['no subscription was made: nothing to renew'] : []),
      ...renewal.due
        .filter((id) => renewal.patches.get(id) !== 1)
        .map((id) => `${id}: renewed ${renewal.patches.get(id) ?? 0} times`),
      ...(renewal.renewed === renewal.due.length
        ? []
        : [`${renewal.due.length - renewal.renewed} not renewed in the database`]),
    ],
    `${renewal.due.length} due, ${renewal.renewed} renewed`,
  );
  check(
    'steady load: no errors (a 409 from a real conflict is not one)',
    [...steady.errorKinds(), ...steady.unavailableCodes()].map(
      ([what, count]) => `${count} × ${what}`,
    ),
    `${steady.requests()} requests, ${steady.total('conflict')} conflicts`,
  );

  // ---- 2. database outage -------------------------------------------------------------
  if (cluster.database) {
    const database = cluster.database;
    const readiness: Probe[] = [];
    const outage = { killedAt: 0, restartedAt: 0, readyAt: 0 };
    const pids = cluster.servers.map((server) => server.child.pid);
    const outagePhase = await phase(`2. database outage (${OUTAGE_SECONDS} s)`, 0, async () => {
      await sleep(5000);
      await database.kill();
      outage.killedAt = Date.now();
      const probing = probeReadiness(cluster, readiness, () => outage.readyAt > 0);
      await sleep(OUTAGE_SECONDS * 1000);
      outage.restartedAt = Date.now();
      await database.restart();
      outage.readyAt = await waitUntilReady(cluster, 60_000);
      await probing;
      await sleep(5000);
    });
    // Probes asked and answered while the database was down (the first seconds are the
    // driver noticing: its server selection waits 3 s).
    const down = readiness.filter(
      (probe) => probe.at > outage.killedAt + 4000 && probe.answeredAt < outage.restartedAt,
    );
    check(
      'database outage: /readyz says not ready (503) on both servers while the database is down',
      down.filter((probe) => probe.status !== 503).map((p) => `${p.server}: ${p.status}`),
      `${down.length} probes`,
    );
    const outageProblems = [...outagePhase.errorKinds()].map(
      ([what, count]) => `${count} × ${what}`,
    );
    const codes = outagePhase.unavailableCodes();
    // An attach that reached Graph may also fail on it (the server is busy catching up).
    for (const [code, count] of codes)
      if (!['database_unavailable', 'graph_unavailable'].includes(code))
        outageProblems.push(`${count} × 503 ${code}`);
    if ((codes.get('database_unavailable') ?? 0) === 0)
      outageProblems.push('no request was answered 503 database_unavailable');
    check(
      'database outage: requests fail fast with a clear 503 (database_unavailable), none hangs or errs otherwise',
      outageProblems,
      `${outagePhase.total('unavailable')} × 503, slowest ${outagePhase.slowestUnavailableMs()} ms`,
    );
    const crashed = cluster.servers.filter(
      (server, index) => server.child.exitCode !== null || server.child.pid !== pids[index],
    );
    check(
      'database outage: the servers recover by themselves (no restart, no crash)',
      [
        ...crashed.map((server) => `${server.name} exited`),
        ...(outage.readyAt ? [] : ['not ready again within 60 s']),
      ],
      `ready ${((outage.readyAt - outage.restartedAt) / 1000).toFixed(1)} s after the database was back`,
    );
    console.log(
      `database killed at +5 s, back ${OUTAGE_SECONDS} s later; both servers ready ${((outage.readyAt - outage.restartedAt) / 1000).toFixed(1)} s after`,
    );
  } else {
    console.log(
      '\n2. database outage: skipped — MONGODB_URI names a database this suite did not start and cannot stop.',
    );
  }

  // ---- 3. SIGTERM ---------------------------------------------------------------------
  const stopped = cluster.servers[1]!;
  let sigtermAt = 0;
  let exitCode: number | null = null;
  let exitedAt = 0;
  let logOffset = 0;
  let restartedAt = 0;
  client.isLogging = true;
  const sigtermPhase = await phase(`3. SIGTERM to ${stopped.name} mid-load`, 0, async () => {
    await sleep(5000);
    sigtermAt = Date.now();
    stopped.child.kill('SIGTERM');
    exitCode = await stopped.exited;
    exitedAt = Date.now();
    await sleep(3000);
    logOffset = statSync(stopped.logFile).size;
    restartedAt = Date.now();
    await cluster.restartServer(stopped.name);
    await sleep(3000 + JOB_INTERVAL_SECONDS * 1000);
    client.isLogging = false;
  });
  const toStopped = client.log.filter((outcome) => outcome.server === stopped.name);
  // What the stopping server read, from its log (each request's line carries the id sent).
  const stoppedLog = readFileSync(stopped.logFile, 'utf8').slice(0, logOffset);
  const readByServer = new Set(
    [...stoppedLog.matchAll(/"req":\{"id":"(load-[0-9a-f-]+)"/g)].map((match) => match[1]!),
  );
  const shutdownLine = stoppedLog.split('\n').find((line) => line.includes('shutting down'));
  const inFlightAtSignal = shutdownLine
    ? (JSON.parse(shutdownLine) as { inFlight: number }).inFlight
    : null;
  const answeredAfterSignal = toStopped.filter(
    (o) => o.kind === 'response' && o.startedAt < sigtermAt && o.endedAt >= sigtermAt,
  );
  check(
    'SIGTERM: every request the stopping server read is answered, then it exits cleanly',
    [
      ...toStopped
        .filter((o) => o.kind === 'failure' && readByServer.has(o.requestId))
        .map((o) => `read but not answered: ${describeOutcome(o)}`),
      ...(exitCode === 0 ? [] : [`exit code ${exitCode}`]),
      ...(inFlightAtSignal === null ? ['no "shutting down" line in its log'] : []),
    ],
    `${inFlightAtSignal} in flight at the signal, ${answeredAfterSignal.length} answers after it; exited ${exitedAt - sigtermAt} ms after it with code ${exitCode}`,
  );
  // Requests it never read: refused after the listener closed, or reset unread on a
  // kept-alive connection it closed as they were sent (to the client, also a refusal).
  const unread = toStopped.filter(
    (o) => o.kind === 'failure' && o.startedAt >= sigtermAt && !readByServer.has(o.requestId),
  );
  const whileDown = toStopped.filter((o) => o.startedAt > exitedAt && o.startedAt < restartedAt);
  check(
    'SIGTERM: new requests are refused (and go to the other server) until the restart',
    [
      ...whileDown
        .filter((o) => !(o.kind === 'failure' && o.reason === 'refused'))
        .map(describeOutcome),
      ...toStopped
        .filter(
          (o) =>
            o.kind === 'failure' &&
            !(unread.includes(o) && (o.reason === 'refused' || o.reason === 'reset')),
        )
        .map((o) => `not refused but ${describeOutcome(o)}`),
    ],
    `${unread.filter((o) => o.kind === 'failure' && o.reason === 'refused').length} refused, ${unread.filter((o) => o.kind === 'failure' && o.reason === 'reset').length} reset unread; ${client.failovers} sent to the other server`,
  );
  check(
    'SIGTERM: no request failed for the people',
    [...sigtermPhase.errorKinds(), ...sigtermPhase.unavailableCodes()].map(
      ([what, count]) => `${count} × ${what}`,
    ),
    `${sigtermPhase.requests()} requests`,
  );
  const restartedLog = readFileSync(stopped.logFile, 'utf8').slice(logOffset);
  const jobsAfterRestart = new Set(
    restartedLog
      .split('\n')
      .filter((line) => line.includes('"job finished"'))
      .map((line) => (JSON.parse(line) as { job: string }).job),
  );
  check(
    'SIGTERM: the restarted server runs its jobs again',
    jobsAfterRestart.size ? [] : ['no job finished after the restart'],
    [...jobsAfterRestart].join(', '),
  );

  // ---- 4. Graph storm -----------------------------------------------------------------
  // New joiners, so the org sync has a delta to read through the storm.
  for (const tenant of tenants)
    for (let index = 0; index < 3; index += 1) {
      await cluster.control('POST', `/tenants/${tenant.id}/users`, {
        displayName: `New Starter ${index}`,
        managerId: tenant.admin.id,
      });
      tenant.people += 1;
    }
  let graphRequests: { total: number; byMethodAndPath: Record<string, number> } = {
    total: 0,
    byMethodAndPath: {},
  };
  const faultHits: Array<{ status?: number; hits: number }> = [];
  const syncs: Array<{ state: string; mode: string | null; seen: number; hasDeltaLink: boolean }> =
    [];
  const stormPhase = await phase(
    `4. Graph storm (${stormSeconds / 2} s of 429 with Retry-After: 2, then ${stormSeconds / 2} s of 503)`,
    0,
    async () => {
      await cluster.control('DELETE', '/requests');
      await cluster.control('POST', '/faults', { status: 429, retryAfterSeconds: 2 });
      for (const tenant of tenants)
        await client.request(tenant.admin.token, 'POST', '/admin/org-sync', {});
      await sleep((stormSeconds / 2) * 1000);
      faultHits.push(
        ...(await cluster.control<{ value: typeof faultHits }>('GET', '/faults')).value,
      );
      await cluster.control('DELETE', '/faults');
      await cluster.control('POST', '/faults', { status: 503 });
      await sleep((stormSeconds / 2) * 1000);
      faultHits.push(
        ...(await cluster.control<{ value: typeof faultHits }>('GET', '/faults')).value,
      );
      await cluster.control('DELETE', '/faults');
      graphRequests = await cluster.control('GET', '/requests');
      for (const tenant of tenants) {
        let status = await waitForOrgSync(client, tenant);
        if (status.state !== 'succeeded') {
          // The run the storm stopped; the next resumes from the saved link.
          await client.request(tenant.admin.token, 'POST', '/admin/org-sync', {});
          await sleep(500);
          status = await waitForOrgSync(client, tenant);
        }
        syncs.push(status);
      }
    },
  );
  const stormProblems = [...stormPhase.errorKinds()].map(([what, count]) => `${count} × ${what}`);
  for (const [code, count] of stormPhase.unavailableCodes())
    if (!['graph_unavailable', 'upstream_unavailable'].includes(code))
      stormProblems.push(`${count} × 503 ${code}`);
  check(
    'Graph storm: attaches succeed after back-off or fail with a clear 503; nothing else fails',
    stormProblems,
    `${stormPhase.total('unavailable')} × 503 (${JSON.stringify(Object.fromEntries(stormPhase.unavailableCodes()))})`,
  );
  check(
    'Graph storm: the org sync resumes from its delta link and finishes',
    syncs.flatMap((status, index) =>
      status.state === 'succeeded' && status.mode === 'delta' && status.hasDeltaLink
        ? []
        : [`${tenants[index]!.name}: ${JSON.stringify(status)}`],
    ),
    syncs.map((status) => `${status.mode} ${status.state}, ${status.seen} seen`).join('; '),
  );
  const attaches = stormPhase.requestsOf('attach an email');
  const faulted = faultHits.reduce((sum, fault) => sum + fault.hits, 0);
  // Each attach reads the message and may subscribe to it; each job run on each server may
  // call Graph once per tenant (the digests went out already); each call retries at most
  // GRAPH_MAX_RETRIES times. A storm would be many times this.
  const jobRuns = 2 * Math.ceil(stormSeconds / JOB_INTERVAL_SECONDS) * 7 * tenants.length;
  const bound = (attaches * 2 + jobRuns + 20) * (1 + GRAPH_MAX_RETRIES);
  console.log(
    `Graph during the storm: ${graphRequests.total} requests (${(graphRequests.total / stormSeconds).toFixed(1)}/s), ${faulted} answered 429/503 by the emulator, for ${attaches} attaches and the jobs of both servers`,
  );
  const busiest = Object.entries(graphRequests.byMethodAndPath)
    .map(
      ([route, count]) =>
        [
          route.replace(/[0-9a-f-]{36}/g, '{id}').replace(/\/messages\/[^/]+/, '/messages/{id}'),
          count,
        ] as const,
    )
    .reduce(
      (map, [route, count]) => map.set(route, (map.get(route) ?? 0) + count),
      new Map<string, number>(),
    );
  console.table(
    [...busiest.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([route, count]) => ({ route, requests: count })),
  );
  check(
    'Graph storm: no retry storm (Graph requests stay within the retries each call may make)',
    graphRequests.total <= bound ? [] : [`${graphRequests.total} Graph requests, bound ${bound}`],
    `${graphRequests.total} Graph requests ≤ ${bound}`,
  );

  // ---- the database against every answer ----------------------------------------------
  // Reading each key result repairs what a stopped write left half done (DESIGN.md rule 1).
  await Promise.all(
    people.map(async (person) => {
      for (const id of [person.keyResultId, person.peerKeyResultId])
        if (id) await client.request(person.token, 'GET', `/key-results/${id}`);
    }),
  );
  const writesBy = (kind: WriteRecord['kind']) => writes.filter((write) => write.kind === kind);
  console.log(
    `\nwrites: ${(['checkIn', 'comment', 'evidence'] as const)
      .map(
        (kind) =>
          `${writesBy(kind).length} ${kind} (${writesBy(kind).filter((w) => w.isAcknowledged).length} acknowledged)`,
      )
      .join(', ')}`,
  );
  // The digest job may still be on its way through the people: run it until it has nobody
  // left to send to, so Teams and the ledger are compared once both are settled.
  for (const tenant of tenants)
    for (let round = 0; round < 10; round += 1) {
      const outcome = await client.request(
        tenant.admin.token,
        'POST',
        '/admin/jobs/weekly-digest/run',
        {},
      );
      const result = outcome.kind === 'response' ? (outcome.body as { sent?: number }) : null;
      if (result?.sent === 0) break;
    }
  const notifications = (
    await cluster.control<{ value: ActivityNotification[] }>('GET', '/teams/activity-notifications')
  ).value;
  await withDatabase(cluster.mongoUri, cluster.dbName, async (db) => {
    checks.push(...(await checkWrites(db, writes)));
    checks.push(await checkEventsHaveRecords(db));
    checks.push(await checkKeyResultVersions(db, people));
    checks.push(
      await checkDigests(
        db,
        notifications,
        tenants.map((tenant) => tenant.id),
      ),
    );
    checks.push(
      await checkPrepCards(
        db,
        notifications,
        tenants.map((tenant) => tenant.id),
      ),
    );
    checks.push(await checkPeople(db, tenants));
  });
  const alive = cluster.servers.filter((server) => server.child.exitCode !== null);
  check(
    'no server crashed',
    alive.map((server) => `${server.name} exited with ${server.child.exitCode}`),
  );
}

interface Probe {
  at: number;
  answeredAt: number;
  server: string;
  status: number | string;
}

async function probeReadiness(cluster: Cluster, into: Probe[], isDone: () => boolean) {
  while (!isDone()) {
    await Promise.all(
      cluster.servers.map(async (server) => {
        const at = Date.now();
        const status = await fetch(`${server.url}/readyz`, { signal: AbortSignal.timeout(10_000) })
          .then((response) => response.status)
          .catch((error: Error) => error.name);
        into.push({ at, answeredAt: Date.now(), server: server.name, status });
      }),
    );
    await sleep(500);
  }
}

async function waitUntilReady(cluster: Cluster, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const statuses = await Promise.all(
      cluster.servers.map((server) =>
        fetch(`${server.url}/readyz`, { signal: AbortSignal.timeout(5000) })
          .then((response) => response.status)
          .catch(() => 0),
      ),
    );
    if (statuses.every((status) => status === 200)) return Date.now();
    await sleep(250);
  }
  return 0;
}

function describeOutcome(outcome: Outcome): string {
  return outcome.kind === 'failure'
    ? `${outcome.reason} (${outcome.message.slice(0, 80)})`
    : `${outcome.status} ${outcome.code ?? ''} (${verdictOf(outcome)})`;
}

// Node trusts the sandbox's certificate authority only if told at start: re-run once with it.
async function start() {
  const tls = await ensureSandboxCertificate();
  if (process.env.NODE_EXTRA_CA_CERTS !== tls.caPath) {
    if (!process.env.MONGODB_URI) ensureFerretDbBinary();
    const child = spawnSync(process.execPath, [...process.execArgv, __filename], {
      stdio: 'inherit',
      env: { ...process.env, NODE_EXTRA_CA_CERTS: tls.caPath },
    });
    process.exit(child.status ?? 1);
  }
  await main();
}

start().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
