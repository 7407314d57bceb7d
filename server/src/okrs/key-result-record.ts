/**
 * How a key result is kept: its metric normalised from what was asked, the derived fields
 * cached on write, and the shape the API shows without what only storage needs.
 */
import type { Cycle, KeyResult, Metric, MetricInput } from '@throughline/contracts';
import { DEFAULT_PACE_TOLERANCE } from './progress';
import type { CheckInSummary, RecentCheckIn, StoredKeyResult } from './store';

export type { StoredKeyResult };
import { keyResultToday } from './today';

/** How many of a key result's newest check-ins its page shows. */
export const MAX_CHECK_INS_SHOWN = 100;

/** A check-in's id is its key result's id and the version the check-in made. */
export const checkInId = (keyResultId: string, version: number) => `${keyResultId}-${version}`;

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

/**
 * The derived fields cached on write: status and progress (reads recompute them for today,
 * `keyResultToday`) and `personIds`, everyone who owns, co-owns or updates it — so "a
 * person's key results" is one indexed equality.
 */
export function withDerived(keyResult: StoredKeyResult, cycle: Cycle, now: Date): StoredKeyResult {
  return {
    ...keyResultToday(keyResult, cycle, { now, paceTolerance: DEFAULT_PACE_TOLERANCE }),
    personIds: personIdsOf(keyResult),
  };
}

export const personIdsOf = (
  keyResult: Pick<StoredKeyResult, 'ownerId' | 'coOwnerIds' | 'updaterIds'>,
): string[] => [...new Set([keyResult.ownerId, ...keyResult.coOwnerIds, ...keyResult.updaterIds])];

export function publicKeyResult(keyResult: StoredKeyResult): KeyResult {
  const {
    teamId: _teamId,
    reportedStatus: _reported,
    checkInSeqs: _seqs,
    recentCheckIns: _recent,
    hasOlderCheckIns: _older,
    lastValueChangeAt: _moved,
    personIds: _people,
    ...rest
  } = keyResult;
  return rest;
}

/** How many check-ins a key result keeps beside it (newest first): what risk rules and prep cards read. */
export const RECENT_CHECK_INS = 4;

/** The summary after one more check-in; unknown stays unknown (the backfill fills it in). */
export function withCheckIn(summary: CheckInSummary, checkIn: RecentCheckIn): CheckInSummary {
  if (!summary.recentCheckIns) return {};
  const all = [checkIn, ...summary.recentCheckIns];
  return {
    recentCheckIns: all.slice(0, RECENT_CHECK_INS),
    hasOlderCheckIns: !!summary.hasOlderCheckIns || all.length > RECENT_CHECK_INS,
    lastValueChangeAt:
      checkIn.value !== checkIn.previousValue ? checkIn.at : (summary.lastValueChangeAt ?? null),
  };
}
