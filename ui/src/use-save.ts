/**
 * Saving a form: busy state, the failure to show, the server's message for each field, and
 * the Idempotency-Key policy shared by every create in the tab and the add-in — one key
 * per thing being created, kept across retries while the outcome is unknown (network
 * error, 5xx), renewed once the server has said for certain that nothing was created.
 */
import { useCallback, useRef, useState } from 'react';
import { ApiError, newIdempotencyKey } from '@throughline/contracts';

export interface SaveAction {
  isSaving: boolean;
  failure: unknown;
  fieldMessage: (field: string) => string | undefined;
  run: <T>(action: (idempotencyKey: string) => Promise<T>) => Promise<T | undefined>;
}

export function useSave(): SaveAction {
  const key = useRef(newIdempotencyKey());
  const [isSaving, setIsSaving] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const run = useCallback(async <T>(action: (idempotencyKey: string) => Promise<T>) => {
    setIsSaving(true);
    setFailure(undefined);
    try {
      const result = await action(key.current);
      key.current = newIdempotencyKey();
      return result;
    } catch (error) {
      if (isDefiniteRefusal(error)) key.current = newIdempotencyKey();
      setFailure(error);
      return undefined;
    } finally {
      setIsSaving(false);
    }
  }, []);
  const fieldMessage = useCallback(
    (field: string) => (failure instanceof ApiError ? failure.fieldMessage(field) : undefined),
    [failure],
  );
  return { isSaving, failure, fieldMessage, run };
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
    error.code !== 'request_in_progress'
  );
}
