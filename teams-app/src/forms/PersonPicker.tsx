import { Combobox, Field, Option } from '@fluentui/react-components';
import { usePerson } from '@throughline/ui';
import { useState } from 'react';
import { usePeopleSearch } from './use-people-search';

export type PersonPickerProps = {
  label: string;
  personId: string;
  /** `''` when nobody is chosen (only with `noneLabel`). */
  onChange: (personId: string) => void;
  validationMessage?: string;
  /** Offers choosing nobody ("No lead"), for a role that may stay empty. */
  noneLabel?: string;
};

const NOBODY = '__nobody__';

/** Finds a colleague by name through the people directory (the server's search, not a local list). */
export function PersonPicker({
  label,
  personId,
  onChange,
  validationMessage,
  noneLabel,
}: PersonPickerProps) {
  const chosen = usePerson(personId);
  const [search, setSearch] = useState<string | null>(null);
  // Controlled, so the list closes when a person is picked: the results re-render under it.
  const [isOpen, setIsOpen] = useState(false);
  const { people } = usePeopleSearch(search);
  return (
    <Field
      label={label}
      validationMessage={validationMessage}
      validationState={validationMessage ? 'error' : 'none'}
    >
      <Combobox
        value={search ?? chosen?.displayName ?? ''}
        selectedOptions={[personId || NOBODY]}
        open={isOpen}
        onOpenChange={(_event, data) => setIsOpen(data.open)}
        onChange={(event) => {
          // Typing straight after the name shown starts a new search with what was typed,
          // as people expect when they click into the field and type another name.
          const typed = event.target.value;
          const shown = chosen?.displayName;
          setSearch(
            search === null && shown && typed.startsWith(shown) && typed.length > shown.length
              ? typed.slice(shown.length)
              : typed,
          );
          setIsOpen(true);
        }}
        onOptionSelect={(_event, data) => {
          // The combobox also reports a cleared selection as soon as the text stops matching
          // the chosen person; only a person actually picked ends the search.
          if (!data.optionValue) return;
          onChange(data.optionValue === NOBODY ? '' : data.optionValue);
          setSearch(null);
          setIsOpen(false);
        }}
        placeholder="Type a name"
      >
        {noneLabel && search === null && (
          <Option value={NOBODY} text="">
            {noneLabel}
          </Option>
        )}
        {chosen && search === null && <Option value={chosen.id}>{chosen.displayName}</Option>}
        {people.map((person) => (
          <Option key={person.id} value={person.id} text={person.displayName}>
            {`${person.displayName}${person.jobTitle ? `, ${person.jobTitle}` : ''}`}
          </Option>
        ))}
      </Combobox>
    </Field>
  );
}
