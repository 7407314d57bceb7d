/** Whose timelines an OKR event appears on: the people and teams it names, each once. */

export function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

/** The teams given, without the missing ones, each once. */
export function teamIds(...ids: (string | null | undefined)[]): string[] {
  return unique(ids.filter((id): id is string => !!id));
}
