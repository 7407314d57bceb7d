/**
 * The sandbox Microsoft 365: what no machine here can reach (Entra ID, Microsoft Graph),
 * served locally in Microsoft's published shapes for development, demos and tests.
 */
import type { Server } from 'node:http';
import express from 'express';

export interface SandboxOptions {
  /** Port for the identity provider (0 picks a free one). */
  identityPort?: number;
  host?: string;
}

export interface RunningSandbox {
  identityUrl: string;
  stop(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const host = options.host ?? '127.0.0.1';
  const app = express();
  app.get('/', (_req, res) => {
    res.json({ name: 'Throughline sandbox Microsoft 365' });
  });
  const server = await listen(app, options.identityPort ?? 0, host);
  return {
    identityUrl: `http://${host}:${portOf(server)}`,
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
