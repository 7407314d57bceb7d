/**
 * Saving a form: busy state, the failure to show and the server's message for each field.
 * Which Idempotency-Key each attempt sends is the shared rule in `idempotent-request.ts`,
 * with one form's save as one intended write: what the person corrects after an unknown
 * outcome is sent with the same key, so the server can say if the first attempt got through.
 */
import { useCallback, useState } from 'react';
import { ApiError } from '@throughline/contracts';
import { useIdempotentRequest } from './idempotent-request';

export interface SaveAction {
  isSaving: boolean;
  failure: unknown;
  fieldMessage: (field: string) => string | undefined;
  run: <T>(action: (idempotencyKey: string) => Promise<T>) => Promise<T | undefined>;
}

export function useSave(): SaveAction {
  const request = useIdempotentRequest();
  const [isSaving, setIsSaving] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const run = useCallback(
    async <T>(action: (idempotencyKey: string) => Promise<T>) => {
      setIsSaving(true);
      setFailure(undefined);
      try {
        return await request.send(action);
      } catch (error) {
        setFailure(error);
        return undefined;
      } finally {
        setIsSaving(false);
      }
    },
    [request],
  );
  const fieldMessage = useCallback(
    (field: string) => (failure instanceof ApiError ? failure.fieldMessage(field) : undefined),
    [failure],
  );
  return { isSaving, failure, fieldMessage, run };
}
