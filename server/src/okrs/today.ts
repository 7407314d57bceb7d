/**
 * What a key result or objective says is true today. Progress follows from the metric
 * alone; pace, and the status of a key result nobody reported on, follow from the time
 * elapsed, so they are computed again at every read from the stored facts and *now* (or
 * the moment its cycle closed), never taken from what was stored at the last write. What
 * the owner reported stays theirs (`status`), next to the computed `paceStatus`.
 *
 * Pure: the caller passes the cycle, the instant and the tenant's pace tolerance, which
 * `todayOf` reads for a request.
 */
import type { Cycle, Objective, Status } from '@throughline/contracts';
import type { Context } from '../platform/context';
import { getSettings } from '../settings/service';
import { elapsedFraction, keyResultStatus, objectiveStatus } from './progress';
import type { StoredKeyResult } from './store';

export interface Today {
  now: Date;
  /** The tenant's pace tolerance (settings), the same one the risk rules use. */
  paceTolerance: number;
}

/** Now and the tenant's pace tolerance: what every read judges pace and status with. */
export async function todayOf(ctx: Context): Promise<Today> {
  return { now: ctx.now, paceTolerance: (await getSettings(ctx)).paceTolerance };
}

/** A closed cycle is judged as it stood when it closed. */
export function elapsedOf(cycle: Pick<Cycle, 'startsOn' | 'endsOn' | 'closedAt'>, today: Today) {
  const closedAt = cycle.closedAt ? new Date(cycle.closedAt) : null;
  const at = closedAt && closedAt < today.now ? closedAt : today.now;
  return elapsedFraction(cycle.startsOn, cycle.endsOn, at);
}

export function keyResultToday<K extends Pick<StoredKeyResult, 'metric' | 'reportedStatus'>>(
  keyResult: K,
  cycle: Pick<Cycle, 'startsOn' | 'endsOn' | 'closedAt'>,
  today: Today,
): K & { progress: number; paceStatus: Status; status: Status } {
  const { progress, pace, status } = keyResultStatus(
    keyResult.metric,
    keyResult.reportedStatus ?? null,
    elapsedOf(cycle, today),
    today.paceTolerance,
  );
  return { ...keyResult, progress, paceStatus: pace, status };
}

/** An objective's status today: its (cached, time-free) progress against the elapsed time, never healthier than its worst key result today. */
export function objectiveToday<O extends Pick<Objective, 'progress'>>(
  objective: O,
  cycle: Pick<Cycle, 'startsOn' | 'endsOn' | 'closedAt'>,
  keyResultStatuses: Status[],
  today: Today,
): O & { status: Status } {
  return {
    ...objective,
    status: objectiveStatus(
      objective.progress,
      elapsedOf(cycle, today),
      keyResultStatuses,
      today.paceTolerance,
    ),
  };
}
