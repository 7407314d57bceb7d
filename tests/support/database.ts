/** A database of the test file's own, on the run's FerretDB, dropped when the file ends. */
import { randomBytes } from 'node:crypto';
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
