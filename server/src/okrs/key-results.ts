/**
 * Key results: added to an objective by those who may edit it, edited by their owners,
 * co-owners and the owners' managers, shown with their check-ins, deliverables and
 * feedback, and scored by override after the close. Check-ins are their own use case
 * (check-ins/), one versioned change of the key result each.
 */
import type {
  CreateKeyResultRequest,
  Cycle,
  KeyResult,
  KeyResultDetail,
  Objective,
  ScoreOverrideRequest,
  UpdateKeyResultRequest,
} from '@throughline/contracts';
import {
  commitChange,
  editVersioned,
  event,
  loadVersioned,
  narrativeOf,
  requestedChanges,
} from '../narrative/versioned';
import { excelStateOf } from '../excel/state';
import type { Context } from '../platform/context';
import { newId } from '../platform/db/documents';
import { isNotFound, notFound } from '../platform/http/errors';
import { teamIds, unique } from './audience';
import { checkInsWithComments } from './check-in-records';
import { getCycle, requireOpenCycle } from './cycles';
import { normaliseMetric, publicKeyResult, withDerived } from './key-result-record';
import { fromOrigin, getVisibleObjective, type CreateOptions } from './objectives';
import { requirePerson } from './owners';
import { canCheckIn, canEditKeyResult, canEditObjective, refuse } from './permissions';
import { recomputeObjective } from './roll-up';
import { ownersScore } from './scores';
import { okrStoreOf, publicObjective, type StoredKeyResult, type StoredObjective } from './store';
import { keyResultToday, todayOf } from './today';
import { viewerOf } from './viewer';

const KEY_RESULT_FIELDS = [
  'title',
  'ownerId',
  'coOwnerIds',
  'updaterIds',
  'metric',
  'weight',
  'dueDate',
] as const;

/** A key result and its objective, both visible to the caller; otherwise the key result is not found. */
export async function loadKeyResult(
  ctx: Context,
  id: string,
): Promise<{ keyResult: StoredKeyResult; objective: Objective }> {
  const store = okrStoreOf(ctx);
  const keyResult = await loadVersioned(
    narrativeOf(ctx),
    store.keyResults,
    id,
    store.checkInSideEffects,
  );
  if (!keyResult) throw notFound('That key result', 'key_result_not_found');
  let objective: Objective;
  try {
    objective = await getVisibleObjective(ctx, keyResult.objectiveId);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    throw notFound('That key result', 'key_result_not_found');
  }
  return { keyResult, objective };
}

/** What an edit of a key result loads: the key result as it stands and its objective. */
const loadForEdit = async (ctx: Context, id: string) => {
  const { keyResult, objective } = await loadKeyResult(ctx, id);
  return { before: keyResult, objective };
};

export async function createKeyResult(
  ctx: Context,
  request: CreateKeyResultRequest,
  options: CreateOptions = {},
): Promise<KeyResult> {
  const objective = await getVisibleObjective(ctx, request.objectiveId);
  if (!canEditObjective(await viewerOf(ctx), objective))
    refuse('Only the objective’s owner, their managers and admins can add key results.');
  const cycle = await requireOpenCycle(ctx, objective.cycleId);
  const ownerId = request.ownerId ?? objective.ownerId;
  await requirePerson(ctx, ownerId, 'ownerId');
  const at = ctx.now.toISOString();
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
      recentCheckIns: [],
      hasOlderCheckIns: false,
      lastValueChangeAt: null,
      score: null,
      version: 1,
      createdAt: at,
      updatedAt: at,
    },
    cycle,
    ctx.now,
  );
  await commitChange(
    narrativeOf(ctx),
    okrStoreOf(ctx).keyResults,
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
  const viewer = await viewerOf(ctx);
  const { loaded, after, isChanged } = await editVersioned({
    load: () => loadForEdit(ctx, id),
    authorise: ({ before, objective }) => {
      if (!canEditKeyResult(viewer, before, objective))
        refuse('Only the key result’s owners, their managers and admins can change it.');
    },
    guard: ({ before }) => requireOpenCycle(ctx, before.cycleId),
    version: request.version,
    change: async ({ before }, cycle) => {
      if (request.ownerId && request.ownerId !== before.ownerId)
        await requirePerson(ctx, request.ownerId, 'ownerId');
      const { metric, ...changes } = requestedChanges(request);
      return withDerived(
        {
          ...before,
          ...changes,
          ...(metric ? { metric: normaliseMetric(metric, before.metric) } : {}),
          updatedAt: ctx.now.toISOString(),
        },
        cycle,
        ctx.now,
      );
    },
    fields: [...KEY_RESULT_FIELDS],
    commit: (after, changes, { before, objective }) =>
      commitChange(
        narrativeOf(ctx),
        okrStoreOf(ctx).keyResults,
        after,
        event(ctx, 'key_result.edited', 'keyResult', {
          objectiveId: objective.id,
          keyResultId: id,
          personIds: unique([after.ownerId, before.ownerId]),
          teamIds: teamIds(objective.teamId),
          summary: `edited “${after.title}” (${Object.keys(changes).join(', ')})`,
          payload: { changes },
        }),
      ),
  });
  if (isChanged) await recomputeObjective(ctx, loaded.objective.id);
  return publicKeyResult(after);
}

export async function getKeyResultDetail(ctx: Context, id: string): Promise<KeyResultDetail> {
  const loaded = await loadKeyResult(ctx, id);
  const { objective } = loaded;
  const [cycle, deliverables, checkIns, today, viewer, excelState] = await Promise.all([
    getCycle(ctx, loaded.keyResult.cycleId),
    okrStoreOf(ctx).deliverablesOfKeyResult(id),
    checkInsWithComments(ctx, loaded.keyResult),
    todayOf(ctx),
    viewerOf(ctx),
    excelStateOf(ctx, loaded.keyResult),
  ]);
  const keyResult = keyResultToday(loaded.keyResult, cycle, today);
  return {
    ...publicKeyResult(keyResult),
    objective: publicObjective(objective as StoredObjective),
    cycle,
    deliverables,
    checkIns,
    canEdit: canEditKeyResult(viewer, keyResult, objective),
    canCheckIn: canCheckIn(viewer, keyResult, objective),
    excelState,
  };
}

export async function overrideKeyResultScore(
  ctx: Context,
  id: string,
  request: ScoreOverrideRequest,
): Promise<KeyResult> {
  const viewer = await viewerOf(ctx);
  const scoreOf = (before: StoredKeyResult, cycle: Cycle) =>
    ownersScore(before, request, {
      isCycleOpen: cycle.state === 'open',
      byId: ctx.principal.userId,
      at: ctx.now.toISOString(),
    });
  const { after } = await editVersioned({
    load: async () => {
      const loaded = await loadForEdit(ctx, id);
      return { ...loaded, cycle: await getCycle(ctx, loaded.before.cycleId) };
    },
    authorise: ({ before, objective }) => {
      if (!canEditKeyResult(viewer, before, objective))
        refuse('Only the key result’s owners, their managers and admins can score it.');
    },
    version: request.version,
    change: ({ before, cycle }) => ({
      ...before,
      ...scoreOf(before, cycle).changes,
      updatedAt: ctx.now.toISOString(),
    }),
    commit: (after, _changes, { before, objective, cycle }) => {
      const scored = scoreOf(before, cycle);
      return commitChange(
        narrativeOf(ctx),
        okrStoreOf(ctx).keyResults,
        after,
        event(ctx, `key_result.${scored.type}`, 'keyResult', {
          objectiveId: objective.id,
          keyResultId: id,
          personIds: [before.ownerId],
          teamIds: teamIds(objective.teamId),
          summary: scored.summary,
          payload: scored.payload,
        }),
      );
    },
  });
  return publicKeyResult(after);
}
