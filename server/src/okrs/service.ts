/**
 * The OKR rules: cycles, objectives, key results and deliverables. Every change goes
 * through `commitChange`, so it is versioned, appended to the narrative and repairable.
 */
import type { z } from 'zod';
import type {
  CheckIn,
  CreateCycleRequest,
  ListObjectivesQuery,
  CreateDeliverableRequest,
  CreateKeyResultRequest,
  CreateObjectiveRequest,
  Cycle,
  Deliverable,
  KeyResult,
  KeyResultDetail,
  Metric,
  MetricInput,
  MyOkrs,
  Objective,
  ObjectiveDetail,
  Page,
  Score,
  ScoreOverrideRequest,
  UpdateCycleRequest,
  UpdateDeliverableRequest,
  UpdateKeyResultRequest,
  UpdateObjectiveRequest,
} from '@throughline/contracts';
import { NarrativeStore } from '../narrative/store';
import { commitChange, diffFields, loadVersioned } from '../narrative/versioned';
import { peopleStore, teamsStore } from '../people/store';
import type { Context } from '../platform/context';
import { decodeCursor, encodeCursor, newId } from '../platform/db/documents';
import { AppError, notFound } from '../platform/http/errors';
import { getSettings } from '../risks/settings';
import { checkAlignment } from './alignment';
import {
  canCheckIn,
  canEditKeyResult,
  canEditObjective,
  canSeeObjective,
  isOwnerOrManager,
} from './permissions';
import {
  computedScore,
  DEFAULT_PACE_TOLERANCE,
  elapsedFraction,
  objectiveStatus,
  paceStatus,
  weightedProgress,
} from './progress';
import { keyResultToday, objectiveToday, type Today } from './today';
import {
  checkInId,
  checkInReplay,
  MAX_TRACKED_CHECK_INS,
  okrStores,
  type StoredKeyResult,
} from './store';

const iso = (date: Date) => date.toISOString();
const today = (ctx: Context) => iso(ctx.now).slice(0, 10);

export function services(ctx: Context) {
  return {
    stores: okrStores(ctx.db, ctx.principal.tenantId),
    narrative: new NarrativeStore(ctx.db, ctx.principal.tenantId),
  };
}

// ---- Cycles -------------------------------------------------------------------------

export async function listCycles(ctx: Context): Promise<Page<Cycle>> {
  const cycles = await services(ctx).stores.cycles.find({}, { sort: { startsOn: -1 }, limit: 200 });
  return { items: cycles, nextCursor: null };
}

export async function getCycle(ctx: Context, id: string): Promise<Cycle> {
  const { stores, narrative } = services(ctx);
  const cycle = await loadVersioned(narrative, stores.cycles, id);
  if (!cycle) throw notFound('That cycle', 'cycle_not_found');
  return cycle;
}

export async function createCycle(ctx: Context, request: CreateCycleRequest): Promise<Cycle> {
  if (!ctx.principal.isAdmin) throw new AppError('forbidden', 'Only an admin can set up cycles.');
  const { stores, narrative } = services(ctx);
  const cycle: Cycle = {
    id: newId(),
    name: request.name,
    kind: request.kind ?? 'quarter',
    startsOn: request.startsOn,
    endsOn: request.endsOn,
    state: 'open',
    closedAt: null,
    version: 1,
  };
  await commitChange(
    narrative,
    stores.cycles,
    cycle,
    event(ctx, 'cycle.created', 'cycle', {
      summary: `created the cycle ${cycle.name}`,
      payload: { name: cycle.name },
    }),
  );
  return cycle;
}

/**
 * Renames an open cycle or moves its dates, on top of the version the admin read. Pace and
 * status are computed from the dates at every read, so nothing else needs rewriting; a
 * closed cycle keeps the dates its scores were recorded against.
 */
export async function updateCycle(
  ctx: Context,
  id: string,
  request: UpdateCycleRequest,
): Promise<Cycle> {
  if (!ctx.principal.isAdmin) throw new AppError('forbidden', 'Only an admin can change a cycle.');
  const { stores, narrative } = services(ctx);
  const before = await getCycle(ctx, id);
  if (before.state === 'closed')
    throw new AppError(
      'cycle_closed',
      `The cycle ${before.name} is closed; its name and dates can no longer change.`,
    );
  requireVersion(before, request.version);
  const { version: _version, ...changes } = request;
  const after: Cycle = { ...before, ...stripUndefined(changes), version: before.version + 1 };
  if (after.endsOn <= after.startsOn)
    throw new AppError(
      'validation_failed',
      `The cycle must end after it starts (${after.startsOn} – ${after.endsOn}).`,
      request.endsOn !== undefined
        ? [{ path: 'body.endsOn', message: 'must be after startsOn' }]
        : [{ path: 'body.startsOn', message: 'must be before endsOn' }],
    );
  const diff = diffFields(before, after, ['name', 'kind', 'startsOn', 'endsOn']);
  if (Object.keys(diff).length === 0) return before;
  await commitChange(
    narrative,
    stores.cycles,
    after,
    event(ctx, 'cycle.updated', 'cycle', {
      summary:
        'name' in diff && Object.keys(diff).length === 1
          ? `renamed the cycle ${before.name} to ${after.name}`
          : `edited the cycle ${after.name} (${Object.keys(diff)
              .map((field) => cycleFieldNames[field] ?? field)
              .join(', ')})`,
      payload: { changes: diff },
    }),
  );
  return after;
}

const cycleFieldNames: Record<string, string> = {
  name: 'name',
  kind: 'kind',
  startsOn: 'start date',
  endsOn: 'end date',
};

/** The open cycle that contains today, else the most recent one. */
export async function currentCycle(ctx: Context): Promise<Cycle | null> {
  const cycles = (await listCycles(ctx)).items;
  const day = today(ctx);
  return (
    cycles.find(
      (cycle) =>
        cycle.state === 'open' &&
        cycle.startsOn <= day &&
        day <= cycle.endsOn &&
        cycle.kind !== 'year',
    ) ??
    cycles.find((cycle) => cycle.startsOn <= day && day <= cycle.endsOn) ??
    cycles[0] ??
    null
  );
}

export async function closeCycle(ctx: Context, id: string): Promise<Cycle> {
  if (!ctx.principal.isAdmin) throw new AppError('forbidden', 'Only an admin can close a cycle.');
  const { stores, narrative } = services(ctx);
  const cycle = await getCycle(ctx, id);
  if (cycle.state === 'closed') throw new AppError('cycle_closed', 'This cycle is already closed.');
  const scoredAt = iso(ctx.now);
  const scoreOf = (progress: number): Score => {
    const computed = computedScore(progress);
    return { computed, override: null, reason: null, final: computed, scoredAt };
  };
  // Each score is a versioned change with its own event, so the narrative holds the scores
  // and a concurrent check-in either lands before the score or gets 409. A close that
  // stopped half-way is run again: what already has a score keeps it.
  for (const { id: keyResultId } of await stores.keyResults.find(
    { cycleId: id },
    { projection: { _id: 1 }, limit: 100_000 },
  )) {
    const keyResult = await loadVersioned(
      narrative,
      stores.keyResults,
      keyResultId,
      checkInSideEffects(ctx),
    );
    if (!keyResult || keyResult.score) continue;
    const score = scoreOf(keyResult.progress);
    await commitChange(
      narrative,
      stores.keyResults,
      { ...keyResult, score, version: keyResult.version + 1, updatedAt: scoredAt },
      event(ctx, 'key_result.scored', 'keyResult', {
        objectiveId: keyResult.objectiveId,
        keyResultId,
        personIds: [keyResult.ownerId],
        teamIds: teamIds(keyResult.teamId),
        summary: `scored “${keyResult.title}” ${score.final.toFixed(1)} as ${cycle.name} closed`,
        payload: { score: score.final, progress: keyResult.progress },
      }),
      checkInSideEffects(ctx),
    );
  }
  for (const { id: objectiveId } of await stores.objectives.find(
    { cycleId: id },
    { projection: { _id: 1 }, limit: 100_000 },
  )) {
    const objective = await loadVersioned(narrative, stores.objectives, objectiveId);
    if (!objective || objective.score) continue;
    const score = scoreOf(objective.progress);
    await commitChange(
      narrative,
      stores.objectives,
      { ...objective, score, version: objective.version + 1, updatedAt: scoredAt },
      event(ctx, 'objective.scored', 'objective', {
        objectiveId,
        personIds: [objective.ownerId],
        teamIds: teamIds(objective.teamId),
        summary: `scored “${objective.title}” ${score.final.toFixed(1)} as ${cycle.name} closed`,
        payload: { score: score.final, progress: objective.progress },
      }),
    );
  }
  const closed: Cycle = {
    ...cycle,
    state: 'closed',
    closedAt: scoredAt,
    version: cycle.version + 1,
  };
  await commitChange(
    narrative,
    stores.cycles,
    closed,
    event(ctx, 'cycle.closed', 'cycle', {
      summary: `closed the cycle ${cycle.name} and recorded scores`,
      payload: {},
    }),
  );
  return closed;
}

async function requireOpenCycle(ctx: Context, cycleId: string): Promise<Cycle> {
  const cycle = await getCycle(ctx, cycleId);
  if (cycle.state === 'closed')
    throw new AppError(
      'cycle_closed',
      `The cycle ${cycle.name} is closed; its OKRs can no longer change.`,
    );
  return cycle;
}

// ---- Objectives ---------------------------------------------------------------------

export async function getVisibleObjective(ctx: Context, id: string): Promise<Objective> {
  const { stores, narrative } = services(ctx);
  const objective = await loadVersioned(narrative, stores.objectives, id);
  // A private objective someone may not see answers exactly like one that does not exist.
  if (!objective || !(await canSeeObjective(ctx, objective)))
    throw notFound('That objective', 'objective_not_found');
  return objective;
}

/** For the importer: a given id (so importing the same row twice creates it once) and where it came from. */
export interface CreateOptions {
  id?: string;
  origin?: string;
}

const fromOrigin = (options: CreateOptions) =>
  options.origin ? ` (imported from ${options.origin})` : '';

export async function createObjective(
  ctx: Context,
  request: CreateObjectiveRequest,
  options: CreateOptions = {},
): Promise<Objective> {
  const { stores, narrative } = services(ctx);
  const cycle = await requireOpenCycle(ctx, request.cycleId);
  const ownerId = request.ownerId ?? ctx.principal.userId;
  await requirePerson(ctx, ownerId, 'ownerId');
  if (!(await isOwnerOrManager(ctx, ownerId)))
    throw new AppError(
      'forbidden',
      'You can create objectives for yourself and the people you manage.',
    );
  if (request.level === 'company' && !ctx.principal.isAdmin && !(await isLeader(ctx)))
    throw new AppError('forbidden', 'Company objectives are set by leaders and admins.');
  const id = options.id ?? newId();
  if (request.alignsTo) await checkAlignment(ctx, id, cycle, request.alignsTo);
  const at = iso(ctx.now);
  const objective: Objective = {
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
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  await commitChange(
    narrative,
    stores.objectives,
    objective,
    event(ctx, 'objective.created', 'objective', {
      objectiveId: id,
      personIds: [ownerId],
      teamIds: teamIds(objective.teamId),
      summary: `created the objective “${objective.title}”${fromOrigin(options)}`,
      payload: { title: objective.title, level: objective.level, alignsTo: objective.alignsTo },
    }),
  );
  if (objective.alignsTo) await refreshAncestors(ctx, objective);
  return objective;
}

export async function updateObjective(
  ctx: Context,
  id: string,
  request: UpdateObjectiveRequest,
): Promise<Objective> {
  const { stores, narrative } = services(ctx);
  const before = await getVisibleObjective(ctx, id);
  if (!(await canEditObjective(ctx, before)))
    throw new AppError(
      'forbidden',
      'Only the owner, their managers and admins can change this objective.',
    );
  const cycle = await requireOpenCycle(ctx, before.cycleId);
  requireVersion(before, request.version);
  if (request.ownerId && request.ownerId !== before.ownerId)
    await requirePerson(ctx, request.ownerId, 'ownerId');
  if (request.alignsTo) await checkAlignment(ctx, id, cycle, request.alignsTo);
  const { version: _version, ...changes } = request;
  const after: Objective = {
    ...before,
    ...stripUndefined(changes),
    version: before.version + 1,
    updatedAt: iso(ctx.now),
  };
  const diff = diffFields(before, after, [
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
  ]);
  if (Object.keys(diff).length === 0) return before;
  const isRealigned = 'alignsTo' in diff;
  await commitChange(
    narrative,
    stores.objectives,
    after,
    event(ctx, isRealigned ? 'objective.aligned' : 'objective.edited', 'objective', {
      objectiveId: id,
      personIds: [after.ownerId],
      teamIds: teamIds(after.teamId, before.teamId),
      summary: isRealigned
        ? `aligned “${after.title}”`
        : `edited “${after.title}” (${Object.keys(diff).join(', ')})`,
      payload: { changes: diff },
    }),
  );
  if ('teamId' in diff)
    await stores.keyResults.updateMany({ objectiveId: id }, { $set: { teamId: after.teamId } });
  await recomputeObjective(ctx, id);
  if (isRealigned && before.alignsTo) await refreshAncestors(ctx, before);
  if (isRealigned || 'includeAlignedInProgress' in diff) await refreshAncestors(ctx, after);
  return (await stores.objectives.findById(id))!;
}

export async function getObjectiveDetail(ctx: Context, id: string): Promise<ObjectiveDetail> {
  const objective = await getVisibleObjective(ctx, id);
  return detailOf(ctx, objective);
}

async function detailOf(
  ctx: Context,
  objective: Objective,
  known: { cycle?: Cycle; today?: Today } = {},
): Promise<ObjectiveDetail> {
  const { stores } = services(ctx);
  const [stored, deliverables, cycle, today] = await Promise.all([
    stores.keyResults.find({ objectiveId: objective.id }, { sort: { createdAt: 1 }, limit: 100 }),
    stores.deliverables.find({ objectiveId: objective.id }, { sort: { dueDate: 1 }, limit: 200 }),
    known.cycle ?? getCycle(ctx, objective.cycleId),
    known.today ?? todayOf(ctx),
  ]);
  const keyResults = stored.map((keyResult) => keyResultToday(keyResult, cycle, today));
  return {
    ...objectiveToday(
      objective,
      cycle,
      keyResults.map((keyResult) => keyResult.status),
      today,
    ),
    keyResults: keyResults.map(publicKeyResult),
    deliverables,
    canEdit: await canEditObjective(ctx, objective),
  };
}

export async function listObjectives(
  ctx: Context,
  query: z.infer<typeof ListObjectivesQuery>,
): Promise<Page<Objective>> {
  const { stores } = services(ctx);
  const filter: Record<string, unknown> = {};
  if (query.cycleId) filter.cycleId = query.cycleId;
  if (query.ownerId) filter.ownerId = query.ownerId;
  if (query.teamId) filter.teamId = query.teamId;
  if (query.level) filter.level = query.level;
  if (query.q)
    filter.title = { $regex: query.q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), $options: 'i' };
  const after = decodeCursor(query.cursor);
  if (after) filter._id = { $gt: String(after[0]) };
  const limit = query.limit ?? 25;
  const items: Objective[] = [];
  let lastScanned: string | null = null;
  const today = await todayOf(ctx);
  // Private objectives the caller may not see are skipped, and status is today's (it is
  // not stored as a fact), so a page may need more reads.
  for (let round = 0; round < 5 && items.length < limit; round += 1) {
    const batch = await objectivesToday(
      ctx,
      await stores.objectives.find(
        lastScanned ? { ...filter, _id: { $gt: lastScanned } } : filter,
        { sort: { _id: 1 }, limit: limit + 1 },
      ),
      today,
    );
    for (const objective of batch) {
      lastScanned = objective.id;
      if (query.status && objective.status !== query.status) continue;
      if (items.length <= limit && (await canSeeObjective(ctx, objective))) items.push(objective);
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
  const { stores } = services(ctx);
  const [keyResults, cycles] = await Promise.all([
    stores.keyResults.find(
      { objectiveId: { $in: objectives.map((objective) => objective.id) } },
      {
        projection: { objectiveId: 1, metric: 1, reportedStatus: 1 },
        limit: 100 * objectives.length,
      },
    ),
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
    return objectiveToday(objective, cycle, statuses, today);
  });
}

export async function overrideObjectiveScore(
  ctx: Context,
  id: string,
  request: ScoreOverrideRequest,
): Promise<Objective> {
  const { stores, narrative } = services(ctx);
  const before = await getVisibleObjective(ctx, id);
  if (!(await canEditObjective(ctx, before)))
    throw new AppError(
      'forbidden',
      'Only the owner, their managers and admins can score this objective.',
    );
  const override = scoreOverride(ctx, before, request, 'objective');
  const after: Objective = { ...before, ...override.changes };
  await commitChange(
    narrative,
    stores.objectives,
    after,
    event(ctx, 'objective.score_overridden', 'objective', {
      objectiveId: id,
      personIds: [before.ownerId],
      teamIds: teamIds(before.teamId),
      summary: override.summary,
      payload: override.payload,
    }),
  );
  return after;
}

/** The owner's override of a recorded score: the computed score and the reason are both kept. */
function scoreOverride(
  ctx: Context,
  before: { title: string; version: number; score: Score | null },
  request: ScoreOverrideRequest,
  what: 'objective' | 'key result',
) {
  requireVersion(before, request.version);
  if (!before.score)
    throw new AppError(
      'conflict',
      `Scores are recorded when the cycle closes; this ${what} has none yet.`,
    );
  const { computed } = before.score;
  return {
    changes: {
      score: {
        ...before.score,
        override: request.score,
        reason: request.reason,
        final: request.score,
      },
      version: before.version + 1,
      updatedAt: iso(ctx.now),
    },
    summary: `scored “${before.title}” ${request.score.toFixed(1)} (computed ${computed.toFixed(1)}): ${request.reason}`,
    payload: { computed, override: request.score, reason: request.reason },
  };
}

// ---- Key results --------------------------------------------------------------------

export function normaliseMetric(input: MetricInput, previous?: Metric): Metric {
  const start = input.start ?? 0;
  return {
    kind: input.kind,
    start,
    target: input.target,
    current: input.current ?? previous?.current ?? start,
    unit: input.unit ?? (input.kind === 'percent' ? '%' : ''),
    ...(input.currency ? { currency: input.currency } : {}),
    direction: input.direction ?? 'increase',
    milestones: (input.milestones ?? []).map((milestone) => ({
      title: milestone.title,
      isDone: milestone.isDone ?? false,
    })),
  };
}

/** The derived fields cached on write; reads recompute them for today (`keyResultToday`). */
export function withDerived(keyResult: StoredKeyResult, cycle: Cycle, now: Date): StoredKeyResult {
  return keyResultToday(keyResult, cycle, { now, paceTolerance: DEFAULT_PACE_TOLERANCE });
}

/** Now and the tenant's pace tolerance: what every read judges pace and status with. */
export async function todayOf(ctx: Context): Promise<Today> {
  return { now: ctx.now, paceTolerance: (await getSettings(ctx)).paceTolerance };
}

export function publicKeyResult(keyResult: StoredKeyResult): KeyResult {
  const { teamId: _teamId, reportedStatus: _reported, checkInSeqs: _seqs, ...rest } = keyResult;
  return rest;
}

/** The newest check-ins of a key result, by `_id` when the key result knows their versions. */
export async function recentCheckIns(ctx: Context, keyResult: StoredKeyResult): Promise<CheckIn[]> {
  const { stores } = services(ctx);
  if (!keyResult.checkInSeqs)
    return stores.checkIns.find(
      { keyResultId: keyResult.id },
      { sort: { at: -1 }, limit: MAX_TRACKED_CHECK_INS },
    );
  const found = await Promise.all(
    [...keyResult.checkInSeqs]
      .reverse()
      .map((seq) => stores.checkIns.findById(checkInId(keyResult.id, seq))),
  );
  return found.filter((checkIn): checkIn is CheckIn => !!checkIn);
}

export async function loadKeyResult(
  ctx: Context,
  id: string,
): Promise<{ keyResult: StoredKeyResult; objective: Objective }> {
  const { stores, narrative } = services(ctx);
  const keyResult = await loadVersioned(narrative, stores.keyResults, id, checkInSideEffects(ctx));
  if (!keyResult) throw notFound('That key result', 'key_result_not_found');
  let objective: Objective;
  try {
    objective = await getVisibleObjective(ctx, keyResult.objectiveId);
  } catch {
    throw notFound('That key result', 'key_result_not_found');
  }
  return { keyResult, objective };
}

/** Re-applies a check-in's child documents from its event (idempotent: same ids). */
export function checkInSideEffects(ctx: Context) {
  return checkInReplay(services(ctx).stores.checkIns);
}

export async function createKeyResult(
  ctx: Context,
  request: CreateKeyResultRequest,
  options: CreateOptions = {},
): Promise<KeyResult> {
  const { stores, narrative } = services(ctx);
  const objective = await getVisibleObjective(ctx, request.objectiveId);
  if (!(await canEditObjective(ctx, objective)))
    throw new AppError(
      'forbidden',
      'Only the objective’s owner, their managers and admins can add key results.',
    );
  const cycle = await requireOpenCycle(ctx, objective.cycleId);
  const ownerId = request.ownerId ?? objective.ownerId;
  await requirePerson(ctx, ownerId, 'ownerId');
  const at = iso(ctx.now);
  const keyResult = withDerived(
    {
      id: options.id ?? newId(),
      objectiveId: objective.id,
      cycleId: objective.cycleId,
      teamId: objective.teamId,
      title: request.title,
      ownerId,
      coOwnerIds: request.coOwnerIds ?? [],
      updaterIds: request.updaterIds ?? [],
      metric: normaliseMetric(request.metric),
      weight: request.weight ?? 1,
      confidence: null,
      reportedStatus: null,
      status: 'not_started',
      paceStatus: 'not_started',
      dueDate: request.dueDate ?? null,
      progress: 0,
      lastCheckIn: null,
      score: null,
      version: 1,
      createdAt: at,
      updatedAt: at,
    },
    cycle,
    ctx.now,
  );
  await commitChange(
    narrative,
    stores.keyResults,
    keyResult,
    event(ctx, 'key_result.created', 'keyResult', {
      objectiveId: objective.id,
      keyResultId: keyResult.id,
      personIds: unique([ownerId, objective.ownerId]),
      teamIds: teamIds(objective.teamId),
      summary: `added the key result “${keyResult.title}”${fromOrigin(options)}`,
      payload: { title: keyResult.title, metric: keyResult.metric },
    }),
  );
  await recomputeObjective(ctx, objective.id);
  return publicKeyResult(keyResult);
}

export async function updateKeyResult(
  ctx: Context,
  id: string,
  request: UpdateKeyResultRequest,
): Promise<KeyResult> {
  const { stores, narrative } = services(ctx);
  const { keyResult: before, objective } = await loadKeyResult(ctx, id);
  if (!(await canEditKeyResult(ctx, before, objective)))
    throw new AppError(
      'forbidden',
      'Only the key result’s owners, their managers and admins can change it.',
    );
  const cycle = await requireOpenCycle(ctx, before.cycleId);
  requireVersion(before, request.version);
  if (request.ownerId && request.ownerId !== before.ownerId)
    await requirePerson(ctx, request.ownerId, 'ownerId');
  const { version: _version, metric, ...changes } = request;
  const after = withDerived(
    {
      ...before,
      ...stripUndefined(changes),
      ...(metric ? { metric: normaliseMetric(metric, before.metric) } : {}),
      version: before.version + 1,
      updatedAt: iso(ctx.now),
    },
    cycle,
    ctx.now,
  );
  const diff = diffFields(before, after, [
    'title',
    'ownerId',
    'coOwnerIds',
    'updaterIds',
    'metric',
    'weight',
    'dueDate',
  ]);
  if (Object.keys(diff).length === 0) return publicKeyResult(before);
  await commitChange(
    narrative,
    stores.keyResults,
    after,
    event(ctx, 'key_result.edited', 'keyResult', {
      objectiveId: objective.id,
      keyResultId: id,
      personIds: unique([after.ownerId, before.ownerId]),
      teamIds: teamIds(objective.teamId),
      summary: `edited “${after.title}” (${Object.keys(diff).join(', ')})`,
      payload: { changes: diff },
    }),
  );
  await recomputeObjective(ctx, objective.id);
  return publicKeyResult(after);
}

export async function getKeyResultDetail(ctx: Context, id: string): Promise<KeyResultDetail> {
  const { stores } = services(ctx);
  const loaded = await loadKeyResult(ctx, id);
  const { objective } = loaded;
  const [cycle, deliverables, checkIns, today] = await Promise.all([
    getCycle(ctx, loaded.keyResult.cycleId),
    stores.deliverables.find({ keyResultId: id }, { sort: { dueDate: 1 }, limit: 200 }),
    recentCheckIns(ctx, loaded.keyResult),
    todayOf(ctx),
  ]);
  const keyResult = keyResultToday(loaded.keyResult, cycle, today);
  const comments = checkIns.length
    ? await stores.comments.find({ keyResultId: id }, { sort: { at: 1 }, limit: 1000 })
    : [];
  return {
    ...publicKeyResult(keyResult),
    objective,
    cycle,
    deliverables,
    checkIns: checkIns.map((checkIn) => ({
      ...checkIn,
      comments: comments.filter((comment) => comment.checkInId === checkIn.id),
    })),
    canEdit: await canEditKeyResult(ctx, keyResult, objective),
    canCheckIn: await canCheckIn(ctx, keyResult, objective),
  };
}

export async function overrideKeyResultScore(
  ctx: Context,
  id: string,
  request: ScoreOverrideRequest,
): Promise<KeyResult> {
  const { stores, narrative } = services(ctx);
  const { keyResult: before, objective } = await loadKeyResult(ctx, id);
  if (!(await canEditKeyResult(ctx, before, objective)))
    throw new AppError(
      'forbidden',
      'Only the key result’s owners, their managers and admins can score it.',
    );
  const override = scoreOverride(ctx, before, request, 'key result');
  const after: StoredKeyResult = { ...before, ...override.changes };
  await commitChange(
    narrative,
    stores.keyResults,
    after,
    event(ctx, 'key_result.score_overridden', 'keyResult', {
      objectiveId: objective.id,
      keyResultId: id,
      personIds: [before.ownerId],
      teamIds: teamIds(objective.teamId),
      summary: override.summary,
      payload: override.payload,
    }),
  );
  return publicKeyResult(after);
}

/** Recomputes an objective's cached progress and status from its key results (and aligned children when it counts them), then its ancestors'. */
export async function recomputeObjective(
  ctx: Context,
  objectiveId: string,
  known: { objective?: Objective; cycle?: Cycle } = {},
  depth = 0,
): Promise<void> {
  const { stores } = services(ctx);
  const objective = known.objective ?? (await stores.objectives.findById(objectiveId));
  if (!objective) return;
  const cycle = known.cycle ?? (await stores.cycles.findById(objective.cycleId));
  if (!cycle) return;
  const keyResults = await stores.keyResults.find({ objectiveId }, { limit: 100 });
  const parts = keyResults.map((keyResult) => ({
    progress: keyResult.progress,
    weight: keyResult.weight,
  }));
  if (objective.includeAlignedInProgress) {
    const children = await stores.objectives.find(
      {
        'alignsTo.id': { $in: [objectiveId, ...keyResults.map((keyResult) => keyResult.id)] },
        state: 'active',
      },
      { limit: 200 },
    );
    parts.push(...children.map((child) => ({ progress: child.progress, weight: 1 })));
  }
  const progress = weightedProgress(parts);
  const status = objectiveStatus(
    progress,
    elapsedFraction(cycle.startsOn, cycle.endsOn, ctx.now),
    keyResults.map((keyResult) => keyResult.status),
  );
  if (progress !== objective.progress || status !== objective.status)
    await stores.objectives.update(objectiveId, { $set: { progress, status } });
  // Every ancestor that rolls up its aligned children follows, whatever changed below it.
  if (progress !== objective.progress) await refreshAncestors(ctx, objective, depth);
}

/**
 * Brings the parent of an objective up to date when it counts its aligned children; the
 * parent's own recompute carries a change further up. A parent that does not count its
 * children keeps its progress, so nothing above it changes either.
 */
export async function refreshAncestors(
  ctx: Context,
  objective: Objective,
  depth = 0,
): Promise<void> {
  const target = objective.alignsTo;
  if (!target || depth >= 10) return;
  const { stores } = services(ctx);
  const parentId =
    target.kind === 'objective'
      ? target.id
      : (await stores.keyResults.findById(target.id))?.objectiveId;
  const parent = parentId ? await stores.objectives.findById(parentId) : null;
  if (parent?.includeAlignedInProgress)
    await recomputeObjective(ctx, parent.id, { objective: parent }, depth + 1);
}

// ---- Deliverables -------------------------------------------------------------------

export async function createDeliverable(
  ctx: Context,
  request: CreateDeliverableRequest,
  options: CreateOptions = {},
): Promise<Deliverable> {
  const { stores, narrative } = services(ctx);
  let objective: Objective;
  let keyResultId: string | null = null;
  if (request.keyResultId) {
    const loaded = await loadKeyResult(ctx, request.keyResultId);
    if (request.objectiveId && request.objectiveId !== loaded.objective.id)
      throw new AppError('validation_failed', 'The key result belongs to another objective.', [
        { path: 'body.objectiveId', message: 'does not match the key result’s objective' },
      ]);
    objective = loaded.objective;
    keyResultId = loaded.keyResult.id;
    if (!(await canEditKeyResult(ctx, loaded.keyResult, objective)))
      throw new AppError(
        'forbidden',
        'Only the key result’s owners, their managers and admins can add deliverables.',
      );
  } else {
    objective = await getVisibleObjective(ctx, request.objectiveId!);
    if (!(await canEditObjective(ctx, objective)))
      throw new AppError(
        'forbidden',
        'Only the objective’s owner, their managers and admins can add deliverables.',
      );
  }
  await requireOpenCycle(ctx, objective.cycleId);
  const ownerId = request.ownerId ?? ctx.principal.userId;
  await requirePerson(ctx, ownerId, 'ownerId');
  for (const dependency of request.dependsOn ?? []) await requireDependencyTarget(ctx, dependency);
  const at = iso(ctx.now);
  const deliverable: Deliverable = {
    id: options.id ?? newId(),
    objectiveId: objective.id,
    keyResultId,
    cycleId: objective.cycleId,
    title: request.title,
    ownerId,
    teamId: request.teamId ?? objective.teamId,
    dueDate: request.dueDate ?? null,
    state: request.state ?? 'todo',
    dependsOn: request.dependsOn ?? [],
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  await commitChange(
    narrative,
    stores.deliverables,
    deliverable,
    event(ctx, 'deliverable.created', 'deliverable', {
      objectiveId: objective.id,
      keyResultId,
      personIds: unique([ownerId, objective.ownerId]),
      teamIds: teamIds(deliverable.teamId),
      summary: `added the deliverable “${deliverable.title}”${fromOrigin(options)}`,
      payload: {
        title: deliverable.title,
        dueDate: deliverable.dueDate,
        dependsOn: deliverable.dependsOn,
      },
    }),
  );
  return deliverable;
}

export async function loadDeliverable(
  ctx: Context,
  id: string,
): Promise<{ deliverable: Deliverable; objective: Objective }> {
  const { stores, narrative } = services(ctx);
  const deliverable = await loadVersioned(narrative, stores.deliverables, id);
  if (!deliverable) throw notFound('That deliverable', 'deliverable_not_found');
  try {
    return { deliverable, objective: await getVisibleObjective(ctx, deliverable.objectiveId) };
  } catch {
    throw notFound('That deliverable', 'deliverable_not_found');
  }
}

export async function updateDeliverable(
  ctx: Context,
  id: string,
  request: UpdateDeliverableRequest,
): Promise<Deliverable> {
  const { stores, narrative } = services(ctx);
  const { deliverable: before, objective } = await loadDeliverable(ctx, id);
  const mayEdit =
    before.ownerId === ctx.principal.userId ||
    (await isOwnerOrManager(ctx, before.ownerId)) ||
    (await canEditObjective(ctx, objective));
  if (!mayEdit)
    throw new AppError(
      'forbidden',
      'Only the deliverable’s owner, the objective’s owner, their managers and admins can change it.',
    );
  await requireOpenCycle(ctx, before.cycleId);
  requireVersion(before, request.version);
  if (request.ownerId && request.ownerId !== before.ownerId)
    await requirePerson(ctx, request.ownerId, 'ownerId');
  for (const dependency of request.dependsOn ?? []) await requireDependencyTarget(ctx, dependency);
  const { version: _version, ...changes } = request;
  const after: Deliverable = {
    ...before,
    ...stripUndefined(changes),
    version: before.version + 1,
    updatedAt: iso(ctx.now),
  };
  const diff = diffFields(before, after, [
    'title',
    'ownerId',
    'teamId',
    'dueDate',
    'state',
    'dependsOn',
  ]);
  if (Object.keys(diff).length === 0) return before;
  const isDone = after.state === 'done' && before.state !== 'done';
  const type = isDone
    ? 'deliverable.done'
    : 'state' in diff
      ? 'deliverable.state_changed'
      : 'deliverable.edited';
  const summary = isDone
    ? `finished “${after.title}”`
    : 'state' in diff
      ? `moved “${after.title}” from ${before.state} to ${after.state}`
      : `edited “${after.title}” (${Object.keys(diff).join(', ')})`;
  await commitChange(
    narrative,
    stores.deliverables,
    after,
    event(ctx, type, 'deliverable', {
      objectiveId: objective.id,
      keyResultId: after.keyResultId,
      personIds: unique([after.ownerId, objective.ownerId]),
      teamIds: teamIds(after.teamId),
      summary,
      payload: { changes: diff },
    }),
  );
  return after;
}

async function requireDependencyTarget(
  ctx: Context,
  dependency: { kind: 'deliverable' | 'keyResult'; id: string },
) {
  try {
    if (dependency.kind === 'deliverable') await loadDeliverable(ctx, dependency.id);
    else await loadKeyResult(ctx, dependency.id);
  } catch {
    throw new AppError(
      'validation_failed',
      `The ${dependency.kind === 'deliverable' ? 'deliverable' : 'key result'} this depends on was not found.`,
      [{ path: 'body.dependsOn', message: `${dependency.id} was not found` }],
    );
  }
}

// ---- My OKRs ------------------------------------------------------------------------

export async function getMyOkrs(ctx: Context, cycleId?: string): Promise<MyOkrs> {
  const { stores } = services(ctx);
  const cycle = cycleId ? await getCycle(ctx, cycleId) : await currentCycle(ctx);
  if (!cycle) return { cycle: null, objectives: [], dueForCheckIn: [] };
  const me = ctx.principal.userId;
  const myTeamIds = (
    await teamsStore(ctx.db, ctx.principal.tenantId).find({ memberIds: me }, { limit: 200 })
  ).map((team) => team.id);
  const [owned, myKeyResults, shared] = await Promise.all([
    stores.objectives.find(
      { cycleId: cycle.id, ownerId: me, state: 'active' },
      { sort: { _id: 1 }, limit: 200 },
    ),
    stores.keyResults.find(
      { cycleId: cycle.id, $or: [{ ownerId: me }, { coOwnerIds: me }, { updaterIds: me }] },
      { limit: 500 },
    ),
    // Shared objectives: me or one of my teams among the contributors (horizontal alignment).
    stores.objectives.find(
      { cycleId: cycle.id, state: 'active', 'contributors.id': { $in: [me, ...myTeamIds] } },
      { sort: { _id: 1 }, limit: 200 },
    ),
  ]);
  const ownedIds = new Set(owned.map((objective) => objective.id));
  const contributedTo = shared.filter(
    (objective) =>
      !ownedIds.has(objective.id) &&
      objective.contributors.some(
        (contributor) =>
          (contributor.kind === 'person' && contributor.id === me) ||
          (contributor.kind === 'team' && myTeamIds.includes(contributor.id)),
      ),
  );
  const listedIds = new Set([...ownedIds, ...contributedTo.map((objective) => objective.id)]);
  const others = await Promise.all(
    unique(
      myKeyResults.map((keyResult) => keyResult.objectiveId).filter((id) => !listedIds.has(id)),
    ).map((id) => stores.objectives.findById(id)),
  );
  const candidates = [
    ...owned,
    ...contributedTo,
    ...others.filter(
      (objective): objective is Objective => !!objective && objective.state === 'active',
    ),
  ];
  const objectives: Objective[] = [];
  for (const objective of candidates)
    if (await canSeeObjective(ctx, objective)) objectives.push(objective);
  const today = await todayOf(ctx);
  const details = await Promise.all(
    objectives.map((objective) => detailOf(ctx, objective, { cycle, today })),
  );
  const weekAgo = ctx.now.getTime() - 7 * 86_400_000;
  const dueForCheckIn =
    cycle.state === 'open'
      ? details
          .flatMap((detail) => detail.keyResults)
          .filter(
            (keyResult) =>
              [keyResult.ownerId, ...keyResult.coOwnerIds, ...keyResult.updaterIds].includes(me) ||
              ownedIds.has(keyResult.objectiveId),
          )
          .filter(
            (keyResult) =>
              keyResult.status !== 'done' &&
              (!keyResult.lastCheckIn || Date.parse(keyResult.lastCheckIn.at) < weekAgo),
          )
          .map((keyResult) => keyResult.id)
      : [];
  return { cycle, objectives: details, dueForCheckIn };
}

// ---- helpers ------------------------------------------------------------------------

export function requireVersion(entity: { version: number }, version: number) {
  if (entity.version !== version) {
    throw new AppError(
      'version_conflict',
      'Someone changed this in the meantime. Reload to see their change, then try again.',
      { current: entity },
    );
  }
}

async function requirePerson(ctx: Context, personId: string, field: string) {
  if (!(await peopleStore(ctx.db, ctx.principal.tenantId).findById(personId))) {
    throw new AppError('validation_failed', 'That person is not in your organisation.', [
      { path: `body.${field}`, message: 'is not a person in your organisation' },
    ]);
  }
}

async function isLeader(ctx: Context) {
  const me = await peopleStore(ctx.db, ctx.principal.tenantId).findById(ctx.principal.userId);
  return !!me && !me.managerId;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, inner]) => inner !== undefined),
  ) as Partial<T>;
}

export function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

export function teamIds(...ids: (string | null | undefined)[]): string[] {
  return unique(ids.filter((id): id is string => !!id));
}

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
) {
  return {
    type,
    subject: { kind },
    actorId: ctx.principal.userId,
    at: iso(ctx.now),
    objectiveId: fields.objectiveId ?? null,
    keyResultId: fields.keyResultId ?? null,
    personIds: unique([ctx.principal.userId, ...(fields.personIds ?? [])]),
    teamIds: fields.teamIds ?? [],
    summary: fields.summary,
    payload: fields.payload,
  };
}
