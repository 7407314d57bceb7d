/**
 * Objectives: created in an open cycle by their owner, the owner's managers or an admin
 * (company objectives by leaders and admins), edited on top of the version the editor
 * read, listed and shown with their status today, and scored by override after the close.
 */
import type { z } from 'zod';
import type {
  CreateObjectiveRequest,
  Cycle,
  Deliverable,
  Learning,
  ListObjectivesQuery,
  Objective,
  ObjectiveDetail,
  Page,
  ScoreOverrideRequest,
  UpdateObjectiveRequest,
} from '@throughline/contracts';
import {
  commitChange,
  editVersioned,
  event,
  loadVersioned,
  narrativeOf,
  requestedChanges,
} from '../narrative/versioned';
import type { Context } from '../platform/context';
import { decodeCursor, encodeCursor, newId } from '../platform/db/documents';
import { notFound } from '../platform/http/errors';
import { checkAlignment } from './alignment';
import { teamIds, unique } from './audience';
import { getCycle, requireOpenCycle } from './cycles';
import { publicKeyResult } from './key-result-record';
import { isLeader, requirePerson } from './owners';
import {
  canEditObjective,
  canSeeObjective,
  isObjectivesPeople,
  isOwnerOrManager,
  refuse,
} from './permissions';
import { elapsedFraction, paceStatus } from './progress';
import { recomputeObjective, refreshAncestors } from './roll-up';
import { ownersScore } from './scores';
import {
  okrStoreOf,
  publicLearning,
  publicObjective,
  storedObjective,
  type StoredKeyResult,
  type StoredObjective,
} from './store';
import { keyResultToday, objectiveToday, todayOf, type Today } from './today';
import { viewerOf, type Viewer } from './viewer';

const OBJECTIVE_FIELDS = [
  'title',
  'description',
  'level',
  'ownerId',
  'teamId',
  'alignsTo',
  'contributors',
  'visibility',
  'state',
  'includeAlignedInProgress',
] as const;

/** For the importer: a given id (so importing the same row twice creates it once) and where it came from. */
export interface CreateOptions {
  id?: string;
  origin?: string;
  /** The objective of an earlier cycle this one continues, and that cycle's name. */
  carriedFrom?: { objectiveId: string; cycleId: string; cycleName: string };
}

export const fromOrigin = (options: CreateOptions) =>
  options.carriedFrom
    ? ` (carried over from ${options.carriedFrom.cycleName})`
    : options.origin
      ? ` (imported from ${options.origin})`
      : '';

export async function getVisibleObjective(ctx: Context, id: string): Promise<StoredObjective> {
  const store = okrStoreOf(ctx);
  const objective = await loadVersioned(
    narrativeOf(ctx),
    store.objectives,
    id,
    store.objectiveSideEffects,
  );
  // A private objective someone may not see answers exactly like one that does not exist.
  if (!objective || !canSeeObjective(await viewerOf(ctx), objective))
    throw notFound('That objective', 'objective_not_found');
  return objective;
}

export async function createObjective(
  ctx: Context,
  request: CreateObjectiveRequest,
  options: CreateOptions = {},
): Promise<Objective> {
  const cycle = await requireOpenCycle(ctx, request.cycleId);
  const ownerId = request.ownerId ?? ctx.principal.userId;
  await requirePerson(ctx, ownerId, 'ownerId');
  if (!isOwnerOrManager(await viewerOf(ctx), ownerId))
    refuse('You can create objectives for yourself and the people you manage.');
  if (request.level === 'company' && !ctx.principal.isAdmin && !(await isLeader(ctx)))
    refuse('Company objectives are set by leaders and admins.');
  const id = options.id ?? newId();
  const parentObjectiveId = request.alignsTo
    ? await checkAlignment(ctx, id, cycle, request.alignsTo)
    : null;
  const at = ctx.now.toISOString();
  const objective = storedObjective(
    {
      id,
      cycleId: cycle.id,
      title: request.title,
      description: request.description ?? '',
      level: request.level ?? 'individual',
      ownerId,
      teamId: request.teamId ?? null,
      alignsTo: request.alignsTo ?? null,
      contributors: request.contributors ?? [],
      visibility: request.visibility ?? 'public',
      state: 'active',
      includeAlignedInProgress: request.includeAlignedInProgress ?? false,
      progress: 0,
      status: paceStatus(0, elapsedFraction(cycle.startsOn, cycle.endsOn, ctx.now)),
      score: null,
      ...(options.carriedFrom
        ? {
            carriedFrom: {
              objectiveId: options.carriedFrom.objectiveId,
              cycleId: options.carriedFrom.cycleId,
            },
          }
        : {}),
      version: 1,
      createdAt: at,
      updatedAt: at,
    },
    parentObjectiveId,
  );
  await commitChange(
    narrativeOf(ctx),
    okrStoreOf(ctx).objectives,
    objective,
    event(ctx, 'objective.created', 'objective', {
      objectiveId: id,
      personIds: [ownerId],
      teamIds: teamIds(objective.teamId),
      summary: `created the objective “${objective.title}”${fromOrigin(options)}`,
      payload: {
        title: objective.title,
        level: objective.level,
        alignsTo: objective.alignsTo,
        ...(objective.carriedFrom ? { carriedFrom: objective.carriedFrom } : {}),
      },
    }),
  );
  if (objective.alignsTo) await refreshAncestors(ctx, objective);
  return publicObjective(objective);
}

export async function updateObjective(
  ctx: Context,
  id: string,
  request: UpdateObjectiveRequest,
): Promise<Objective> {
  const store = okrStoreOf(ctx);
  const viewer = await viewerOf(ctx);
  const { loaded, after, changes, isChanged } = await editVersioned({
    load: async () => ({ before: await getVisibleObjective(ctx, id) }),
    authorise: ({ before }) => {
      if (!canEditObjective(viewer, before))
        refuse('Only the owner, their managers and admins can change this objective.');
    },
    guard: ({ before }) => requireOpenCycle(ctx, before.cycleId),
    version: request.version,
    change: async ({ before }, cycle) => {
      if (request.ownerId && request.ownerId !== before.ownerId)
        await requirePerson(ctx, request.ownerId, 'ownerId');
      const parentObjectiveId =
        request.alignsTo === undefined
          ? (before.parentObjectiveId ?? (await store.parentObjectiveOf(before.alignsTo)))
          : request.alignsTo && (await checkAlignment(ctx, id, cycle, request.alignsTo));
      return storedObjective(
        { ...before, ...requestedChanges(request), updatedAt: ctx.now.toISOString() },
        parentObjectiveId,
      );
    },
    fields: [...OBJECTIVE_FIELDS],
    commit: (after, changes, { before }) => {
      const isRealigned = 'alignsTo' in changes;
      return commitChange(
        narrativeOf(ctx),
        store.objectives,
        after,
        event(ctx, isRealigned ? 'objective.aligned' : 'objective.edited', 'objective', {
          objectiveId: id,
          personIds: [after.ownerId],
          teamIds: teamIds(after.teamId, before.teamId),
          summary: isRealigned
            ? `aligned “${after.title}”`
            : `edited “${after.title}” (${Object.keys(changes).join(', ')})`,
          payload: { changes },
        }),
        store.objectiveSideEffects,
      );
    },
  });
  if (!isChanged) return publicObjective(after);
  const { before } = loaded;
  const isRealigned = 'alignsTo' in changes;
  await recomputeObjective(ctx, id);
  if (isRealigned && before.alignsTo) await refreshAncestors(ctx, before);
  if (isRealigned || 'includeAlignedInProgress' in changes) await refreshAncestors(ctx, after);
  return publicObjective((await store.objectives.findById(id))!);
}

export async function getObjectiveDetail(ctx: Context, id: string): Promise<ObjectiveDetail> {
  const objective = await getVisibleObjective(ctx, id);
  return objectiveDetail(ctx, objective);
}

/** An objective with its key results and deliverables, its status today, and whether the caller may edit it. */
export async function objectiveDetail(
  ctx: Context,
  objective: Objective,
): Promise<ObjectiveDetail> {
  const store = okrStoreOf(ctx);
  const [stored, deliverables, cycle, today, viewer, learnings] = await Promise.all([
    store.keyResultsOf(objective.id),
    store.deliverablesOfObjective(objective.id),
    getCycle(ctx, objective.cycleId),
    todayOf(ctx),
    viewerOf(ctx),
    store.learningsOf([objective.id]).then((items) => items.map(publicLearning)),
  ]);
  return detailOf(objective, { keyResults: stored, deliverables, learnings }, cycle, today, viewer);
}

/**
 * The details of objectives already read: their key results, deliverables and learnings
 * read for all of them at once, each in the order `objectiveDetail` gives, and their cycles
 * (`known.cycle` when they are all in it).
 */
export async function objectiveDetailsFor(
  ctx: Context,
  objectives: Objective[],
  known: { cycle?: Cycle } = {},
): Promise<ObjectiveDetail[]> {
  const store = okrStoreOf(ctx);
  const ids = objectives.map((objective) => objective.id);
  const cycleIds = unique(objectives.map((objective) => objective.cycleId));
  const [keyResults, deliverables, learnings, today, viewer, cycles] = await Promise.all([
    store.keyResultsOfObjectives(ids),
    store.deliverablesOfObjectives(ids),
    store.learningsOf(ids),
    todayOf(ctx),
    viewerOf(ctx),
    Promise.all(
      cycleIds.map((id) => (id === known.cycle?.id ? known.cycle : getCycle(ctx, id))),
    ).then((read) => new Map(read.map((cycle) => [cycle.id, cycle]))),
  ]);
  const of = <T extends { objectiveId: string }>(items: T[], id: string) =>
    items.filter((item) => item.objectiveId === id);
  return objectives.map((objective) =>
    detailOf(
      objective,
      {
        keyResults: of(keyResults, objective.id).sort(
          (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
        ),
        // As the database sorts them for one objective: those without a due date first.
        deliverables: of(deliverables, objective.id).sort((a, b) =>
          (a.dueDate ?? '').localeCompare(b.dueDate ?? ''),
        ),
        learnings: of(learnings, objective.id).map(publicLearning),
      },
      cycles.get(objective.cycleId)!,
      today,
      viewer,
    ),
  );
}

/** An objective's detail from what was read of it: its status today and the caller's rights. */
function detailOf(
  objective: Objective,
  read: { keyResults: StoredKeyResult[]; deliverables: Deliverable[]; learnings: Learning[] },
  cycle: Cycle,
  today: Today,
  viewer: Viewer,
): ObjectiveDetail {
  const keyResults = read.keyResults.map((keyResult) => keyResultToday(keyResult, cycle, today));
  return {
    ...objectiveToday(
      publicObjective(objective),
      cycle,
      keyResults.map((keyResult) => keyResult.status),
      today,
    ),
    keyResults: keyResults.map(publicKeyResult),
    deliverables: read.deliverables,
    learnings: read.learnings.filter((learning) => learning.objectiveId === objective.id),
    canEdit: canEditObjective(viewer, objective),
    canAddLearning: isObjectivesPeople(viewer, objective),
  };
}

/**
 * The details of many objectives at once, in the order asked, without those the caller may
 * not see: one read per collection and objective rather than a page load each (exports).
 */
/** The objectives of these ids the caller may see, in the order of `ids`, with their details. */
export async function objectiveDetailsOf(ctx: Context, ids: string[]): Promise<ObjectiveDetail[]> {
  const [objectives, viewer] = await Promise.all([
    okrStoreOf(ctx).objectivesByIds(ids),
    viewerOf(ctx),
  ]);
  const byId = new Map(objectives.map((objective) => [objective.id, objective]));
  const visible = ids
    .map((id) => byId.get(id))
    .filter(
      (objective): objective is StoredObjective =>
        !!objective && canSeeObjective(viewer, objective),
    );
  return objectiveDetailsFor(ctx, visible);
}

export async function listObjectives(
  ctx: Context,
  query: z.infer<typeof ListObjectivesQuery>,
): Promise<Page<Objective>> {
  const store = okrStoreOf(ctx);
  const after = decodeCursor(query.cursor);
  const limit = query.limit ?? 25;
  const items: Objective[] = [];
  let lastScanned: string | null = after ? String(after[0]) : null;
  const [today, viewer] = await Promise.all([todayOf(ctx), viewerOf(ctx)]);
  // Private objectives the caller may not see are skipped, and status is today's (it is
  // not stored as a fact), so a page may need more reads.
  for (let round = 0; round < 5 && items.length < limit; round += 1) {
    const batch = await objectivesToday(
      ctx,
      await store.objectivesPage({
        cycleId: query.cycleId,
        ownerId: query.ownerId,
        teamId: query.teamId,
        level: query.level,
        titleContains: query.q,
        afterId: lastScanned,
        limit: limit + 1,
      }),
      today,
    );
    for (const objective of batch) {
      lastScanned = objective.id;
      if (query.status && objective.status !== query.status) continue;
      if (items.length <= limit && canSeeObjective(viewer, objective)) items.push(objective);
    }
    if (batch.length <= limit) break;
  }
  const page = items.slice(0, limit);
  return {
    items: page,
    nextCursor: items.length > limit ? encodeCursor([page[page.length - 1]!.id]) : null,
  };
}

/** Objectives with their status today, from their key results (one read for all of them). */
async function objectivesToday(
  ctx: Context,
  objectives: Objective[],
  today: Today,
): Promise<Objective[]> {
  if (objectives.length === 0) return objectives;
  const [keyResults, cycles] = await Promise.all([
    okrStoreOf(ctx).keyResultStatusFactsOf(objectives.map((objective) => objective.id)),
    Promise.all(
      unique(objectives.map((objective) => objective.cycleId)).map((id) => getCycle(ctx, id)),
    ),
  ]);
  const cycleById = new Map(cycles.map((cycle) => [cycle.id, cycle]));
  return objectives.map((objective) => {
    const cycle = cycleById.get(objective.cycleId)!;
    const statuses = keyResults
      .filter((keyResult) => keyResult.objectiveId === objective.id)
      .map((keyResult) => keyResultToday(keyResult, cycle, today).status);
    return objectiveToday(publicObjective(objective), cycle, statuses, today);
  });
}

export async function overrideObjectiveScore(
  ctx: Context,
  id: string,
  request: ScoreOverrideRequest,
): Promise<Objective> {
  const viewer = await viewerOf(ctx);
  const scoreOf = (before: StoredObjective, cycle: Cycle) =>
    ownersScore(before, request, {
      isCycleOpen: cycle.state === 'open',
      byId: ctx.principal.userId,
      at: ctx.now.toISOString(),
    });
  const { after } = await editVersioned({
    load: async () => {
      const before = await getVisibleObjective(ctx, id);
      return { before, cycle: await getCycle(ctx, before.cycleId) };
    },
    authorise: ({ before }) => {
      if (!canEditObjective(viewer, before))
        refuse('Only the owner, their managers and admins can score this objective.');
    },
    version: request.version,
    change: ({ before, cycle }) => ({
      ...before,
      ...scoreOf(before, cycle).changes,
      updatedAt: ctx.now.toISOString(),
    }),
    commit: (after, _changes, { before, cycle }) => {
      const scored = scoreOf(before, cycle);
      return commitChange(
        narrativeOf(ctx),
        okrStoreOf(ctx).objectives,
        after,
        event(ctx, `objective.${scored.type}`, 'objective', {
          objectiveId: id,
          personIds: [before.ownerId],
          teamIds: teamIds(before.teamId),
          summary: scored.summary,
          payload: scored.payload,
        }),
      );
    },
  });
  return publicObjective(after);
}
