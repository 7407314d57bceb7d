/**
 * The admin's dialogs for one cycle: edit its name and dates, and close it. Closing cannot
 * be undone, so the confirmation says what it does before anything is sent.
 */
import {
  Body1,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Spinner,
  makeStyles,
  tokens,
  useId,
} from '@fluentui/react-components';
import type { Cycle } from '@throughline/contracts';
import { describeError, useApi, useSave } from '@throughline/ui';
import { useState } from 'react';
import { FormDialog, fieldState, generalFailureOf } from '../../forms/FormDialog';

const useStyles = makeStyles({
  content: { display: 'grid', gap: tokens.spacingVerticalM },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
});

export type EditCycleDialogProps = {
  cycle: Cycle;
  onDismiss: () => void;
  onSaved: (cycle: Cycle) => void;
};

/** Renames an open cycle or moves its dates, on top of the version it was opened at. */
export function EditCycleDialog({ cycle, onDismiss, onSaved }: EditCycleDialogProps) {
  const api = useApi();
  const save = useSave();
  const [name, setName] = useState(cycle.name);
  const [startsOn, setStartsOn] = useState(cycle.startsOn);
  const [endsOn, setEndsOn] = useState(cycle.endsOn);
  const message = save.fieldMessage;

  async function submit() {
    const saved = await save.run(() =>
      api.cycles.update(cycle.id, { version: cycle.version, name, startsOn, endsOn }),
    );
    if (saved) onSaved(saved);
  }

  return (
    <FormDialog
      title={`Edit ${cycle.name}`}
      submitLabel="Save cycle"
      isSaving={save.isSaving}
      generalFailure={generalFailureOf(save.failure, message, ['name', 'startsOn', 'endsOn'])}
      onDismiss={onDismiss}
      onSubmit={submit}
    >
      <Field label="Name" required {...fieldState(message('name'))}>
        <Input value={name} onChange={(_event, data) => setName(data.value)} autoFocus />
      </Field>
      <Field label="Starts on" required {...fieldState(message('startsOn'))}>
        <Input type="date" value={startsOn} onChange={(_event, data) => setStartsOn(data.value)} />
      </Field>
      <Field
        label="Ends on"
        required
        hint="Pace and status follow the new dates at once."
        {...fieldState(message('endsOn'))}
      >
        <Input type="date" value={endsOn} onChange={(_event, data) => setEndsOn(data.value)} />
      </Field>
    </FormDialog>
  );
}

export type CloseCycleDialogProps = {
  cycle: Cycle;
  onDismiss: () => void;
  onClosed: (cycle: Cycle) => void;
};

/** Asks before closing a cycle, and says what closing does. */
export function CloseCycleDialog({ cycle, onDismiss, onClosed }: CloseCycleDialogProps) {
  const styles = useStyles();
  const api = useApi();
  const save = useSave();
  const explanationId = useId('close-cycle-explanation');

  async function close() {
    const closed = await save.run((key) => api.cycles.close(cycle.id, { idempotencyKey: key }));
    if (closed) onClosed(closed);
  }

  return (
    <Dialog
      open
      modalType="alert"
      onOpenChange={(_event, data) => !data.open && !save.isSaving && onDismiss()}
    >
      <DialogSurface aria-describedby={explanationId}>
        <DialogBody>
          <DialogTitle>Close {cycle.name}?</DialogTitle>
          <DialogContent className={styles.content}>
            <div id={explanationId}>
              <Body1>Closing the cycle:</Body1>
              <ul className={styles.list}>
                <li>
                  records a score from 0.0 to 1.0 on every key result and objective in it, from
                  their progress now (owners can still override a score, with a reason);
                </li>
                <li>ends check-ins: nobody can check in or change its OKRs any more;</li>
                <li>cannot be undone: a closed cycle cannot be opened again.</li>
              </ul>
            </div>
            {Boolean(save.failure) && (
              <MessageBar intent="error" layout="multiline" role="alert">
                <MessageBarBody>Not closed: {describeError(save.failure)}</MessageBarBody>
              </MessageBar>
            )}
          </DialogContent>
          <DialogActions>
            <Button onClick={onDismiss} disabled={save.isSaving}>
              Cancel
            </Button>
            <Button
              appearance="primary"
              onClick={close}
              disabled={save.isSaving}
              icon={save.isSaving ? <Spinner size="tiny" /> : undefined}
            >
              {save.isSaving ? 'Closing…' : 'Close cycle and record scores'}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
