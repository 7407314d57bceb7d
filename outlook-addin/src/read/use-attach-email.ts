/**
 * Attaching the open email: the states the pane shows (idle → attaching → attached or
 * failed) and the rule that keeps it from being attached twice.
 *
 * The intended write is *this* message to *this* target with *this* note: its key follows
 * the shared Idempotency-Key rule (`idempotent-request.ts`), so a retry after an unknown
 * outcome (network down, 5xx) replays the first result instead of attaching again, and a
 * changed target or note is a different request with a new key. The server also returns
 * the existing evidence for a message already attached to the target, which the pane
 * reports as "already attached".
 */
import { useCallback, useState } from 'react';
import type { AttachEmailRequest, Evidence } from '@throughline/contracts';
import { useApi, useIdempotentRequest } from '@throughline/ui';

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
  const attachment = useIdempotentRequest();
  const [state, setState] = useState<AttachState>({ phase: 'idle' });

  const attach = useCallback(
    async (request: AttachEmailRequest, existingEvidenceIds: ReadonlySet<string>) => {
      setState({ phase: 'attaching' });
      try {
        const evidence = await attachment.send(
          (key) => api.evidence.attachEmail(request, { idempotencyKey: key }),
          request,
        );
        setState({
          phase: 'attached',
          evidence,
          wasAlreadyAttached: existingEvidenceIds.has(evidence.id),
        });
        return evidence;
      } catch (error) {
        setState({ phase: 'failed', error });
        return undefined;
      }
    },
    [api, attachment],
  );
  const reset = useCallback(() => setState({ phase: 'idle' }), []);
  return { state, attach, reset };
}
