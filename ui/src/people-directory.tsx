/**
 * Names and titles for the person ids the API returns (owners, authors, actors). Lists
 * show many avatars for a few people, so each person is fetched once per page load and
 * shared; the first load takes one page of the directory, which covers small teams in a
 * single request, and anyone not on it is fetched by id.
 */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ApiClient, Person } from '@throughline/contracts';
import { useApi } from './throughline-context';

/**
 * Actors of the narrative that are not people: the server's background jobs (the Excel
 * source job, prep cards) and Microsoft 365 reporting a change. They are named, never
 * looked up in the directory (where they would only be a 404).
 */
export const SERVICE_ACTORS: Readonly<Record<string, string>> = {
  system: 'Throughline',
  'microsoft-365': 'Microsoft 365',
};

export interface PeopleDirectory {
  get(id: string): Promise<Person | null>;
  peek(id: string): Person | null | undefined;
}

export function createPeopleDirectory(api: ApiClient): PeopleDirectory {
  const known = new Map<string, Person | null>();
  const pending = new Map<string, Promise<Person | null>>();
  let firstPage: Promise<void> | undefined;

  function loadFirstPage(): Promise<void> {
    firstPage ??= api.people.list({ limit: 100 }).then(
      (page) => {
        for (const person of page.items) known.set(person.id, person);
      },
      () => undefined,
    );
    return firstPage;
  }

  return {
    peek: (id) => known.get(id),
    get(id) {
      if (known.has(id)) return Promise.resolve(known.get(id) ?? null);
      let promise = pending.get(id);
      if (!promise) {
        promise = loadFirstPage().then(async () => {
          if (known.has(id)) return known.get(id) ?? null;
          const person = await api.people.get(id).catch(() => null);
          known.set(id, person);
          return person;
        });
        pending.set(id, promise);
      }
      return promise;
    },
  };
}

const DirectoryContext = createContext<PeopleDirectory | null>(null);

export type PeopleDirectoryProviderProps = { children: ReactNode; directory?: PeopleDirectory };

export function PeopleDirectoryProvider({ children, directory }: PeopleDirectoryProviderProps) {
  const api = useApi();
  const value = useMemo(() => directory ?? createPeopleDirectory(api), [api, directory]);
  return <DirectoryContext.Provider value={value}>{children}</DirectoryContext.Provider>;
}

/** The person with this id: undefined while loading, null when nobody by that id is visible. */
export function usePerson(id: string | null | undefined): Person | null | undefined {
  const directory = useContext(DirectoryContext);
  // The answer is kept with the id it is for: when the id changes, the previous person (or
  // "nobody") is not this one's, and until the directory answers the person is loading.
  const [found, setFound] = useState<{ id: string; person: Person | null } | null>(null);
  const isLookedUp = Boolean(id && directory && !Object.hasOwn(SERVICE_ACTORS, id));
  useEffect(() => {
    if (!id || !directory || !isLookedUp || directory.peek(id) !== undefined) return;
    let isCurrent = true;
    void directory.get(id).then((person) => isCurrent && setFound({ id, person }));
    return () => {
      isCurrent = false;
    };
  }, [id, directory, isLookedUp]);
  if (!id || !directory || !isLookedUp) return null;
  const cached = directory.peek(id);
  if (cached !== undefined) return cached;
  return found?.id === id ? found.person : undefined;
}
