/**
 * A throwaway PostgreSQL (Debian's packages) for FerretDB's postgresql handler, used by
 * benchmarks to compare with the embedded SQLite handler. Runs as the `postgres` user
 * because initdb refuses root.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findFreePort } from './ports';

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

function postgresBin(name: string): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).sort().reverse();
  for (const version of versions) {
    const candidate = path.join(root, version, 'bin', name);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

export function isPostgresAvailable(): boolean {
  return !!postgresBin('initdb') && !!postgresBin('pg_ctl');
}

export async function startPostgres(): Promise<RunningPostgres> {
  const initdb = postgresBin('initdb');
  const pgCtl = postgresBin('pg_ctl');
  if (!initdb || !pgCtl)
    throw new Error('PostgreSQL is not installed (apt-get install postgresql).');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'throughline-pg-'));
  chmodSync(dir, 0o777);
  const dataDir = path.join(dir, 'data');
  const port = await findFreePort();
  const asPostgres = (command: string, args: string[]) => {
    const isRoot = process.getuid?.() === 0;
    const result = isRoot
      ? spawnSync('runuser', ['-u', 'postgres', '--', command, ...args], { encoding: 'utf8' })
      : spawnSync(command, args, { encoding: 'utf8' });
    if (result.status !== 0)
      throw new Error(`${path.basename(command)} failed: ${result.stderr || result.stdout}`);
  };
  asPostgres(initdb, ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  asPostgres(pgCtl, [
    '-D',
    dataDir,
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off`,
    '-l',
    path.join(dir, 'log'),
    '-w',
    'start',
  ]);
  execFileSync(postgresBin('createdb')!, [
    '-h',
    '127.0.0.1',
    '-p',
    String(port),
    '-U',
    'postgres',
    'ferretdb',
  ]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/ferretdb`,
    async stop() {
      try {
        asPostgres(pgCtl, ['-D', dataDir, '-m', 'fast', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
