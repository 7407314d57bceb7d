/**
 * Starts and stops the FerretDB 1.24.2 (SQLite backend) that local runs and tests use.
 * Each instance gets its own port and data folder and no debug listener, so several can
 * run side by side (a developer's `npm start` and a test run, say).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { findFreePort } from './ports';

export const repoRoot = path.resolve(__dirname, '..', '..');

export interface RunningDatabase {
  uri: string;
  stop(): Promise<void>;
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
  postgresUrl?: string;
}): Promise<RunningDatabase> {
  const binary = ensureFerretDbBinary();
  const port = options.port ?? (await findFreePort());
  mkdirSync(options.dataDir, { recursive: true });
  const child = spawn(
    binary,
    [
      ...(options.postgresUrl
        ? ['--handler=postgresql', `--postgresql-url=${options.postgresUrl}`]
        : ['--handler=sqlite', `--sqlite-url=file:${path.resolve(options.dataDir)}/`]),
      '--state-dir=-',
      '--debug-addr=-',
      `--listen-addr=127.0.0.1:${port}`,
      '--telemetry=disable',
      '--log-level=error',
    ],
    {
      stdio: ['ignore', options.quiet ? 'ignore' : 'inherit', options.quiet ? 'ignore' : 'inherit'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const uri = `mongodb://127.0.0.1:${port}/`;
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
  return {
    uri,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
