import { Field, Input, Select } from '@fluentui/react-components';
import type { Team } from '@throughline/contracts';
import { useApi, useSave } from '@throughline/ui';
import { useState } from 'react';
import { FormDialog, fieldState, generalFailureOf } from '../../forms/FormDialog';
import { PeoplePicker, isSameChoice } from '../../forms/PeoplePicker';
import { PersonPicker } from '../../forms/PersonPicker';

export type EditTeamDialogProps = {
  team: Team;
  /** Every team of the tenant, for the parent team choice. */
  teams: Team[];
  onDismiss: () => void;
  onSaved: (team: Team) => void;
};

/** The team and every team below it: none of them can be its parent. */
export function teamAndBelow(team: Team, teams: Team[]): Set<string> {
  const below = new Set([team.id]);
  for (let isGrowing = true; isGrowing;) {
    isGrowing = false;
    for (const other of teams)
      if (other.parentId && below.has(other.parentId) && !below.has(other.id)) {
        below.add(other.id);
        isGrowing = true;
      }
  }
  return below;
}

/** Renames a team and sets its lead, members and parent team, on top of the version it was opened at. */
export function EditTeamDialog({ team, teams, onDismiss, onSaved }: EditTeamDialogProps) {
  const api = useApi();
  const save = useSave();
  const [name, setName] = useState(team.name);
  const [leadId, setLeadId] = useState(team.leadId ?? '');
  const [parentId, setParentId] = useState(team.parentId ?? '');
  const [memberIds, setMemberIds] = useState(team.memberIds);
  const message = save.fieldMessage;
  const excluded = teamAndBelow(team, teams);
  const parents = teams.filter((other) => !excluded.has(other.id));

  async function submit() {
    const saved = await save.run(() =>
      api.teams.update(team.id, {
        version: team.version,
        name,
        leadId: leadId || null,
        parentId: parentId || null,
        // Sent only when changed: renaming a team is not also a change of who is in it.
        ...(isSameChoice(memberIds, team.memberIds) ? {} : { memberIds }),
      }),
    );
    if (saved) onSaved(saved);
  }

  return (
    <FormDialog
      title={`Edit ${team.name}`}
      submitLabel="Save team"
      isSaving={save.isSaving}
      generalFailure={generalFailureOf(save.failure, message, [
        'name',
        'leadId',
        'parentId',
        'memberIds',
      ])}
      onDismiss={onDismiss}
      onSubmit={submit}
    >
      <Field label="Team name" required {...fieldState(message('name'))}>
        <Input value={name} onChange={(_event, data) => setName(data.value)} autoFocus />
      </Field>
      <PersonPicker
        label="Lead"
        personId={leadId}
        onChange={setLeadId}
        noneLabel="No lead"
        validationMessage={message('leadId')}
      />
      <PeoplePicker
        label="Members"
        hint="Their team's objectives and risks show in their Team view, and objectives shared with the team in their My OKRs."
        personIds={memberIds}
        onChange={setMemberIds}
        validationMessage={message('memberIds')}
      />
      <Field
        label="Part of"
        hint="The team above it in the company tree. Teams below this one are not offered."
        {...fieldState(message('parentId'))}
      >
        <Select value={parentId} onChange={(_event, data) => setParentId(data.value)}>
          <option value="">No parent team</option>
          {parents.map((other) => (
            <option key={other.id} value={other.id}>
              {other.name}
            </option>
          ))}
        </Select>
      </Field>
    </FormDialog>
  );
}
