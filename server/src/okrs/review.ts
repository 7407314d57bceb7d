/**
 * The review of a cycle, for closing it: every objective and key result the caller may see,
 * with the score closing records (while the cycle is open) or the recorded score, override
 * and reason (once it closed), and what the caller may do — close, score, carry over.
 */
import type { z } from 'zod';
import type {
  CycleReview,
  CycleReviewQuery,
  ReviewKeyResult,
  ReviewObjective,
} from '@throughline/contracts';
import type { Context } from '../platform/context';
import { getCycle, listCycles } from './cycles';
import { learningsOf } from './learnings';
import { listObjectives } from './objectives';
import { canEditKeyResult, canEditObjective, isObjectivesPeople } from './permissions';
import { computedScore } from './progress';
import { okrStoreOf } from './store';
import { keyResultToday, todayOf } from './today';
import { viewerOf } from './viewer';

export async function getCycleReview(
  ctx: Context,
  cycleId: string,
  query: z.output<typeof CycleReviewQuery>,
): Promise<CycleReview> {
  const cycle = await getCycle(ctx, cycleId);
  const [page, cycles, viewer, today] = await Promise.all([
    listObjectives(ctx, {
      cycleId,
      teamId: query.teamId,
      ownerId: query.ownerId,
      limit: query.limit,
      cursor: query.cursor,
    }),
    listCycles(ctx),
    viewerOf(ctx),
    todayOf(ctx),
  ]);
  const ids = page.items.map((objective) => objective.id);
  const [keyResults, learnings] = await Promise.all([
    okrStoreOf(ctx).keyResultsOfObjectives(ids),
    learningsOf(ctx, ids),
  ]);
  const nextCycles = cycles.items
    .filter((next) => next.state === 'open' && next.startsOn > cycle.startsOn)
    .sort((a, b) => a.startsOn.localeCompare(b.startsOn));
  const isClosed = cycle.state === 'closed';
  const objectives = page.items.map((objective): ReviewObjective => {
    const canEdit = canEditObjective(viewer, objective);
    return {
      id: objective.id,
      title: objective.title,
      level: objective.level,
      ownerId: objective.ownerId,
      teamId: objective.teamId,
      progress: objective.progress,
      status: objective.status,
      suggestedScore: computedScore(objective.progress),
      score: objective.score,
      proposedScore: objective.proposedScore ?? null,
      version: objective.version,
      carriedFrom: objective.carriedFrom ?? null,
      carriedTo: objective.carriedTo ?? null,
      canScore: (isClosed ? Boolean(objective.score) : objective.state === 'active') && canEdit,
      canCarryOver:
        canEdit && !objective.carriedTo && objective.progress < 1 && nextCycles.length > 0,
      canAddLearning: isObjectivesPeople(viewer, objective),
      keyResults: keyResults
        .filter((keyResult) => keyResult.objectiveId === objective.id)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
        .map((stored): ReviewKeyResult => {
          const keyResult = keyResultToday(stored, cycle, today);
          return {
            id: keyResult.id,
            title: keyResult.title,
            ownerId: keyResult.ownerId,
            metricKind: keyResult.metric.kind,
            progress: keyResult.progress,
            status: keyResult.status,
            suggestedScore: computedScore(keyResult.progress),
            score: keyResult.score,
            proposedScore: keyResult.proposedScore ?? null,
            version: keyResult.version,
            canScore:
              (isClosed ? Boolean(keyResult.score) : true) &&
              canEditKeyResult(viewer, keyResult, objective),
          };
        }),
      learnings: learnings.filter((learning) => learning.objectiveId === objective.id),
    };
  });
  return {
    cycle,
    canClose: ctx.principal.isAdmin && !isClosed,
    nextCycles,
    objectives,
    nextCursor: page.nextCursor,
  };
}
