import { Dropdown, Field, Input, Option } from '@fluentui/react-components';
import type { Deliverable, DependencyTarget, KeyResult, Objective } from '@throughline/contracts';
import { AlignmentTargetPicker, useApi, useResource, useSave, useSession } from '@throughline/ui';
import { useState } from 'react';
import { deliverableStateLabels } from '../views/my-okrs/ObjectiveCard';
import { FormDialog, fieldState, generalFailureOf } from './FormDialog';
import { PersonPicker } from './PersonPicker';

export type DeliverableFormDialogProps = {
  objective: Pick<Objective, 'id' | 'title' | 'cycleId'> & { keyResults?: KeyResult[] };
  /** Editing this deliverable; creating a new one when absent. */
  deliverable?: Deliverable;
  /** Preselect the key result it moves (from the key result's page). */
  keyResultId?: string;
  onDismiss: () => void;
  onSaved: (deliverable: Deliverable) => void;
};

type State = Deliverable['state'];

export function DeliverableFormDialog({
  objective,
  deliverable,
  keyResultId,
  onDismiss,
  onSaved,
}: DeliverableFormDialogProps) {
  const api = useApi();
  const { me } = useSession();
  const save = useSave();
  const tree = useResource(
    () => api.cycles.alignmentTree(objective.cycleId),
    [api, objective.cycleId],
  );
  const [title, setTitle] = useState(deliverable?.title ?? '');
  const [forKeyResult, setForKeyResult] = useState<string | null>(
    deliverable?.keyResultId ?? keyResultId ?? null,
  );
  const [ownerId, setOwnerId] = useState(deliverable?.ownerId ?? me.person.id);
  const [dueDate, setDueDate] = useState(deliverable?.dueDate ?? '');
  const [state, setState] = useState<State>(deliverable?.state ?? 'todo');
  const [waitsOn, setWaitsOn] = useState<DependencyTarget | null>(
    deliverable?.dependsOn[0] ?? null,
  );
  const fields = ['title', 'keyResultId', 'ownerId', 'dueDate', 'state', 'dependsOn'];
  const keyResults = objective.keyResults ?? [];
  const message = save.fieldMessage;

  async function submit() {
    const common = {
      title,
      ownerId,
      dueDate: dueDate || null,
      state,
      dependsOn: waitsOn ? [waitsOn, ...(deliverable?.dependsOn.slice(1) ?? [])] : [],
    };
    const saved = await save.run((key) =>
      deliverable
        ? api.deliverables.update(deliverable.id, { ...common, version: deliverable.version })
        : api.deliverables.create(
            {
              ...common,
              objectiveId: objective.id,
              ...(forKeyResult ? { keyResultId: forKeyResult } : {}),
            },
            { idempotencyKey: key },
          ),
    );
    if (saved) onSaved(saved);
  }

  const chosenKeyResult = keyResults.find((keyResult) => keyResult.id === forKeyResult);
  return (
    <FormDialog
      title={deliverable ? 'Edit deliverable' : `New deliverable for “${objective.title}”`}
      submitLabel={deliverable ? 'Save deliverable' : 'Create deliverable'}
      isSaving={save.isSaving}
      generalFailure={generalFailureOf(save.failure, message, fields)}
      onDismiss={onDismiss}
      onSubmit={submit}
    >
      <Field
        label="Deliverable"
        hint="A concrete piece of work with one owner, e.g. “Publish the EMEA pricing page”."
        required
        {...fieldState(message('title'))}
      >
        <Input value={title} onChange={(_event, data) => setTitle(data.value)} autoFocus />
      </Field>
      {!deliverable && keyResults.length > 0 && (
        <Field label="Moves key result" {...fieldState(message('keyResultId'))}>
          <Dropdown
            value={chosenKeyResult?.title ?? 'The objective as a whole'}
            selectedOptions={[forKeyResult ?? 'none']}
            onOptionSelect={(_event, data) =>
              setForKeyResult(
                data.optionValue && data.optionValue !== 'none' ? data.optionValue : null,
              )
            }
          >
            <Option value="none">The objective as a whole</Option>
            {keyResults.map((keyResult) => (
              <Option key={keyResult.id} value={keyResult.id}>
                {keyResult.title}
              </Option>
            ))}
          </Dropdown>
        </Field>
      )}
      <PersonPicker
        label="Owner"
        personId={ownerId}
        onChange={setOwnerId}
        validationMessage={message('ownerId')}
      />
      <Field label="Due date" {...fieldState(message('dueDate'))}>
        <Input type="date" value={dueDate} onChange={(_event, data) => setDueDate(data.value)} />
      </Field>
      <Field label="State" {...fieldState(message('state'))}>
        <Dropdown
          value={deliverableStateLabels[state]}
          selectedOptions={[state]}
          onOptionSelect={(_event, data) => data.optionValue && setState(data.optionValue as State)}
        >
          {(Object.keys(deliverableStateLabels) as State[]).map((option) => (
            <Option key={option} value={option}>
              {deliverableStateLabels[option]}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <AlignmentTargetPicker
        label="Waits on (another team's key result)"
        roots={tree.data?.roots ?? []}
        value={waitsOn?.kind === 'keyResult' ? { kind: 'keyResult', id: waitsOn.id } : null}
        onChange={(target) => setWaitsOn(target ? { kind: 'keyResult', id: target.id } : null)}
        selectableKinds={['keyResult']}
        noneLabel="Waits on nothing"
        validationMessage={message('dependsOn')}
      />
    </FormDialog>
  );
}
