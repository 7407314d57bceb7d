/** A database of the test file's own, on the run's FerretDB, dropped when the file ends. */
import { randomBytes } from 'node:crypto';
import type { Db, Document, Filter } from 'mongodb';
import { openDatabase, type Database } from '../../server/src/platform/db/database';

export function testDatabaseName(label: string): string {
  const safe = label.replace(/[^A-Za-z0-9]/g, '').slice(0, 30);
  return `t_${safe}_${randomBytes(4).toString('hex')}`;
}

export function openTestDatabase(label: string): Database & { name: string } {
  const uri = process.env.MONGODB_URI;
  if (!uri)
    throw new Error(
      'MONGODB_URI is not set: run the tests through `npm test` (jest global setup).',
    );
  const name = testDatabaseName(label);
  const database = openDatabase(uri, name);
  return {
    ...database,
    name,
    async close() {
      await database.db.dropDatabase().catch(() => undefined);
      await database.close();
    },
  };
}

/**
 * Every document of every collection (those matching `filter`), as stored, in one string:
 * what a test compares before and after to prove nothing was written — a changed field shows,
 * not only a changed count.
 */
export async function storedDocuments(db: Db, filter: Filter<Document> = {}): Promise<string> {
  const names = (await db.listCollections().toArray()).map((item) => item.name).sort();
  const all: Record<string, Document[]> = {};
  for (const name of names)
    all[name] = await db.collection(name).find(filter).sort({ _id: 1 }).toArray();
  return JSON.stringify(all);
}
