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
import {
  deliveriesStore,
  type DeliveryKind,
  type DeliveryMeta,
  type DeliveryRecord,
} from './ledger-store';

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
  private readonly store;
  constructor(
    db: Db,
    tenantId: string,
    private readonly options: LedgerOptions = DEFAULT_LEDGER_OPTIONS,
  ) {
    this.store = deliveriesStore(db, tenantId);
  }

  async claim(key: string, meta: DeliveryMeta, now: Date): Promise<Claim> {
    if (await this.store.insertFirstClaim(key, meta, now)) return { isClaimed: true, attempt: 1 };
    const record = await this.store.find(key);
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
    if (!(await this.store.insertRetryClaim(key, attempt, now)))
      return { isClaimed: false, reason: 'in_flight' };
    await this.store.markPending(key, attempt, now);
    return { isClaimed: true, attempt };
  }

  async markSent(key: string, now: Date): Promise<void> {
    await this.store.markSent(key, now);
  }

  async markFailed(key: string, now: Date, error: unknown, attempt: number): Promise<void> {
    // Back off 2, 4, 8… minutes so a Graph outage is not hammered by every job run.
    const retryAfter = new Date(now.getTime() + 2 ** attempt * 60_000);
    await this.store.markFailed(
      key,
      retryAfter,
      String((error as Error)?.message ?? error).slice(0, 500),
    );
  }

  async get(key: string): Promise<DeliveryRecord | null> {
    return this.store.find(key);
  }
}

/** Claims, sends and records the outcome; the result says what happened for the job's tally. */
export async function deliverOnce(
  ledger: DeliveryLedger,
  key: string,
  meta: DeliveryMeta,
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
