import { Button, makeResetStyles, tokens, typographyStyles } from '@fluentui/react-components';
import { DiamondDismissFilled } from '@fluentui/react-icons';
import { ApiError } from '@throughline/contracts';
import { useId } from 'react';

// The look of Fluent's error MessageBar in its multiline layout, drawn here: the message
// bar brings its motion, reflow and announcer code, and every first screen (the tab's and
// the add-in's) carries an ErrorBar for when the server cannot be reached.
const useRootStyles = makeResetStyles({
  display: 'grid',
  gridTemplateColumns: 'auto 1fr',
  gridTemplateAreas: '"icon body" "actions actions"',
  alignItems: 'start',
  boxSizing: 'border-box',
  minHeight: '36px',
  padding: `${tokens.spacingVerticalMNudge} 0 ${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
  border: `${tokens.strokeWidthThin} solid ${tokens.colorStatusDangerBorder1}`,
  borderRadius: tokens.borderRadiusMedium,
  backgroundColor: tokens.colorStatusDangerBackground1,
  whiteSpace: 'normal',
});
const useIconStyles = makeResetStyles({
  gridArea: 'icon',
  display: 'flex',
  alignItems: 'center',
  marginRight: tokens.spacingHorizontalS,
  fontSize: tokens.fontSizeBase500,
  color: tokens.colorStatusDangerForeground1,
});
const useBodyStyles = makeResetStyles({
  ...typographyStyles.body1,
  gridArea: 'body',
  paddingRight: tokens.spacingHorizontalM,
});
const useTitleStyles = makeResetStyles({
  ...typographyStyles.body1Strong,
  '::after': { content: '" "' },
});
const useActionsStyles = makeResetStyles({
  gridArea: 'actions',
  display: 'flex',
  justifyContent: 'end',
  columnGap: tokens.spacingHorizontalM,
  marginTop: tokens.spacingVerticalMNudge,
  paddingRight: tokens.spacingHorizontalM,
});

export type ErrorBarProps = {
  /** What failed, in the person's words: "Could not load your OKRs". */
  title: string;
  error: unknown;
  onRetry?: () => void;
};

/** Says what failed and why (the server's message when it sent one), and offers Retry. */
export function ErrorBar({ title, error, onRetry }: ErrorBarProps) {
  const titleId = useId();
  const root = useRootStyles();
  const icon = useIconStyles();
  const body = useBodyStyles();
  const titleClass = useTitleStyles();
  const actions = useActionsStyles();
  return (
    <div role="alert" aria-labelledby={titleId} className={root}>
      <div className={icon}>
        <DiamondDismissFilled />
      </div>
      <div className={body}>
        <span id={titleId} className={titleClass}>
          {title}
        </span>
        {describeError(error)}
      </div>
      {onRetry && (
        <div className={actions}>
          <Button onClick={onRetry}>Retry</Button>
        </div>
      )}
    </div>
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
