/**
 * Finding colleagues by name for the pickers: the server's people directory, asked once
 * typing pauses, so a fast typist sends one search and an answer to an older search is
 * dropped (the directory can be far larger than any list a page could hold).
 */
import type { Person } from '@throughline/contracts';
import { debounce, useApi, useResource } from '@throughline/ui';

export type PeopleSearch = {
  /** The people matching the search; empty while nothing has been typed. */
  people: Person[];
  isSearching: boolean;
  error: Error | undefined;
};

const pauseMs = 250;
const resultLimit = 10;

/** The people whose name matches `search`; nobody is looked up while it is null. */
export function usePeopleSearch(search: string | null): PeopleSearch {
  const api = useApi();
  const results = useResource(
    (signal) =>
      search === null
        ? Promise.resolve({ items: [] as Person[], nextCursor: null })
        : debounce(pauseMs, signal).then(() => api.people.list({ search, limit: resultLimit })),
    [api, search],
  );
  return {
    people: results.data?.items ?? [],
    isSearching: search !== null && results.isLoading,
    error: results.error,
  };
}
