/**
 * Writing a versioned entity without transactions: first the narrative event for version
 * N+1 (which carries the entity's new state), then the entity document. If the process
 * dies between the two, the event is ahead of its entity; `repair` re-applies events
 * the entity has not seen yet, on every single-entity read and before reporting a
 * conflict. Nothing is lost and nothing is applied twice (the entity's version says
 * which events it already has).
 *
 * A repair only ever rebuilds an entity of the store's own kind, from events of that kind
 * whose state parses as that kind: an id of another kind (a key result's id where an
 * objective's goes) finds nothing and writes nothing.
 */
import {
  isDuplicateKey,
  problemsOf,
  type RecordKind,
  type TenantStore,
} from '../platform/db/documents';
import { AppError } from '../platform/http/errors';
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
  const kind = kindOf(store);
  if (event.subject.kind !== kind.name)
    throw new Error(`a ${event.subject.kind} event cannot change a ${kind.name}`);
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
  const kind = kindOf(store);
  let current = entity;
  for (;;) {
    const next = await narrative.get<T>(kind.name, current.id, current.version + 1);
    const state = next && stateOf(kind, next, current.id, current.version + 1);
    if (!next || !state) return current;
    await sideEffects?.apply(next);
    current = state;
    await store.replaceIfNewer(current);
  }
}

function kindOf<T extends Versioned>(store: TenantStore<T>): RecordKind {
  if (!store.kind) throw new Error(`${store.collection.collectionName} has no kind to version`);
  return store.kind;
}

/** The entity state an event carries, if it is the expected version of this kind. */
function stateOf<T extends Versioned>(
  kind: RecordKind,
  event: StoredEvent<T>,
  id: string,
  version: number,
): T | null {
  const state = event.state;
  if (!state || state.id !== id || state.version !== version) return null;
  return problemsOf(kind.schema, state) ? null : state;
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
  const kind = kindOf(store);
  const entity = await store.findById(id, { ifDamaged: 'throw' });
  if (entity) return repair(narrative, store, entity, sideEffects);
  const created = await narrative.get<T>(kind.name, id, 1);
  const state = created && stateOf(kind, created, id, 1);
  if (!created || !state) return null;
  await sideEffects?.apply(created);
  await store.replaceIfNewer(state);
  return repair(narrative, store, state, sideEffects);
}

/**
 * Whether a versioned write lost a race: another writer got the next version first, or two
 * writers repairing the same record raced on its upsert (FerretDB reports that as a
 * duplicate key). The loser re-reads; it never overwrites.
 */
export function isVersionRace(error: unknown): boolean {
  return (error instanceof AppError && error.code === 'version_conflict') || isDuplicateKey(error);
}
