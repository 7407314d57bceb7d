/**
 * Every way attaching (or checking, or detaching) can fail, in words that say what
 * happened, whether anything was stored, and what to do. The server's code decides; its
 * message is the fallback for codes this pane does not know yet.
 */
import { ApiError } from '@throughline/contracts';

export interface FailureText {
  title: string;
  message: string;
  /** Whether trying the same thing again can help (a retry reuses the Idempotency-Key). */
  canRetry: boolean;
}

export function describeAttachFailure(error: unknown): FailureText {
  if (!(error instanceof ApiError)) {
    return {
      title: 'Not attached',
      message:
        error instanceof Error ? error.message : 'Something went wrong. Nothing was attached.',
      canRetry: true,
    };
  }
  switch (error.code) {
    case 'network_error':
      return {
        title: 'You seem to be offline',
        message:
          'Throughline could not be reached, so we cannot tell whether the email was attached. Try again when you are back online: it will not be attached twice.',
        canRetry: true,
      };
    case 'not_signed_in':
      return { title: 'Not signed in', message: error.message, canRetry: true };
    case 'unauthenticated':
      return {
        title: 'Not signed in',
        message:
          'Your sign-in has expired or was refused. Close and reopen the pane to sign in again.',
        canRetry: true,
      };
    case 'source_access_denied':
      return {
        title: 'No permission to this email',
        message:
          'Microsoft 365 did not let Throughline read this email (it may be in a shared or delegated mailbox you cannot share from). Nothing was attached.',
        canRetry: false,
      };
    case 'message_not_found':
    case 'source_not_found':
      return {
        title: 'Email not found',
        message:
          'Microsoft 365 could not find this email. It may have been moved or deleted, or not be saved yet. Nothing was attached.',
        canRetry: false,
      };
    case 'graph_unavailable':
    case 'upstream_unavailable':
      return {
        title: 'Microsoft 365 is not answering',
        message:
          'Throughline could not read the email from Microsoft 365 just now. Nothing was attached. Try again in a minute.',
        canRetry: true,
      };
    case 'forbidden':
      return {
        title: 'Not allowed',
        message: error.message || "You can't attach evidence to that key result or deliverable.",
        canRetry: false,
      };
    case 'cycle_closed':
      return {
        title: 'Cycle closed',
        message: 'That cycle is closed, so nothing more can be attached to it.',
        canRetry: false,
      };
    case 'validation_failed':
      return {
        title: 'Not attached',
        message: error.fieldMessage('note')
          ? `The note ${error.fieldMessage('note')}.`
          : error.message,
        canRetry: false,
      };
    default:
      if (error.code.endsWith('_not_found'))
        return {
          title: 'Not found',
          message: `${error.message} Choose another key result or deliverable.`,
          canRetry: false,
        };
      if (error.status >= 500)
        return {
          title: 'Throughline had a problem',
          message: `${error.message} Nothing was attached; try again.`,
          canRetry: true,
        };
      return {
        title: 'Not attached',
        message: error.message,
        canRetry: error.status === 409 || error.status === 429,
      };
  }
}
