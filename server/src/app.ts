/**
 * Builds the Express app from its dependencies. No listening, no globals: tests build
 * it with a test clock and the sandbox's URLs, main.ts with the real ones.
 */
import path from 'node:path';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Config } from './config';
import type { Database } from './platform/db/database';
import type { Logger } from './platform/log/logger';
import { errorHandler, requestLogging, routeNotFound } from './platform/http/middleware';
import { withRosterAdmin } from './admins/service';
import { authenticate } from './platform/auth/middleware';
import { createTokenVerifier, type TokenVerifier } from './platform/auth/token-verifier';
import { openApiDocument } from './platform/http/openapi';
import { reportDamagedRecordsTo } from './platform/db/damaged-records';
import { ensureCallerRecorded } from './people/service';
import { peopleRoutes } from './people/routes';
import { okrRoutes } from './okrs/routes';
import { checkInRoutes } from './check-ins/routes';
import { narrativeRoutes } from './narrative/routes';
import type { RouteDeps } from './platform/http/handlers';
import type { Features } from './features';

export interface AppDependencies {
  config: Config;
  database: Database;
  log: Logger;
  clock?: () => Date;
  verifyToken?: TokenVerifier;
  /** Whether the registered indexes exist yet (reported by /readyz; tests build them first). */
  areIndexesReady?: () => boolean;
  /** Graph-backed features (see features.ts): routers behind auth, public webhooks, jobs. */
  features?: Pick<Features, 'routers' | 'publicRouters'>;
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
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(requestLogging(log));
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'frame-ancestors': frameAncestors,
          'script-src': [
            "'self'",
            'https://res.cdn.office.net',
            'https://appsforoffice.microsoft.com',
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
  const api = express.Router();
  api.use(express.json({ limit: config.JSON_BODY_LIMIT, strict: true }));
  api.get('/client-config', (_req, res) => {
    res.json({
      clientId: config.AUTH_CLIENT_ID,
      apiResource: `api://${new URL(config.publicUrl).host}/${config.AUTH_CLIENT_ID}`,
      publicUrl: config.publicUrl,
      teamsAppId: config.TEAMS_APP_ID ?? null,
      devSignInUrl: config.DEV_SIGN_IN_URL ?? null,
    });
  });
  api.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument(config.publicUrl));
  });
  for (const router of deps.features?.publicRouters ?? []) api.use(router);
  api.use(authenticate(deps.verifyToken ?? createTokenVerifier(config)));
  api.use(async (req, _res, next) => {
    await ensureCallerRecorded(database.db, req.principal!);
    req.principal = await withRosterAdmin(database.db, req.principal!);
    next();
  });
  api.use(
    peopleRoutes(routeDeps),
    okrRoutes(routeDeps),
    checkInRoutes(routeDeps),
    narrativeRoutes(routeDeps),
  );
  for (const router of deps.features?.routers ?? []) api.use(router);
  app.use('/api', api);

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
