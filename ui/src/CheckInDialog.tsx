/**
 * The weekly check-in: new value, confidence, status and a sentence, in one dialog.
 *
 * Two promises to the person: what they typed survives a failed save (the dialog stays
 * open with their entries and the server's message beside the field it concerns), and a
 * retry never records the check-in twice. The second comes from the Idempotency-Key rule
 * (`idempotent-request.ts`), with the dialog as one intended check-in: the key is reused
 * when the save may have reached the server (network error, 5xx) and replaced only when
 * the server said for certain that nothing was recorded (a 4xx such as a validation error
 * or a version conflict), because the corrected request is a different request.
 */
import {
  Button,
  Checkbox,
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
  Radio,
  RadioGroup,
  Slider,
  Spinner,
  Switch,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useId, useState, type FormEvent } from 'react';
import { ApiError, type CheckInRequest, type KeyResult } from '@throughline/contracts';
import { describeError } from './ErrorBar';
import { describeMetricTarget, formatMetricValue } from './metric-format';
import { statusLabels } from './StatusBadge';
import { isDefiniteRefusal, useIdempotentRequest } from './idempotent-request';
import { useApi, useSession } from './throughline-context';

const useStyles = makeStyles({
  form: { display: 'grid', gap: tokens.spacingVerticalL },
  current: { color: tokens.colorNeutralForeground2 },
  milestones: { display: 'grid', gap: tokens.spacingVerticalXS },
});

type CheckInStatus = CheckInRequest['status'];
const checkInStatuses: CheckInStatus[] = ['on_track', 'at_risk', 'off_track', 'done'];

export type CheckInDialogProps = {
  keyResult: KeyResult;
  isOpen: boolean;
  onDismiss: () => void;
  /** Called with the key result as the server now holds it. */
  onCheckedIn: (keyResult: KeyResult) => void;
};

interface Draft {
  value: string;
  confidence: number;
  status: CheckInStatus;
  note: string;
  milestones: boolean[];
}

function initialDraft(keyResult: KeyResult): Draft {
  const current =
    keyResult.lastCheckIn?.value ?? keyResult.metric.current ?? keyResult.metric.start;
  return {
    value: String(current),
    confidence: keyResult.confidence ?? keyResult.lastCheckIn?.confidence ?? 7,
    status: keyResult.status === 'not_started' ? 'on_track' : keyResult.status,
    note: '',
    milestones: keyResult.metric.milestones.map((milestone) => milestone.isDone),
  };
}

export function CheckInDialog({ keyResult, isOpen, onDismiss, onCheckedIn }: CheckInDialogProps) {
  return (
    <Dialog
      open={isOpen}
      onOpenChange={(_event, data) => !data.open && onDismiss()}
      modalType="modal"
    >
      {/* The dialog unmounts its surface when closed, so each opening starts from the key result as it is now. */}
      <CheckInForm keyResult={keyResult} onDismiss={onDismiss} onCheckedIn={onCheckedIn} />
    </Dialog>
  );
}

function CheckInForm({ keyResult, onDismiss, onCheckedIn }: Omit<CheckInDialogProps, 'isOpen'>) {
  const styles = useStyles();
  const api = useApi();
  const { locale } = useSession();
  const formId = useId();
  const [draft, setDraft] = useState<Draft>(() => initialDraft(keyResult));
  const [version, setVersion] = useState(keyResult.version);
  const [isSaving, setIsSaving] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const [conflictNote, setConflictNote] = useState<string | undefined>(undefined);
  const checkIn = useIdempotentRequest();
  const metric = keyResult.metric;

  const update = <K extends keyof Draft>(field: K, value: Draft[K]) =>
    setDraft((current) => ({ ...current, [field]: value }));
  const fieldMessage = (field: string) =>
    failure instanceof ApiError ? failure.fieldMessage(field) : undefined;
  const valueMessage = fieldMessage('value') ?? fieldMessage('milestones');

  function valueToSend(): number {
    if (metric.kind === 'milestone') return draft.milestones.filter(Boolean).length;
    return Number(draft.value.trim() === '' ? Number.NaN : draft.value);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setIsSaving(true);
    setFailure(undefined);
    setConflictNote(undefined);
    const body: CheckInRequest = {
      version,
      value: valueToSend(),
      confidence: draft.confidence,
      status: draft.status,
      note: draft.note,
      ...(metric.kind === 'milestone' ? { milestones: draft.milestones } : {}),
    };
    try {
      const saved = await checkIn.send((key) =>
        api.keyResults.checkIn(keyResult.id, body, { idempotencyKey: key }),
      );
      onCheckedIn(saved);
    } catch (error) {
      setFailure(error);
      if (isDefiniteRefusal(error)) {
        const current = error.code === 'version_conflict' ? currentKeyResultOf(error) : undefined;
        if (current) {
          setVersion(current.version);
          const value = current.lastCheckIn?.value ?? current.metric?.current;
          setConflictNote(
            `Someone checked in on this key result while you were typing${value === undefined ? '' : ` (it is now at ${formatMetricValue(metric, value, locale)})`}. Your entries are still here: save again to record yours on top.`,
          );
        }
      }
    } finally {
      setIsSaving(false);
    }
  }

  const generalFailure =
    failure &&
    !valueMessage &&
    !fieldMessage('confidence') &&
    !fieldMessage('status') &&
    !fieldMessage('note') &&
    !conflictNote;

  return (
    <DialogSurface aria-describedby={undefined}>
      <form id={formId} onSubmit={save} noValidate>
        <DialogBody>
          <DialogTitle>Check in: {keyResult.title}</DialogTitle>
          <DialogContent className={styles.form}>
            <span className={styles.current}>
              Now{' '}
              {formatMetricValue(
                metric,
                keyResult.lastCheckIn?.value ?? metric.current ?? metric.start,
                locale,
              )}
              , target {describeMetricTarget(metric, locale)}.
            </span>
            {conflictNote && (
              <MessageBar intent="warning" layout="multiline">
                <MessageBarBody>{conflictNote}</MessageBarBody>
              </MessageBar>
            )}
            {generalFailure && (
              <MessageBar intent="error" layout="multiline" role="alert">
                <MessageBarBody>
                  Your check-in was not saved: {describeError(failure)} Your entries are kept; try
                  again.
                </MessageBarBody>
              </MessageBar>
            )}
            {metric.kind === 'milestone' ? (
              <Field
                label="Milestones reached"
                validationMessage={valueMessage}
                validationState={valueMessage ? 'error' : 'none'}
              >
                <div className={styles.milestones}>
                  {metric.milestones.map((milestone, index) => (
                    <Checkbox
                      key={index}
                      label={milestone.title}
                      checked={draft.milestones[index] ?? false}
                      onChange={(_event, data) =>
                        update(
                          'milestones',
                          draft.milestones.map((isDone, at) =>
                            at === index ? data.checked === true : isDone,
                          ),
                        )
                      }
                    />
                  ))}
                </div>
              </Field>
            ) : metric.kind === 'boolean' ? (
              <Field
                label="Done?"
                validationMessage={valueMessage}
                validationState={valueMessage ? 'error' : 'none'}
              >
                <Switch
                  checked={draft.value === '1'}
                  onChange={(_event, data) => update('value', data.checked ? '1' : '0')}
                  label={draft.value === '1' ? 'Done' : 'Not done yet'}
                />
              </Field>
            ) : (
              <Field
                label={`New value${metric.kind === 'percent' ? ' (%)' : metric.kind === 'currency' ? ` (${metric.currency ?? ''})` : metric.unit ? ` (${metric.unit})` : ''}`}
                validationMessage={valueMessage}
                validationState={valueMessage ? 'error' : 'none'}
                required
              >
                <Input
                  type="number"
                  inputMode="decimal"
                  step="any"
                  value={draft.value}
                  onChange={(_event, data) => update('value', data.value)}
                  autoFocus
                />
              </Field>
            )}
            <Field
              label={`Confidence: ${draft.confidence} of 10`}
              hint="How sure are you that this key result will be met by the end of the cycle?"
              validationMessage={fieldMessage('confidence')}
              validationState={fieldMessage('confidence') ? 'error' : 'none'}
            >
              <Slider
                min={1}
                max={10}
                step={1}
                value={draft.confidence}
                onChange={(_event, data) => update('confidence', data.value)}
              />
            </Field>
            <Field
              label="Status"
              validationMessage={fieldMessage('status')}
              validationState={fieldMessage('status') ? 'error' : 'none'}
            >
              <RadioGroup
                layout="horizontal"
                value={draft.status}
                onChange={(_event, data) => update('status', data.value as CheckInStatus)}
              >
                {checkInStatuses.map((status) => (
                  <Radio key={status} value={status} label={statusLabels[status]} />
                ))}
              </RadioGroup>
            </Field>
            <Field
              label="Note"
              hint="One sentence on what moved, or what is in the way."
              validationMessage={fieldMessage('note')}
              validationState={fieldMessage('note') ? 'error' : 'none'}
            >
              <Textarea
                value={draft.note}
                onChange={(_event, data) => update('note', data.value)}
                resize="vertical"
              />
            </Field>
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onDismiss} disabled={isSaving}>
              Cancel
            </Button>
            <Button
              appearance="primary"
              type="submit"
              disabled={isSaving}
              icon={isSaving ? <Spinner size="tiny" /> : undefined}
            >
              {isSaving ? 'Saving…' : failure ? 'Save again' : 'Save check-in'}
            </Button>
          </DialogActions>
        </DialogBody>
      </form>
    </DialogSurface>
  );
}

function currentKeyResultOf(error: ApiError): KeyResult | undefined {
  const details = error.details as Record<string, unknown> | undefined;
  if (!details || Array.isArray(details)) return undefined;
  const current = details.current as KeyResult | undefined;
  return current && typeof current.version === 'number' ? current : undefined;
}
