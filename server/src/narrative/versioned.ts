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
 *
 * Every edit of a versioned record, whatever keeps its history, runs through
 * `editVersioned`, so the order of its checks is the same everywhere.
 */
import type { Context } from '../platform/context';
import {
  isDuplicateKey,
  problemsOf,
  type RecordKind,
  type TenantStore,
} from '../platform/db/documents';
import { AppError } from '../platform/http/errors';
import { NarrativeStore, type StoredEvent } from './store';

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

/** The tenant's narrative, where the caller's changes are committed. */
export const narrativeOf = (ctx: Pick<Context, 'db' | 'principal'>) =>
  new NarrativeStore(ctx.db, ctx.principal.tenantId);

/** The narrative event of a change the caller makes now; the caller is always among its people. */
export function event(
  ctx: Context,
  type: string,
  kind: string,
  fields: {
    summary: string;
    payload: Record<string, unknown>;
    objectiveId?: string | null;
    keyResultId?: string | null;
    personIds?: string[];
    teamIds?: string[];
  },
): EventInput {
  return {
    type,
    subject: { kind },
    actorId: ctx.principal.userId,
    at: ctx.now.toISOString(),
    objectiveId: fields.objectiveId ?? null,
    keyResultId: fields.keyResultId ?? null,
    personIds: [...new Set([ctx.principal.userId, ...(fields.personIds ?? [])])],
    teamIds: fields.teamIds ?? [],
    summary: fields.summary,
    payload: fields.payload,
  };
}

/** Refuses an edit based on another version than the stored one, and shows the caller what is stored. */
export function requireVersion(entity: { version: number }, version: number, what = 'this') {
  if (entity.version !== version) {
    throw new AppError(
      'version_conflict',
      `Someone changed ${what} in the meantime. Reload to see their change, then try again.`,
      { current: entity },
    );
  }
}

/** The fields an edit request sets: those it gives a value, without the version it was based on. */
export function requestedChanges<R extends { version: number }>(
  request: R,
): Partial<Omit<R, 'version'>> {
  const { version: _version, ...changes } = request;
  return Object.fromEntries(
    Object.entries(changes).filter(([, value]) => value !== undefined),
  ) as Partial<Omit<R, 'version'>>;
}

export type FieldChanges = Record<string, { from: unknown; to: unknown }>;

/** What an edit reads first: the record as it stands (`before`) and whatever its checks need beside it. */
export interface Loaded {
  before: { version: number };
}

/**
 * One edit of a versioned record, declared step by step; `editVersioned` runs the steps
 * in this order, the same for every record.
 */
export interface VersionedEdit<L extends Loaded, Checked> {
  /** Reads the record brought up to date; a record that is not there (or not for this caller) throws its own not-found. */
  load(): Promise<L>;
  /** Throws `forbidden` when the caller may not make this edit. */
  authorise?(loaded: L): void;
  /** Throws when the record's state refuses any edit (its cycle is closed); what it returns goes to `change`. */
  guard?(loaded: L): Checked | Promise<Checked>;
  /** The version the caller's edit is based on. */
  version: number;
  /** What a version conflict calls the record ("Someone changed the settings…"); `this` unless said. */
  what?: string;
  /** The record as the edit leaves it, after checking what the request refers to; the pipeline counts the version. */
  change(loaded: L, checked: Checked): L['before'] | Promise<L['before']>;
  /** The fields the edit may change: when given and none of them differs, nothing is recorded. */
  fields?: (keyof L['before'])[];
  /** Records the new version (with its narrative event); a second writer of the same version must get `version_conflict`. */
  commit(after: L['before'], changes: FieldChanges, loaded: L): Promise<unknown>;
}

export interface EditOutcome<L extends Loaded, Checked> {
  loaded: L;
  /** What `guard` answered. */
  checked: Checked;
  /** The record as it now stands: the new version, or `loaded.before` when nothing changed. */
  after: L['before'];
  changes: FieldChanges;
  isChanged: boolean;
}

/**
 * Load, authorise, guard, check the version, change, diff, commit. Permission and state
 * come before the version, so a caller who may not edit learns nothing from a conflict.
 */
export async function editVersioned<L extends Loaded, Checked = void>(
  edit: VersionedEdit<L, Checked>,
): Promise<EditOutcome<L, Checked>> {
  const loaded = await edit.load();
  const { before } = loaded;
  edit.authorise?.(loaded);
  const checked = (await edit.guard?.(loaded)) as Checked;
  requireVersion(before, edit.version, edit.what);
  const after: L['before'] = {
    ...(await edit.change(loaded, checked)),
    version: before.version + 1,
  };
  const changes = edit.fields ? diffFields<L['before']>(before, after, edit.fields) : {};
  if (edit.fields && Object.keys(changes).length === 0)
    return { loaded, checked, after: before, changes, isChanged: false };
  await edit.commit(after, changes, loaded);
  return { loaded, checked, after, changes, isChanged: true };
}
