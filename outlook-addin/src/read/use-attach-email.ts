/**
 * Attaching the open email: the states the pane shows (idle → attaching → attached or
 * failed) and the rule that keeps it from being attached twice.
 *
 * One Idempotency-Key per attempt to attach *this* message to *this* target with *this*
 * note. A retry after an unknown outcome (network down, 5xx) sends the same key, so the
 * server replays the first result instead of attaching again; a changed target or note is
 * a different request and gets a new key; a definite refusal (`isDefiniteRefusal`) or a success ends the
 * attempt. The server also returns the existing evidence for a message already attached
 * to the target, which the pane reports as "already attached".
 */
import { useCallback, useRef, useState } from 'react';
import { newIdempotencyKey, type AttachEmailRequest, type Evidence } from '@throughline/contracts';
import { isDefiniteRefusal, useApi } from '@throughline/ui';

export type AttachState =
  | { phase: 'idle' }
  | { phase: 'attaching' }
  | { phase: 'attached'; evidence: Evidence; wasAlreadyAttached: boolean }
  | { phase: 'failed'; error: unknown };

export interface AttachEmail {
  state: AttachState;
  attach(
    request: AttachEmailRequest,
    existingEvidenceIds: ReadonlySet<string>,
  ): Promise<Evidence | undefined>;
  reset(): void;
}

export function useAttachEmail(): AttachEmail {
  const api = useApi();
  const [state, setState] = useState<AttachState>({ phase: 'idle' });
  const attempt = useRef<{ key: string; body: string } | null>(null);

  const attach = useCallback(
    async (request: AttachEmailRequest, existingEvidenceIds: ReadonlySet<string>) => {
      const body = JSON.stringify(request);
      if (attempt.current?.body !== body) attempt.current = { key: newIdempotencyKey(), body };
      setState({ phase: 'attaching' });
      try {
        const evidence = await api.evidence.attachEmail(request, attempt.current.key);
        attempt.current = null;
        setState({
          phase: 'attached',
          evidence,
          wasAlreadyAttached: existingEvidenceIds.has(evidence.id),
        });
        return evidence;
      } catch (error) {
        if (isDefiniteRefusal(error)) attempt.current = null;
        setState({ phase: 'failed', error });
        return undefined;
      }
    },
    [api],
  );
  const reset = useCallback(() => setState({ phase: 'idle' }), []);
  return { state, attach, reset };
}
