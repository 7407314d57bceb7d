/**
 * The sandbox Microsoft 365: what no machine here can reach (Entra ID, Microsoft Graph),
 * served locally in Microsoft's published shapes for development, demos and tests.
 */
import type { Server } from 'node:http';
import express from 'express';
import { createIdentityProvider, type IdentityProvider } from './identity/identity-provider';
import { createSigningKey } from './identity/keys';

export { CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID, sandboxApp, seedTenants, findSeedPersonByName } from './seed/organisation';
export type { SeedPerson, SeedTenant } from './seed/organisation';

export interface SandboxOptions {
  /** Port for the identity provider (0 picks a free one). */
  identityPort?: number;
  host?: string;
}

export interface RunningSandbox {
  identityUrl: string;
  identity: IdentityProvider;
  stop(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const host = options.host ?? '127.0.0.1';
  let identityUrl = '';
  const identity = createIdentityProvider({ key: await createSigningKey(), baseUrl: () => identityUrl });
  const app = express();
  app.disable('x-powered-by');
  app.get('/', (_req, res) => {
    res.json({ name: 'Throughline sandbox Microsoft 365', identity: identityUrl });
  });
  app.use(identity.router);
  const server = await listen(app, options.identityPort ?? 0, host);
  identityUrl = `http://${host}:${portOf(server)}`;
  return {
    identityUrl,
    identity,
    stop: () => close(server),
  };
}

export function listen(app: express.Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(server)));
  });
}

export function portOf(server: Server): number {
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('server is not listening on a TCP port');
  return address.port;
}

export function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
