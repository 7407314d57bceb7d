import {
  Dropdown,
  Field,
  Input,
  Option,
  Radio,
  RadioGroup,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { KeyResult, MetricInput, MetricKind, Objective } from '@throughline/contracts';
import { metricKindLabels, useApi, usePerson, useSave } from '@throughline/ui';
import { useState } from 'react';
import { FormDialog, fieldState, generalFailureOf } from './FormDialog';
import { PeoplePicker, isSameChoice, type Unavailable } from './PeoplePicker';
import { PersonPicker } from './PersonPicker';

const useStyles = makeStyles({
  pair: { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: tokens.spacingHorizontalM },
});

export type KeyResultFormDialogProps = {
  /** A new key result is owned by the objective's owner unless another owner is picked. */
  objective: Pick<Objective, 'id' | 'title' | 'ownerId'>;
  /** Editing this key result; creating a new one when absent. */
  keyResult?: KeyResult;
  onDismiss: () => void;
  onSaved: (keyResult: KeyResult) => void;
};

const metricKinds = Object.keys(metricKindLabels) as MetricKind[];

const kindHints: Record<MetricKind, string> = {
  number: 'Count something: customers signed, tickets closed.',
  percent: 'A share from 0 to 100: adoption, coverage.',
  currency: 'An amount of money: pipeline, revenue, savings.',
  boolean: 'Either done or not: a launch, a certification.',
  milestone: 'A list of steps; progress is the share reached.',
  stay_above: 'A health metric that must not fall below a floor: uptime, NPS.',
  stay_below: 'A health metric that must not rise above a ceiling: churn, cost per lead.',
};

export function KeyResultFormDialog({
  objective,
  keyResult,
  onDismiss,
  onSaved,
}: KeyResultFormDialogProps) {
  const styles = useStyles();
  const api = useApi();
  const save = useSave();
  const metric = keyResult?.metric;
  const [title, setTitle] = useState(keyResult?.title ?? '');
  const [kind, setKind] = useState<MetricKind>(metric?.kind ?? 'number');
  const [start, setStart] = useState(String(metric?.start ?? 0));
  const [target, setTarget] = useState(metric ? String(metric.target) : '');
  const [unit, setUnit] = useState(metric?.unit ?? '');
  const [currency, setCurrency] = useState(metric?.currency ?? 'EUR');
  const [direction, setDirection] = useState<'increase' | 'decrease'>(
    metric?.direction ?? 'increase',
  );
  const [milestones, setMilestones] = useState(
    (metric?.milestones ?? []).map((milestone) => milestone.title).join('\n'),
  );
  const [dueDate, setDueDate] = useState(keyResult?.dueDate ?? '');
  const [ownerId, setOwnerId] = useState(keyResult?.ownerId ?? objective.ownerId);
  const owner = usePerson(ownerId);
  const [coOwnerIds, setCoOwnerIds] = useState(keyResult?.coOwnerIds ?? []);
  const [updaterIds, setUpdaterIds] = useState(keyResult?.updaterIds ?? []);
  const fields = ['title', 'ownerId', 'metric', 'dueDate', 'weight', 'coOwnerIds', 'updaterIds'];
  // The pickers will not offer the owner; this catches an owner changed to someone listed.
  const ownerListed = coOwnerIds.includes(ownerId)
    ? 'coOwnerIds'
    : updaterIds.includes(ownerId)
      ? 'updaterIds'
      : null;
  const message = (field: string) =>
    field === ownerListed
      ? `${owner?.displayName ?? 'The owner'} owns this key result; remove them here.`
      : save.fieldMessage(field);
  // Each person has one part: owning, co-owning or checking in. Co-owners may check in already.
  const ownerReason = { [ownerId]: 'owns this key result' };
  const unavailableAsCoOwner: Unavailable = {
    ...Object.fromEntries(updaterIds.map((id) => [id, 'already an updater'])),
    ...ownerReason,
  };
  const unavailableAsUpdater: Unavailable = {
    ...Object.fromEntries(coOwnerIds.map((id) => [id, 'already a co-owner'])),
    ...ownerReason,
  };

  function metricToSend(): MetricInput {
    const number = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));
    if (kind === 'boolean') return { kind, start: 0, target: 1 };
    if (kind === 'milestone') {
      const titles = milestones
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
      const isDone = new Map(
        (metric?.milestones ?? []).map((milestone) => [milestone.title, milestone.isDone]),
      );
      return {
        kind,
        start: 0,
        target: titles.length,
        milestones: titles.map((line) => ({ title: line, isDone: isDone.get(line) ?? false })),
      };
    }
    return {
      kind,
      start: number(start),
      target: number(target),
      unit: kind === 'number' || kind === 'stay_above' || kind === 'stay_below' ? unit : '',
      ...(kind === 'currency' ? { currency: currency.trim().toUpperCase() } : {}),
      direction:
        kind === 'number' || kind === 'currency'
          ? direction
          : kind === 'stay_below'
            ? 'decrease'
            : 'increase',
    };
  }

  async function submit() {
    if (ownerListed) return;
    const body = { title, metric: metricToSend(), dueDate: dueDate || null };
    const saved = await save.run((key) =>
      keyResult
        ? api.keyResults.update(keyResult.id, {
            ...body,
            // Sent only when changed: fixing a title is not also a change of who takes part.
            ...(ownerId === keyResult.ownerId ? {} : { ownerId }),
            ...(isSameChoice(coOwnerIds, keyResult.coOwnerIds) ? {} : { coOwnerIds }),
            ...(isSameChoice(updaterIds, keyResult.updaterIds) ? {} : { updaterIds }),
            version: keyResult.version,
          })
        : api.keyResults.create(
            { ...body, ownerId, coOwnerIds, updaterIds, objectiveId: objective.id },
            { idempotencyKey: key },
          ),
    );
    if (saved) onSaved(saved);
  }

  const hasRange = kind !== 'boolean' && kind !== 'milestone';
  return (
    <FormDialog
      title={keyResult ? 'Edit key result' : `New key result for “${objective.title}”`}
      submitLabel={keyResult ? 'Save key result' : 'Create key result'}
      isSaving={save.isSaving}
      generalFailure={generalFailureOf(save.failure, message, fields)}
      onDismiss={onDismiss}
      onSubmit={submit}
    >
      <Field
        label="Key result"
        hint="A measurable result, e.g. “Sign 5 new enterprise customers”."
        required
        {...fieldState(message('title'))}
      >
        <Input value={title} onChange={(_event, data) => setTitle(data.value)} autoFocus />
      </Field>
      <PersonPicker
        label="Owner"
        personId={ownerId}
        onChange={setOwnerId}
        validationMessage={message('ownerId')}
      />
      <Field
        label="How it is measured"
        hint={kindHints[kind]}
        {...fieldState(message('metric.kind'))}
      >
        <Dropdown
          value={metricKindLabels[kind]}
          selectedOptions={[kind]}
          onOptionSelect={(_event, data) =>
            data.optionValue && setKind(data.optionValue as MetricKind)
          }
        >
          {metricKinds.map((option) => (
            <Option key={option} value={option}>
              {metricKindLabels[option]}
            </Option>
          ))}
        </Dropdown>
      </Field>
      {hasRange && (
        <div className={styles.pair}>
          <Field
            label={kind === 'stay_above' || kind === 'stay_below' ? 'Today' : 'Start'}
            {...fieldState(message('metric.start'))}
          >
            <Input
              type="number"
              step="any"
              value={start}
              onChange={(_event, data) => setStart(data.value)}
            />
          </Field>
          <Field
            label={kind === 'stay_above' ? 'Floor' : kind === 'stay_below' ? 'Ceiling' : 'Target'}
            required
            {...fieldState(message('metric.target'))}
          >
            <Input
              type="number"
              step="any"
              value={target}
              onChange={(_event, data) => setTarget(data.value)}
            />
          </Field>
        </div>
      )}
      {(kind === 'number' || kind === 'stay_above' || kind === 'stay_below') && (
        <Field
          label="Unit"
          hint="Shown after the number: customers, ms, tickets."
          {...fieldState(message('metric.unit'))}
        >
          <Input value={unit} onChange={(_event, data) => setUnit(data.value)} />
        </Field>
      )}
      {kind === 'currency' && (
        <Field
          label="Currency"
          hint="ISO code such as EUR, USD, GBP."
          {...fieldState(message('metric.currency'))}
        >
          <Input
            value={currency}
            maxLength={3}
            onChange={(_event, data) => setCurrency(data.value)}
          />
        </Field>
      )}
      {(kind === 'number' || kind === 'currency') && (
        <Field label="Good when it" {...fieldState(message('metric.direction'))}>
          <RadioGroup
            layout="horizontal"
            value={direction}
            onChange={(_event, data) => setDirection(data.value as 'increase' | 'decrease')}
          >
            <Radio value="increase" label="Goes up" />
            <Radio value="decrease" label="Goes down" />
          </RadioGroup>
        </Field>
      )}
      {kind === 'milestone' && (
        <Field
          label="Milestones"
          hint="One per line, in order."
          required
          {...fieldState(message('metric.milestones'))}
        >
          <Textarea
            value={milestones}
            onChange={(_event, data) => setMilestones(data.value)}
            resize="vertical"
            rows={4}
          />
        </Field>
      )}
      <Field
        label="Due date"
        hint="Leave empty to use the end of the cycle."
        {...fieldState(message('dueDate'))}
      >
        <Input type="date" value={dueDate} onChange={(_event, data) => setDueDate(data.value)} />
      </Field>
      <PeoplePicker
        label="Co-owners"
        hint="They share ownership with the owner: they may edit this key result and check in."
        personIds={coOwnerIds}
        onChange={setCoOwnerIds}
        unavailable={unavailableAsCoOwner}
        validationMessage={message('coOwnerIds')}
      />
      <PeoplePicker
        label="Updaters"
        hint="They may check in on this key result (value, confidence, a note) but not edit it."
        personIds={updaterIds}
        onChange={setUpdaterIds}
        unavailable={unavailableAsUpdater}
        validationMessage={message('updaterIds')}
      />
    </FormDialog>
  );
}
