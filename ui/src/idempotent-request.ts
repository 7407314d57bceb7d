/**
 * The Idempotency-Key rule for every write the tab and the add-in send, in one place.
 *
 * One key per intended write. A key lives until the server has said for certain that the
 * request created nothing — a 4xx other than 409 `request_in_progress` (and other than 408
 * and 429, which say nothing about the first attempt) — or until the write succeeded: while
 * the outcome is unknown (network error, 5xx) a retry of the same write sends the same key,
 * so the server answers with the first attempt's result instead of creating it twice. A
 * different intent (another body, another target) is a different request and gets its own key.
 *
 * A 409 `request_in_progress` means the first attempt with this key is still running on the
 * server: the write is sent again with the same key after a short pause, a bounded number
 * of times, and only then is the error shown; the key is still kept for a manual retry.
 */
import { useRef } from 'react';
import { ApiError, newIdempotencyKey } from '@throughline/contracts';

/**
 * The pause before each automatic retry of a write still in progress: long enough for most
 * writes (attaching an email reads it from Graph) to finish, short enough that the person
 * is still looking at "Saving…".
 */
export const inProgressRetryPausesMs: readonly number[] = [500, 1000, 2000];

export interface IdempotentRequestOptions {
  /** One pause per automatic retry after 409 `request_in_progress`: their count bounds them. */
  pausesMs?: readonly number[];
}

export interface IdempotentRequest {
  /**
   * Sends the write described by `intent` (its body and target; anything JSON can write),
   * handing it the key to send. Omit `intent` where one object stands for one write, such
   * as a form's save: every call is then a retry of the same write. Throws the write's
   * error once no automatic retry is left.
   */
  send<T>(write: (idempotencyKey: string) => Promise<T>, intent?: unknown): Promise<T>;
}

export function createIdempotentRequest({
  pausesMs = inProgressRetryPausesMs,
}: IdempotentRequestOptions = {}): IdempotentRequest {
  let current: { key: string; intent: string } | null = null;
  return {
    async send(write, intent) {
      const described = JSON.stringify(intent ?? null);
      if (current?.intent !== described) current = { key: newIdempotencyKey(), intent: described };
      const attempt = current;
      for (let retry = 0; ; retry += 1) {
        try {
          const result = await write(attempt.key);
          if (current === attempt) current = null;
          return result;
        } catch (error) {
          if (isStillInProgress(error) && retry < pausesMs.length) {
            await pause(pausesMs[retry]!);
            continue;
          }
          if (isDefiniteRefusal(error) && current === attempt) current = null;
          throw error;
        }
      }
    },
  };
}

/** The rule held by a component for as long as it is mounted. */
export function useIdempotentRequest(options?: IdempotentRequestOptions): IdempotentRequest {
  const request = useRef<IdempotentRequest | null>(null);
  request.current ??= createIdempotentRequest(options);
  return request.current;
}

/**
 * Whether the server said for certain that nothing was created, so the next attempt is a
 * new request with a new key. A network error, a 5xx, 408, 429 and 409 `request_in_progress`
 * (the first attempt is still running) leave the outcome unknown: the retry keeps the key,
 * so it gets the first attempt's answer instead of creating the thing twice.
 */
export function isDefiniteRefusal(error: unknown): error is ApiError {
  return (
    error instanceof ApiError &&
    error.status >= 400 &&
    error.status < 500 &&
    error.status !== 408 &&
    error.status !== 429 &&
    !isStillInProgress(error)
  );
}

/** The server is still running the first attempt with this key. */
export function isStillInProgress(error: unknown): error is ApiError {
  return error instanceof ApiError && error.code === 'request_in_progress';
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
