/** The remembered Idempotency-Keys: one record per caller, method, path and key. */
import type { Db } from 'mongodb';
import { registerIndexes } from '../db/database';

const IDEMPOTENCY = 'idempotencyKeys';
registerIndexes(IDEMPOTENCY, [{ key: { createdAt: 1 }, name: 'by_age' }]);

interface KeyRecord {
  _id: string;
  tenantId: string;
  requestHash: string;
  state: 'pending' | 'done';
  status?: number;
  bodyJson?: string;
  createdAt: Date;
}

export function idempotencyKeys(db: Db, tenantId: string) {
  const collection = db.collection<KeyRecord>(IDEMPOTENCY);
  return {
    /** Inserts the pending record; a duplicate key error means the key was used before. */
    claim: (id: string, requestHash: string, now: Date) =>
      collection.insertOne({ _id: id, tenantId, requestHash, state: 'pending', createdAt: now }),
    find: (id: string) => collection.findOne({ _id: id, tenantId }),
    complete: (id: string, status: number, bodyJson: string) =>
      collection.updateOne({ _id: id, tenantId }, { $set: { state: 'done', status, bodyJson } }),
    release: (id: string) => collection.deleteOne({ _id: id, tenantId }),
  };
}

export async function expireIdempotencyKeys(db: Db, createdBefore: Date): Promise<void> {
  await db.collection(IDEMPOTENCY).deleteMany({ createdAt: { $lt: createdBefore } });
}
