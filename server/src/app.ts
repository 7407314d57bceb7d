/**
 * Builds the Express app from its dependencies. No listening, no globals: tests build
 * it with a test clock and the sandbox's URLs, main.ts with the real ones.
 */
import path from 'node:path';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { endpoints as api } from '@throughline/contracts';
import { openApiDocument } from './platform/http/openapi';
import type { Config } from './config';
import type { Database } from './platform/db/database';
import type { Logger } from './platform/log/logger';
import {
  databaseTiming,
  errorHandler,
  requestLogging,
  routeNotFound,
} from './platform/http/middleware';
import { withRosterAdmin } from './admins/service';
import { authenticate } from './platform/auth/middleware';
import { createTokenVerifier, type TokenVerifier } from './platform/auth/token-verifier';
import { reportDamagedRecordsTo } from './platform/db/damaged-records';
import { AppError } from './platform/http/errors';
import {
  assertEveryEndpointBound,
  endpointRouter,
  methodNotAllowed,
  on,
  onPublic,
  type BoundEndpoint,
} from './platform/http/endpoints';
import { idempotencyExpiryJob } from './platform/http/idempotency';
import { addressRateLimit, apiRateLimits } from './platform/http/rate-limits';
import type { RouteDeps } from './platform/http/handlers';
import type { GraphClients } from './platform/graph/client';
import { createGraph } from './platform/graph/graph';
import type { FeatureModule } from './platform/module';
import type { Job } from './platform/jobs/scheduler';
import { ensureCallerRecorded } from './people/service';
import { peopleModule } from './people/module';
import { quarterModule } from './quarter/module';
import { okrsModule } from './okrs/module';
import { checkInsModule } from './check-ins/module';
import { narrativeModule } from './narrative/module';
import { notificationsModule } from './notifications/module';
import { evidenceModule } from './evidence/module';
import { adminsModule } from './admins/module';
import { importsModule } from './imports/module';
import { risksModule } from './risks/module';
import { settingsModule } from './settings/module';
import { oneOnOnesModule } from './one-on-ones/module';
import { excelModule } from './excel/module';
import { botModule } from './bot/module';
import { createTeamsBot, type TeamsBot } from './platform/teams/bot';
import type { OrgSync } from './people/org-sync';
import type { NotificationService } from './notifications/service';

export interface ModulesDeps extends RouteDeps {
  config: Config;
  log: Logger;
  /** The Graph client factory; built from config when not given. */
  graph?: GraphClients;
  /** The Teams bot; built from config when not given (null: none). */
  bot?: TeamsBot | null;
}

/** The server's features, listed once: main.ts and the tests build the server from them. */
export interface Features {
  modules: FeatureModule[];
  jobs: Job[];
  /** For tests and jobs that drive them directly. */
  orgSync: OrgSync;
  notifications: NotificationService;
}

export function buildFeatures(deps: ModulesDeps): Features {
  const moduleDeps = {
    ...deps,
    graph: deps.graph ?? createGraph(deps),
    bot: deps.bot !== undefined ? deps.bot : createTeamsBot(deps.config, deps.log),
  };
  const people = peopleModule(moduleDeps);
  const notifications = notificationsModule(moduleDeps);
  const modules: FeatureModule[] = [
    people,
    okrsModule(),
    checkInsModule(moduleDeps),
    narrativeModule(),
    notifications,
    evidenceModule({ ...moduleDeps, watcher: notifications.notifications.watcher }),
    adminsModule({
      ...moduleDeps,
      // People and managers arrive without anyone having to find the Sync button.
      onSetUp: (tenantId) =>
        void people.orgSync
          .start(tenantId)
          .done.catch((error: unknown) =>
            deps.log.error({ err: error, tenantId }, 'org sync after setup failed'),
          ),
    }),
    importsModule(),
    settingsModule(),
    risksModule(moduleDeps),
    oneOnOnesModule(moduleDeps),
    quarterModule(moduleDeps),
    excelModule(moduleDeps),
    ...(moduleDeps.bot ? [botModule({ ...moduleDeps, bot: moduleDeps.bot })] : []),
  ];
  return {
    modules,
    jobs: [...modules.flatMap((module) => module.jobs ?? []), idempotencyExpiryJob(deps.db)],
    orgSync: people.orgSync,
    notifications: notifications.notifications,
  };
}

/** `POST /api/admin/jobs/{name}/run`: an admin runs a delivery job for their own tenant now (tests, demos, catching up). */
function runJobEndpoint(
  modules: Pick<FeatureModule, 'tenantJobs' | 'unavailableJobs'>[],
): BoundEndpoint {
  const runners = modules.flatMap((module) => module.tenantJobs ?? []);
  const unavailable = modules.flatMap((module) => module.unavailableJobs ?? []);
  return on(api.runJob, async (ctx, { params }) => {
    if (!ctx.principal.isAdmin) throw new AppError('forbidden', 'Only an admin can run jobs.');
    const runner = runners.find((candidate) => candidate.name === params.name);
    // A job exists only where what it needs is configured (Microsoft Graph for every job; a
    // module names anything more). Without it there is no such job here, which is not a
    // fault of the server.
    if (!runner) {
      const needs = unavailable.find((job) => job.name === params.name)?.needs ?? 'Microsoft Graph';
      throw new AppError(
        'not_found',
        `This server has no ${params.name} job: it runs only with ${needs} configured.`,
      );
    }
    return runner.run(ctx.now, { tenantId: ctx.principal.tenantId, isForced: true });
  });
}

export interface AppDependencies {
  config: Config;
  database: Database;
  log: Logger;
  clock?: () => Date;
  verifyToken?: TokenVerifier;
  /** Whether the registered indexes exist yet (reported by /readyz; tests build them first). */
  areIndexesReady?: () => boolean;
  /** The features (buildFeatures): their endpoints, public webhooks and jobs. */
  features: Pick<Features, 'modules'>;
}

/** The hosts allowed to frame the tab and the add-in: Teams, Outlook and Microsoft 365. */
export const frameAncestors = [
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.office.com',
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://*.cloud.microsoft',
];

export function createApp(deps: AppDependencies): Express {
  const { config, database, log } = deps;
  reportDamagedRecordsTo(database.db, log);
  // The sandbox's workbench stands in for Outlook and Teams locally: it frames the pages and
  // serves the add-in's Office.js, as Microsoft's hosts and CDN do (production refuses it).
  const devHost = config.DEV_HOST_URL ? [new URL(config.DEV_HOST_URL).origin] : [];
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(requestLogging(log));
  app.use(databaseTiming);
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'frame-ancestors': [...frameAncestors, ...devHost],
          'script-src': [
            "'self'",
            'https://res.cdn.office.net',
            'https://appsforoffice.microsoft.com',
            ...devHost,
          ],
          // teams-js refreshes its list of valid host origins from Microsoft's CDN (it falls back to a built-in list).
          'connect-src': [
            "'self'",
            'https://res.cdn.office.net',
            ...(config.DEV_SIGN_IN_URL ? [new URL(config.DEV_SIGN_IN_URL).origin] : []),
          ],
          'img-src': ["'self'", 'data:', 'blob:'],
          'style-src': ["'self'", "'unsafe-inline'"],
          'upgrade-insecure-requests': null,
        },
      },
      // Teams and Outlook embed the pages cross-origin; frame-ancestors above is the guard.
      xFrameOptions: false,
      crossOriginEmbedderPolicy: false,
      strictTransportSecurity: config.publicUrl.startsWith('https://'),
    }),
  );

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const isDatabaseUp = await database.ping();
    const indexes = (deps.areIndexesReady?.() ?? true) ? 'ready' : 'building';
    res.status(isDatabaseUp ? 200 : 503).json({
      status: isDatabaseUp ? 'ready' : 'unavailable',
      database: isDatabaseUp ? 'up' : 'down',
      indexes,
    });
  });

  const routeDeps: RouteDeps = { db: database.db, clock: deps.clock ?? (() => new Date()) };
  const { modules } = deps.features;
  const publicEndpoints = [
    onPublic(api.clientConfig, async () => ({
      clientId: config.AUTH_CLIENT_ID,
      apiResource: `api://${new URL(config.publicUrl).host}/${config.AUTH_CLIENT_ID}`,
      publicUrl: config.publicUrl,
      teamsAppId: config.TEAMS_APP_ID ?? null,
      devSignInUrl: config.DEV_SIGN_IN_URL ?? null,
      hostOrigins: devHost,
    })),
  ];
  const signedInEndpoints = [
    ...modules.flatMap((module) => module.endpoints),
    runJobEndpoint(modules),
  ];
  assertEveryEndpointBound([...publicEndpoints, ...signedInEndpoints]);

  const router = express.Router();
  router.use(express.json({ limit: config.JSON_BODY_LIMIT, strict: true }));
  router.use(endpointRouter(publicEndpoints, routeDeps));
  router.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument(config.publicUrl));
  });
  const webhookLimit = addressRateLimit(config.RATE_LIMIT_WEBHOOK_PER_MINUTE, 'webhook');
  if (webhookLimit.length > 0) router.use('/graph/notifications', ...webhookLimit);
  const botLimit = addressRateLimit(config.RATE_LIMIT_BOT_PER_MINUTE, 'bot');
  if (botLimit.length > 0) router.use('/messages', ...botLimit);
  for (const module of modules)
    for (const publicRouter of module.publicRouters ?? []) router.use(publicRouter);
  router.use(authenticate(deps.verifyToken ?? createTokenVerifier(config)));
  // Counted before anything reads the database for the caller.
  for (const limit of apiRateLimits(config)) router.use(limit);
  router.use(async (req, _res, next) => {
    await ensureCallerRecorded(database.db, req.principal!);
    req.principal = await withRosterAdmin(database.db, req.principal!);
    next();
  });
  router.use(methodNotAllowed([...publicEndpoints, ...signedInEndpoints]));
  router.use(endpointRouter(signedInEndpoints, routeDeps));
  app.use('/api', router);

  servePages(app, '/tab', config.TAB_DIST_DIR);
  servePages(app, '/addin', config.ADDIN_DIST_DIR);

  app.use(routeNotFound);
  app.use(errorHandler);
  return app;
}

function servePages(app: Express, mount: string, dir: string | undefined) {
  if (!dir) return;
  app.use(
    mount,
    express.static(dir, {
      index: 'index.html',
      fallthrough: true,
      maxAge: '1h',
      setHeaders: noCacheForHtml,
    }),
  );
}

function noCacheForHtml(res: express.Response, filePath: string) {
  if (path.extname(filePath) === '.html') res.setHeader('Cache-Control', 'no-cache');
}
