/**
 * Choosing several people — and, for an objective's contributors, teams — by name. People
 * come from the server's directory as someone types (see use-people-search); teams from
 * the list the form already holds. Each choice is a removable tag: click it, or focus it
 * and press Delete or Backspace. Someone who cannot be chosen here (the owner, say) is
 * still offered, disabled, with the reason, so nobody wonders where they went.
 */
import {
  Field,
  Tag,
  TagPicker,
  TagPickerControl,
  TagPickerGroup,
  TagPickerInput,
  TagPickerList,
  TagPickerOption,
  TagPickerOptionGroup,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { PeopleTeamRegular, PersonRegular } from '@fluentui/react-icons';
import type { Contributor, Person, Team } from '@throughline/contracts';
import { usePerson } from '@throughline/ui';
import { useState, type ReactElement } from 'react';
import { usePeopleSearch } from './use-people-search';

const useStyles = makeStyles({
  // TagPickerOption has no `disabled`; such lines are marked aria-disabled and ignored when chosen.
  unavailable: { color: tokens.colorNeutralForegroundDisabled, cursor: 'default' },
});

/** Why someone may not be chosen, by person id: “owns this key result”. */
export type Unavailable = Readonly<Record<string, string>>;

/** Whether a picker holds the same choices as were saved, in any order: an edit sends a list only when it changed. */
export function isSameChoice(chosen: readonly string[], saved: readonly string[]): boolean {
  return chosen.length === saved.length && chosen.every((id) => saved.includes(id));
}

export type PeoplePickerProps = {
  label: string;
  hint?: string;
  personIds: string[];
  onChange: (personIds: string[]) => void;
  unavailable?: Unavailable;
  validationMessage?: string;
};

/** Several colleagues, found by name. */
export function PeoplePicker({ personIds, onChange, ...field }: PeoplePickerProps) {
  return (
    <DirectoryTagPicker
      {...field}
      chosen={personIds.map((id) => ({ kind: 'person', id }))}
      onChange={(chosen) => onChange(chosen.map((choice) => choice.id))}
    />
  );
}

export type PeopleAndTeamsPickerProps = {
  label: string;
  hint?: string;
  chosen: Contributor[];
  onChange: (chosen: Contributor[]) => void;
  /** The teams that may be chosen, found by name among these; undefined while they load. */
  teams: Team[] | undefined;
  unavailable?: Unavailable;
  validationMessage?: string;
};

/** Colleagues and teams together, as an objective's contributors are. */
export function PeopleAndTeamsPicker(props: PeopleAndTeamsPickerProps) {
  return <DirectoryTagPicker {...props} offersTeams />;
}

type DirectoryTagPickerProps = {
  label: string;
  hint?: string;
  chosen: Contributor[];
  onChange: (chosen: Contributor[]) => void;
  /** Teams are offered alongside people. */
  offersTeams?: boolean;
  teams?: Team[];
  unavailable?: Unavailable;
  validationMessage?: string;
};

// Option values carry the kind, so a team and a person can never be confused.
const valueOf = (choice: Contributor) => `${choice.kind}:${choice.id}`;
function choiceOf(value: string): Contributor | null {
  const [kind, ...rest] = value.split(':');
  const id = rest.join(':');
  return (kind === 'person' || kind === 'team') && id ? { kind, id } : null;
}

function DirectoryTagPicker({
  label,
  hint,
  chosen,
  onChange,
  offersTeams = false,
  teams,
  unavailable = {},
  validationMessage,
}: DirectoryTagPickerProps) {
  const [query, setQuery] = useState('');
  const search = query.trim() === '' ? null : query.trim();
  const found = usePeopleSearch(search);
  // Whoever was picked from a search keeps their name on the tag without another lookup.
  const [pickedPeople, setPickedPeople] = useState<ReadonlyMap<string, Person>>(new Map());
  const chosenValues = chosen.map(valueOf);
  const isChosen = (choice: Contributor) => chosenValues.includes(valueOf(choice));

  const needle = query.trim().toLocaleLowerCase();
  const teamOptions = (teams ?? []).filter(
    (team) =>
      !isChosen({ kind: 'team', id: team.id }) && team.name.toLocaleLowerCase().includes(needle),
  );
  const personOptions = found.people.filter(
    (person) => !isChosen({ kind: 'person', id: person.id }),
  );

  function select(value: string, selectedValues: string[]) {
    // Status lines in the list ("Searching…") are not choices, nor is adding someone
    // unavailable; removing them always is.
    const choice = choiceOf(value);
    const isAdding = !chosenValues.includes(value);
    if (!choice || (isAdding && choice.kind === 'person' && unavailable[choice.id])) return;
    const picked = found.people.find(
      (person) => valueOf({ kind: 'person', id: person.id }) === value,
    );
    if (picked) setPickedPeople((current) => new Map(current).set(picked.id, picked));
    onChange(selectedValues.map(choiceOf).filter((choice): choice is Contributor => !!choice));
    setQuery('');
  }

  const people = (
    <PeopleOptions
      people={personOptions}
      search={search}
      isSearching={found.isSearching}
      hasFailed={Boolean(found.error)}
      unavailable={unavailable}
    />
  );
  return (
    <Field
      label={label}
      hint={hint}
      validationMessage={validationMessage}
      validationState={validationMessage ? 'error' : 'none'}
    >
      <TagPicker
        selectedOptions={chosenValues}
        onOptionSelect={(_event, data) => select(data.value, data.selectedOptions)}
      >
        <TagPickerControl>
          <TagPickerGroup aria-label={`Chosen ${label.toLocaleLowerCase()}`}>
            {chosen.map((choice) =>
              choice.kind === 'person' ? (
                <PersonTag
                  key={valueOf(choice)}
                  personId={choice.id}
                  picked={pickedPeople.get(choice.id)}
                />
              ) : (
                <TeamTag
                  key={valueOf(choice)}
                  teamId={choice.id}
                  team={teams ? (teams.find((team) => team.id === choice.id) ?? null) : undefined}
                />
              ),
            )}
          </TagPickerGroup>
          <TagPickerInput
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            placeholder={offersTeams ? 'Type a name or a team' : 'Type a name'}
          />
        </TagPickerControl>
        <TagPickerList>
          {offersTeams ? (
            <>
              <TagPickerOptionGroup label="Teams">
                {!teams ? (
                  <StatusOption value="status:loading-teams" text="Loading teams…" />
                ) : teamOptions.length > 0 ? (
                  teamOptions.map((team) => (
                    <TagPickerOption
                      key={team.id}
                      value={valueOf({ kind: 'team', id: team.id })}
                      text={team.name}
                      media={<PeopleTeamRegular aria-hidden />}
                    >
                      {team.name}
                    </TagPickerOption>
                  ))
                ) : (
                  <StatusOption
                    value="status:no-team"
                    text={needle ? `No team matches “${query.trim()}”` : 'No other teams to choose'}
                  />
                )}
              </TagPickerOptionGroup>
              <TagPickerOptionGroup label="People">{people}</TagPickerOptionGroup>
            </>
          ) : (
            people
          )}
        </TagPickerList>
      </TagPicker>
    </Field>
  );
}

type PeopleOptionsProps = {
  people: Person[];
  search: string | null;
  isSearching: boolean;
  hasFailed: boolean;
  unavailable: Unavailable;
};

function PeopleOptions({
  people,
  search,
  isSearching,
  hasFailed,
  unavailable,
}: PeopleOptionsProps) {
  const styles = useStyles();
  if (search === null)
    return <StatusOption value="status:type" text="Type a name to find someone" />;
  if (isSearching) return <StatusOption value="status:searching" text="Searching…" />;
  if (hasFailed)
    return (
      <StatusOption
        value="status:failed"
        text="Could not search the directory; type again to retry"
      />
    );
  if (people.length === 0)
    return <StatusOption value="status:none" text={`No one matches “${search}”`} />;
  return (
    <>
      {people.map((person) => {
        const reason = unavailable[person.id];
        const text = `${person.displayName}${person.jobTitle ? `, ${person.jobTitle}` : ''}`;
        return (
          <TagPickerOption
            key={person.id}
            value={valueOf({ kind: 'person', id: person.id })}
            text={person.displayName}
            aria-disabled={reason ? true : undefined}
            className={reason ? styles.unavailable : undefined}
          >
            {reason ? `${text} (${reason})` : text}
          </TagPickerOption>
        );
      })}
    </>
  );
}

/** A line in the list that says what is going on; it cannot be chosen. */
function StatusOption({ value, text }: { value: string; text: string }): ReactElement {
  const styles = useStyles();
  return (
    <TagPickerOption value={value} text={text} aria-disabled className={styles.unavailable}>
      {text}
    </TagPickerOption>
  );
}

// A person's tag and a team's carry different icons, so they read apart at a glance.
function PersonTag({ personId, picked }: { personId: string; picked: Person | undefined }) {
  // Asks the directory only for people chosen before this dialog opened.
  const known = usePerson(picked ? null : personId);
  const name =
    picked?.displayName ??
    known?.displayName ??
    (known === undefined ? 'Loading…' : 'Someone outside your view');
  return (
    <Tag
      value={valueOf({ kind: 'person', id: personId })}
      icon={<PersonRegular aria-hidden />}
      dismissIcon={{ 'aria-label': 'remove' }}
    >
      {name}
    </Tag>
  );
}

/** `team` is undefined while the teams load, null when it is not among them. */
function TeamTag({ teamId, team }: { teamId: string; team: Team | null | undefined }) {
  return (
    <Tag
      value={valueOf({ kind: 'team', id: teamId })}
      icon={<PeopleTeamRegular aria-hidden />}
      dismissIcon={{ 'aria-label': 'remove' }}
    >
      {team === undefined ? 'Loading…' : (team?.name ?? 'A team outside your view')}
    </Tag>
  );
}
