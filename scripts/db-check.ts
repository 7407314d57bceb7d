/**
 * `npm run db:check [-- --fix]`: reports stored records that do not parse as their kind or
 * that the narrative does not support, and with --fix repairs them (see
 * server/src/narrative/check.ts). Against MONGODB_URI / MONGODB_DB when set; otherwise
 * against the local suite's database in .data/ferretdb (stop `npm start` first: one
 * FerretDB at a time on that folder). Exits 1 when problems are left.
 */
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { checkDatabase, formatReport } from '../server/src/narrative/check';
// Loading the app loads every feature, and with them the record kinds their stores declare.
import '../server/src/app';
import { repoRoot, startFerretDb, type RunningDatabase } from './lib/ferretdb';

async function main() {
  const fix = process.argv.includes('--fix');
  const dbName = process.env.MONGODB_DB ?? 'throughline';
  let local: RunningDatabase | undefined;
  let uri = process.env.MONGODB_URI;
  if (!uri) {
    const dataDir = process.env.DATA_DIR ?? path.join(repoRoot, '.data', 'ferretdb');
    console.log(`MONGODB_URI is not set: checking the local database in ${dataDir}.`);
    local = await startFerretDb({ dataDir, quiet: true });
    uri = local.uri;
  }
  const client = new MongoClient(uri, { retryWrites: false });
  try {
    await client.connect();
    const report = await checkDatabase(client.db(dbName), { fix });
    console.log(formatReport(report));
    const isClean = report.findings.every((item) => fix && item.action !== 'left');
    process.exitCode = report.findings.length === 0 || isClean ? 0 : 1;
  } finally {
    await client.close();
    await local?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
});
