import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
} from '@fluentui/react-components';
import { ApiError } from '@throughline/contracts';

export type ErrorBarProps = {
  /** What failed, in the person's words: "Could not load your OKRs". */
  title: string;
  error: unknown;
  onRetry?: () => void;
};

/** Says what failed and why (the server's message when it sent one), and offers Retry. */
export function ErrorBar({ title, error, onRetry }: ErrorBarProps) {
  return (
    <MessageBar intent="error" layout="multiline" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {describeError(error)}
      </MessageBarBody>
      {onRetry && (
        <MessageBarActions>
          <Button onClick={onRetry}>Retry</Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}

export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return 'Your sign-in has expired or was refused. Sign in again.';
    if (error.status === 403) return "You don't have access to this.";
    if (error.status === 404)
      return 'It was not found. It may have been deleted, or the link is wrong.';
    return error.message;
  }
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
