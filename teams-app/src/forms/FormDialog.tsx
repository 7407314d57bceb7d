import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
  Spinner,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { describeError } from '@throughline/ui';
import type { FormEvent, ReactNode } from 'react';

const useStyles = makeStyles({
  content: { display: 'grid', gap: tokens.spacingVerticalM },
  surface: { maxWidth: '640px', width: '100%' },
});

export type FormDialogProps = {
  title: string;
  submitLabel: string;
  isSaving: boolean;
  /** Shown above the fields when the failure is not about one field. */
  generalFailure: unknown;
  onDismiss: () => void;
  onSubmit: () => void;
  children: ReactNode;
};

/** A dialog that holds a form; it stays open with what was typed when a save fails. */
export function FormDialog({
  title,
  submitLabel,
  isSaving,
  generalFailure,
  onDismiss,
  onSubmit,
  children,
}: FormDialogProps) {
  const styles = useStyles();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <Dialog open onOpenChange={(_event, data) => !data.open && onDismiss()}>
      <DialogSurface className={styles.surface} aria-describedby={undefined}>
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>{title}</DialogTitle>
            <DialogContent className={styles.content}>
              {Boolean(generalFailure) && (
                <MessageBar intent="error" layout="multiline" role="alert">
                  <MessageBarBody>
                    Not saved: {describeError(generalFailure)} What you typed is kept; try again.
                  </MessageBarBody>
                </MessageBar>
              )}
              {children}
            </DialogContent>
            <DialogActions>
              <Button onClick={onDismiss} disabled={isSaving}>
                Cancel
              </Button>
              <Button
                type="submit"
                appearance="primary"
                disabled={isSaving}
                icon={isSaving ? <Spinner size="tiny" /> : undefined}
              >
                {isSaving ? 'Saving…' : submitLabel}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

/** A failure worth a banner: anything the server did not pin on one of the listed fields. */
export function generalFailureOf(
  failure: unknown,
  fieldMessage: (field: string) => string | undefined,
  fields: string[],
): unknown {
  if (!failure) return undefined;
  return fields.some((field) => fieldMessage(field)) ? undefined : failure;
}

export const fieldState = (message: string | undefined) => ({
  validationMessage: message,
  validationState: message ? ('error' as const) : ('none' as const),
});
