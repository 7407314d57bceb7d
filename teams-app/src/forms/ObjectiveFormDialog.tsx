import {
  Dropdown,
  Field,
  Input,
  Option,
  Radio,
  RadioGroup,
  Switch,
  Textarea,
} from '@fluentui/react-components';
import type {
  AlignmentTarget,
  Contributor,
  Objective,
  ObjectiveDetail,
} from '@throughline/contracts';
import {
  AlignmentTargetPicker,
  useApi,
  usePerson,
  useResource,
  useSave,
  useSession,
} from '@throughline/ui';
import { useState } from 'react';
import { FormDialog, fieldState, generalFailureOf } from './FormDialog';
import { PeopleAndTeamsPicker, isSameChoice } from './PeoplePicker';
import { PersonPicker } from './PersonPicker';

export type ObjectiveFormDialogProps = {
  cycleId: string;
  /** Editing this objective; creating a new one when absent. */
  objective?: ObjectiveDetail | Objective;
  onDismiss: () => void;
  onSaved: (objective: Objective) => void;
};

type Level = Objective['level'];

export function ObjectiveFormDialog({
  cycleId,
  objective,
  onDismiss,
  onSaved,
}: ObjectiveFormDialogProps) {
  const api = useApi();
  const { me } = useSession();
  const save = useSave();
  // A manager sets objectives for the people they manage, too; the server checks who may.
  const [ownerId, setOwnerId] = useState(objective?.ownerId ?? me.person.id);
  const tree = useResource(() => api.cycles.alignmentTree(cycleId), [api, cycleId]);
  const teams = useResource(() => api.teams.list(), [api]);
  const [title, setTitle] = useState(objective?.title ?? '');
  const [description, setDescription] = useState(objective?.description ?? '');
  const [level, setLevel] = useState<Level>(objective?.level ?? 'individual');
  const [teamId, setTeamId] = useState<string | null>(objective?.teamId ?? null);
  const [visibility, setVisibility] = useState<Objective['visibility']>(
    objective?.visibility ?? 'public',
  );
  const [alignsTo, setAlignsTo] = useState<AlignmentTarget | null>(objective?.alignsTo ?? null);
  const [includeAlignedInProgress, setIncludeAlignedInProgress] = useState(
    objective?.includeAlignedInProgress ?? false,
  );
  const [contributors, setContributors] = useState<Contributor[]>(objective?.contributors ?? []);
  const owner = usePerson(ownerId);
  // The picker will not offer the owner; this catches an owner changed to a contributor.
  const ownerAlsoContributes = contributors.some(
    (contributor) => contributor.kind === 'person' && contributor.id === ownerId,
  );
  const contributorsMessage = ownerAlsoContributes
    ? `${owner?.displayName ?? 'The owner'} owns this objective; remove them from the contributors.`
    : save.fieldMessage('contributors');
  const fields = [
    'title',
    'ownerId',
    'description',
    'level',
    'teamId',
    'alignsTo',
    'contributors',
    'visibility',
    'includeAlignedInProgress',
  ];

  async function submit() {
    if (ownerAlsoContributes) return;
    const body = {
      title,
      ownerId,
      description,
      level,
      teamId,
      visibility,
      alignsTo,
      includeAlignedInProgress,
    };
    const saved = await save.run((key) =>
      objective
        ? api.objectives.update(objective.id, {
            ...body,
            // Sent only when changed: fixing a title is not also a change of who shares it.
            ...(isSameContributors(contributors, objective.contributors) ? {} : { contributors }),
            version: objective.version,
          })
        : api.objectives.create({ ...body, contributors, cycleId }, { idempotencyKey: key }),
    );
    if (saved) onSaved(saved);
  }

  const selectedTeam = teams.data?.items.find((team) => team.id === teamId);
  return (
    <FormDialog
      title={objective ? 'Edit objective' : 'New objective'}
      submitLabel={objective ? 'Save objective' : 'Create objective'}
      isSaving={save.isSaving}
      generalFailure={generalFailureOf(save.failure, save.fieldMessage, fields)}
      onDismiss={onDismiss}
      onSubmit={submit}
    >
      <Field
        label="Objective"
        hint="Where you want to be at the end of the cycle, e.g. “Customers in EMEA love our onboarding”."
        required
        {...fieldState(save.fieldMessage('title'))}
      >
        <Input value={title} onChange={(_event, data) => setTitle(data.value)} autoFocus />
      </Field>
      <PersonPicker
        label="Owner"
        personId={ownerId}
        onChange={setOwnerId}
        validationMessage={save.fieldMessage('ownerId')}
      />
      <Field label="Why it matters" {...fieldState(save.fieldMessage('description'))}>
        <Textarea
          value={description}
          onChange={(_event, data) => setDescription(data.value)}
          resize="vertical"
        />
      </Field>
      <Field label="Level" {...fieldState(save.fieldMessage('level'))}>
        <RadioGroup
          layout="horizontal"
          value={level}
          onChange={(_event, data) => setLevel(data.value as Level)}
        >
          <Radio value="individual" label="Individual" />
          <Radio value="team" label="Team" />
          <Radio value="company" label="Company" />
        </RadioGroup>
      </Field>
      <Field
        label="Team"
        hint="The team that owns it; team views roll it up."
        {...fieldState(save.fieldMessage('teamId'))}
      >
        <Dropdown
          value={selectedTeam?.name ?? (teamId ? '' : 'No team')}
          selectedOptions={[teamId ?? 'none']}
          onOptionSelect={(_event, data) =>
            setTeamId(data.optionValue && data.optionValue !== 'none' ? data.optionValue : null)
          }
        >
          <Option value="none">No team</Option>
          {(teams.data?.items ?? []).map((team) => (
            <Option key={team.id} value={team.id}>
              {team.name}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <AlignmentTargetPicker
        label="Aligns to"
        roots={tree.data?.roots ?? []}
        value={alignsTo}
        onChange={setAlignsTo}
        selectableKinds={['objective', 'keyResult']}
        noneLabel="Not aligned (a top-level objective)"
        excludeId={objective?.id}
        validationMessage={
          save.fieldMessage('alignsTo') ??
          (tree.error
            ? 'Could not load the objectives to align to; you can align it later.'
            : undefined)
        }
      />
      <PeopleAndTeamsPicker
        label="Contributors"
        hint="Other people or teams who share this objective and work on it with you; it shows in their My OKRs as shared with them."
        chosen={contributors}
        onChange={setContributors}
        teams={teams.error ? [] : teams.data?.items}
        unavailable={{ [ownerId]: 'owns this objective' }}
        validationMessage={contributorsMessage}
      />
      <Field label="Who can see it" {...fieldState(save.fieldMessage('visibility'))}>
        <RadioGroup
          layout="horizontal"
          value={visibility}
          onChange={(_event, data) => setVisibility(data.value as Objective['visibility'])}
        >
          <Radio value="public" label="Everyone in the organisation" />
          <Radio value="private" label="Only the owner, their managers, contributors and admins" />
        </RadioGroup>
      </Field>
      <Field
        hint="Its progress then also takes in the progress of the objectives aligned to it or to its key results."
        {...fieldState(save.fieldMessage('includeAlignedInProgress'))}
      >
        <Switch
          label="Count objectives aligned to this one in its progress"
          checked={includeAlignedInProgress}
          onChange={(_event, data) => setIncludeAlignedInProgress(data.checked)}
        />
      </Field>
    </FormDialog>
  );
}

const contributorKey = (contributor: Contributor) => `${contributor.kind}:${contributor.id}`;

function isSameContributors(chosen: Contributor[], saved: Contributor[]): boolean {
  return isSameChoice(chosen.map(contributorKey), saved.map(contributorKey));
}
