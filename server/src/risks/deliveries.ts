/**
 * The delivery ledger: "exactly once per recipient and period" for the weekly digest and
 * prep cards, without transactions and on a database whose conditional updates are not
 * atomic (FerretDB). The rule is: nothing is sent without first winning an insert.
 *
 *   attempt 1 — insert `{_id: key, state: 'pending'}`; the loser of a race sees the
 *               duplicate and does not send.
 *   then      — Graph call; on success `state: 'sent'`, on failure `state: 'failed'` with
 *               a time to retry after.
 *   attempt n — a record that is `failed` (and due) or still `pending` after
 *               `staleAfterMinutes` (the sender died mid-run) is retried by whoever
 *               inserts `{_id: key#n}` first; the insert is again the only lock.
 *
 * The honest edge: if a sender's Graph call succeeds but it dies (or stalls past the stale
 * window) before writing `sent`, the retry sends a second time. Graph's activity feed
 * takes no idempotency key, so this one case is at-least-once; everything else —
 * the job running twice, two servers running it at once, a restart between runs — sends once.
 */
import type { Db } from 'mongodb';
import { registerIndexes } from '../platform/db/database';
import { isDuplicateKey } from '../platform/db/documents';

export const DELIVERIES = 'deliveries';
registerIndexes(DELIVERIES, [{ key: { tenantId: 1, kind: 1, createdAt: -1 }, name: 'by_kind' }]);

export type DeliveryKind = 'weekly-digest' | 'team-digest' | 'prep-card';

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

export type Claim =
  | { isClaimed: true; attempt: number }
  | { isClaimed: false; reason: 'sent' | 'in_flight' | 'retry_later' | 'gave_up' };

export interface LedgerOptions {
  staleAfterMinutes: number;
  maxAttempts: number;
}

export const DEFAULT_LEDGER_OPTIONS: LedgerOptions = { staleAfterMinutes: 10, maxAttempts: 5 };

export const deliveryKey = (
  tenantId: string,
  recipientId: string,
  period: string,
  kind: DeliveryKind,
) => `${tenantId}:${recipientId}:${period}:${kind}`;

export class DeliveryLedger {
  private readonly collection;
  constructor(
    db: Db,
    private readonly tenantId: string,
    private readonly options: LedgerOptions = DEFAULT_LEDGER_OPTIONS,
  ) {
    this.collection = db.collection<{ _id: string; [field: string]: unknown }>(DELIVERIES);
  }

  async claim(
    key: string,
    meta: { kind: DeliveryKind; recipientId: string; subjectId: string },
    now: Date,
  ): Promise<Claim> {
    try {
      await this.collection.insertOne({
        _id: key,
        tenantId: this.tenantId,
        ...meta,
        state: 'pending',
        attempt: 1,
        claimedAt: now,
        createdAt: now,
      });
      return { isClaimed: true, attempt: 1 };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const record = (await this.collection.findOne({
      _id: key,
      tenantId: this.tenantId,
    })) as DeliveryRecord | null;
    if (!record) return { isClaimed: false, reason: 'in_flight' };
    if (record.state === 'sent') return { isClaimed: false, reason: 'sent' };
    if (record.attempt >= this.options.maxAttempts) return { isClaimed: false, reason: 'gave_up' };
    if (
      record.state === 'pending' &&
      now.getTime() - new Date(record.claimedAt).getTime() < this.options.staleAfterMinutes * 60_000
    )
      return { isClaimed: false, reason: 'in_flight' };
    if (record.state === 'failed' && record.retryAfter && now < new Date(record.retryAfter))
      return { isClaimed: false, reason: 'retry_later' };
    const attempt = record.attempt + 1;
    try {
      await this.collection.insertOne({
        _id: `${key}#${attempt}`,
        tenantId: this.tenantId,
        kind: 'attempt',
        attemptOf: key,
        attempt,
        createdAt: now,
      });
    } catch (error) {
      if (isDuplicateKey(error)) return { isClaimed: false, reason: 'in_flight' };
      throw error;
    }
    await this.collection.updateOne(
      { _id: key, tenantId: this.tenantId },
      { $set: { state: 'pending', attempt, claimedAt: now } },
    );
    return { isClaimed: true, attempt };
  }

  async markSent(key: string, now: Date): Promise<void> {
    await this.collection.updateOne(
      { _id: key, tenantId: this.tenantId },
      { $set: { state: 'sent', sentAt: now }, $unset: { retryAfter: '', lastError: '' } },
    );
  }

  async markFailed(key: string, now: Date, error: unknown, attempt: number): Promise<void> {
    // Back off 2, 4, 8… minutes so a Graph outage is not hammered by every job run.
    const retryAfter = new Date(now.getTime() + 2 ** attempt * 60_000);
    await this.collection.updateOne(
      { _id: key, tenantId: this.tenantId },
      {
        $set: {
          state: 'failed',
          retryAfter,
          lastError: String((error as Error)?.message ?? error).slice(0, 500),
        },
      },
    );
  }

  async get(key: string): Promise<DeliveryRecord | null> {
    return (await this.collection.findOne({
      _id: key,
      tenantId: this.tenantId,
    })) as DeliveryRecord | null;
  }
}

/** Claims, sends and records the outcome; the result says what happened for the job's tally. */
export async function deliverOnce(
  ledger: DeliveryLedger,
  key: string,
  meta: { kind: DeliveryKind; recipientId: string; subjectId: string },
  now: () => Date,
  send: () => Promise<void>,
): Promise<'sent' | 'skipped' | 'failed'> {
  const claim = await ledger.claim(key, meta, now());
  if (!claim.isClaimed) return 'skipped';
  try {
    await send();
  } catch (error) {
    await ledger.markFailed(key, now(), error, claim.attempt);
    return 'failed';
  }
  await ledger.markSent(key, now());
  return 'sent';
}
