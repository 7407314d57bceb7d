/**
 * The evidence targets someone used last, newest first, kept in localStorage on this
 * device: people attach a run of emails to the same few key results, so those go on top.
 * Only ids are stored — titles come from the server each time.
 */
const storageKey = 'throughline.recentEvidenceTargets';
const MAX_RECENT = 5;

/**
 * This device's localStorage, if the page may use it: a pane framed by Outlook on the web is
 * a third-party frame, and a browser that blocks third-party storage throws on the mere read
 * of `window.localStorage`.
 */
function deviceStorage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

export function readRecentTargets(storage: Storage | undefined = deviceStorage()): string[] {
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
  storage: Storage | undefined = deviceStorage(),
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
