/**
 * The sandbox Microsoft 365: what no machine here can reach (Entra ID, Microsoft Graph),
 * served locally in Microsoft's published shapes for development, demos and tests.
 */
import type { Server } from 'node:http';
import express from 'express';
import { startGraphServer, type RunningGraph } from './graph/server';
import { GraphStore } from './graph/store';
import type { FaultRule } from './graph/faults';
import type { SubscriptionOptions } from './graph/subscriptions';
import { ConsentLedger } from './identity/consent';
import { createIdentityProvider, type IdentityProvider } from './identity/identity-provider';
import { SigningKeys } from './identity/keys';
import { BotFramework } from './bot-framework/bot-framework';
import { seedTenants } from './seed/organisation';
import { ensureSandboxCertificate, type SandboxCertificate } from './tls';
import { createWorkbench, type Workbench } from './workbench/workbench';

export {
  CONTOSO_TENANT_ID,
  FABRIKAM_TENANT_ID,
  NORTHWIND_TENANT_ID,
  DIRECTORY_ROLES,
  sandboxApp,
  sandboxBot,
  seedTenants,
  findSeedPersonByName,
} from './seed/organisation';
export type { SeedPerson, SeedTenant } from './seed/organisation';
export {
  findSeedMessages,
  findSeedDriveItems,
  findSeedMeetingSeries,
  sharingUrlFor,
  shareIdFor,
} from './seed/accessors';
export type { SeedMessage, SeedAttachment, Recipient } from './seed/mail';
export type { SeedDriveItem } from './seed/files';
export type { SeedSeries } from './seed/calendar';
export { ensureSandboxCertificate, defaultTlsDir, type SandboxCertificate } from './tls';
export { defaultKeysDir } from './identity/keys';
export { parseGraphFaults, type FaultRule } from './graph/faults';
export { encodeSharingUrl } from './graph/files';
export {
  GRAPH_RESOURCE_APP_ID,
  BOT_FRAMEWORK_RESOURCE,
  SANDBOX_BOT_HOME_TENANT_ID,
} from './identity/identity-provider';
export { BOT_FRAMEWORK_ISSUER, type PostedActivity } from './bot-framework/bot-framework';
export { ConsentLedger } from './identity/consent';
export { outlookAddress, teamsAddress } from './workbench/pages';
export type { RunningGraph } from './graph/server';
export type { SubscriptionOptions } from './graph/subscriptions';

export interface SandboxOptions {
  /** Port for the identity provider (0 picks a free one). */
  identityPort?: number;
  /** Port for the Graph emulator, served over HTTPS (0 picks a free one; `npm start` uses 4443). */
  graphPort?: number;
  host?: string;
  /** The clock seeded dates are relative to and expiry is judged by (default: the real one). */
  clock?: () => Date;
  /** Faults active from the start, e.g. `parseGraphFaults(process.env.SANDBOX_GRAPH_FAULTS)`. */
  graphFaults?: FaultRule[];
  /** Change-notification timings (validation timeout, lifecycle window and check interval). */
  subscriptions?: SubscriptionOptions;
  /** Where the TLS files live (default `<repo>/.tools/sandbox-tls`). */
  tlsDir?: string;
  /**
   * Where the identity provider keeps its signing key between starts, as Entra ID keeps its
   * keys (`npm start` gives one, so tokens a server cached stay valid after a restart). Without
   * it every start signs with a fresh key.
   */
  keysDir?: string;
}

export interface RunningSandbox {
  identityUrl: string;
  /** `https://localhost:PORT`: the value for GRAPH_BASE_URL (the client appends `/v1.0`). */
  graphUrl: string;
  identity: IdentityProvider;
  graph: RunningGraph;
  /** The Bot Framework stand-in (on the Graph server's https address). */
  botFramework: { openIdMetadataUrl: string; serviceUrl: string; service: BotFramework };
  /** The certificate authority processes must trust (`NODE_EXTRA_CA_CERTS=tls.caPath`). */
  tls: SandboxCertificate;
  /** The workbench at the identity URL's root: told the product's addresses once the server runs. */
  workbench: Workbench;
  stop(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const host = options.host ?? '127.0.0.1';
  const clock = options.clock ?? (() => new Date());
  const store = new GraphStore(seedTenants, clock);
  const keys = await SigningKeys.open(options.keysDir);
  // Bot Framework signs with its own key, kept beside the identity provider's.
  const botFrameworkKeys = await SigningKeys.open(
    options.keysDir,
    'bot-framework-signing-key.json',
  );
  const consent = new ConsentLedger();
  let identityUrl = '';
  const identity = createIdentityProvider({
    keys,
    consent,
    baseUrl: () => identityUrl,
    directory: {
      hasTenant: (tenantId) => store.tenant(tenantId) !== undefined,
      findPerson: (tenantId, personId) => {
        const tenant = store.tenant(tenantId);
        return tenant?.users.get(personId);
      },
    },
  });
  const tls = await ensureSandboxCertificate(options.tlsDir);
  const app = express();
  app.disable('x-powered-by');
  const botFramework = new BotFramework({
    keys: botFrameworkKeys,
    identityKeys: keys,
    identityUrl: () => identityUrl,
    store,
    clock,
  });
  let graph: RunningGraph;
  // Graph's stand-in starts after the workbench's routes are mounted; the workbench asks for it later.
  const started: { teams?: RunningGraph['teams'] } = {};
  const workbench = createWorkbench({
    store,
    identity,
    keys,
    identityUrl: () => identityUrl,
    teams: () => started.teams,
    botFramework,
  });
  app.use(workbench.router);
  app.use(identity.router);
  const server = await listen(app, options.identityPort ?? 0, host);
  identityUrl = `http://${host}:${portOf(server)}`;
  try {
    graph = await startGraphServer({
      store,
      signingKeys: keys,
      identityUrl: () => identityUrl,
      tls,
      port: options.graphPort ?? 0,
      host,
      faults: options.graphFaults,
      subscriptions: options.subscriptions,
      consent,
      botFramework,
    });
  } catch (error) {
    await close(server);
    throw error;
  }
  started.teams = graph.teams;
  return {
    identityUrl,
    graphUrl: graph.url,
    identity,
    graph,
    botFramework: {
      openIdMetadataUrl: botFramework.openIdMetadataUrl,
      serviceUrl: botFramework.serviceUrl,
      service: botFramework,
    },
    tls,
    workbench,
    stop: async () => {
      await graph.stop();
      await close(server);
    },
  };
}

export function listen(app: express.Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) =>
      error ? reject(error) : resolve(server),
    );
  });
}

export function portOf(server: Server): number {
  const address = server.address();
  if (!address || typeof address === 'string')
    throw new Error('server is not listening on a TCP port');
  return address.port;
}

export function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
