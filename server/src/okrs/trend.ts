/** What the business review reads of key results: a key result's line over its cycle, and a person's own. */
import type { Cycle, KeyResult } from '@throughline/contracts';
import type { Context } from '../platform/context';
import { okrStoreOf } from './store';

/** From the start value on the cycle's first day, then each check-in's value, oldest first. */
export async function checkInTrend(
  ctx: Context,
  keyResult: Pick<KeyResult, 'id' | 'metric'>,
  cycle: Pick<Cycle, 'startsOn'>,
): Promise<{ on: string; value: number }[]> {
  const checkIns = await okrStoreOf(ctx).newestCheckInsOf(keyResult);
  return [
    { on: cycle.startsOn, value: keyResult.metric.start },
    ...checkIns.reverse().map((checkIn) => ({ on: checkIn.at.slice(0, 10), value: checkIn.value })),
  ];
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
