/**
 * Writing a versioned entity without transactions: first the narrative event for version
 * N+1 (which carries the entity's new state), then the entity document. If the process
 * dies between the two, the event is ahead of its entity; `repair` re-applies events
 * the entity has not seen yet, on every single-entity read and before reporting a
 * conflict. Nothing is lost and nothing is applied twice (the entity's version says
 * which events it already has).
 */
import type { TenantStore } from '../platform/db/documents';
import type { NarrativeStore, StoredEvent } from './store';

export interface Versioned {
  id: string;
  version: number;
}

export type EventInput = Omit<StoredEvent, 'id' | 'seq' | 'state' | 'subject'> & {
  subject: { kind: string };
};

export interface SideEffects {
  /** Re-runs the writes that follow the event (child documents, caches); must be idempotent. */
  apply(event: StoredEvent): Promise<void>;
}

export async function commitChange<T extends Versioned>(
  narrative: NarrativeStore,
  store: TenantStore<T>,
  after: T,
  event: EventInput,
  sideEffects?: SideEffects,
): Promise<StoredEvent> {
  const stored = await narrative.append({
    ...event,
    subject: { kind: event.subject.kind, id: after.id },
    seq: after.version,
    state: after,
  });
  await sideEffects?.apply(stored);
  await store.replaceIfNewer(after);
  return stored;
}

export async function repair<T extends Versioned>(
  narrative: NarrativeStore,
  store: TenantStore<T>,
  entity: T | null,
  sideEffects?: SideEffects,
): Promise<T | null> {
  if (!entity) return entity;
  let current = entity;
  for (;;) {
    const next = await narrative.get<T>(current.id, current.version + 1);
    if (!next?.state) return current;
    await sideEffects?.apply(next);
    current = next.state;
    await store.replaceIfNewer(current);
  }
}

/** The fields whose values differ, as `{ field: { from, to } }`, for "edited" events. */
export function diffFields<T extends object>(
  before: T,
  after: T,
  fields: (keyof T)[],
): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const field of fields) {
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field]))
      changes[String(field)] = { from: before[field], to: after[field] };
  }
  return changes;
}

/** Reads an entity, bringing it up to its latest event (or rebuilding it from its creation event). */
export async function loadVersioned<T extends Versioned>(
  narrative: NarrativeStore,
  store: TenantStore<T>,
  id: string,
  sideEffects?: SideEffects,
): Promise<T | null> {
  const entity = await store.findById(id);
  if (entity) return repair(narrative, store, entity, sideEffects);
  const created = await narrative.get<T>(id, 1);
  if (!created?.state) return null;
  await sideEffects?.apply(created);
  await store.replaceIfNewer(created.state);
  return repair(narrative, store, created.state, sideEffects);
}
