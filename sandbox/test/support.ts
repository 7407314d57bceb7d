/**
 * Helpers for the sandbox's own tests: a fresh sandbox per test file, tokens for demo
 * people and for the app, the real Graph client pointed at the emulator, and a local
 * notification endpoint whose deliveries can be awaited (no sleeping).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@microsoft/microsoft-graph-client';
import {
  findSeedPersonByName,
  sandboxApp,
  startSandbox,
  type RunningSandbox,
  type SandboxOptions,
  type SeedPerson,
} from '../src';

export const GRAPH = 'https://graph.microsoft.com';
export const ALL_DELEGATED =
  'User.Read User.ReadBasic.All Mail.Read Files.Read.All Calendars.Read TeamsActivity.Send Chat.Create ChatMessage.Send';

export async function startTestSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  if (!process.env.NODE_EXTRA_CA_CERTS) {
    throw new Error(
      'Run these tests with `npm test -- sandbox/`: it sets NODE_EXTRA_CA_CERTS so Node trusts the sandbox certificate.',
    );
  }
  return startSandbox(options);
}

export const person = (name: string): SeedPerson => findSeedPersonByName(name);

/** A delegated Graph token for a demo person (what the server gets from on-behalf-of). */
export function userToken(
  sandbox: RunningSandbox,
  who: SeedPerson,
  scope = ALL_DELEGATED,
): Promise<string> {
  return sandbox.identity.issueUserToken({
    tenantId: who.tenantId,
    userId: who.id,
    audience: GRAPH,
    scope,
    clientId: sandboxApp.clientId,
  });
}

/** An app-only Graph token from the identity provider's client-credentials grant. */
export async function appToken(sandbox: RunningSandbox, tenantId: string): Promise<string> {
  const response = await fetch(`${sandbox.identityUrl}/${tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: sandboxApp.clientId,
      client_secret: sandboxApp.clientSecret,
      scope: `${GRAPH}/.default`,
    }),
  });
  if (!response.ok)
    throw new Error(`client credentials failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

export interface GraphAnswer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

/** A plain HTTPS call to the emulator (relative paths get `/v1.0`). */
export async function callGraph<T = Record<string, unknown>>(
  sandbox: RunningSandbox,
  token: string | undefined,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<GraphAnswer<T>> {
  const url = path.startsWith('https://')
    ? path
    : `${sandbox.graphUrl}${path.startsWith('/v1.0') || path.startsWith('/_sandbox') ? '' : '/v1.0'}${path}`;
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text ? JSON.parse(text) : undefined) as T,
  };
}

/** The real @microsoft/microsoft-graph-client, configured as production code configures it. */
export function graphClient(sandbox: RunningSandbox, token: string): Client {
  return Client.initWithMiddleware({
    authProvider: { getAccessToken: async () => token },
    baseUrl: `${sandbox.graphUrl}/`,
    customHosts: new Set(['localhost']),
  });
}

export type ValidationBehaviour = 'echo' | 'wrong-echo' | 'hang' | 'json-echo';

export interface Receiver {
  url: string;
  /** Every JSON delivery (change or lifecycle notification collections). */
  deliveries: Array<{ value: Array<Record<string, unknown>> }>;
  validations: string[];
  /** Resolves with the first notification (now or later) that matches. */
  next(match: (notification: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/** A notification endpoint on localhost that answers the validation handshake as told. */
export async function startReceiver(behaviour: ValidationBehaviour = 'echo'): Promise<Receiver> {
  const deliveries: Receiver['deliveries'] = [];
  const validations: string[] = [];
  const waiters: Array<{
    match: (notification: Record<string, unknown>) => boolean;
    resolve: (notification: Record<string, unknown>) => void;
  }> = [];
  const hanging: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    const token = new URL(req.url ?? '/', 'http://localhost').searchParams.get('validationToken');
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (token !== null) {
        validations.push(token);
        if (behaviour === 'hang') {
          hanging.push(res);
          return;
        }
        if (behaviour === 'json-echo') {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(token));
          return;
        }
        res
          .writeHead(200, { 'content-type': 'text/plain' })
          .end(behaviour === 'wrong-echo' ? 'not the token' : token);
        return;
      }
      const payload = JSON.parse(
        Buffer.concat(chunks).toString('utf8'),
      ) as Receiver['deliveries'][number];
      deliveries.push(payload);
      res.writeHead(202).end();
      for (const notification of payload.value) {
        for (const waiter of [...waiters]) {
          if (waiter.match(notification)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve(notification);
          }
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://localhost:${(server.address() as AddressInfo).port}/notifications`,
    deliveries,
    validations,
    next: (match) => {
      const seen = deliveries.flatMap((delivery) => delivery.value).find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
