/**
 * The evidence targets someone used last, newest first, kept in localStorage on this
 * device: people attach a run of emails to the same few key results, so those go on top.
 * Only ids are stored — titles come from the server each time.
 */
const storageKey = 'throughline.recentEvidenceTargets';
const MAX_RECENT = 5;

export function readRecentTargets(
  storage: Storage | undefined = globalThis.localStorage,
): string[] {
  try {
    const stored = JSON.parse(storage?.getItem(storageKey) ?? '[]') as unknown;
    return Array.isArray(stored)
      ? stored.filter((key): key is string => typeof key === 'string').slice(0, MAX_RECENT)
      : [];
  } catch {
    return [];
  }
}

/** Puts the target first and returns the new list; storage that refuses writes is ignored. */
export function rememberRecentTarget(
  key: string,
  storage: Storage | undefined = globalThis.localStorage,
): string[] {
  const next = [key, ...readRecentTargets(storage).filter((existing) => existing !== key)].slice(
    0,
    MAX_RECENT,
  );
  try {
    storage?.setItem(storageKey, JSON.stringify(next));
  } catch {
    // Private mode or a full quota: the list simply does not persist.
  }
  return next;
}
