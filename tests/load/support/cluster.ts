/**
 * What the load suite runs against, each a process of its own so that a kill or a SIGTERM
 * is real: FerretDB (or the MongoDB in MONGODB_URI), the sandbox Microsoft 365
 * (`sandbox/src/main.ts`) and two Throughline servers (`server/src/main.ts`) on two ports
 * over the same database, jobs on both.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, type WriteStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFerretDb, repoRoot, type RunningDatabase } from '../../../scripts/lib/ferretdb';
import { findFreePort } from '../../../scripts/lib/ports';
import {
  serverEnvironment,
  spawnServer,
  stopChild,
  waitForReady,
} from '../../../scripts/lib/stack';

export interface ServerProcess {
  name: string;
  url: string;
  /** Where its log lines go (JSON lines, pino). */
  logFile: string;
  child: ChildProcess;
  /** Resolves with the exit code when the process ends. */
  exited: Promise<number | null>;
}

export interface Cluster {
  servers: ServerProcess[];
  identityUrl: string;
  graphUrl: string;
  mongoUri: string;
  dbName: string;
  /** Null when the database is an outside one (MONGODB_URI), which this suite cannot stop. */
  database: Pick<RunningDatabase, 'kill' | 'restart'> | null;
  /** The sandbox control API (`/_sandbox/…`). */
  control<T = Record<string, unknown>>(method: string, route: string, body?: unknown): Promise<T>;
  /** Starts the server of that name again (after it stopped). */
  restartServer(name: string): Promise<ServerProcess>;
  stop(): Promise<void>;
}

export async function startCluster(options: {
  serverEnv: Record<string, string>;
  caPath: string;
}): Promise<Cluster> {
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'throughline-load-'));
  const stoppers: Array<() => Promise<void>> = [];
  const logs: WriteStream[] = [];
  try {
    let database: RunningDatabase | null = null;
    let mongoUri = process.env.MONGODB_URI;
    if (!mongoUri) {
      // A folder of its own: PostgreSQL (run as its own user under root) must reach it.
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'throughline-load-db-'));
      database = await startFerretDb({ dataDir, quiet: true });
      stoppers.push(async () => rmSync(dataDir, { recursive: true, force: true }));
      stoppers.push(() => database!.stop());
      mongoUri = database.uri;
    }
    const dbName = `load_${Date.now().toString(36)}`;

    const identityPort = await findFreePort();
    const graphPort = await findFreePort();
    const sandbox = spawn(
      process.execPath,
      [require.resolve('tsx/cli'), path.join(repoRoot, 'sandbox', 'src', 'main.ts')],
      {
        env: {
          ...process.env,
          SANDBOX_PORT: String(identityPort),
          SANDBOX_GRAPH_PORT: String(graphPort),
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    stoppers.push(() => stopChild(sandbox));
    const graphUrl = await new Promise<string>((resolve, reject) => {
      let out = '';
      sandbox.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /graph\s+(https:\/\/\S+)\/v1\.0/.exec(out);
        if (match) resolve(match[1]!);
      });
      sandbox.once('exit', (code) => reject(new Error(`the sandbox exited with code ${code}`)));
    });
    const identityUrl = `http://127.0.0.1:${identityPort}`;

    const control = async <T>(method: string, route: string, body?: unknown): Promise<T> => {
      const response = await fetch(`${graphUrl}/_sandbox${route}`, {
        method,
        headers: body ? { 'content-type': 'application/json' } : {},
        body: body ? JSON.stringify(body) : undefined,
      });
      if (!response.ok)
        throw new Error(`sandbox ${method} ${route}: ${response.status} ${await response.text()}`);
      return (response.status === 204 ? null : await response.json()) as T;
    };

    const ports = [await findFreePort(), await findFreePort()];
    const servers: ServerProcess[] = [];
    const launch = async (index: number): Promise<ServerProcess> => {
      const name = `server-${String.fromCharCode(97 + index)}`;
      const url = `http://127.0.0.1:${ports[index]}`;
      const logFile = path.join(workDir, `${name}.log`);
      const log = createWriteStream(logFile, { flags: 'a' });
      logs.push(log);
      const child = spawnServer(
        serverEnvironment({
          port: ports[index]!,
          publicUrl: url,
          mongoUri: mongoUri!,
          dbName,
          sandbox: { identityUrl, graphUrl, caPath: options.caPath },
          logLevel: 'info',
          extra: options.serverEnv,
        }),
        { stdout: 'pipe' },
      );
      child.stdout!.pipe(log);
      const exited = new Promise<number | null>((resolve) =>
        child.once('exit', (code) => resolve(code)),
      );
      await waitForReady(`${url}/readyz`, child, 60000);
      const server = { name, url, logFile, child, exited };
      servers[index] = server;
      return server;
    };
    await Promise.all([launch(0), launch(1)]);
    // A first start on an empty database builds the indexes while it already answers; the
    // people arrive once both say they are built.
    for (const server of servers) await waitForIndexes(server.url, 60000);
    stoppers.push(async () => {
      await Promise.all(servers.map((server) => stopChild(server.child)));
    });

    return {
      servers,
      identityUrl,
      graphUrl,
      mongoUri,
      dbName,
      database,
      control,
      restartServer: (name) => launch(servers.findIndex((server) => server.name === name)),
      async stop() {
        for (const stop of stoppers.reverse()) await stop().catch(() => undefined);
        for (const log of logs) log.end();
        rmSync(workDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    for (const stop of stoppers.reverse()) await stop().catch(() => undefined);
    rmSync(workDir, { recursive: true, force: true });
    throw error;
  }
}

async function waitForIndexes(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const body = (await fetch(`${url}/readyz`).then((response) => response.json())) as {
      indexes?: string;
    };
    if (body.indexes === 'ready') return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url}: indexes not built within ${timeoutMs} ms`);
}
