/**
 * Progress, pace, status and scoring: pure functions, no I/O.
 * Progress is always direction-aware and clamped to 0..1.
 */
import type { Metric, Status } from '@throughline/contracts';

const round2 = (value: number) => Math.round(value * 100) / 100;
const clamp01 = (value: number) => (Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0);

export function keyResultProgress(metric: Metric): number {
  const { kind, start, target, current, direction } = metric;
  switch (kind) {
    case 'boolean':
      return current >= 1 ? 1 : 0;
    case 'milestone': {
      if (metric.milestones.length === 0) return 0;
      return (
        metric.milestones.filter((milestone) => milestone.isDone).length / metric.milestones.length
      );
    }
    case 'stay_above':
      return current >= target ? 1 : 0;
    case 'stay_below':
      return current <= target ? 1 : 0;
    default: {
      const isIncrease = direction === 'increase';
      // A zero-width range is a threshold: reached or not.
      if (target === start)
        return isIncrease ? (current >= target ? 1 : 0) : current <= target ? 1 : 0;
      const span = isIncrease ? target - start : start - target;
      // A range that runs against the stated direction counts as a threshold too.
      if (span < 0) return isIncrease ? (current >= target ? 1 : 0) : current <= target ? 1 : 0;
      const moved = isIncrease ? current - start : start - current;
      return clamp01(moved / span);
    }
  }
}

export interface WeightedProgress {
  progress: number;
  weight: number;
}

/** Weighted mean; items with zero weight are ignored; nothing to average is 0. */
export function weightedProgress(items: WeightedProgress[]): number {
  const counted = items.filter((item) => item.weight > 0);
  const totalWeight = counted.reduce((sum, item) => sum + item.weight, 0);
  if (totalWeight === 0) return 0;
  return clamp01(counted.reduce((sum, item) => sum + item.progress * item.weight, 0) / totalWeight);
}

/** How far through the cycle we are, 0..1, by calendar days (end date inclusive). */
export function elapsedFraction(startsOn: string, endsOn: string, now: Date): number {
  const start = Date.parse(`${startsOn}T00:00:00Z`);
  const end = Date.parse(`${endsOn}T00:00:00Z`) + 86_400_000;
  if (end <= start) return 1;
  return clamp01((now.getTime() - start) / (end - start));
}

export const DEFAULT_PACE_TOLERANCE = 0.1;

/** Status from pace: on track within the tolerance of where we should be, at risk within twice it. */
export function paceStatus(
  progress: number,
  elapsed: number,
  tolerance = DEFAULT_PACE_TOLERANCE,
): Status {
  if (progress >= 1) return 'done';
  if (elapsed <= 0) return 'not_started';
  // In whole-percent hundredths, as the behind-pace risk rule compares, so both agree at the boundary.
  const gap = round2(elapsed - progress);
  if (gap <= round2(tolerance)) return 'on_track';
  if (gap <= round2(tolerance * 2)) return 'at_risk';
  return 'off_track';
}

/** The status people see: what the owner reported at the last check-in, else the pace. */
export function effectiveStatus(reported: Status | null, pace: Status, progress: number): Status {
  if (progress >= 1 && reported !== 'off_track' && reported !== 'at_risk') return 'done';
  return reported ?? pace;
}

/**
 * A control metric ("stay above / stay below") is never done while the cycle runs: it is
 * on track while it holds its line and off track when it crosses it.
 */
export function isControlMetric(metric: Pick<Metric, 'kind'>): boolean {
  return metric.kind === 'stay_above' || metric.kind === 'stay_below';
}

export function keyResultStatus(
  metric: Metric,
  reported: Status | null,
  elapsed: number,
  tolerance = DEFAULT_PACE_TOLERANCE,
): { progress: number; pace: Status; status: Status } {
  const progress = keyResultProgress(metric);
  if (isControlMetric(metric)) {
    const pace: Status = progress >= 1 ? 'on_track' : 'off_track';
    return { progress, pace, status: reported === 'done' ? pace : (reported ?? pace) };
  }
  const pace = paceStatus(progress, elapsed, tolerance);
  return { progress, pace, status: effectiveStatus(reported, pace, progress) };
}

const statusRank: Record<Status, number> = {
  done: 0,
  not_started: 1,
  on_track: 2,
  at_risk: 3,
  off_track: 4,
};

/** An objective is as healthy as its pace, but never healthier than its worst key result. */
export function objectiveStatus(
  progress: number,
  elapsed: number,
  keyResultStatuses: Status[],
  tolerance = DEFAULT_PACE_TOLERANCE,
): Status {
  const pace = paceStatus(progress, elapsed, tolerance);
  if (pace === 'done') return 'done';
  const worst = keyResultStatuses.reduce<Status>(
    (acc, status) => (statusRank[status] > statusRank[acc] ? status : acc),
    pace,
  );
  return worst === 'done' ? pace : worst;
}

/** The 0.0–1.0 score recorded when a cycle closes: progress rounded to one decimal, as people grade OKRs. */
export function computedScore(progress: number): number {
  return Math.round(clamp01(progress) * 10) / 10;
}

/** The ideal line a check-in chart draws: where the value should be on a given day. */
export function idealValue(metric: Pick<Metric, 'start' | 'target'>, elapsed: number): number {
  return metric.start + (metric.target - metric.start) * clamp01(elapsed);
}
