/**
 * Progress rolls up: an objective's cached progress and status follow from its key
 * results, and — when it counts them — from the objectives aligned below it. A change
 * below travels up through every ancestor that counts its children.
 */
import type { Cycle, Objective } from '@throughline/contracts';
import type { Context } from '../platform/context';
import { elapsedFraction, objectiveStatus, weightedProgress } from './progress';
import { okrStoreOf, type StoredObjective } from './store';

/** Recomputes an objective's cached progress and status from its key results (and aligned children when it counts them), then its ancestors'. */
export async function recomputeObjective(
  ctx: Context,
  objectiveId: string,
  known: { objective?: Objective; cycle?: Cycle } = {},
  depth = 0,
): Promise<void> {
  const store = okrStoreOf(ctx);
  const objective = known.objective ?? (await store.objectives.findById(objectiveId));
  if (!objective) return;
  const cycle = known.cycle ?? (await store.cycles.findById(objective.cycleId));
  if (!cycle) return;
  const keyResults = await store.keyResultsOf(objectiveId);
  const parts = keyResults.map((keyResult) => ({
    progress: keyResult.progress,
    weight: keyResult.weight,
  }));
  if (objective.includeAlignedInProgress) {
    const children = await store.activeObjectivesUnder(objectiveId);
    parts.push(...children.map((child) => ({ progress: child.progress, weight: 1 })));
  }
  const progress = weightedProgress(parts);
  const status = objectiveStatus(
    progress,
    elapsedFraction(cycle.startsOn, cycle.endsOn, ctx.now),
    keyResults.map((keyResult) => keyResult.status),
  );
  if (progress !== objective.progress || status !== objective.status)
    await store.cacheObjectiveProgress(objectiveId, { progress, status });
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
  objective: StoredObjective,
  depth = 0,
): Promise<void> {
  const parentId = objective.parentObjectiveId;
  if (!objective.alignsTo || !parentId || depth >= 10) return;
  const parent = await okrStoreOf(ctx).objectives.findById(parentId);
  if (parent?.includeAlignedInProgress)
    await recomputeObjective(ctx, parent.id, { objective: parent }, depth + 1);
}
