import type { Metric } from '@throughline/contracts';
import {
  computedScore,
  effectiveStatus,
  elapsedFraction,
  idealValue,
  keyResultProgress,
  keyResultStatus,
  objectiveStatus,
  paceStatus,
  weightedProgress,
} from '../../src/okrs/progress';

const metric = (overrides: Partial<Metric>): Metric => ({
  kind: 'number',
  start: 0,
  target: 100,
  current: 0,
  unit: '',
  direction: 'increase',
  milestones: [],
  ...overrides,
});

describe('key result progress', () => {
  it('is the share of the way from start to target for an increasing number', () => {
    expect(keyResultProgress(metric({ start: 20, target: 120, current: 70 }))).toBeCloseTo(0.5);
  });

  it('counts a decreasing metric from start down to target', () => {
    expect(
      keyResultProgress(metric({ start: 40, target: 10, current: 25, direction: 'decrease' })),
    ).toBeCloseTo(0.5);
    expect(
      keyResultProgress(metric({ start: 40, target: 10, current: 45, direction: 'decrease' })),
    ).toBe(0);
    expect(
      keyResultProgress(metric({ start: 40, target: 10, current: 5, direction: 'decrease' })),
    ).toBe(1);
  });

  it('clamps to 0..1 when the value overshoots or falls behind the start', () => {
    expect(keyResultProgress(metric({ current: 150 }))).toBe(1);
    expect(keyResultProgress(metric({ start: 10, current: -5 }))).toBe(0);
  });

  it('treats a zero-width range as a threshold', () => {
    expect(keyResultProgress(metric({ start: 50, target: 50, current: 49 }))).toBe(0);
    expect(keyResultProgress(metric({ start: 50, target: 50, current: 50 }))).toBe(1);
    expect(
      keyResultProgress(metric({ start: 50, target: 50, current: 51, direction: 'decrease' })),
    ).toBe(0);
  });

  it('treats a range that runs against its direction as a threshold, never a negative share', () => {
    expect(
      keyResultProgress(metric({ start: 100, target: 50, current: 80, direction: 'increase' })),
    ).toBe(1);
    expect(
      keyResultProgress(metric({ start: 100, target: 50, current: 40, direction: 'increase' })),
    ).toBe(0);
  });

  it('is all or nothing for a yes/no metric', () => {
    expect(keyResultProgress(metric({ kind: 'boolean', target: 1, current: 0 }))).toBe(0);
    expect(keyResultProgress(metric({ kind: 'boolean', target: 1, current: 1 }))).toBe(1);
  });

  it('counts done milestones for a milestone metric, and an empty list as none', () => {
    const milestones = [
      { title: 'Design', isDone: true },
      { title: 'Build', isDone: true },
      { title: 'Launch', isDone: false },
      { title: 'Review', isDone: false },
    ];
    expect(keyResultProgress(metric({ kind: 'milestone', milestones }))).toBe(0.5);
    expect(keyResultProgress(metric({ kind: 'milestone', milestones: [] }))).toBe(0);
  });

  it('holds a control metric at 1 while it stays on the right side of its line', () => {
    expect(keyResultProgress(metric({ kind: 'stay_above', target: 95, current: 97 }))).toBe(1);
    expect(keyResultProgress(metric({ kind: 'stay_above', target: 95, current: 94.9 }))).toBe(0);
    expect(keyResultProgress(metric({ kind: 'stay_below', target: 2, current: 2 }))).toBe(1);
    expect(keyResultProgress(metric({ kind: 'stay_below', target: 2, current: 3 }))).toBe(0);
  });

  it('works the same for percent and currency kinds', () => {
    expect(
      keyResultProgress(metric({ kind: 'percent', start: 60, target: 80, current: 70 })),
    ).toBeCloseTo(0.5);
    expect(
      keyResultProgress(
        metric({ kind: 'currency', currency: 'EUR', start: 0, target: 200000, current: 50000 }),
      ),
    ).toBeCloseTo(0.25);
  });
});

describe('roll-up', () => {
  it('is the weighted mean of the parts', () => {
    expect(
      weightedProgress([
        { progress: 1, weight: 3 },
        { progress: 0, weight: 1 },
      ]),
    ).toBeCloseTo(0.75);
  });
  it('ignores zero weights and gives 0 when nothing counts', () => {
    expect(
      weightedProgress([
        { progress: 1, weight: 0 },
        { progress: 0.5, weight: 1 },
      ]),
    ).toBeCloseTo(0.5);
    expect(weightedProgress([])).toBe(0);
    expect(weightedProgress([{ progress: 1, weight: 0 }])).toBe(0);
  });
});

describe('pace and status', () => {
  it('measures elapsed time by calendar days with the end date included', () => {
    expect(elapsedFraction('2026-10-01', '2026-12-31', new Date('2026-10-01T00:00:00Z'))).toBe(0);
    expect(elapsedFraction('2026-10-01', '2026-12-31', new Date('2027-01-01T00:00:00Z'))).toBe(1);
    expect(
      elapsedFraction('2026-10-01', '2026-10-10', new Date('2026-10-06T00:00:00Z')),
    ).toBeCloseTo(0.5);
    expect(elapsedFraction('2026-10-01', '2026-12-31', new Date('2026-09-01T00:00:00Z'))).toBe(0);
  });

  it('is on track within the tolerance, at risk within twice it, off track beyond', () => {
    expect(paceStatus(0.45, 0.5, 0.1)).toBe('on_track');
    expect(paceStatus(0.4, 0.5, 0.1)).toBe('on_track');
    expect(paceStatus(0.35, 0.5, 0.1)).toBe('at_risk');
    expect(paceStatus(0.29, 0.5, 0.1)).toBe('off_track');
    expect(paceStatus(1, 0.5)).toBe('done');
    expect(paceStatus(0, 0)).toBe('not_started');
  });

  it('shows the status the owner reported over the pace, and done when the target is reached', () => {
    expect(effectiveStatus('at_risk', 'on_track', 0.5)).toBe('at_risk');
    expect(effectiveStatus(null, 'off_track', 0.1)).toBe('off_track');
    expect(effectiveStatus('on_track', 'on_track', 1)).toBe('done');
  });

  it('never shows an objective healthier than its worst key result', () => {
    expect(objectiveStatus(0.6, 0.5, ['on_track', 'off_track'])).toBe('off_track');
    expect(objectiveStatus(0.6, 0.5, ['done', 'on_track'])).toBe('on_track');
    expect(objectiveStatus(1, 0.5, ['at_risk'])).toBe('done');
  });
});

describe('control metrics', () => {
  it('are on track while they hold the line and off track when they cross it, never done', () => {
    expect(
      keyResultStatus(metric({ kind: 'stay_below', target: 2, current: 1.6 }), null, 0.5),
    ).toEqual({ progress: 1, pace: 'on_track', status: 'on_track' });
    expect(
      keyResultStatus(metric({ kind: 'stay_above', target: 99.9, current: 99.5 }), null, 0.5),
    ).toEqual({ progress: 0, pace: 'off_track', status: 'off_track' });
    expect(
      keyResultStatus(metric({ kind: 'stay_below', target: 2, current: 1 }), 'at_risk', 0.5).status,
    ).toBe('at_risk');
  });
  it('leaves other kinds done when they reach the target', () => {
    expect(keyResultStatus(metric({ current: 100 }), 'on_track', 0.5).status).toBe('done');
  });
});

describe('scoring', () => {
  it('rounds progress to one decimal, as people grade OKRs', () => {
    expect(computedScore(0.74)).toBe(0.7);
    expect(computedScore(0.75)).toBe(0.8);
    expect(computedScore(1.2)).toBe(1);
    expect(computedScore(-1)).toBe(0);
  });
  it('draws the ideal line from start to target over the cycle', () => {
    expect(idealValue({ start: 10, target: 30 }, 0.5)).toBe(20);
    expect(idealValue({ start: 40, target: 10 }, 1)).toBe(10);
  });
});
