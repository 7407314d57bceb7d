/** Builds the real app on a test database and serves it on a free port for HTTP tests. */
import { createServer, type Server } from 'node:http';
import type { Express } from 'express';
import type { DestinationStream } from 'pino';
import { sandboxApp } from '@throughline/sandbox';
import {
  buildFeatures,
  createApp,
  type AppDependencies,
  type Features,
} from '../../server/src/app';
import { loadConfig, type Config } from '../../server/src/config';
import type { Database } from '../../server/src/platform/db/database';
import { prepareDatabase } from '../../server/src/platform/db/database';
import { createLogger } from '../../server/src/platform/log/logger';

export const TEST_CLIENT_ID = 'a3a1d0f4-6c1b-4b8e-9d6a-1f0c2b3d4e5f';
/** A fixed, well-known key: the test token cache is encrypted like production's, not secret. */
export const TEST_TOKEN_CACHE_KEY = Buffer.from('throughline-dev-token-cache-key!').toString(
  'base64',
);

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    MONGODB_URI: process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:1/',
    AUTH_AUTHORITY: process.env.TEST_IDENTITY_URL ?? 'http://127.0.0.1:1',
    AUTH_CLIENT_ID: TEST_CLIENT_ID,
    // The sandbox Graph emulator (HTTPS, trusted through NODE_EXTRA_CA_CERTS) and the app's secret there.
    ...(process.env.TEST_GRAPH_URL ? { GRAPH_BASE_URL: process.env.TEST_GRAPH_URL } : {}),
    AUTH_CLIENT_SECRET: sandboxApp.clientSecret,
    TOKEN_CACHE_KEY: TEST_TOKEN_CACHE_KEY,
    // Short waits so fault-injection tests stay quick; Retry-After from Graph still wins.
    GRAPH_RETRY_DELAY_SECONDS: '0.2',
    // Sweeps send thousands of requests as one person; the rate-limit test sets its own.
    RATE_LIMIT_PERSON_PER_MINUTE: '0',
    RATE_LIMIT_TENANT_PER_MINUTE: '0',
    RATE_LIMIT_WEBHOOK_PER_MINUTE: '0',
    RATE_LIMIT_BOT_PER_MINUTE: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...overrides,
  });
}

export interface TestApp {
  url: string;
  /** The Express app itself, for tests that read its route table. */
  app: Express;
  features: Features;
  close(): Promise<void>;
}

export async function startTestApp(
  database: Database,
  options: {
    config?: Record<string, string>;
    deps?: Partial<AppDependencies>;
    /** Where the server's log lines go (a test that reads them sets LOG_LEVEL too). */
    logDestination?: DestinationStream;
  } = {},
): Promise<TestApp> {
  // Listen first: the app's public URL (where the sandbox delivers change notifications) needs the port.
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}`;
  const config = testConfig({ PUBLIC_URL: url, ...options.config });
  await prepareDatabase(database.db);
  const log = createLogger(config.LOG_LEVEL, options.logDestination);
  const clock = options.deps?.clock ?? (() => new Date());
  const features = buildFeatures({ db: database.db, clock, config, log });
  const app = createApp({ config, database, log, clock, features, ...options.deps });
  server.on('request', app);
  return {
    url,
    app,
    features,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
