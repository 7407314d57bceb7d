/**
 * The local backends a benchmark compares (BENCH_BACKENDS):
 * - `postgresql`: FerretDB's PostgreSQL handler on the embedded PostgreSQL with the GIN
 *   twins of its indexes — what `npm start` and the tests run;
 * - `postgresql-btree`: the same with FerretDB's own btree indexes only;
 * - `sqlite`: FerretDB's SQLite handler (`LOCAL_DATABASE=sqlite`).
 * With MONGODB_URI set, that database is used instead and the label says so.
 */
import { startFerretDb, type RunningDatabase } from '../../../scripts/lib/ferretdb';

export const benchBackends = (
  process.env.BENCH_BACKENDS ?? 'postgresql,postgresql-btree,sqlite'
).split(',');

export interface BenchDatabase {
  uri: string;
  label: string;
  stop(): Promise<void>;
}

export async function startBenchDatabase(backend: string, dataDir: string): Promise<BenchDatabase> {
  if (process.env.MONGODB_URI)
    return { uri: process.env.MONGODB_URI, label: 'MONGODB_URI', stop: async () => undefined };
  let database: RunningDatabase;
  if (backend === 'postgresql' || backend === 'postgresql-btree')
    database = await startFerretDb({
      dataDir,
      quiet: true,
      backend: 'postgresql',
      ginIndexes: backend === 'postgresql',
    });
  else if (backend === 'sqlite')
    database = await startFerretDb({ dataDir, quiet: true, backend: 'sqlite' });
  else throw new Error(`BENCH_BACKENDS: unknown backend "${backend}"`);
  const label = {
    postgresql: 'FerretDB 1.24.2 / PostgreSQL 18 (embedded) with GIN indexes',
    'postgresql-btree': 'FerretDB 1.24.2 / PostgreSQL 18 (embedded), btree indexes only',
    sqlite: 'FerretDB 1.24.2 / SQLite',
  }[backend]!;
  return { uri: database.uri, label, stop: () => database.stop() };
}
