/**
 * The Microsoft Graph emulator: an HTTPS server (the Graph client sends tokens only over
 * https) answering `/v1.0/...` in Graph's published shapes, plus the sandbox-only
 * control API under `/_sandbox`, and the pre-authenticated download URLs of files (no
 * token, as SharePoint's). Request order: ids → control API | downloads | counters →
 * faults → JSON body → authentication → workloads → "not emulated".
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { SandboxCertificate } from '../tls';
import { createAuthenticator } from './auth';
import { batchRoutes, type InnerRequest, type InnerResponse } from './batch';
import { calendarRoutes } from './calendar';
import type { GraphContext } from './context';
import type { ConsentLedger } from '../identity/consent';
import { controlRoutes } from './control';
import type { BotFramework } from '../bot-framework/bot-framework';
import type { SigningKeys } from '../identity/keys';
import { errors, graphErrorHandler } from './errors';
import { FaultInjector, RequestCounter, type FaultRule } from './faults';
import { searchRoutes } from './search';
import { filesRoutes } from './files';
import { mailRoutes } from './mail';
import { mailboxSettingsRoutes } from './mailbox-settings';
import type { GraphStore, TenantState } from './store';
import { SubscriptionService, subscriptionRoutes, type SubscriptionOptions } from './subscriptions';
import { TeamsRecorder, teamsRoutes } from './teams';
import { usersRoutes } from './users';
import { WorkbookContents } from './workbook';
import { DOWNLOAD_PATH, DownloadGrants, downloadRoutes, type ContentOf } from './download';

export interface GraphServerOptions {
  store: GraphStore;
  signingKeys: SigningKeys;
  identityUrl: () => string;
  tls: SandboxCertificate;
  /** 0 picks a free port. */
  port: number;
  host: string;
  faults?: FaultRule[];
  subscriptions?: SubscriptionOptions;
  onTenantAdded?: (tenant: TenantState) => void;
  consent: ConsentLedger;
  /** The Bot Framework stand-in, served from this server (https, as the real connector is). */
  botFramework?: BotFramework;
}

export interface RunningGraph {
  /** `https://localhost:PORT` — what GRAPH_BASE_URL should be. */
  url: string;
  store: GraphStore;
  faults: FaultInjector;
  counter: RequestCounter;
  teams: TeamsRecorder;
  subscriptions: SubscriptionService;
  stop(): Promise<void>;
}

export async function startGraphServer(options: GraphServerOptions): Promise<RunningGraph> {
  let url = '';
  const ctx: GraphContext = { store: options.store, serviceRoot: () => `${url}/v1.0` };
  const faults = new FaultInjector(options.faults ?? []);
  const counter = new RequestCounter();
  const teams = new TeamsRecorder();
  const workbooks = new WorkbookContents();
  const grants = new DownloadGrants();
  // The seed holds no real documents: a file that is no workbook downloads as a short stand-in.
  const contentOf: ContentOf = async (item) =>
    (await workbooks.bytes(item)) ?? Buffer.from(`Sandbox stand-in for ${item.name}\n`, 'utf8');
  const subscriptions = new SubscriptionService(ctx, options.subscriptions);
  const ca = readFileSync(options.tls.caPath);
  const agent = new https.Agent({ ca, keepAlive: true });

  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.set('query parser', 'simple');
  app.use((req, res, next) => {
    res.locals.requestId = randomUUID();
    res.locals.clientRequestId = req.headers['client-request-id'] ?? res.locals.requestId;
    res.setHeader('request-id', res.locals.requestId as string);
    res.setHeader('client-request-id', String(res.locals.clientRequestId));
    next();
  });
  if (options.botFramework) {
    app.use('/botframework', options.botFramework.router());
    app.use('/_sandbox', express.json({ limit: '1mb' }), options.botFramework.controlRouter());
  }
  app.use(
    '/_sandbox',
    express.json({ limit: '1mb' }),
    controlRoutes({
      store: options.store,
      faults,
      counter,
      teams,
      subscriptions,
      onTenantAdded: options.onTenantAdded,
      consent: options.consent,
      signingKeys: options.signingKeys,
      workbooks,
    }),
  );
  app.use(downloadRoutes({ store: options.store, grants, contentOf }));
  app.use(
    '/v1.0',
    counter.middleware,
    faults.middleware,
    express.json({ limit: '4mb' }),
    createAuthenticator({
      signingKeys: options.signingKeys.resolve,
      identityUrl: options.identityUrl,
      hasTenant: (tenantId) => options.store.tenant(tenantId) !== undefined,
    }),
  );
  app.use(
    '/v1.0',
    batchRoutes(sendInner),
    usersRoutes(ctx),
    mailRoutes(ctx),
    mailboxSettingsRoutes(ctx),
    filesRoutes(ctx, {
      urlOf: (item) =>
        `${url}${DOWNLOAD_PATH}?UniqueId=${encodeURIComponent(item.id)}&tempauth=${grants.issue(item)}`,
    }),
    searchRoutes(ctx),
    calendarRoutes(ctx),
    subscriptionRoutes(ctx, subscriptions),
    teamsRoutes(ctx, teams),
  );
  app.use((req, _res, next) => next(errors.noRoute(req.method, req.path)));
  app.use(graphErrorHandler);

  const server = https.createServer(
    { key: readFileSync(options.tls.keyPath), cert: readFileSync(options.tls.certPath) },
    app,
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  url = `https://localhost:${port}`;
  options.botFramework?.setBaseUrl(url);

  /** One inner $batch request, sent back through this server so it meets every middleware. */
  function sendInner(request: InnerRequest): Promise<InnerResponse> {
    return new Promise((resolve, reject) => {
      const body =
        request.body === undefined
          ? undefined
          : typeof request.body === 'string'
            ? request.body
            : JSON.stringify(request.body);
      const inner = https.request(
        {
          host: '127.0.0.1',
          servername: 'localhost',
          port,
          method: request.method,
          path: request.path,
          agent,
          headers: {
            ...request.headers,
            ...(body ? { 'Content-Length': Buffer.byteLength(body) } : {}),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const headers: Record<string, string> = {};
            for (const name of ['content-type', 'retry-after', 'preference-applied', 'location']) {
              const value = response.headers[name];
              if (typeof value === 'string')
                headers[
                  name.replace(
                    /(^|-)([a-z])/g,
                    (_m, dash: string, letter: string) => dash + letter.toUpperCase(),
                  )
                ] = value;
            }
            let parsed: unknown = text || undefined;
            if (text && (response.headers['content-type'] ?? '').includes('json'))
              parsed = JSON.parse(text);
            resolve({ status: response.statusCode ?? 500, headers, body: parsed });
          });
          response.on('error', reject);
        },
      );
      inner.on('error', reject);
      if (body) inner.write(body);
      inner.end();
    });
  }

  return {
    url,
    store: options.store,
    faults,
    counter,
    teams,
    subscriptions,
    stop: () =>
      new Promise<void>((resolve) => {
        subscriptions.stop();
        agent.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
