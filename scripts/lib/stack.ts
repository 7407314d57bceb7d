/**
 * The whole local suite: FerretDB (or MONGODB_URI), the sandbox Microsoft 365, and the
 * server serving the built tab and add-in pages. `npm start` and the end-to-end tests
 * both run it, so the tests see exactly what a developer sees.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  findSeedPersonByName,
  parseGraphFaults,
  sandboxApp,
  sandboxBot,
  SANDBOX_BOT_HOME_TENANT_ID,
  startSandbox,
  type RunningSandbox,
  outlookAddress,
  teamsAddress,
} from '@throughline/sandbox';
import { repoRoot, startFerretDb, type RunningDatabase } from './ferretdb';
import { findFreePort } from './ports';
import { addinPagesLoadingOfficeJsFrom } from './build-pages';
import { seedDemoData } from './seed-demo';

export interface StackOptions {
  serverPort?: number;
  sandboxPort?: number;
  /** The sandbox Graph emulator's HTTPS port (default 4443 when sandboxPort is fixed, else a free one). */
  graphPort?: number;
  dataDir?: string;
  mongoUri?: string;
  dbName?: string;
  logLevel?: string;
  quiet?: boolean;
  /** Where the sandbox identity provider keeps its signing key between starts (default: a fresh key). */
  sandboxKeysDir?: string;
  /** Seed Contoso's demo OKRs when the database has none (npm start does; tests make their own data). */
  seedDemo?: boolean;
  /** More environment for the server process (tests turn the rate limits off). */
  serverEnv?: Record<string, string>;
}

export interface RunningStack {
  /** The sandbox's workbench: the surfaces, tried as a demo person. */
  workbenchUrl: string;
  /** The workbench's Outlook or Teams as one person. */
  surfaceUrlFor(surface: 'outlook' | 'teams', person: { tenantId: string; id: string }): string;
  serverUrl: string;
  tabUrl: string;
  addinUrl: string;
  identityUrl: string;
  graphUrl: string;
  mongoUri: string;
  dbName: string;
  stop(): Promise<void>;
}

export async function startStack(options: StackOptions = {}): Promise<RunningStack> {
  const stoppers: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stoppers.reverse()) await stop().catch(() => undefined);
  };
  try {
    let database: RunningDatabase | undefined;
    let mongoUri = options.mongoUri;
    if (!mongoUri) {
      database = await startFerretDb({
        dataDir: options.dataDir ?? path.join(repoRoot, '.data', 'ferretdb'),
        quiet: options.quiet,
      });
      stoppers.push(() => database!.stop());
      mongoUri = database.uri;
    }
    // Sandbox Graph emulator (owned by sandbox/): HTTPS on 4443 for `npm start`, faults from SANDBOX_GRAPH_FAULTS.
    const sandbox: RunningSandbox = await startSandbox({
      identityPort: options.sandboxPort ?? 0,
      graphPort: options.graphPort ?? (options.sandboxPort ? 4443 : 0),
      graphFaults: parseGraphFaults(process.env.SANDBOX_GRAPH_FAULTS),
      keysDir: options.sandboxKeysDir,
    });
    stoppers.push(() => sandbox.stop());

    const serverPort = options.serverPort || (await findFreePort());
    const serverUrl = `http://localhost:${serverPort}`;
    // The add-in's production pages, loading Office.js from the sandbox (the workbench's
    // Outlook) where production loads Microsoft's CDN.
    const addinDir = mkdtempSync(path.join(os.tmpdir(), 'throughline-addin-'));
    stoppers.push(async () => rmSync(addinDir, { recursive: true, force: true }));
    addinPagesLoadingOfficeJsFrom(`${sandbox.identityUrl}/workbench/office.js`, addinDir);
    const dbName = options.dbName ?? 'throughline';
    const server = spawnServer(
      serverEnvironment({
        port: serverPort,
        publicUrl: serverUrl,
        mongoUri,
        dbName,
        sandbox: { ...sandbox, caPath: sandbox.tls.caPath },
        logLevel: options.logLevel,
        extra: { ADDIN_DIST_DIR: addinDir, ...options.serverEnv },
      }),
      { stdout: options.quiet ? 'ignore' : 'inherit' },
    );
    stoppers.push(() => stopChild(server));
    await waitForReady(`${serverUrl}/readyz`, server, 60000);
    const tabUrl = `${serverUrl}/tab/`;
    const addinUrl = `${serverUrl}/addin/`;
    sandbox.workbench.connectProduct({ serverUrl, tabUrl, addinUrl });
    if (options.seedDemo) {
      if (!options.quiet)
        console.log(
          'Checking demo OKRs (the first run writes a quarter of history, about a minute)...',
        );
      await seedDemoData(mongoUri, dbName);
      // Contoso's admin connects the org chart, as an admin would after installing: it
      // also enrols the tenant in the scheduled sync, digests and 1-on-1 prep cards.
      await startOrgSync(serverUrl, sandbox.identityUrl);
    }
    return {
      workbenchUrl: `${sandbox.identityUrl}/`,
      surfaceUrlFor: (surface, person) =>
        `${sandbox.identityUrl}${(surface === 'outlook' ? outlookAddress : teamsAddress)(person.tenantId, person.id)}`,
      serverUrl,
      tabUrl,
      addinUrl,
      identityUrl: sandbox.identityUrl,
      graphUrl: sandbox.graphUrl,
      mongoUri,
      dbName,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** The environment of a server process that uses the sandbox Microsoft 365, as `npm start` runs it. */
export function serverEnvironment(options: {
  port: number;
  publicUrl: string;
  mongoUri: string;
  dbName: string;
  sandbox: {
    identityUrl: string;
    graphUrl: string;
    caPath: string;
    /** The sandbox's Bot Framework stand-in; without it the server runs with no bot. */
    botFramework?: { openIdMetadataUrl: string; serviceUrl: string };
  };
  logLevel?: string;
  extra?: Record<string, string>;
}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(options.port),
    HOST: '127.0.0.1',
    PUBLIC_URL: options.publicUrl,
    MONGODB_URI: options.mongoUri,
    MONGODB_DB: options.dbName,
    LOG_LEVEL: options.logLevel ?? 'info',
    AUTH_AUTHORITY: options.sandbox.identityUrl,
    AUTH_CLIENT_ID: 'a3a1d0f4-6c1b-4b8e-9d6a-1f0c2b3d4e5f',
    // On-behalf-of and app-only Graph tokens from the sandbox identity provider. AUTH_AUTHORITY is
    // http, so the server keeps msal's production authority and derives the sandbox's metadata.
    AUTH_CLIENT_SECRET: sandboxApp.clientSecret,
    // A fixed development key (32 bytes, base64): local token caches are encrypted like production's.
    TOKEN_CACHE_KEY: Buffer.from('throughline-dev-token-cache-key!').toString('base64'),
    // Plain-browser sign-in as a demo person; never set in production.
    DEV_SIGN_IN_URL: options.sandbox.identityUrl,
    // The workbench frames the pages and serves their Office.js; never set in production.
    DEV_HOST_URL: options.sandbox.identityUrl,
    // Sandbox Graph emulator: its URL, and trust for its certificate (Node reads this only at start).
    GRAPH_BASE_URL: options.sandbox.graphUrl,
    NODE_EXTRA_CA_CERTS: options.sandbox.caPath,
    // The bot, registered with the sandbox's Bot Framework stand-in (its own keys and connector).
    ...(options.sandbox.botFramework
      ? {
          BOT_APP_ID: sandboxBot.appId,
          BOT_APP_PASSWORD: sandboxBot.appPassword,
          BOT_TENANT_ID: SANDBOX_BOT_HOME_TENANT_ID,
          BOT_OPENID_METADATA_URL: options.sandbox.botFramework.openIdMetadataUrl,
          BOT_SERVICE_URL: options.sandbox.botFramework.serviceUrl,
        }
      : {}),
    TAB_DIST_DIR: path.join(repoRoot, 'teams-app', 'dist'),
    ADDIN_DIST_DIR: path.join(repoRoot, 'outlook-addin', 'dist'),
    ...options.extra,
  };
}

/**
 * `server/src/main.ts` as a process of its own (so a stop is a real signal), with tsx as a
 * loader in that very process: the tsx command would run it as a child and, when the busy
 * child did not acknowledge a SIGTERM within 30 ms, kill it outright (exit 143), cutting
 * off the requests in flight.
 */
export function spawnServer(
  env: NodeJS.ProcessEnv,
  options: { stdout: 'inherit' | 'ignore' | 'pipe' },
): ChildProcess {
  return spawn(
    process.execPath,
    ['--import', 'tsx', path.join(repoRoot, 'server', 'src', 'main.ts')],
    { env, cwd: repoRoot, stdio: ['ignore', options.stdout, 'inherit'] },
  );
}

async function startOrgSync(serverUrl: string, identityUrl: string) {
  const admin = findSeedPersonByName('Megan Bowen');
  const tokenResponse = await fetch(`${identityUrl}/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenantId: admin.tenantId, userId: admin.id }),
  });
  const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
  const response = await fetch(`${serverUrl}/api/admin/org-sync`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: '{}',
  });
  if (!response.ok)
    console.warn(`Org sync did not start (${response.status}): ${await response.text()}`);
}

export async function waitForReady(url: string, child: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
