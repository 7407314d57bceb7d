/**
 * The OKR collections of a tenant: the only file of the OKR and check-in features that
 * knows how they are queried. Every read is a named query that returns plain objects.
 */
import type { Db } from 'mongodb';
import {
  CheckIn,
  Comment,
  Cycle,
  Deliverable,
  KeyResult,
  Learning,
  Objective,
  type Status,
} from '@throughline/contracts';
import type { SideEffects } from '../narrative/versioned';
import { MAX_CHECK_INS_SHOWN, personIdsOf, RECENT_CHECK_INS } from './key-result-record';
import type { Context } from '../platform/context';
import { registerBackfill, registerIndexes } from '../platform/db/database';
import { kindStore, type TenantStore, recordKind } from '../platform/db/documents';

export const CYCLES = 'cycles';
export const OBJECTIVES = 'objectives';
export const KEY_RESULTS = 'keyResults';
export const DELIVERABLES = 'deliverables';
export const CHECK_INS = 'checkIns';
export const COMMENTS = 'comments';
export const LEARNINGS = 'learnings';

registerIndexes(CYCLES, [{ key: { tenantId: 1, startsOn: -1 }, name: 'by_start' }]);
registerIndexes(OBJECTIVES, [
  { key: { tenantId: 1, cycleId: 1, ownerId: 1 }, name: 'by_cycle_owner' },
  { key: { tenantId: 1, cycleId: 1, teamId: 1 }, name: 'by_cycle_team' },
  { key: { tenantId: 1, parentObjectiveId: 1 }, name: 'by_parent_objective' },
  { key: { tenantId: 1, cycleId: 1, contributorIds: 1 }, name: 'by_cycle_contributor' },
]);
registerIndexes(KEY_RESULTS, [
  { key: { tenantId: 1, objectiveId: 1 }, name: 'by_objective' },
  { key: { tenantId: 1, cycleId: 1, ownerId: 1 }, name: 'by_cycle_owner' },
  { key: { tenantId: 1, cycleId: 1, personIds: 1 }, name: 'by_cycle_person' },
  { key: { tenantId: 1, cycleId: 1, teamId: 1 }, name: 'by_cycle_team' },
]);
registerIndexes(DELIVERABLES, [
  { key: { tenantId: 1, objectiveId: 1 }, name: 'by_objective' },
  { key: { tenantId: 1, cycleId: 1, teamId: 1 }, name: 'by_cycle_team' },
  { key: { tenantId: 1, cycleId: 1, ownerId: 1 }, name: 'by_cycle_owner' },
  { key: { tenantId: 1, 'dependsOn.id': 1 }, name: 'by_dependency' },
]);
registerIndexes(CHECK_INS, [
  { key: { tenantId: 1, keyResultId: 1, at: -1 }, name: 'by_key_result' },
]);
registerIndexes(COMMENTS, [{ key: { tenantId: 1, checkInId: 1, at: 1 }, name: 'by_check_in' }]);
registerIndexes(LEARNINGS, [{ key: { tenantId: 1, objectiveId: 1, at: 1 }, name: 'by_objective' }]);

// Objectives written before `parentObjectiveId` and `contributorIds` existed get them at start.
registerBackfill('objectives.parentObjectiveId', async (db) => {
  const objectives = db.collection(OBJECTIVES);
  const missing = await objectives
    .find(
      { contributorIds: { $exists: false } },
      { projection: { tenantId: 1, alignsTo: 1, contributors: 1 } },
    )
    .toArray();
  for (const doc of missing) {
    const parentObjectiveId = await new OkrStore(db, doc.tenantId as string).parentObjectiveOf(
      (doc.alignsTo ?? null) as Objective['alignsTo'],
    );
    const contributors = (doc.contributors ?? []) as Objective['contributors'];
    await objectives.updateOne(
      { _id: doc._id, tenantId: doc.tenantId, contributorIds: { $exists: false } },
      {
        $set: {
          parentObjectiveId,
          contributorIds: contributors.map((contributor) => contributor.id),
        },
      },
    );
  }
  return missing.length;
});

// Key results checked in before they kept their check-in summary get it at start. The
// version in the filter makes a check-in that lands meanwhile win: its key result stays
// without a summary (readers then read its check-ins) until the next start.
registerBackfill('keyResults.recentCheckIns', async (db) => {
  const keyResults = db.collection(KEY_RESULTS);
  const missing = await keyResults
    .find({ recentCheckIns: { $exists: false } }, { projection: { tenantId: 1, version: 1 } })
    .toArray();
  for (const doc of missing) {
    // Raw documents: `at` is a Date here, as stored, and is written back as one.
    const newestFirst = (
      await db
        .collection(CHECK_INS)
        .find(
          { tenantId: doc.tenantId, keyResultId: doc._id },
          { projection: { ...recentCheckInFields, _id: 0 }, limit: 10_000 },
        )
        .toArray()
    ).sort((a, b) => new Date(b.at).getTime() - new Date(a.at).getTime());
    const moved = newestFirst.find((checkIn) => checkIn.value !== checkIn.previousValue);
    await keyResults.updateOne(
      {
        _id: doc._id,
        tenantId: doc.tenantId,
        version: doc.version,
        recentCheckIns: { $exists: false },
      },
      {
        $set: {
          recentCheckIns: newestFirst.slice(0, RECENT_CHECK_INS),
          hasOlderCheckIns: newestFirst.length > RECENT_CHECK_INS,
          lastValueChangeAt: moved?.at ?? null,
        },
      },
    );
  }
  return missing.length;
});

// Key results written before they carried `personIds` get it at start, from their own
// owner, co-owners and updaters (a write that lands meanwhile sets it itself).
registerBackfill('keyResults.personIds', async (db) => {
  const keyResults = db.collection(KEY_RESULTS);
  const missing = await keyResults
    .find(
      { personIds: { $exists: false } },
      { projection: { tenantId: 1, version: 1, ownerId: 1, coOwnerIds: 1, updaterIds: 1 } },
    )
    .toArray();
  for (const doc of missing)
    await keyResults.updateOne(
      { _id: doc._id, tenantId: doc.tenantId, version: doc.version, personIds: { $exists: false } },
      {
        $set: {
          personIds: personIdsOf({
            ownerId: doc.ownerId as string,
            coOwnerIds: (doc.coOwnerIds ?? []) as string[],
            updaterIds: (doc.updaterIds ?? []) as string[],
          }),
        },
      },
    );
  return missing.length;
});

/**
 * Key results carry their objective's team so team views need no join, and the status
 * their owner last reported (the `status` the API shows is computed for today).
 * Documents written before 2026-12 may also carry `checkInSeqs`, which nothing reads.
 */
export type StoredKeyResult = KeyResult & {
  teamId: string | null;
  reportedStatus: KeyResult['status'] | null;
  checkInSeqs?: number[];
  /** Owner, co-owners and updaters (set on every write; the backfill fills older documents). */
  personIds?: string[];
} & CheckInSummary;

/**
 * A key result's latest check-ins and when its value last moved, kept on the key result by
 * every check-in (and by the backfill for those checked in before), so the risk rules and
 * the 1-on-1 prep cards read no check-ins. Absent on a document the backfill has not reached:
 * readers then read the check-ins.
 */
export interface CheckInSummary {
  recentCheckIns?: RecentCheckIn[];
  /** Whether check-ins older than `recentCheckIns` exist. */
  hasOlderCheckIns?: boolean;
  /** When a check-in last changed the value (null: none did), however long ago. */
  lastValueChangeAt?: string | null;
}

/** A check-in as its key result's summary keeps it: the facts, without the key result's id. */
export type RecentCheckIn = Omit<CheckInFacts, 'keyResultId'>;

/** The fields of a check-in its key result's summary keeps. */
export const recentCheckInFields = {
  value: 1,
  previousValue: 1,
  confidence: 1,
  previousConfidence: 1,
  status: 1,
  at: 1,
  progress: 1,
} as const;

/** What risk rules and status read of a check-in. */
export const checkInFactFields = { keyResultId: 1, ...recentCheckInFields } as const;

/**
 * Objectives carry, beside what the API shows, two fields for reads: the objective they
 * roll up into (`alignsTo` resolved through a key result to its objective) and the ids of
 * their contributors. Both are top-level scalars or arrays of them, so "the objectives under
 * this one" and "the objectives shared with me" are equality reads every MongoDB-compatible
 * server serves from an index (FerretDB pushes down neither `$in` nor dotted paths).
 */
export type StoredObjective = Objective & {
  parentObjectiveId?: string | null;
  contributorIds?: string[];
};

/** The stored form of an objective whose parent objective is known (null when it aligns to nothing). */
export function storedObjective(
  objective: Objective,
  parentObjectiveId: string | null,
): StoredObjective {
  return {
    ...objective,
    parentObjectiveId: objective.alignsTo ? parentObjectiveId : null,
    contributorIds: objective.contributors.map((contributor) => contributor.id),
  };
}

/** An objective as the API shows it, without the fields only reads need. */
export function publicObjective<O extends StoredObjective>(
  objective: O,
): Omit<O, 'parentObjectiveId' | 'contributorIds'> {
  const { parentObjectiveId: _parent, contributorIds: _contributors, ...rest } = objective;
  return rest;
}

export const cycleKind = recordKind({
  name: 'cycle',
  collection: CYCLES,
  schema: Cycle,
  isVersioned: true,
});
export const objectiveKind = recordKind({
  name: 'objective',
  collection: OBJECTIVES,
  schema: Objective,
  isVersioned: true,
  replay: (db, tenantId) => objectiveReplay(new OkrStore(db, tenantId)),
});
export const keyResultKind = recordKind({
  name: 'keyResult',
  collection: KEY_RESULTS,
  schema: KeyResult,
  isVersioned: true,
  replay: (db, tenantId) => checkInReplay(kindStore<CheckIn>(db, checkInKind, tenantId)),
});
export const deliverableKind = recordKind({
  name: 'deliverable',
  collection: DELIVERABLES,
  schema: Deliverable,
  isVersioned: true,
});
/** Check-ins are written from their key result's events, not versioned on their own. */
export const checkInKind = recordKind({
  name: 'checkIn',
  collection: CHECK_INS,
  schema: CheckIn,
  isVersioned: false,
});
export const commentKind = recordKind({
  name: 'comment',
  collection: COMMENTS,
  schema: Comment,
  isVersioned: true,
});

export const learningKind = recordKind({
  name: 'learning',
  collection: LEARNINGS,
  schema: Learning,
  isVersioned: true,
});

export const okrStores = (db: Db, tenantId: string) => ({
  cycles: kindStore<Cycle>(db, cycleKind, tenantId),
  objectives: kindStore<StoredObjective>(db, objectiveKind, tenantId),
  keyResults: kindStore<StoredKeyResult>(db, keyResultKind, tenantId),
  deliverables: kindStore<Deliverable>(db, deliverableKind, tenantId),
  checkIns: kindStore<CheckIn>(db, checkInKind, tenantId),
  comments: kindStore<StoredComment>(db, commentKind, tenantId),
  learnings: kindStore<StoredLearning>(db, learningKind, tenantId),
});
export type OkrStores = ReturnType<typeof okrStores>;

/** Comments are versioned (a creation event each), so the stored document carries its version. */
export type StoredComment = Comment & { version: number };
/** Learnings are versioned like comments: a creation event each. */
export type StoredLearning = Learning & { version: number };
export function publicLearning({ version: _version, ...learning }: StoredLearning): Learning {
  return learning;
}

/** Re-applies the check-in a key result's event carries (idempotent: the check-in's id is fixed). */
export function checkInReplay(checkIns: TenantStore<CheckIn>): SideEffects {
  return {
    async apply(stored) {
      const checkIn = stored.payload.checkIn as CheckIn | undefined;
      if (checkIn) await checkIns.insertOnce(checkIn);
    },
  };
}

/**
 * Carries an objective's team to its key results when the event moved it to another team
 * (idempotent: it sets what the event's state says).
 */
export function objectiveReplay(store: Pick<OkrStore, 'moveKeyResultsToTeam'>): SideEffects {
  return {
    async apply(stored) {
      const changes = stored.payload.changes as Record<string, unknown> | undefined;
      const state = stored.state as Partial<Objective> | undefined;
      if (changes && 'teamId' in changes && state?.id)
        await store.moveKeyResultsToTeam(state.id, state.teamId ?? null);
    },
  };
}

/** What a key result's status today is computed from, for lists that need only that. */
export type CheckInFacts = Pick<
  CheckIn,
  | 'keyResultId'
  | 'value'
  | 'previousValue'
  | 'confidence'
  | 'previousConfidence'
  | 'status'
  | 'at'
  | 'progress'
>;

export type KeyResultTitle = Pick<StoredKeyResult, 'id' | 'title' | 'metric' | 'objectiveId'>;

export type KeyResultStatusFacts = Pick<
  StoredKeyResult,
  'id' | 'objectiveId' | 'metric' | 'reportedStatus'
>;
/** A key result as the alignment tree shows it. */
export type KeyResultNode = Pick<
  StoredKeyResult,
  'id' | 'title' | 'ownerId' | 'objectiveId' | 'metric' | 'reportedStatus' | 'score'
>;
const keyResultNodeFields = {
  _id: 1,
  title: 1,
  score: 1,
  ownerId: 1,
  objectiveId: 1,
  metric: 1,
  reportedStatus: 1,
};

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const idsOf = (items: { id: string }[]) => items.map((item) => item.id);

/**
 * One tenant's cycles, objectives, key results, deliverables, check-ins and comments. The
 * collections themselves are open for what goes by id — loading and committing versioned
 * records through the narrative, `findById` — and everything else is a query named here.
 */
export class OkrStore {
  readonly cycles: TenantStore<Cycle>;
  readonly objectives: TenantStore<StoredObjective>;
  readonly keyResults: TenantStore<StoredKeyResult>;
  readonly deliverables: TenantStore<Deliverable>;
  readonly checkIns: TenantStore<CheckIn>;
  readonly comments: TenantStore<StoredComment>;
  readonly learnings: TenantStore<StoredLearning>;

  constructor(db: Db, tenantId: string) {
    const stores = okrStores(db, tenantId);
    this.cycles = stores.cycles;
    this.objectives = stores.objectives;
    this.keyResults = stores.keyResults;
    this.deliverables = stores.deliverables;
    this.checkIns = stores.checkIns;
    this.comments = stores.comments;
    this.learnings = stores.learnings;
  }

  /** Writes a key result's check-in again from its event, when a repair replays it. */
  get checkInSideEffects(): SideEffects {
    return checkInReplay(this.checkIns);
  }

  // ---- Cycles ----

  cyclesNewestFirst(limit = 200): Promise<Cycle[]> {
    return this.cycles.find({}, { sort: { startsOn: -1 }, limit });
  }

  // ---- Objectives ----

  async objectiveIdsInCycle(cycleId: string): Promise<string[]> {
    return idsOf(
      await this.objectives.find({ cycleId }, { projection: { _id: 1 }, limit: 100_000 }),
    );
  }

  /** A page of objectives in id order, after `afterId`, narrowed by what is given. */
  objectivesPage(query: {
    cycleId?: string;
    ownerId?: string;
    teamId?: string;
    level?: Objective['level'];
    titleContains?: string;
    afterId?: string | null;
    limit: number;
  }): Promise<Objective[]> {
    const filter: Record<string, unknown> = {};
    if (query.cycleId) filter.cycleId = query.cycleId;
    if (query.ownerId) filter.ownerId = query.ownerId;
    if (query.teamId) filter.teamId = query.teamId;
    if (query.level) filter.level = query.level;
    if (query.titleContains)
      filter.title = { $regex: escapeRegex(query.titleContains), $options: 'i' };
    if (query.afterId) filter._id = { $gt: query.afterId };
    return this.objectives.find(filter, { sort: { _id: 1 }, limit: query.limit });
  }

  activeObjectivesOwnedBy(ownerId: string, cycleId: string): Promise<StoredObjective[]> {
    return this.objectives.find(
      { cycleId, ownerId, state: 'active' },
      { sort: { _id: 1 }, limit: 200 },
    );
  }

  /** Active objectives that name one of these people or teams among their contributors: one read (`findAmong`). */
  async activeObjectivesSharedWith(
    contributorIds: string[],
    cycleId: string,
  ): Promise<StoredObjective[]> {
    return (
      await this.objectives.findAmong(
        'contributorIds',
        contributorIds,
        { cycleId, state: 'active' },
        { limit: 200 },
      )
    ).slice(0, 200);
  }

  /** Every objective of a cycle, whatever its state. */
  objectivesInCycle(cycleId: string): Promise<StoredObjective[]> {
    return this.objectives.find({ cycleId }, { limit: 50_000 });
  }

  activeObjectivesInCycle(cycleId: string): Promise<StoredObjective[]> {
    return this.objectives.find({ cycleId, state: 'active' }, { limit: 50_000 });
  }

  /** The objectives of these teams in a cycle: one read (`findAmong`). */
  objectivesOfTeams(cycleId: string, teamIds: string[]): Promise<StoredObjective[]> {
    return this.objectives.findAmong('teamId', teamIds, { cycleId }, { limit: 5_000 });
  }

  /** Objectives aligned to these objectives or to their key results, whatever their state: one read (`findAmong`). */
  objectivesUnder(parentObjectiveIds: string[]): Promise<StoredObjective[]> {
    return this.objectives.findAmong('parentObjectiveId', parentObjectiveIds, {}, { limit: 5_000 });
  }

  /** Active objectives aligned to an objective or one of its key results: what rolls up into it. */
  activeObjectivesUnder(parentObjectiveId: string): Promise<StoredObjective[]> {
    return this.objectives.find({ parentObjectiveId, state: 'active' }, { limit: 200 });
  }

  /** The objective an alignment rolls up into: the objective itself, or the key result's objective. */
  async parentObjectiveOf(target: Objective['alignsTo']): Promise<string | null> {
    if (!target) return null;
    if (target.kind === 'objective') return target.id;
    return (await this.keyResults.findById(target.id))?.objectiveId ?? null;
  }

  /** Caches an objective's progress and status (derived from its key results, not versioned). */
  async cacheObjectiveProgress(
    objectiveId: string,
    cached: { progress: number; status: Status },
  ): Promise<void> {
    await this.objectives.update(objectiveId, {
      $set: { progress: cached.progress, status: cached.status },
    });
  }

  // ---- Key results ----

  async keyResultIdsInCycle(cycleId: string): Promise<string[]> {
    return idsOf(
      await this.keyResults.find({ cycleId }, { projection: { _id: 1 }, limit: 100_000 }),
    );
  }

  /** An objective's key results in the order they were added. */
  keyResultsOf(objectiveId: string): Promise<StoredKeyResult[]> {
    return this.keyResults.find({ objectiveId }, { sort: { createdAt: 1 }, limit: 100 });
  }

  keyResultStatusFactsOf(objectiveIds: string[]): Promise<KeyResultStatusFacts[]> {
    return this.keyResults.findAmong(
      'objectiveId',
      objectiveIds,
      {},
      { projection: { objectiveId: 1, metric: 1, reportedStatus: 1 }, limit: 100 },
    );
  }

  /**
   * The key results a person owns, co-owns or updates in a cycle: one equality on
   * `personIds`, not an `$or` of three fields, which FerretDB filters in Go over every key
   * result of the cycle (docs/database.md).
   */
  keyResultsOfPerson(personId: string, cycleId: string): Promise<StoredKeyResult[]> {
    return this.keyResults.find({ cycleId, personIds: personId }, { limit: 500 });
  }

  keyResultNodesInCycle(cycleId: string): Promise<KeyResultNode[]> {
    return this.keyResults.find({ cycleId }, { limit: 200_000, projection: keyResultNodeFields });
  }

  /** The key results of these teams' objectives in a cycle: one read (`findAmong`). */
  keyResultsOfTeams(cycleId: string, teamIds: string[]): Promise<StoredKeyResult[]> {
    return this.keyResults.findAmong('teamId', teamIds, { cycleId }, { limit: 20_000 });
  }

  /** The key results of these objectives as tree nodes: one read (`findAmong`). */
  keyResultNodesOf(objectiveIds: string[]): Promise<KeyResultNode[]> {
    return this.keyResults.findAmong(
      'objectiveId',
      objectiveIds,
      {},
      { sort: { createdAt: 1 }, limit: 100, projection: keyResultNodeFields },
    );
  }

  /** The key results of these objectives: one read (`findAmong`). */
  objectivesByIds(ids: string[]): Promise<StoredObjective[]> {
    return this.objectives.findAmong('_id', ids);
  }

  keyResultsOfObjectives(objectiveIds: string[]): Promise<StoredKeyResult[]> {
    return this.keyResults.findAmong('objectiveId', objectiveIds, {}, { limit: 100 });
  }

  /** Key results carry their objective's team: it follows the objective when that moves. */
  async moveKeyResultsToTeam(objectiveId: string, teamId: string | null): Promise<void> {
    await this.keyResults.updateMany({ objectiveId }, { $set: { teamId } });
  }

  /** Re-runs what follows an objective's event when a repair replays it: its team, on its key results. */
  get objectiveSideEffects(): SideEffects {
    return objectiveReplay(this);
  }

  // ---- Check-ins and comments ----

  /**
   * The newest check-ins of a key result, in one read: the equality on `keyResultId` is
   * pushed down to its index by MongoDB and FerretDB's PostgreSQL handler, so this costs one
   * round trip where reading each check-in by `_id` cost one per check-in.
   */
  newestCheckInsOf(keyResult: Pick<StoredKeyResult, 'id'>): Promise<CheckIn[]> {
    return this.checkIns.find(
      { keyResultId: keyResult.id },
      { sort: { at: -1 }, limit: MAX_CHECK_INS_SHOWN },
    );
  }

  /**
   * The newest check-ins of each of these key results (up to `MAX_CHECK_INS_SHOWN` each,
   * newest first), their value and time only, in one read.
   */
  async newestCheckInsOfEach(
    keyResultIds: string[],
  ): Promise<Map<string, Pick<CheckIn, 'keyResultId' | 'value' | 'at'>[]>> {
    const checkIns = await this.checkIns.findAmong(
      'keyResultId',
      keyResultIds,
      {},
      { projection: { keyResultId: 1, value: 1, at: 1 }, limit: MAX_CHECK_INS_SHOWN },
    );
    const byKeyResult = new Map<string, Pick<CheckIn, 'keyResultId' | 'value' | 'at'>[]>();
    for (const checkIn of checkIns.sort((a, b) => b.at.localeCompare(a.at))) {
      const list = byKeyResult.get(checkIn.keyResultId) ?? [];
      if (list.length < MAX_CHECK_INS_SHOWN) list.push(checkIn);
      byKeyResult.set(checkIn.keyResultId, list);
    }
    return byKeyResult;
  }

  /** The comments and feedback on a key result's check-ins, oldest first. */
  commentsOnKeyResult(keyResultId: string): Promise<StoredComment[]> {
    return this.comments.find({ keyResultId }, { sort: { at: 1 }, limit: 1000 });
  }

  /** What was learned on these objectives, oldest first. */
  async learningsOf(objectiveIds: string[]): Promise<StoredLearning[]> {
    const learnings = await this.learnings.findAmong(
      'objectiveId',
      objectiveIds,
      {},
      { limit: 50 },
    );
    return learnings.sort((a, b) => a.at.localeCompare(b.at));
  }

  // ---- Deliverables ----

  deliverablesOfObjective(objectiveId: string): Promise<Deliverable[]> {
    return this.deliverables.find({ objectiveId }, { sort: { dueDate: 1 }, limit: 200 });
  }

  deliverablesOfKeyResult(keyResultId: string): Promise<Deliverable[]> {
    return this.deliverables.find({ keyResultId }, { sort: { dueDate: 1 }, limit: 200 });
  }

  keyResultsInCycle(cycleId: string): Promise<StoredKeyResult[]> {
    return this.keyResults.find({ cycleId }, { limit: 200_000 });
  }

  /** The facts risk rules read of check-ins of these key results: one read (`findAmong`). */
  checkInFactsOf(keyResultIds: string[]): Promise<CheckInFacts[]> {
    return this.checkIns.findAmong(
      'keyResultId',
      keyResultIds,
      {},
      { projection: checkInFactFields, limit: 1_000 },
    );
  }

  keyResultTitlesOf(ids: string[]): Promise<KeyResultTitle[]> {
    return this.keyResults.findAmong(
      '_id',
      ids,
      {},
      { projection: { title: 1, metric: 1, objectiveId: 1 }, limit: 1 },
    );
  }

  deliverableTitlesOf(ids: string[]): Promise<Pick<Deliverable, 'id' | 'title'>[]> {
    return this.deliverables.findAmong('_id', ids, {}, { projection: { title: 1 }, limit: 1 });
  }

  /** The deliverables a person owns in a cycle. */
  deliverablesOwnedBy(ownerId: string, cycleId: string): Promise<Deliverable[]> {
    return this.deliverables.find({ cycleId, ownerId }, { limit: 1_000 });
  }

  /** The deliverables of these objectives: one read (`findAmong`). */
  deliverablesOfObjectives(objectiveIds: string[]): Promise<Deliverable[]> {
    return this.deliverables.findAmong('objectiveId', objectiveIds, {}, { limit: 200 });
  }

  /** The deliverables of these teams in a cycle: one read (`findAmong`). */
  deliverablesOfTeams(cycleId: string, teamIds: string[]): Promise<Deliverable[]> {
    return this.deliverables.findAmong('teamId', teamIds, { cycleId }, { limit: 5_000 });
  }

  /** Every deliverable of the cycle, or of the tenant without one. */
  deliverablesIn(cycleId?: string): Promise<Deliverable[]> {
    return this.deliverables.find(cycleId ? { cycleId } : {}, { limit: 50_000 });
  }
}

export const okrStoreOf = (ctx: Pick<Context, 'db' | 'principal'>) =>
  new OkrStore(ctx.db, ctx.principal.tenantId);
