/**
 * POSTs may carry an `Idempotency-Key`. The first request with a key inserts a pending
 * record under a unique `_id` (an insert, so it is race-free on FerretDB too); a retry
 * with the same key gets the first result and creates nothing twice. A retry that
 * arrives while the first is still running gets 409 `request_in_progress` (the client keeps
 * the key and retries: the outcome is not known yet); the same key with a different body
 * gets 422. A failed request releases its key so the retry runs again.
 */
import { createHash } from 'node:crypto';
import type { Db } from 'mongodb';
import type { Principal } from '../auth/principal';
import { isDuplicateKey } from '../db/documents';
import { expireIdempotencyKeys, idempotencyKeys } from './idempotency-store';
import { AppError } from './errors';

const KEY_PATTERN = /^[A-Za-z0-9_:.-]{8,200}$/;

export interface StoredResponse {
  status: number;
  body: unknown;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** JSON with every object's keys in order: a retry that sends them in another order is the same request. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map(
        (key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`,
      )
      .join(',')}}`;
  return JSON.stringify(value);
}

export async function withIdempotency(
  db: Db,
  principal: Principal,
  request: { key: string | undefined; method: string; path: string; body: unknown; now: Date },
  run: () => Promise<StoredResponse>,
): Promise<StoredResponse & { isReplay: boolean }> {
  if (request.key === undefined) return { ...(await run()), isReplay: false };
  if (!KEY_PATTERN.test(request.key)) {
    throw new AppError(
      'validation_failed',
      'The Idempotency-Key header must be 8–200 letters, digits or - _ : .',
      [{ path: 'headers.idempotency-key', message: 'is not a valid key' }],
    );
  }
  const keys = idempotencyKeys(db, principal.tenantId);
  const _id = sha256(
    [principal.tenantId, principal.userId, request.method, request.path, request.key].join('\n'),
  );
  const requestHash = sha256(canonicalJson(request.body ?? null));
  try {
    await keys.claim(_id, requestHash, request.now);
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const existing = await keys.find(_id);
    if (!existing)
      throw new AppError(
        'request_in_progress',
        'That request is being retried at the same time; try again in a moment.',
      );
    if (existing.requestHash !== requestHash)
      throw new AppError(
        'idempotency_key_reused',
        'This Idempotency-Key was already used for a different request.',
      );
    if (existing.state !== 'done')
      throw new AppError(
        'request_in_progress',
        'The first request with this Idempotency-Key is still being processed.',
      );
    return {
      status: existing.status ?? 200,
      body: JSON.parse(existing.bodyJson ?? 'null'),
      isReplay: true,
    };
  }
  try {
    const response = await run();
    // Stored as JSON text: response bodies may hold keys FerretDB does not accept as field names.
    await keys.complete(_id, response.status, JSON.stringify(response.body));
    return { ...response, isReplay: false };
  } catch (error) {
    await keys.release(_id).catch(() => undefined);
    throw error;
  }
}

/** How long a key is remembered: long enough for any client retry, short enough to stay small. */
export const IDEMPOTENCY_KEY_LIFETIME_MS = 24 * 3600_000;

/** FerretDB has no TTL indexes, so old keys are removed by a job. */
export function idempotencyExpiryJob(db: Db): {
  name: string;
  intervalMs: number;
  run(now: Date): Promise<void>;
} {
  return {
    name: 'idempotency-key-expiry',
    intervalMs: 3600_000,
    async run(now) {
      await expireIdempotencyKeys(db, new Date(now.getTime() - IDEMPOTENCY_KEY_LIFETIME_MS));
    },
  };
}
