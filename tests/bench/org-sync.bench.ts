/**
 * Org sync at scale: a generated tenant of 10,000 people (BENCH_PEOPLE), 50 ms of
 * injected latency on every Graph call (BENCH_LATENCY_MS), the real server code
 * (msal-node, the Graph client, `/users/delta` with the manager on the same page) against
 * the sandbox Graph emulator, and FerretDB. Prints, side by side, the wall time, the
 * Graph requests made (counted by the emulator) and the fewest the paging allows —
 * for the first (full) round and for a delta round after a few changes. Never fails on
 * a timing. BENCH_BACKEND picks the database (postgresql, postgresql-btree or sqlite; see support/backends.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureSandboxCertificate, sandboxApp, startSandbox } from '@throughline/sandbox';
import { startBenchDatabase } from './support/backends';
import { loadConfig } from '../../server/src/config';
import { openDatabase, ensureIndexes } from '../../server/src/platform/db/database';
import { createGraph } from '../../server/src/platform/graph/graph';
import { createLogger } from '../../server/src/platform/log/logger';
import { createOrgSync } from '../../server/src/people/org-sync';

const people = Number(process.env.BENCH_PEOPLE ?? 10_000);
const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 50);
const pageSize = Number(process.env.BENCH_PAGE_SIZE ?? 999);

async function main() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'throughline-bench-orgsync-'));
  const database = await startBenchDatabase(process.env.BENCH_BACKEND ?? 'postgresql', dataDir);
  const sandbox = await startSandbox();
  const control = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${sandbox.graphUrl}/_sandbox${route}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok)
      throw new Error(`sandbox ${method} ${route}: ${response.status} ${await response.text()}`);
    return response.status === 204 ? null : ((await response.json()) as Record<string, unknown>);
  };
  const db = openDatabase(database.uri, 'bench_org_sync');
  try {
    await db.client.connect();
    await ensureIndexes(db.db);
    const generated = (await control('POST', '/tenants/generate', {
      people,
      name: `Bench ${people}`,
    }))!;
    const tenantId = String(generated.tenantId);
    const config = loadConfig({
      MONGODB_URI: database.uri,
      AUTH_AUTHORITY: sandbox.identityUrl,
      AUTH_CLIENT_ID: sandboxApp.clientId,
      AUTH_CLIENT_SECRET: sandboxApp.clientSecret,
      GRAPH_BASE_URL: sandbox.graphUrl,
      TOKEN_CACHE_KEY: Buffer.from('throughline-dev-token-cache-key!').toString('base64'),
      ORG_SYNC_PAGE_SIZE: String(pageSize),
      LOG_LEVEL: 'warn',
    });
    const log = createLogger(config.LOG_LEVEL);
    const clock = () => new Date();
    const orgSync = createOrgSync({
      db: db.db,
      graph: createGraph({ config, db: db.db, log, clock }),
      config,
      log,
      clock,
    });
    await control('POST', '/faults', { latencyMs });

    const measure = async (label: string, minimum: number) => {
      await control('DELETE', '/requests');
      const started = performance.now();
      const status = await orgSync.start(tenantId).done;
      const ms = performance.now() - started;
      const requests = Number((await control('GET', '/requests'))!.total);
      return {
        round: label,
        state: status.state,
        'wall time (s)': (ms / 1000).toFixed(2),
        'graph requests': requests,
        'fewest possible': minimum,
        pages: status.pages,
        people: status.seen,
        created: status.created,
        updated: status.updated,
        deactivated: status.deactivated,
      };
    };

    const full = await measure('full', Math.ceil(people / pageSize));
    // A handful of directory changes, then the delta round.
    const root = String(generated.rootUserId);
    const changes = 25;
    for (let index = 0; index < changes; index += 1)
      await control('POST', `/tenants/${tenantId}/users`, {
        displayName: `New Starter ${index}`,
        managerId: root,
      });
    const delta = await measure(
      `delta (${changes} joiners)`,
      Math.max(1, Math.ceil(changes / pageSize)),
    );
    console.log(
      `org sync: ${people} people, ${latencyMs} ms per Graph call, page size ${pageSize}, ${database.label}`,
    );
    console.table([full, delta]);
    console.log(
      'fewest possible = ceil(changed people / page size): every page of /users/delta carries managers inline ($expand=manager), so no request per person; token requests go to the identity provider and are not Graph calls.',
    );
  } finally {
    await db.close().catch(() => undefined);
    await sandbox.stop();
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// Node trusts the sandbox's certificate authority only if told at start: re-run once with it.
async function start() {
  const tls = await ensureSandboxCertificate();
  if (process.env.NODE_EXTRA_CA_CERTS !== tls.caPath) {
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
