/**
 * The dialogs of closing a quarter: an owner's override of a recorded score (with the
 * reason, which the review shows beside the computed score), carrying an unfinished
 * objective to a later cycle, and noting what was learned.
 */
import { Body1, Field, Input, Select, Textarea } from '@fluentui/react-components';
import type { Cycle, Objective, ReviewObjective, Score } from '@throughline/contracts';
import { useApi, useSave } from '@throughline/ui';
import { useState } from 'react';
import { FormDialog, fieldState, generalFailureOf } from '../../forms/FormDialog';

export type ScoreTarget = {
  kind: 'objective' | 'keyResult';
  id: string;
  title: string;
  version: number;
  /** The recorded score once the cycle closed; null while it is open. */
  score: Score | null;
  /** What progress gives: recorded at the close, or today while the cycle is open. */
  computed: number;
  /** The owner's score and reason already set, if any. */
  current: { score: number; reason: string | null } | null;
};

export type ScoreOverrideDialogProps = {
  target: ScoreTarget;
  onDismiss: () => void;
  onSaved: () => void;
};

export function ScoreOverrideDialog({ target, onDismiss, onSaved }: ScoreOverrideDialogProps) {
  const api = useApi();
  const save = useSave();
  const [score, setScore] = useState((target.current?.score ?? target.computed).toFixed(1));
  const [reason, setReason] = useState(target.current?.reason ?? '');
  const message = save.fieldMessage;

  async function submit() {
    const body = { version: target.version, score: Number(score), reason };
    const saved = await save.run<unknown>((key) =>
      target.kind === 'objective'
        ? api.objectives.overrideScore(target.id, body, { idempotencyKey: key })
        : api.keyResults.overrideScore(target.id, body, { idempotencyKey: key }),
    );
    if (saved) onSaved();
  }

  return (
    <FormDialog
      title={`Score “${target.title}”`}
      submitLabel="Save score"
      isSaving={save.isSaving}
      generalFailure={generalFailureOf(save.failure, message, ['score', 'reason'])}
      onDismiss={onDismiss}
      onSubmit={submit}
    >
      <Body1>
        {target.score
          ? `Computed from progress at the close: ${target.computed.toFixed(1)}. Your score is shown beside it, with your reason, wherever the score appears.`
          : `Progress gives ${target.computed.toFixed(1)} today. Closing the cycle records your score instead, with your reason, beside the score computed at that moment.`}
      </Body1>
      <Field
        label="Score (0.0 to 1.0)"
        required
        hint="0.7 is a good result for an ambitious key result; 1.0 means fully delivered."
        {...fieldState(message('score'))}
      >
        <Input
          type="number"
          min={0}
          max={1}
          step={0.1}
          value={score}
          onChange={(_event, data) => setScore(data.value)}
        />
      </Field>
      <Field label="Reason" required {...fieldState(message('reason'))}>
        <Textarea
          value={reason}
          onChange={(_event, data) => setReason(data.value)}
          placeholder="What the computed score does not show"
          resize="vertical"
        />
      </Field>
    </FormDialog>
  );
}

export type CarryOverDialogProps = {
  objective: Pick<ReviewObjective, 'id' | 'title'>;
  cycles: Cycle[];
  onDismiss: () => void;
  onCarried: (copy: Objective) => void;
};

export function CarryOverDialog({ objective, cycles, onDismiss, onCarried }: CarryOverDialogProps) {
  const api = useApi();
  const save = useSave();
  const [cycleId, setCycleId] = useState(cycles[0]?.id ?? '');
  const message = save.fieldMessage;

  async function submit() {
    const copy = await save.run((key) =>
      api.objectives.carryOver(objective.id, { cycleId }, { idempotencyKey: key }),
    );
    if (copy) onCarried(copy);
  }

  return (
    <FormDialog
      title={`Carry “${objective.title}” over`}
      submitLabel="Carry over"
      isSaving={save.isSaving}
      generalFailure={generalFailureOf(save.failure, message, ['cycleId'])}
      onDismiss={onDismiss}
      onSubmit={submit}
    >
      <Body1>
        The objective is copied to the cycle you choose, with its unfinished key results starting
        where they ended. This one keeps its score and its history, and links to the copy.
      </Body1>
      <Field label="Carry to" required {...fieldState(message('cycleId'))}>
        <Select value={cycleId} onChange={(_event, data) => setCycleId(data.value)}>
          {cycles.map((cycle) => (
            <option key={cycle.id} value={cycle.id}>
              {cycle.name}
            </option>
          ))}
        </Select>
      </Field>
    </FormDialog>
  );
}

export type LearningDialogProps = {
  objective: Pick<ReviewObjective, 'id' | 'title'>;
  onDismiss: () => void;
  onSaved: () => void;
};

export function LearningDialog({ objective, onDismiss, onSaved }: LearningDialogProps) {
  const api = useApi();
  const save = useSave();
  const [text, setText] = useState('');
  const message = save.fieldMessage;

  async function submit() {
    const saved = await save.run((key) =>
      api.objectives.addLearning(objective.id, { text }, { idempotencyKey: key }),
    );
    if (saved) onSaved();
  }

  return (
    <FormDialog
      title={`What we learned: ${objective.title}`}
      submitLabel="Add learning"
      isSaving={save.isSaving}
      generalFailure={generalFailureOf(save.failure, message, ['text'])}
      onDismiss={onDismiss}
      onSubmit={submit}
    >
      <Field
        label="What we learned"
        required
        hint="What worked, what did not, what you would do differently next quarter."
        {...fieldState(message('text'))}
      >
        <Textarea value={text} onChange={(_event, data) => setText(data.value)} resize="vertical" />
      </Field>
    </FormDialog>
  );
}
