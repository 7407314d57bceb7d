/**
 * What org sync writes to `people`: whole pages at once (insertMany for people seen for
 * the first time, a replace for each changed one), in the shape people/store.ts reads
 * (Person + updatedAt), so a 10,000-person first sync is ~10 bulk inserts, not 10,000
 * round trips.
 */
import type { AnyBulkWriteOperation, Db, Document } from 'mongodb';
import type { Person } from '@throughline/contracts';
import { peopleStore, type StoredPerson, personFields } from './store';

export async function loadPeopleIndex(
  db: Db,
  tenantId: string,
): Promise<Map<string, StoredPerson>> {
  const people = await peopleStore(db, tenantId).find({}, { limit: 1_000_000 });
  return new Map(people.map((person) => [person.id, person]));
}

const toDocument = (tenantId: string, person: Person, updatedAt: Date) => ({
  _id: person.id,
  tenantId,
  ...personFields(person),
  updatedAt,
});

export async function writePeople(
  db: Db,
  tenantId: string,
  changes: { inserts: Person[]; replaces: Person[] },
  now: Date,
): Promise<void> {
  const collection = peopleStore(db, tenantId).collection;
  const operations: AnyBulkWriteOperation<Document>[] = [
    ...changes.inserts.map((person) => ({
      insertOne: { document: toDocument(tenantId, person, now) as unknown as Document },
    })),
    ...changes.replaces.map((person) => ({
      replaceOne: {
        filter: { _id: person.id, tenantId } as Document,
        replacement: toDocument(tenantId, person, now) as unknown as Document,
        upsert: true,
      },
    })),
  ];
  if (operations.length === 0) return;
  try {
    await collection.bulkWrite(operations, { ordered: false });
  } catch (error) {
    // Someone signed in meanwhile and was recorded from their token: the directory's record wins.
    const failed =
      (error as { writeErrors?: Array<{ index: number; code: number }> }).writeErrors ?? [];
    if (failed.length === 0 || failed.some((entry) => entry.code !== 11000)) throw error;
    const retry = failed
      .map((entry) => changes.inserts[entry.index])
      .filter((person): person is Person => !!person);
    await collection.bulkWrite(
      retry.map((person) => ({
        replaceOne: {
          filter: { _id: person.id, tenantId } as Document,
          replacement: toDocument(tenantId, person, now) as unknown as Document,
          upsert: true,
        },
      })),
      { ordered: false },
    );
  }
}
