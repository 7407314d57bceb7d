/** Builds the real app on a test database and serves it on a free port for HTTP tests. */
import type { Server } from 'node:http';
import { createApp, type AppDependencies } from '../../server/src/app';
import { loadConfig, type Config } from '../../server/src/config';
import type { Database } from '../../server/src/platform/db/database';
import { ensureIndexes } from '../../server/src/platform/db/database';
import { createLogger } from '../../server/src/platform/log/logger';
import { buildFeatures, type Features } from '../../server/src/features';

export const TEST_CLIENT_ID = 'a3a1d0f4-6c1b-4b8e-9d6a-1f0c2b3d4e5f';

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    MONGODB_URI: process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:1/',
    AUTH_AUTHORITY: process.env.TEST_IDENTITY_URL ?? 'http://127.0.0.1:1',
    AUTH_CLIENT_ID: TEST_CLIENT_ID,
    LOG_LEVEL: 'silent',
    ...overrides,
  });
}

export interface TestApp {
  url: string;
  features: Features;
  close(): Promise<void>;
}

export async function startTestApp(
  database: Database,
  options: { config?: Record<string, string>; deps?: Partial<AppDependencies> } = {},
): Promise<TestApp> {
  const config = testConfig(options.config);
  await ensureIndexes(database.db);
  const log = createLogger(config.LOG_LEVEL);
  const clock = options.deps?.clock ?? (() => new Date());
  const features = buildFeatures({ db: database.db, clock, config, log });
  const app = createApp({ config, database, log, clock, features, ...options.deps });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    features,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
