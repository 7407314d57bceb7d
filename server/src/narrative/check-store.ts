/**
 * What `db:check` reads and writes, across every tenant at once: the only reads that are
 * not scoped to one tenant, because the check looks at every stored record. Each record
 * keeps the tenant it was found under, and every write names that tenant again.
 */
import type { Db, Document } from 'mongodb';
import { fromStored, type RecordKind } from '../platform/db/documents';
import { NARRATIVE } from './store';

/** An event as stored, whatever identity it was written under; only what decides its id. */
export interface StoredEventIdentity {
  id: string;
  tenantId: string;
  type: string;
  subject: { kind?: unknown; id?: unknown } | undefined;
  seq: unknown;
}

/** Every event of every tenant, read whole first (the check moves events as it goes). */
export async function everyEventIdentity(db: Db): Promise<StoredEventIdentity[]> {
  const events = await db
    .collection<Document>(NARRATIVE)
    .find({}, { projection: { state: 0 } })
    .toArray();
  return events.map((event) => ({
    id: String(event._id),
    tenantId: String(event.tenantId),
    type: String(event.type),
    subject: event.subject as StoredEventIdentity['subject'],
    seq: event.seq,
  }));
}

/**
 * Stores the event again under `newId` with its subject's true kind, then removes the old
 * copy. A run interrupted between the two leaves the new copy, which the next run keeps.
 */
export async function moveEvent(
  db: Db,
  event: { id: string; tenantId: string },
  newId: string,
  kind: string,
): Promise<void> {
  const narrative = db.collection<Document>(NARRATIVE);
  const full = await narrative.findOne({ _id: event.id as never });
  if (!full) return;
  const { _id: oldId, ...rest } = full;
  await narrative
    .insertOne({ ...rest, _id: newId as never, subject: { ...rest.subject, kind } })
    .catch((error: { code?: number }) => {
      // Already moved by an earlier, interrupted run: only the old copy is left to remove.
      if (error.code !== 11000) throw error;
    });
  await narrative.deleteOne({ _id: oldId });
}

/** Every record of a kind, of every tenant, as plain objects with the tenant each belongs to. */
export async function everyRecordOf<T extends { id: string }>(
  db: Db,
  kind: RecordKind,
): Promise<{ tenantId: string; record: T }[]> {
  const docs = await db.collection<Document>(kind.collection).find({}).toArray();
  return docs.map((doc) => ({ tenantId: String(doc.tenantId), record: fromStored<T>(doc)! }));
}

export async function removeRecord(
  db: Db,
  kind: RecordKind,
  tenantId: string,
  id: string,
): Promise<void> {
  await db.collection<Document>(kind.collection).deleteOne({ _id: id as never, tenantId });
}
