import type { Deliverable, Objective } from '@throughline/contracts';
import {
  DEFAULT_THRESHOLDS,
  behindPace,
  confidenceDrop,
  countBySeverity,
  deliverableBlocked,
  deliverableOverdue,
  dependencyAtRisk,
  evaluateRisks,
  greenWithoutProof,
  noRecentCheckIn,
  objectiveNotAligned,
  objectiveWithoutKeyResults,
  objectiveWithoutOwner,
  type RiskFacts,
  type RuleKeyResult,
} from '../../src/risks/rules';

const DAY = 86_400_000;
// Cycle 2026-10-01 .. 2026-12-30 is 91 days; 2026-11-15T12:00Z is exactly halfway (45.5 days).
const cycle = { id: 'c1', startsOn: '2026-10-01', endsOn: '2026-12-30', state: 'open' as const };
const halfway = new Date('2026-11-15T12:00:00Z');

function buildKeyResult(overrides: Partial<RuleKeyResult> = {}): RuleKeyResult {
  return {
    id: 'kr1',
    objectiveId: 'o1',
    title: 'Signed ARR',
    ownerId: 'p1',
    teamId: 't1',
    metric: {
      kind: 'number',
      start: 0,
      target: 100,
      current: 50,
      unit: '',
      direction: 'increase',
      milestones: [],
    },
    progress: 0.5,
    status: 'on_track',
    confidence: 7,
    lastCheckIn: {
      id: 'ci1',
      at: new Date(halfway.getTime() - 2 * DAY).toISOString(),
      value: 50,
      confidence: 7,
      status: 'on_track',
      authorId: 'p1',
    },
    createdAt: '2026-10-01T09:00:00.000Z',
    ...overrides,
  };
}

function buildDeliverable(overrides: Partial<Deliverable> = {}): Deliverable {
  return {
    id: 'd1',
    objectiveId: 'o1',
    keyResultId: 'kr1',
    cycleId: 'c1',
    title: 'Send the proposal',
    ownerId: 'p1',
    teamId: 't1',
    dueDate: '2026-11-20',
    state: 'doing',
    dependsOn: [],
    version: 1,
    createdAt: '2026-10-02T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    ...overrides,
  };
}

function buildObjective(overrides: Partial<Objective> = {}): Objective {
  return {
    id: 'o1',
    cycleId: 'c1',
    title: 'Win Northwind',
    description: '',
    level: 'individual',
    ownerId: 'p1',
    teamId: 't1',
    alignsTo: { kind: 'objective', id: 'o0' },
    contributors: [],
    visibility: 'public',
    state: 'active',
    includeAlignedInProgress: false,
    progress: 0.5,
    status: 'on_track',
    score: null,
    version: 1,
    createdAt: '2026-10-01T00:00:00.000Z',
    updatedAt: '2026-10-01T00:00:00.000Z',
    ...overrides,
  };
}

function buildFacts(overrides: Partial<RiskFacts> = {}): RiskFacts {
  return {
    now: halfway,
    today: '2026-11-15',
    cycle,
    thresholds: DEFAULT_THRESHOLDS,
    objectives: [],
    keyResults: [],
    deliverables: [],
    checkIns: [],
    lastEvidenceAt: new Map(),
    dependencyTargets: new Map(),
    people: new Map([['p1', { displayName: 'Diego Siciliani', isActive: true }]]),
    ...overrides,
  };
}

describe('behind pace', () => {
  it('is not a finding when the gap equals the tolerance', () => {
    expect(behindPace(buildKeyResult({ progress: 0.4 }), buildFacts())).toBeNull();
  });
  it('warns when the gap is just over the tolerance, with the facts and a sentence', () => {
    const found = behindPace(buildKeyResult({ progress: 0.39 }), buildFacts());
    expect(found).toMatchObject({
      ruleId: 'behind_pace',
      severity: 'warning',
      facts: { progress: 0.39, expected: 0.5, gap: 0.11, tolerance: 0.1 },
    });
    expect(found!.explanation).toBe(
      '“Signed ARR” is at 39% with 50% of the cycle gone, 11% behind pace.',
    );
  });
  it('is critical beyond twice the tolerance and quiet at exactly twice', () => {
    expect(behindPace(buildKeyResult({ progress: 0.3 }), buildFacts())!.severity).toBe('warning');
    expect(behindPace(buildKeyResult({ progress: 0.29 }), buildFacts())!.severity).toBe('critical');
  });
  it('uses the tenant’s tolerance', () => {
    expect(
      behindPace(
        buildKeyResult({ progress: 0.3 }),
        buildFacts({ thresholds: { ...DEFAULT_THRESHOLDS, paceTolerance: 0.2 } }),
      ),
    ).toBeNull();
  });
  it('ignores done key results and cycles that have not started', () => {
    expect(behindPace(buildKeyResult({ progress: 1, status: 'done' }), buildFacts())).toBeNull();
    expect(
      behindPace(
        buildKeyResult({ progress: 0 }),
        buildFacts({ now: new Date('2026-09-30T12:00:00Z') }),
      ),
    ).toBeNull();
  });
});

describe('no check-in for two cadences', () => {
  const lastAt = (daysAgo: number, extraMs = 0) => ({
    id: 'ci',
    at: new Date(halfway.getTime() - daysAgo * DAY + extraMs).toISOString(),
    value: 1,
    confidence: 7,
    status: 'on_track' as const,
    authorId: 'p1',
  });
  it('is quiet a millisecond before two cadences and fires at exactly two', () => {
    expect(
      noRecentCheckIn(buildKeyResult({ lastCheckIn: lastAt(14, 1) }), buildFacts()),
    ).toBeNull();
    const found = noRecentCheckIn(buildKeyResult({ lastCheckIn: lastAt(14) }), buildFacts());
    expect(found).toMatchObject({
      ruleId: 'no_recent_check_in',
      severity: 'warning',
      facts: { daysSince: 14, cadenceDays: 7 },
    });
    expect(found!.explanation).toBe(
      'Nobody has checked in “Signed ARR” for 14 days; the cadence is every 7 days.',
    );
  });
  it('is critical after four cadences', () => {
    expect(
      noRecentCheckIn(buildKeyResult({ lastCheckIn: lastAt(28) }), buildFacts())!.severity,
    ).toBe('critical');
  });
  it('counts from creation when there was never a check-in', () => {
    const found = noRecentCheckIn(
      buildKeyResult({
        lastCheckIn: null,
        createdAt: new Date(halfway.getTime() - 20 * DAY).toISOString(),
      }),
      buildFacts(),
    );
    expect(found!.explanation).toBe(
      '“Signed ARR” was created 20 days ago and has never been checked in.',
    );
    expect(
      noRecentCheckIn(
        buildKeyResult({
          lastCheckIn: null,
          createdAt: new Date(halfway.getTime() - 3 * DAY).toISOString(),
        }),
        buildFacts(),
      ),
    ).toBeNull();
  });
  it('follows the cadence setting and ignores done key results', () => {
    expect(
      noRecentCheckIn(
        buildKeyResult({ lastCheckIn: lastAt(14) }),
        buildFacts({ thresholds: { ...DEFAULT_THRESHOLDS, checkInCadenceDays: 14 } }),
      ),
    ).toBeNull();
    expect(
      noRecentCheckIn(buildKeyResult({ lastCheckIn: lastAt(30), status: 'done' }), buildFacts()),
    ).toBeNull();
  });
});

describe('confidence drop', () => {
  const checkIn = (previousConfidence: number | null, confidence: number) => ({
    keyResultId: 'kr1',
    value: 50,
    previousValue: 40,
    confidence,
    previousConfidence,
    status: 'at_risk' as const,
    at: '2026-11-14T10:00:00.000Z',
  });
  it('is quiet one point short of the threshold and fires at it', () => {
    expect(confidenceDrop(buildKeyResult(), checkIn(8, 7), buildFacts())).toBeNull();
    const found = confidenceDrop(buildKeyResult(), checkIn(8, 6), buildFacts());
    expect(found).toMatchObject({
      ruleId: 'confidence_drop',
      severity: 'warning',
      facts: { from: 8, to: 6, drop: 2, threshold: 2 },
    });
    expect(found!.explanation).toBe(
      'Confidence in “Signed ARR” fell from 8 to 6 out of 10 at the last check-in.',
    );
  });
  it('is critical for twice the threshold or a confidence of 3 or less', () => {
    expect(confidenceDrop(buildKeyResult(), checkIn(9, 5), buildFacts())!.severity).toBe(
      'critical',
    );
    expect(confidenceDrop(buildKeyResult(), checkIn(5, 3), buildFacts())!.severity).toBe(
      'critical',
    );
  });
  it('needs a previous confidence and ignores rises', () => {
    expect(confidenceDrop(buildKeyResult(), checkIn(null, 2), buildFacts())).toBeNull();
    expect(confidenceDrop(buildKeyResult(), checkIn(4, 9), buildFacts())).toBeNull();
    expect(confidenceDrop(buildKeyResult(), undefined, buildFacts())).toBeNull();
  });
});

describe('green without proof', () => {
  const weeksAgo = (weeks: number, extraMs = 0) =>
    new Date(halfway.getTime() - weeks * 7 * DAY + extraMs).toISOString();
  const flat = (at: string) => ({
    keyResultId: 'kr1',
    value: 50,
    previousValue: 50,
    confidence: 8,
    previousConfidence: 8,
    status: 'on_track' as const,
    at,
  });
  const moved = (at: string) => ({ ...flat(at), previousValue: 45 });
  it('fires when on track, flat and without evidence for the configured weeks', () => {
    const found = greenWithoutProof(
      buildKeyResult(),
      [moved(weeksAgo(3)), flat(weeksAgo(1))],
      buildFacts(),
    );
    expect(found).toMatchObject({
      ruleId: 'green_without_proof',
      severity: 'warning',
      facts: { weeks: 3 },
    });
    expect(found!.explanation).toBe(
      '“Signed ARR” has been reported on track, but its value has not moved and no evidence was added for 3 weeks.',
    );
  });
  it('is quiet when the value moved a millisecond inside the window', () => {
    expect(greenWithoutProof(buildKeyResult(), [moved(weeksAgo(3, 1))], buildFacts())).toBeNull();
  });
  it('is quiet when evidence was attached inside the window', () => {
    expect(
      greenWithoutProof(
        buildKeyResult(),
        [flat(weeksAgo(1))],
        buildFacts({ lastEvidenceAt: new Map([['kr1', weeksAgo(2)]]) }),
      ),
    ).toBeNull();
    expect(
      greenWithoutProof(
        buildKeyResult(),
        [flat(weeksAgo(1))],
        buildFacts({ lastEvidenceAt: new Map([['kr1', weeksAgo(4)]]) }),
      ),
    ).not.toBeNull();
  });
  it('only looks at key results reported on track, old enough to judge', () => {
    const atRisk = buildKeyResult({
      lastCheckIn: {
        id: 'x',
        at: weeksAgo(1),
        value: 50,
        confidence: 5,
        status: 'at_risk',
        authorId: 'p1',
      },
    });
    expect(greenWithoutProof(atRisk, [], buildFacts())).toBeNull();
    expect(
      greenWithoutProof(buildKeyResult({ createdAt: weeksAgo(2) }), [], buildFacts()),
    ).toBeNull();
  });
});

describe('deliverables', () => {
  it('overdue: due yesterday is one day overdue; due today is not', () => {
    expect(
      deliverableOverdue(buildDeliverable({ dueDate: '2026-11-15' }), buildFacts()),
    ).toBeNull();
    const found = deliverableOverdue(buildDeliverable({ dueDate: '2026-11-14' }), buildFacts());
    expect(found).toMatchObject({
      ruleId: 'deliverable_overdue',
      severity: 'warning',
      facts: { daysOverdue: 1 },
    });
    expect(found!.explanation).toBe(
      '“Send the proposal” was due on 2026-11-14 and is 1 day overdue.',
    );
  });
  it('overdue: critical after two weeks, never when done', () => {
    expect(
      deliverableOverdue(buildDeliverable({ dueDate: '2026-11-01' }), buildFacts())!.severity,
    ).toBe('warning');
    expect(
      deliverableOverdue(buildDeliverable({ dueDate: '2026-10-31' }), buildFacts())!.severity,
    ).toBe('critical');
    expect(
      deliverableOverdue(buildDeliverable({ dueDate: '2026-10-01', state: 'done' }), buildFacts()),
    ).toBeNull();
  });
  it('blocked: only the blocked state', () => {
    expect(deliverableBlocked(buildDeliverable({ state: 'blocked' }))).toMatchObject({
      ruleId: 'deliverable_blocked',
      explanation: '“Send the proposal” is blocked.',
    });
    expect(deliverableBlocked(buildDeliverable({ state: 'doing' }))).toBeNull();
  });
});

describe('dependency at risk', () => {
  const waiting = buildDeliverable({ dependsOn: [{ kind: 'keyResult', id: 'kr9' }] });
  const target = (
    overrides: Partial<
      RiskFacts['dependencyTargets'] extends Map<string, infer T> ? T : never
    > = {},
  ) =>
    new Map([
      [
        'kr9',
        {
          kind: 'keyResult' as const,
          id: 'kr9',
          title: 'API uptime',
          ownerId: 'p9',
          teamId: 't9',
          status: 'at_risk' as const,
          dueDate: null,
          ...overrides,
        },
      ],
    ]);
  it('fires for another team’s key result at risk, naming it', () => {
    const [found] = dependencyAtRisk(waiting, buildFacts({ dependencyTargets: target() }));
    expect(found).toMatchObject({
      ruleId: 'dependency_at_risk',
      severity: 'warning',
      id: 'dependency_at_risk:d1:kr9',
      facts: { dependsOnId: 'kr9', dependsOnStatus: 'at_risk', dependsOnTeamId: 't9' },
    });
    expect(found!.explanation).toBe(
      '“Send the proposal” depends on “API uptime”, which is at risk.',
    );
  });
  it('is critical when the target is off track, quiet when it is on track or the same team', () => {
    expect(
      dependencyAtRisk(
        waiting,
        buildFacts({ dependencyTargets: target({ status: 'off_track' }) }),
      )[0]!.severity,
    ).toBe('critical');
    expect(
      dependencyAtRisk(waiting, buildFacts({ dependencyTargets: target({ status: 'on_track' }) })),
    ).toEqual([]);
    expect(
      dependencyAtRisk(waiting, buildFacts({ dependencyTargets: target({ teamId: 't1' }) })),
    ).toEqual([]);
  });
  it('treats another team’s overdue deliverable as at risk', () => {
    const onDeliverable = buildDeliverable({ dependsOn: [{ kind: 'deliverable', id: 'd9' }] });
    const targets = new Map([
      [
        'd9',
        {
          kind: 'deliverable' as const,
          id: 'd9',
          title: 'Legal review',
          ownerId: 'p9',
          teamId: 't9',
          status: 'doing' as const,
          dueDate: '2026-11-10',
        },
      ],
    ]);
    expect(
      dependencyAtRisk(onDeliverable, buildFacts({ dependencyTargets: targets }))[0]!.explanation,
    ).toBe('“Send the proposal” depends on “Legal review”, which is overdue since 2026-11-10.');
  });
});

describe('objective rules', () => {
  it('no key results', () => {
    expect(objectiveWithoutKeyResults(buildObjective(), 0)).toMatchObject({
      ruleId: 'objective_without_key_results',
      severity: 'warning',
    });
    expect(objectiveWithoutKeyResults(buildObjective(), 1)).toBeNull();
    expect(objectiveWithoutKeyResults(buildObjective({ state: 'archived' }), 0)).toBeNull();
  });
  it('no owner, or an owner who left', () => {
    expect(objectiveWithoutOwner(buildObjective(), buildFacts())).toBeNull();
    expect(objectiveWithoutOwner(buildObjective({ ownerId: 'gone' }), buildFacts())).toMatchObject({
      facts: { ownerState: 'missing' },
      explanation: '“Win Northwind” has no owner in the organisation.',
    });
    const left = buildFacts({
      people: new Map([['p1', { displayName: 'Diego Siciliani', isActive: false }]]),
    });
    expect(objectiveWithoutOwner(buildObjective(), left)).toMatchObject({
      severity: 'critical',
      facts: { ownerState: 'inactive' },
      explanation: '“Win Northwind” is owned by Diego Siciliani, who is no longer active.',
    });
  });
  it('no alignment, except for company objectives', () => {
    expect(objectiveNotAligned(buildObjective({ alignsTo: null }))).toMatchObject({
      ruleId: 'objective_not_aligned',
      severity: 'info',
    });
    expect(objectiveNotAligned(buildObjective({ alignsTo: null, level: 'company' }))).toBeNull();
    expect(objectiveNotAligned(buildObjective())).toBeNull();
  });
});

describe('evaluateRisks', () => {
  it('runs every rule and sorts the most severe first', () => {
    const facts = buildFacts({
      objectives: [
        buildObjective(),
        buildObjective({ id: 'o2', title: 'Empty objective', alignsTo: null }),
      ],
      keyResults: [buildKeyResult({ progress: 0.1 })],
      deliverables: [buildDeliverable({ state: 'blocked' })],
      checkIns: [
        {
          keyResultId: 'kr1',
          value: 10,
          previousValue: 5,
          confidence: 7,
          previousConfidence: 7,
          status: 'on_track',
          at: '2026-11-13T09:00:00.000Z',
        },
      ],
    });
    const findings = evaluateRisks(facts);
    // Critical first, then warnings by subject title, then info.
    expect(findings.map((item) => item.ruleId)).toEqual([
      'behind_pace',
      'objective_without_key_results',
      'deliverable_blocked',
      'objective_not_aligned',
    ]);
    expect(countBySeverity(findings)).toEqual({ critical: 1, warning: 2, info: 1 });
  });
  it('leaves out pace and proof rules once the cycle is closed', () => {
    const facts = buildFacts({
      cycle: { ...cycle, state: 'closed' },
      keyResults: [buildKeyResult({ progress: 0.1 })],
      objectives: [buildObjective()],
    });
    expect(evaluateRisks(facts)).toEqual([]);
  });
});
