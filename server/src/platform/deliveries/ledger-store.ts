/**
 * The `deliveries` collection: one record per recipient and period under its delivery key,
 * and one `{key}#{n}` record per retry. Every write that decides who sends is an insert;
 * the state changes after it only record what happened (deliveries.ts says why).
 */
import type { Db } from 'mongodb';
import { registerIndexes } from '../db/database';
import { isDuplicateKey } from '../db/documents';

export const DELIVERIES = 'deliveries';
registerIndexes(DELIVERIES, [{ key: { tenantId: 1, kind: 1, createdAt: -1 }, name: 'by_kind' }]);

export type DeliveryKind =
  | 'weekly-digest'
  | 'team-digest'
  | 'prep-card'
  | 'prep-card-chat'
  | 'weekly-digest-chat'
  | 'team-digest-chat'
  | 'cycle-ended'
  | 'excel-read'
  | 'check-in-reminder';

export interface DeliveryMeta {
  kind: DeliveryKind;
  recipientId: string;
  subjectId: string;
}

export interface DeliveryRecord {
  _id: string;
  tenantId: string;
  kind: DeliveryKind;
  recipientId: string;
  subjectId: string;
  state: 'pending' | 'sent' | 'failed';
  attempt: number;
  claimedAt: Date;
  createdAt: Date;
  sentAt?: Date;
  retryAfter?: Date;
  lastError?: string;
}

export function deliveriesStore(db: Db, tenantId: string) {
  const collection = db.collection<{ _id: string; [field: string]: unknown }>(DELIVERIES);
  const byKey = (key: string) => ({ _id: key, tenantId });
  /** Inserts; false when the id is taken (someone else won it). */
  const insertUnlessTaken = async (record: { _id: string; [field: string]: unknown }) => {
    try {
      await collection.insertOne(record);
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  };
  return {
    /** The first attempt's claim: a pending record under the key; false when one exists. */
    async insertFirstClaim(key: string, meta: DeliveryMeta, now: Date): Promise<boolean> {
      return insertUnlessTaken({
        _id: key,
        tenantId,
        ...meta,
        state: 'pending',
        attempt: 1,
        claimedAt: now,
        createdAt: now,
      });
    },

    /** The lock of a retry: `{key}#{attempt}`; false when another sender took it. */
    async insertRetryClaim(key: string, attempt: number, now: Date): Promise<boolean> {
      return insertUnlessTaken({
        _id: `${key}#${attempt}`,
        tenantId,
        kind: 'attempt',
        attemptOf: key,
        attempt,
        createdAt: now,
      });
    },

    async find(key: string): Promise<DeliveryRecord | null> {
      return (await collection.findOne(byKey(key))) as DeliveryRecord | null;
    },

    async markPending(key: string, attempt: number, now: Date): Promise<void> {
      await collection.updateOne(byKey(key), {
        $set: { state: 'pending', attempt, claimedAt: now },
      });
    },

    async markSent(key: string, now: Date): Promise<void> {
      await collection.updateOne(byKey(key), {
        $set: { state: 'sent', sentAt: now },
        $unset: { retryAfter: '', lastError: '' },
      });
    },

    async markFailed(key: string, retryAfter: Date, lastError: string): Promise<void> {
      await collection.updateOne(byKey(key), {
        $set: { state: 'failed', retryAfter, lastError },
      });
    },
  };
}
