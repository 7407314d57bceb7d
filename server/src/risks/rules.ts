/**
 * The risk rules: pure, deterministic and explainable. Each rule looks at plain facts
 * (OKRs, check-ins, evidence times, people) and returns findings that carry the rule,
 * a severity, the facts that triggered it and one sentence a person would write. No
 * I/O here: the service gathers the facts, the tests hand-build them.
 *
 * Boundaries are inclusive on the "still fine" side: a gap exactly at the tolerance,
 * a confidence fall one point short of the threshold, or a check-in exactly two cadences
 * old minus a millisecond are not findings.
 */
import type { CheckInFacts } from '../okrs/records';
import type {
  Cycle,
  Deliverable,
  KeyResult,
  Objective,
  RiskFinding,
  RiskRuleId,
  RiskSeverity,
  Status,
} from '@throughline/contracts';
import { elapsedFraction } from '../okrs/progress';
import { DAY_MS } from '../platform/time/calendar-time';

export interface RiskThresholds {
  checkInCadenceDays: number;
  paceTolerance: number;
  confidenceDrop: number;
  greenWithoutProofWeeks: number;
}

export const DEFAULT_THRESHOLDS: RiskThresholds = {
  checkInCadenceDays: 7,
  paceTolerance: 0.1,
  confidenceDrop: 2,
  greenWithoutProofWeeks: 3,
};

export type RuleKeyResult = Pick<
  KeyResult,
  | 'id'
  | 'objectiveId'
  | 'title'
  | 'ownerId'
  | 'metric'
  | 'progress'
  | 'status'
  | 'confidence'
  | 'lastCheckIn'
  | 'createdAt'
> & {
  teamId: string | null;
  /** When a check-in last moved the value, if the key result keeps it (older than its check-ins in the facts). */
  lastValueChangeAt?: string | null;
};

/** A dependency target as the rules need it: whose it is and how it is doing. */
export interface DependencyTargetFacts {
  kind: 'deliverable' | 'keyResult';
  id: string;
  title: string;
  ownerId: string;
  teamId: string | null;
  /** Key result status, or deliverable state. */
  status: Status | Deliverable['state'];
  dueDate: string | null;
}

export interface RiskFacts {
  now: Date;
  /** Today's date in the tenant's time zone (due dates are calendar dates). */
  today: string;
  cycle: Pick<Cycle, 'id' | 'startsOn' | 'endsOn' | 'state'>;
  thresholds: RiskThresholds;
  objectives: Objective[];
  keyResults: RuleKeyResult[];
  deliverables: Deliverable[];
  /** Check-ins of the key results above, any order. */
  checkIns: Omit<CheckInFacts, 'progress'>[];
  /** When evidence was last attached, per key result id. */
  lastEvidenceAt: Map<string, string>;
  dependencyTargets: Map<string, DependencyTargetFacts>;
  /** Every person the rules may name; a missing id is "no such person". */
  people: Map<string, { displayName: string; isActive: boolean }>;
}

const pct = (value: number) => `${Math.round(value * 100)}%`;
const round2 = (value: number) => Math.round(value * 100) / 100;
const dateDiffDays = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
const isDoneStatus = (status: string) => status === 'done';

function finding(
  ruleId: RiskRuleId,
  severity: RiskSeverity,
  subject: RiskFinding['subject'],
  where: Pick<RiskFinding, 'ownerId' | 'objectiveId' | 'keyResultId' | 'teamId'>,
  facts: RiskFinding['facts'],
  explanation: string,
  idSuffix = '',
): RiskFinding {
  return {
    id: `${ruleId}:${subject.id}${idSuffix ? `:${idSuffix}` : ''}`,
    ruleId,
    severity,
    subject,
    ...where,
    facts,
    explanation,
  };
}

const krWhere = (keyResult: RuleKeyResult) => ({
  ownerId: keyResult.ownerId,
  objectiveId: keyResult.objectiveId,
  keyResultId: keyResult.id,
  teamId: keyResult.teamId,
});
const krSubject = (keyResult: RuleKeyResult) => ({
  kind: 'keyResult' as const,
  id: keyResult.id,
  title: keyResult.title,
});

/** Behind pace: progress trails the share of the cycle that has passed by more than the tolerance. */
export function behindPace(keyResult: RuleKeyResult, facts: RiskFacts): RiskFinding | null {
  if (keyResult.progress >= 1 || isDoneStatus(keyResult.status)) return null;
  const elapsed = elapsedFraction(facts.cycle.startsOn, facts.cycle.endsOn, facts.now);
  if (elapsed <= 0) return null;
  const gap = elapsed - keyResult.progress;
  const tolerance = facts.thresholds.paceTolerance;
  // Compared in whole-percent hundredths so 0.1 + float noise does not trip the boundary.
  if (round2(gap) <= round2(tolerance)) return null;
  const severity: RiskSeverity = round2(gap) > round2(tolerance * 2) ? 'critical' : 'warning';
  return finding(
    'behind_pace',
    severity,
    krSubject(keyResult),
    krWhere(keyResult),
    {
      progress: round2(keyResult.progress),
      expected: round2(elapsed),
      gap: round2(gap),
      tolerance,
    },
    `“${keyResult.title}” is at ${pct(keyResult.progress)} with ${pct(elapsed)} of the cycle gone, ${pct(gap)} behind pace.`,
  );
}

/** No check-in for two cadences (counted from creation when there has never been one). */
export function noRecentCheckIn(keyResult: RuleKeyResult, facts: RiskFacts): RiskFinding | null {
  if (isDoneStatus(keyResult.status) || facts.cycle.state === 'closed') return null;
  const since = keyResult.lastCheckIn?.at ?? keyResult.createdAt;
  const limitMs = 2 * facts.thresholds.checkInCadenceDays * DAY_MS;
  const ageMs = facts.now.getTime() - Date.parse(since);
  if (ageMs < limitMs) return null;
  const days = Math.floor(ageMs / DAY_MS);
  const severity: RiskSeverity = ageMs >= 2 * limitMs ? 'critical' : 'warning';
  const explanation = keyResult.lastCheckIn
    ? `Nobody has checked in “${keyResult.title}” for ${days} days; the cadence is every ${facts.thresholds.checkInCadenceDays} days.`
    : `“${keyResult.title}” was created ${days} days ago and has never been checked in.`;
  return finding(
    'no_recent_check_in',
    severity,
    krSubject(keyResult),
    krWhere(keyResult),
    {
      lastCheckInAt: keyResult.lastCheckIn?.at ?? null,
      daysSince: days,
      cadenceDays: facts.thresholds.checkInCadenceDays,
    },
    explanation,
  );
}

/** Confidence fell by at least the threshold at the latest check-in. */
export function confidenceDrop(
  keyResult: RuleKeyResult,
  latest: RiskFacts['checkIns'][number] | undefined,
  facts: RiskFacts,
): RiskFinding | null {
  if (!latest || latest.previousConfidence === null || isDoneStatus(keyResult.status)) return null;
  const drop = latest.previousConfidence - latest.confidence;
  if (drop < facts.thresholds.confidenceDrop) return null;
  const severity: RiskSeverity =
    drop >= facts.thresholds.confidenceDrop * 2 || latest.confidence <= 3 ? 'critical' : 'warning';
  return finding(
    'confidence_drop',
    severity,
    krSubject(keyResult),
    krWhere(keyResult),
    {
      from: latest.previousConfidence,
      to: latest.confidence,
      drop,
      threshold: facts.thresholds.confidenceDrop,
      checkInAt: latest.at,
    },
    `Confidence in “${keyResult.title}” fell from ${latest.previousConfidence} to ${latest.confidence} out of 10 at the last check-in.`,
  );
}

/**
 * Green without proof: reported on track, yet no check-in moved the value and no evidence
 * was attached for the configured number of weeks.
 */
export function greenWithoutProof(
  keyResult: RuleKeyResult,
  checkIns: RiskFacts['checkIns'],
  facts: RiskFacts,
): RiskFinding | null {
  if (keyResult.progress >= 1 || keyResult.lastCheckIn?.status !== 'on_track') return null;
  const windowMs = facts.thresholds.greenWithoutProofWeeks * 7 * DAY_MS;
  const cutoff = facts.now.getTime() - windowMs;
  if (Date.parse(keyResult.createdAt) > cutoff) return null;
  const lastMove = checkIns
    .filter((checkIn) => checkIn.value !== checkIn.previousValue)
    .reduce<string | null>(
      (latest, checkIn) => (!latest || checkIn.at > latest ? checkIn.at : latest),
      keyResult.lastValueChangeAt ?? null,
    );
  if (lastMove && Date.parse(lastMove) > cutoff) return null;
  const lastEvidence = facts.lastEvidenceAt.get(keyResult.id) ?? null;
  if (lastEvidence && Date.parse(lastEvidence) > cutoff) return null;
  const weeks = facts.thresholds.greenWithoutProofWeeks;
  return finding(
    'green_without_proof',
    'warning',
    krSubject(keyResult),
    krWhere(keyResult),
    { lastValueChangeAt: lastMove, lastEvidenceAt: lastEvidence, weeks },
    `“${keyResult.title}” has been reported on track, but its value has not moved and no evidence was added for ${weeks} weeks.`,
  );
}

export function deliverableOverdue(deliverable: Deliverable, facts: RiskFacts): RiskFinding | null {
  if (deliverable.state === 'done' || !deliverable.dueDate || deliverable.dueDate >= facts.today)
    return null;
  const days = dateDiffDays(deliverable.dueDate, facts.today);
  return finding(
    'deliverable_overdue',
    days > 14 ? 'critical' : 'warning',
    { kind: 'deliverable', id: deliverable.id, title: deliverable.title },
    {
      ownerId: deliverable.ownerId,
      objectiveId: deliverable.objectiveId,
      keyResultId: deliverable.keyResultId,
      teamId: deliverable.teamId,
    },
    { dueDate: deliverable.dueDate, daysOverdue: days, state: deliverable.state },
    `“${deliverable.title}” was due on ${deliverable.dueDate} and is ${days} day${days === 1 ? '' : 's'} overdue.`,
  );
}

export function deliverableBlocked(deliverable: Deliverable): RiskFinding | null {
  if (deliverable.state !== 'blocked') return null;
  return finding(
    'deliverable_blocked',
    'warning',
    { kind: 'deliverable', id: deliverable.id, title: deliverable.title },
    {
      ownerId: deliverable.ownerId,
      objectiveId: deliverable.objectiveId,
      keyResultId: deliverable.keyResultId,
      teamId: deliverable.teamId,
    },
    { state: deliverable.state, blockedSince: deliverable.updatedAt },
    `“${deliverable.title}” is blocked.`,
  );
}

const isTroubled = (target: DependencyTargetFacts, today: string) =>
  target.status === 'at_risk' ||
  target.status === 'off_track' ||
  target.status === 'blocked' ||
  (target.kind === 'deliverable' &&
    target.status !== 'done' &&
    !!target.dueDate &&
    target.dueDate < today);

/** A deliverable waits on another team's (or person's) deliverable or key result that is in trouble. */
export function dependencyAtRisk(deliverable: Deliverable, facts: RiskFacts): RiskFinding[] {
  if (deliverable.state === 'done') return [];
  const found: RiskFinding[] = [];
  for (const link of deliverable.dependsOn) {
    const target = facts.dependencyTargets.get(link.id);
    if (!target) continue;
    const isOtherTeam =
      deliverable.teamId && target.teamId
        ? deliverable.teamId !== target.teamId
        : deliverable.ownerId !== target.ownerId;
    if (!isOtherTeam || !isTroubled(target, facts.today)) continue;
    const isOverdue =
      target.kind === 'deliverable' &&
      target.status !== 'done' &&
      !!target.dueDate &&
      target.dueDate < facts.today &&
      target.status !== 'blocked';
    const how = isOverdue
      ? `overdue since ${target.dueDate}`
      : String(target.status).replace('_', ' ');
    const severity: RiskSeverity =
      target.status === 'off_track' || target.status === 'blocked' ? 'critical' : 'warning';
    found.push(
      finding(
        'dependency_at_risk',
        severity,
        { kind: 'deliverable', id: deliverable.id, title: deliverable.title },
        {
          ownerId: deliverable.ownerId,
          objectiveId: deliverable.objectiveId,
          keyResultId: deliverable.keyResultId,
          teamId: deliverable.teamId,
        },
        {
          dependsOnKind: target.kind,
          dependsOnId: target.id,
          dependsOnTitle: target.title,
          dependsOnStatus: String(target.status),
          dependsOnOwnerId: target.ownerId,
          dependsOnTeamId: target.teamId,
        },
        `“${deliverable.title}” depends on “${target.title}”, which is ${how}.`,
        target.id,
      ),
    );
  }
  return found;
}

export function objectiveWithoutKeyResults(
  objective: Objective,
  keyResultCount: number,
): RiskFinding | null {
  if (objective.state !== 'active' || keyResultCount > 0) return null;
  return finding(
    'objective_without_key_results',
    'warning',
    { kind: 'objective', id: objective.id, title: objective.title },
    {
      ownerId: objective.ownerId,
      objectiveId: objective.id,
      keyResultId: null,
      teamId: objective.teamId,
    },
    { keyResults: 0 },
    `“${objective.title}” has no key results, so nobody can tell whether it is being achieved.`,
  );
}

export function objectiveWithoutOwner(objective: Objective, facts: RiskFacts): RiskFinding | null {
  if (objective.state !== 'active') return null;
  const owner = objective.ownerId ? facts.people.get(objective.ownerId) : undefined;
  if (owner?.isActive) return null;
  const where = {
    ownerId: objective.ownerId || null,
    objectiveId: objective.id,
    keyResultId: null,
    teamId: objective.teamId,
  };
  const subject = { kind: 'objective' as const, id: objective.id, title: objective.title };
  if (!owner)
    return finding(
      'objective_without_owner',
      'critical',
      subject,
      where,
      { ownerId: objective.ownerId || null, ownerState: 'missing' },
      `“${objective.title}” has no owner in the organisation.`,
    );
  return finding(
    'objective_without_owner',
    'critical',
    subject,
    where,
    { ownerId: objective.ownerId, ownerState: 'inactive', ownerName: owner.displayName },
    `“${objective.title}” is owned by ${owner.displayName}, who is no longer active.`,
  );
}

export function objectiveNotAligned(objective: Objective): RiskFinding | null {
  if (objective.state !== 'active' || objective.level === 'company' || objective.alignsTo)
    return null;
  return finding(
    'objective_not_aligned',
    'info',
    { kind: 'objective', id: objective.id, title: objective.title },
    {
      ownerId: objective.ownerId,
      objectiveId: objective.id,
      keyResultId: null,
      teamId: objective.teamId,
    },
    { level: objective.level },
    `“${objective.title}” is not aligned to any company or team objective.`,
  );
}

const severityRank: Record<RiskSeverity, number> = { critical: 0, warning: 1, info: 2 };

/** Runs every rule over the facts; findings come most severe first, then by subject title. */
export function evaluateRisks(facts: RiskFacts): RiskFinding[] {
  const findings: RiskFinding[] = [];
  const checkInsByKeyResult = new Map<string, RiskFacts['checkIns']>();
  for (const checkIn of facts.checkIns)
    checkInsByKeyResult.set(checkIn.keyResultId, [
      ...(checkInsByKeyResult.get(checkIn.keyResultId) ?? []),
      checkIn,
    ]);
  const keyResultCount = new Map<string, number>();
  for (const keyResult of facts.keyResults)
    keyResultCount.set(keyResult.objectiveId, (keyResultCount.get(keyResult.objectiveId) ?? 0) + 1);
  const isOpen = facts.cycle.state === 'open';

  for (const keyResult of facts.keyResults) {
    const checkIns = checkInsByKeyResult.get(keyResult.id) ?? [];
    const latest = checkIns.reduce<RiskFacts['checkIns'][number] | undefined>(
      (best, checkIn) => (!best || checkIn.at > best.at ? checkIn : best),
      undefined,
    );
    const candidates = [
      isOpen ? behindPace(keyResult, facts) : null,
      noRecentCheckIn(keyResult, facts),
      confidenceDrop(keyResult, latest, facts),
      isOpen ? greenWithoutProof(keyResult, checkIns, facts) : null,
    ];
    for (const candidate of candidates) if (candidate) findings.push(candidate);
  }
  for (const deliverable of facts.deliverables) {
    const candidates = [
      deliverableOverdue(deliverable, facts),
      deliverableBlocked(deliverable),
      ...dependencyAtRisk(deliverable, facts),
    ];
    for (const candidate of candidates) if (candidate) findings.push(candidate);
  }
  for (const objective of facts.objectives) {
    const candidates = [
      objectiveWithoutKeyResults(objective, keyResultCount.get(objective.id) ?? 0),
      objectiveWithoutOwner(objective, facts),
      objectiveNotAligned(objective),
    ];
    for (const candidate of candidates) if (candidate) findings.push(candidate);
  }
  return findings.sort(
    (a, b) =>
      severityRank[a.severity] - severityRank[b.severity] ||
      a.subject.title.localeCompare(b.subject.title) ||
      a.id.localeCompare(b.id),
  );
}

export function countBySeverity(findings: RiskFinding[]): Record<RiskSeverity, number> {
  const counts: Record<RiskSeverity, number> = { info: 0, warning: 0, critical: 0 };
  for (const item of findings) counts[item.severity] += 1;
  return counts;
}
