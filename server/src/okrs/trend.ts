/** What the business review reads of key results: a key result's line over its cycle, and a person's own. */
import type { Cycle, KeyResult, PrepCardClosedCycle } from '@throughline/contracts';
import type { z } from 'zod';
import type { Context } from '../platform/context';
import { listCycles } from './cycles';
import { canSeeObjective } from './permissions';
import { okrStoreOf } from './store';
import { viewerOf } from './viewer';

/**
 * Each key result's line, in one read of their check-ins: from the start value on the
 * cycle's first day, then each check-in's value, oldest first.
 */
export async function checkInTrends(
  ctx: Context,
  keyResults: Pick<KeyResult, 'id' | 'metric'>[],
  cycle: Pick<Cycle, 'startsOn'>,
): Promise<Map<string, { on: string; value: number }[]>> {
  const newestFirst = await okrStoreOf(ctx).newestCheckInsOfEach(
    keyResults.map((keyResult) => keyResult.id),
  );
  return new Map(
    keyResults.map((keyResult) => [
      keyResult.id,
      [
        { on: cycle.startsOn, value: keyResult.metric.start },
        ...(newestFirst.get(keyResult.id) ?? [])
          .reverse()
          .map((checkIn) => ({ on: checkIn.at.slice(0, 10), value: checkIn.value })),
      ],
    ]),
  );
}

/** The key results a person owns in a cycle (the ones they answer for, not only update). */
export async function keyResultsOwnedBy(
  ctx: Context,
  personId: string,
  cycleId: string,
): Promise<Pick<KeyResult, 'id' | 'objectiveId'>[]> {
  return (await okrStoreOf(ctx).keyResultsOfPerson(personId, cycleId))
    .filter((keyResult) => keyResult.ownerId === personId)
    .map(({ id, objectiveId }) => ({ id, objectiveId }));
}

/**
 * A person's recorded scores in the newest cycle that closed after `since`, for the first
 * 1-on-1 after a quarter — only the key results the caller (the manager) may see.
 */
export async function scoresClosedSince(
  ctx: Context,
  personId: string,
  since: string,
): Promise<z.infer<typeof PrepCardClosedCycle> | null> {
  const cycle = (await listCycles(ctx)).items.find(
    (item) => item.state === 'closed' && !!item.closedAt && item.closedAt >= since,
  );
  if (!cycle?.closedAt) return null;
  const store = okrStoreOf(ctx);
  const owned = (await store.keyResultsOfPerson(personId, cycle.id)).filter(
    (keyResult) => keyResult.ownerId === personId && keyResult.score,
  );
  const viewer = await viewerOf(ctx);
  const objectives = await Promise.all(
    [...new Set(owned.map((keyResult) => keyResult.objectiveId))].map((id) =>
      store.objectives.findById(id),
    ),
  );
  const visible = new Set(
    objectives
      .filter((objective) => !!objective && canSeeObjective(viewer, objective))
      .map((objective) => objective!.id),
  );
  const keyResults = owned
    .filter((keyResult) => visible.has(keyResult.objectiveId))
    .map((keyResult) => ({
      title: keyResult.title,
      final: keyResult.score!.final,
      computed: keyResult.score!.computed,
      reason: keyResult.score!.reason,
    }));
  if (keyResults.length === 0) return null;
  return {
    name: cycle.name,
    closedAt: cycle.closedAt,
    averageScore:
      Math.round(
        (keyResults.reduce((sum, keyResult) => sum + keyResult.final, 0) / keyResults.length) * 10,
      ) / 10,
    keyResults,
  };
}
