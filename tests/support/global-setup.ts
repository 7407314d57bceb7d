/**
 * Once per test run: one FerretDB on a free port with a throwaway data folder (or the
 * database in MONGODB_URI), and the sandbox Microsoft 365. Test files each use their own
 * database name, so they run in parallel and leave nothing behind.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSandbox } from '@throughline/sandbox';
import { startFerretDb } from '../../scripts/lib/ferretdb';

export default async function globalSetup() {
  const state: { stops: Array<() => Promise<void>>; dataDir?: string } = { stops: [] };
  if (!process.env.MONGODB_URI) {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'throughline-test-db-'));
    const database = await startFerretDb({ dataDir, quiet: true });
    process.env.MONGODB_URI = database.uri;
    state.stops.push(database.stop);
    state.dataDir = dataDir;
  }
  const sandbox = await startSandbox();
  process.env.TEST_IDENTITY_URL = sandbox.identityUrl;
  process.env.TEST_GRAPH_URL = sandbox.graphUrl;
  process.env.TEST_BOT_OPENID_METADATA_URL = sandbox.botFramework.openIdMetadataUrl;
  process.env.TEST_BOT_SERVICE_URL = sandbox.botFramework.serviceUrl;
  state.stops.push(sandbox.stop);
  (globalThis as Record<string, unknown>).__THROUGHLINE_TEST__ = state;
}
