/**
 * The MongoDB client and the index registry. Stores declare the indexes their queries
 * need with `registerIndexes`; `ensureIndexes` creates them all at start.
 */
import {
  MongoClient,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
  type Db,
  type IndexDescription,
} from 'mongodb';
import { countCommandsOf } from './command-count';

/** The driver's ways of saying "the database cannot be reached now" (not a bug, not the caller's fault). */
export function isDatabaseUnreachable(error: unknown): boolean {
  return (
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNetworkError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoTopologyClosedError
  );
}

export interface Database {
  client: MongoClient;
  db: Db;
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

export function openDatabase(uri: string, name: string): Database {
  // Standalone FerretDB has no sessions or retryable writes; MongoDB does not need them here.
  const client = new MongoClient(uri, {
    serverSelectionTimeoutMS: 3000,
    connectTimeoutMS: 3000,
    heartbeatFrequencyMS: 2000,
    retryWrites: false,
    maxPoolSize: 50,
    monitorCommands: true,
  });
  countCommandsOf(client);
  const db = client.db(name);
  return {
    client,
    db,
    async ping(timeoutMs = 2000) {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          db.command({ ping: 1 }),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error('ping timed out')), timeoutMs);
          }),
        ]);
        return true;
      } catch {
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => client.close(),
  };
}

const registry = new Map<string, IndexDescription[]>();

export function registerIndexes(collection: string, indexes: IndexDescription[]): void {
  registry.set(collection, [...(registry.get(collection) ?? []), ...indexes]);
}

/**
 * Creates the registered indexes that do not exist yet. FerretDB 1.24 drops the
 * connection (a server-side panic) when createIndexes is sent only indexes that already
 * exist, so existing ones are listed first and never sent again.
 */
export async function ensureIndexes(db: Db): Promise<void> {
  for (const [collection, indexes] of registry) {
    const existing = new Set(
      (
        await db
          .collection(collection)
          .listIndexes()
          .toArray()
          .catch(() => [])
      ).map((index) => String(index.name)),
    );
    const missing = indexes.filter((index) => !existing.has(String(index.name)));
    if (missing.length > 0) await db.collection(collection).createIndexes(missing);
  }
}

export function registeredIndexes(): ReadonlyMap<string, IndexDescription[]> {
  return registry;
}

/** Fills in a field that reads need on documents written before it existed; answers how many it changed. */
export type Backfill = (db: Db) => Promise<number>;

const backfills = new Map<string, Backfill>();

export function registerBackfill(name: string, backfill: Backfill): void {
  backfills.set(name, backfill);
}

/**
 * Runs every registered backfill, at start after the indexes. Each finds only the
 * documents that still lack its field, so a second start changes nothing.
 */
export async function runBackfills(db: Db): Promise<Record<string, number>> {
  const changed: Record<string, number> = {};
  for (const [name, backfill] of backfills) changed[name] = await backfill(db);
  return changed;
}

/** What the server does to a database before it is ready: the indexes, then the backfills. */
export async function prepareDatabase(db: Db): Promise<Record<string, number>> {
  await ensureIndexes(db);
  return runBackfills(db);
}
