import { Combobox, Field, Option } from '@fluentui/react-components';
import type { Person } from '@throughline/contracts';
import { useApi, usePerson, useResource } from '@throughline/ui';
import { useState } from 'react';

export type PersonPickerProps = {
  label: string;
  personId: string;
  onChange: (personId: string) => void;
  validationMessage?: string;
};

/** Finds a colleague by name through the people directory (the server's search, not a local list). */
export function PersonPicker({ label, personId, onChange, validationMessage }: PersonPickerProps) {
  const api = useApi();
  const chosen = usePerson(personId);
  const [search, setSearch] = useState<string | null>(null);
  // Controlled, so the list closes when a person is picked: the results re-render under it.
  const [isOpen, setIsOpen] = useState(false);
  const results = useResource(
    (signal) =>
      search === null
        ? Promise.resolve({ items: [] as Person[], nextCursor: null })
        : debounce(250, signal).then(() => api.people.list({ search, limit: 10 })),
    [api, search],
  );
  return (
    <Field
      label={label}
      validationMessage={validationMessage}
      validationState={validationMessage ? 'error' : 'none'}
    >
      <Combobox
        value={search ?? chosen?.displayName ?? ''}
        selectedOptions={[personId]}
        open={isOpen}
        onOpenChange={(_event, data) => setIsOpen(data.open)}
        onChange={(event) => {
          setSearch(event.target.value);
          setIsOpen(true);
        }}
        onOptionSelect={(_event, data) => {
          // The combobox also reports a cleared selection as soon as the text stops matching
          // the chosen person; only a person actually picked ends the search.
          if (!data.optionValue) return;
          onChange(data.optionValue);
          setSearch(null);
          setIsOpen(false);
        }}
        placeholder="Type a name"
      >
        {chosen && search === null && <Option value={chosen.id}>{chosen.displayName}</Option>}
        {(results.data?.items ?? []).map((person) => (
          <Option key={person.id} value={person.id} text={person.displayName}>
            {`${person.displayName}${person.jobTitle ? `, ${person.jobTitle}` : ''}`}
          </Option>
        ))}
      </Combobox>
    </Field>
  );
}

function debounce(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('superseded', 'AbortError'));
    });
  });
}
