/**
 * Carrying an unfinished objective to a later cycle: a copy, not a move. The original keeps
 * its score and history and points forward (`carriedTo`); the copy points back
 * (`carriedFrom`) and holds the unfinished key results, each starting where it ended.
 *
 * The original is claimed first, as a versioned change, so an objective goes to one cycle
 * only even when two people carry it at once. The copy's ids are derived from the original's
 * and the target cycle's, so a retry — or a carry that stopped half-way — finishes the same
 * copy instead of making a second one.
 */
import { createHash } from 'node:crypto';
import type {
  AlignmentTarget,
  CarryOverRequest,
  Cycle,
  MetricInput,
  Objective,
} from '@throughline/contracts';
import {
  commitChange,
  event,
  isVersionRace,
  loadVersioned,
  narrativeOf,
} from '../narrative/versioned';
import type { Context } from '../platform/context';
import { AppError } from '../platform/http/errors';
import { teamIds } from './audience';
import { getCycle, requireOpenCycle } from './cycles';
import { createKeyResult } from './key-results';
import { createObjective, getVisibleObjective } from './objectives';
import { requirePerson } from './owners';
import { canEditObjective, refuse } from './permissions';
import { okrStoreOf, publicObjective, type StoredKeyResult, type StoredObjective } from './store';
import { viewerOf } from './viewer';

/** The id of a record's copy in a cycle: the same every time it is asked for. */
export function carriedId(originalId: string, cycleId: string): string {
  return createHash('sha256').update(`carry:${originalId}:${cycleId}`).digest('hex').slice(0, 24);
}

export async function carryOver(
  ctx: Context,
  id: string,
  request: CarryOverRequest,
): Promise<Objective> {
  const store = okrStoreOf(ctx);
  const original = await getVisibleObjective(ctx, id);
  if (!canEditObjective(await viewerOf(ctx), original))
    refuse('Only the objective’s owner, their managers and admins can carry it over.');
  const [from, to] = await Promise.all([
    getCycle(ctx, original.cycleId),
    requireOpenCycle(ctx, request.cycleId),
  ]);
  if (original.carriedTo && original.carriedTo.cycleId !== to.id)
    throw new AppError(
      'already_carried_over',
      `“${original.title}” was already carried over to another cycle; an objective continues in one cycle only.`,
    );
  if (!original.carriedTo) {
    if (to.startsOn <= from.startsOn)
      throw new AppError(
        'validation_failed',
        `An objective is carried to a later cycle; ${to.name} does not start after ${from.name}.`,
        [{ path: 'body.cycleId', message: 'must be a cycle that starts later' }],
      );
    if (original.progress >= 1)
      throw new AppError(
        'objective_finished',
        `“${original.title}” is finished; only unfinished objectives are carried over.`,
      );
    await requirePerson(ctx, original.ownerId, 'ownerId');
    try {
      await claim(ctx, original, from, to);
    } catch (error) {
      // Someone carried it at the same moment: fine if to the same cycle, refused if not.
      if (!isVersionRace(error)) throw error;
      const now = await getVisibleObjective(ctx, id);
      if (now.carriedTo?.cycleId !== to.id) throw error;
    }
  }
  return publicObjective(await copyInto(ctx, original, from, to, store));
}

async function claim(ctx: Context, original: StoredObjective, from: Cycle, to: Cycle) {
  const copyId = carriedId(original.id, to.id);
  await commitChange(
    narrativeOf(ctx),
    okrStoreOf(ctx).objectives,
    {
      ...original,
      carriedTo: { objectiveId: copyId, cycleId: to.id },
      version: original.version + 1,
      updatedAt: ctx.now.toISOString(),
    },
    event(ctx, 'objective.carried_over', 'objective', {
      objectiveId: original.id,
      personIds: [original.ownerId],
      teamIds: teamIds(original.teamId),
      summary: `carried “${original.title}” over from ${from.name} to ${to.name}`,
      payload: { to: { objectiveId: copyId, cycleId: to.id } },
    }),
  );
}

/** Creates whatever of the copy does not exist yet: the objective, then its key results. */
async function copyInto(
  ctx: Context,
  original: StoredObjective,
  from: Cycle,
  to: Cycle,
  store: ReturnType<typeof okrStoreOf>,
): Promise<StoredObjective> {
  const copyId = carriedId(original.id, to.id);
  let copy = await loadVersioned(
    narrativeOf(ctx),
    store.objectives,
    copyId,
    store.objectiveSideEffects,
  );
  if (!copy) {
    const alignsTo = await alignmentInto(ctx, original.alignsTo, to);
    await whileNobodyElseDid(() =>
      createObjective(
        ctx,
        {
          cycleId: to.id,
          title: original.title,
          description: original.description,
          level: original.level,
          ownerId: original.ownerId,
          teamId: original.teamId,
          alignsTo,
          contributors: original.contributors,
          visibility: original.visibility,
          includeAlignedInProgress: original.includeAlignedInProgress,
        },
        {
          id: copyId,
          carriedFrom: { objectiveId: original.id, cycleId: from.id, cycleName: from.name },
        },
      ),
    );
    copy = (await store.objectives.findById(copyId))!;
  }
  for (const keyResult of await store.keyResultsOf(original.id)) {
    if (keyResult.progress >= 1) continue;
    const keyResultId = carriedId(keyResult.id, to.id);
    if (await store.keyResults.findById(keyResultId)) continue;
    await whileNobodyElseDid(() =>
      createKeyResult(
        ctx,
        {
          objectiveId: copyId,
          title: keyResult.title,
          ownerId: keyResult.ownerId,
          coOwnerIds: keyResult.coOwnerIds,
          updaterIds: keyResult.updaterIds,
          metric: continuedMetric(keyResult),
          weight: keyResult.weight,
          dueDate: null,
        },
        {
          id: keyResultId,
          carriedFrom: { objectiveId: original.id, cycleId: from.id, cycleName: from.name },
        },
      ),
    );
  }
  return (await store.objectives.findById(copyId)) ?? copy;
}

/** Runs a creation of the copy; another request creating the same record first is fine. */
async function whileNobodyElseDid(create: () => Promise<unknown>): Promise<void> {
  try {
    await create();
  } catch (error) {
    if (!isVersionRace(error)) throw error;
  }
}

/**
 * A carried key result starts where it ended: a number from its last value, a milestone
 * list with what is left to do, a yes/no still to do, a control line as it was.
 */
export function continuedMetric(keyResult: Pick<StoredKeyResult, 'metric'>): MetricInput {
  const { metric } = keyResult;
  const base = {
    kind: metric.kind,
    target: metric.target,
    unit: metric.unit,
    direction: metric.direction,
    ...(metric.currency ? { currency: metric.currency } : {}),
  };
  switch (metric.kind) {
    case 'boolean':
      return { ...base, start: 0, current: 0 };
    case 'milestone':
      return {
        ...base,
        start: 0,
        current: 0,
        milestones: metric.milestones
          .filter((milestone) => !milestone.isDone)
          .map((milestone) => ({ title: milestone.title, isDone: false })),
      };
    case 'stay_above':
    case 'stay_below':
      return { ...base, start: metric.start, current: metric.current };
    default:
      return { ...base, start: metric.current, current: metric.current };
  }
}

/**
 * What the copy aligns to: the copy of what the original aligned to, when that was carried
 * to the same cycle; nothing otherwise (an alignment never crosses cycles).
 */
async function alignmentInto(
  ctx: Context,
  alignsTo: AlignmentTarget | null,
  to: Cycle,
): Promise<AlignmentTarget | null> {
  if (!alignsTo) return null;
  const store = okrStoreOf(ctx);
  const copyId = carriedId(alignsTo.id, to.id);
  const copy =
    alignsTo.kind === 'objective'
      ? await store.objectives.findById(copyId)
      : await store.keyResults.findById(copyId);
  return copy ? { kind: alignsTo.kind, id: copyId } : null;
}
