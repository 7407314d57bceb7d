/**
 * Risks and digests for people and teams: gathers the facts the pure rules and the
 * digest need, and records when each finding was first seen. One person's or team's
 * risks read that scope by indexed equalities (`loadScopedSnapshot`); the jobs, which
 * evaluate every scope of a tenant, read the cycle once and filter it many times.
 */
import type {
  Cycle,
  Deliverable,
  Digest,
  DigestQuery,
  Objective,
  RiskFinding,
  RiskReport,
  RisksQuery,
  Status,
  TenantSettings,
} from '@throughline/contracts';
import {
  eventsBetween,
  evidenceAttachedSince,
  evidenceRemovedSince,
  type EventRow,
} from '../narrative/service';
import { visibleEventsFor } from '../narrative/visibility';
import { canSeeObjective } from '../okrs/permissions';
import { keyResultToday, objectiveToday } from '../okrs/today';
import { currentCycle, getCycle } from '../okrs/service';
import { okrRecords, type CheckInFacts, type StoredKeyResult } from '../okrs/records';
import {
  findPerson,
  findTeam,
  namesAndStates,
  namesAndStatesOf,
  namesOf,
  teamWithDescendants,
} from '../people/service';
import type { Context } from '../platform/context';
import { AppError, notFound } from '../platform/http/errors';
import {
  DAY_MS,
  localDate,
  mondayOf,
  weekOfInstant,
  weekWindow,
} from '../platform/time/calendar-time';
import { buildDigest } from './digest';
import {
  countBySeverity,
  evaluateRisks,
  type DependencyTargetFacts,
  type RiskFacts,
  type RiskThresholds,
} from './rules';
import { getSettings } from '../settings/service';
import { riskStore } from './store';

/** One cycle's OKRs as the caller may see them, and everyone's name and state: read once, filtered many times. */
export interface CycleSnapshot {
  cycle: Cycle;
  objectives: Objective[];
  keyResults: StoredKeyResult[];
  deliverables: Deliverable[];
  people: Map<string, { displayName: string; isActive: boolean }>;
}

export interface RiskScope {
  personId?: string;
  /** The team and its sub-teams. */
  teamIds?: string[];
}

export const thresholdsOf = (settings: TenantSettings): RiskThresholds => ({
  checkInCadenceDays: settings.checkInCadenceDays,
  paceTolerance: settings.paceTolerance,
  confidenceDrop: settings.confidenceDrop,
  greenWithoutProofWeeks: settings.greenWithoutProofWeeks,
});

export async function loadCycleSnapshot(ctx: Context, cycle: Cycle): Promise<CycleSnapshot> {
  const okrs = okrRecords(ctx);
  const [objectives, keyResults, deliverables, people, settings] = await Promise.all([
    okrs.activeObjectivesInCycle(cycle.id),
    okrs.keyResultsInCycle(cycle.id),
    okrs.deliverablesInCycle(cycle.id),
    namesAndStates(ctx),
    getSettings(ctx),
  ]);
  return snapshotOf(ctx, cycle, settings, objectives, keyResults, deliverables, people);
}

/** OKRs as they stand today, only those under objectives the caller may see. */
async function snapshotOf(
  ctx: Context,
  cycle: Cycle,
  settings: TenantSettings,
  allObjectives: Objective[],
  storedKeyResults: StoredKeyResult[],
  deliverables: Deliverable[],
  people: { id: string; displayName: string; isActive?: boolean }[],
): Promise<CycleSnapshot> {
  // Pace and status as they stand today, as every view shows them.
  const today = { now: ctx.now, paceTolerance: settings.paceTolerance };
  const keyResults = storedKeyResults.map((keyResult) => keyResultToday(keyResult, cycle, today));
  const statusesOf = new Map<string, Status[]>();
  for (const keyResult of keyResults)
    statusesOf.set(keyResult.objectiveId, [
      ...(statusesOf.get(keyResult.objectiveId) ?? []),
      keyResult.status,
    ]);
  const objectives: Objective[] = [];
  for (const objective of allObjectives)
    if (await canSeeObjective(ctx, objective))
      objectives.push(objectiveToday(objective, cycle, statusesOf.get(objective.id) ?? [], today));
  const visible = new Set(objectives.map((objective) => objective.id));
  return {
    cycle,
    objectives,
    keyResults: keyResults.filter((keyResult) => visible.has(keyResult.objectiveId)),
    deliverables: deliverables.filter((deliverable) => visible.has(deliverable.objectiveId)),
    people: new Map(
      people.map((person) => [
        person.id,
        { displayName: person.displayName, isActive: person.isActive !== false },
      ]),
    ),
  };
}

/**
 * A snapshot read by a background job (which sees everything) cut down to what one person
 * may see: the objectives `canSeeObjective` lets them see, and only the key results and
 * deliverables under those. A job that builds something for a person (their digest) reads
 * the cycle once and cuts it per person with this, so nothing reaches them that the tab
 * would not show them.
 */
export async function snapshotSeenBy(
  viewer: Context,
  snapshot: CycleSnapshot | null,
): Promise<CycleSnapshot | null> {
  if (!snapshot) return null;
  const objectives: Objective[] = [];
  for (const objective of snapshot.objectives)
    if (await canSeeObjective(viewer, objective)) objectives.push(objective);
  const visible = new Set(objectives.map((objective) => objective.id));
  return {
    ...snapshot,
    objectives,
    keyResults: snapshot.keyResults.filter((keyResult) => visible.has(keyResult.objectiveId)),
    deliverables: snapshot.deliverables.filter((deliverable) =>
      visible.has(deliverable.objectiveId),
    ),
  };
}

/**
 * The part of a cycle one scope needs, read by that scope's indexed fields — a person's
 * objectives, key results and deliverables by owner, a team's by team — with the
 * objectives those belong to (for who may see them) and the names of their owners. What
 * `scopeOf` keeps of it is what it keeps of the whole cycle's snapshot; with no person or
 * team the scope is the cycle.
 */
export async function loadScopedSnapshot(
  ctx: Context,
  cycle: Cycle,
  scope: RiskScope,
): Promise<CycleSnapshot> {
  if (!scope.personId && !scope.teamIds) return loadCycleSnapshot(ctx, cycle);
  const okrs = okrRecords(ctx);
  let objectives: Objective[];
  let keyResults: StoredKeyResult[];
  let deliverables: Deliverable[];
  if (scope.personId) {
    const personId = scope.personId;
    const [owned, ownKeyResults, ownDeliverables] = await Promise.all([
      okrs.activeObjectivesOwnedBy(personId, cycle.id),
      okrs.keyResultsOfPerson(personId, cycle.id),
      okrs.deliverablesOwnedBy(personId, cycle.id),
    ]);
    const ownedIds = owned.map((objective) => objective.id);
    const [underOwned, deliverablesUnderOwned] = await Promise.all([
      okrs.keyResultsOfObjectives(ownedIds),
      okrs.deliverablesOfObjectives(ownedIds),
    ]);
    objectives = owned;
    keyResults = uniqueById([...ownKeyResults, ...underOwned]);
    deliverables = uniqueById([...ownDeliverables, ...deliverablesUnderOwned]);
  } else {
    const teamIds = scope.teamIds!;
    [objectives, keyResults, deliverables] = await Promise.all([
      okrs.objectivesOfTeams(cycle.id, teamIds),
      okrs.keyResultsOfTeams(cycle.id, teamIds),
      okrs.deliverablesOfTeams(cycle.id, teamIds),
    ]);
    objectives = objectives.filter((objective) => objective.state === 'active');
  }
  // The objectives the key results and deliverables belong to, for who may see them.
  const known = new Set(objectives.map((objective) => objective.id));
  const parents = await Promise.all(
    [...new Set([...keyResults, ...deliverables].map((item) => item.objectiveId))]
      .filter((id) => !known.has(id))
      .map((id) => okrs.objective(id)),
  );
  const all = [
    ...objectives,
    ...parents.filter(
      (objective): objective is Objective =>
        !!objective && objective.state === 'active' && objective.cycleId === cycle.id,
    ),
  ];
  const [people, settings] = await Promise.all([
    namesAndStatesOf(ctx, [...new Set(all.map((objective) => objective.ownerId))]),
    getSettings(ctx),
  ]);
  return snapshotOf(ctx, cycle, settings, all, keyResults, deliverables, people);
}

/** The part of a snapshot a person (their objectives, key results and deliverables) or a team owns. */
export function scopeOf(
  snapshot: CycleSnapshot,
  scope: RiskScope,
): Pick<CycleSnapshot, 'objectives' | 'keyResults' | 'deliverables'> {
  if (scope.personId) {
    const person = scope.personId;
    const owned = new Set(
      snapshot.objectives
        .filter((objective) => objective.ownerId === person)
        .map((objective) => objective.id),
    );
    return {
      objectives: snapshot.objectives.filter((objective) => owned.has(objective.id)),
      keyResults: snapshot.keyResults.filter(
        (keyResult) =>
          keyResult.ownerId === person ||
          keyResult.coOwnerIds.includes(person) ||
          owned.has(keyResult.objectiveId),
      ),
      deliverables: snapshot.deliverables.filter(
        (deliverable) => deliverable.ownerId === person || owned.has(deliverable.objectiveId),
      ),
    };
  }
  if (scope.teamIds) {
    const teams = new Set(scope.teamIds);
    return {
      objectives: snapshot.objectives.filter(
        (objective) => !!objective.teamId && teams.has(objective.teamId),
      ),
      keyResults: snapshot.keyResults.filter(
        (keyResult) => !!keyResult.teamId && teams.has(keyResult.teamId),
      ),
      deliverables: snapshot.deliverables.filter(
        (deliverable) => !!deliverable.teamId && teams.has(deliverable.teamId),
      ),
    };
  }
  return {
    objectives: snapshot.objectives,
    keyResults: snapshot.keyResults,
    deliverables: snapshot.deliverables,
  };
}

/** Check-ins and evidence events already read for a wider set of key results (one scan instead of one per scope). */
export interface PreloadedFacts {
  checkIns: CheckInFacts[];
  /** `evidence.attached` events since `evidenceSince` or earlier, of evidence that is still attached. */
  evidenceEvents: EventRow[];
  evidenceSince: Date;
  /** The moment back to which the check-ins give each key result's progress (absent: only what the rules need). */
  progressSince?: Date;
}

/**
 * Reads the check-ins and evidence of some key results once, for several scopes or both the
 * rules and a card. A key result's own summary (its newest check-ins, when its value last
 * moved) is all the rules need; a card also needs the progress at `progressSince`, which the
 * summary has when it reaches back that far or holds every check-in. Only the check-ins of
 * the key results whose summary falls short are read.
 */
export async function preloadFacts(
  ctx: Context,
  keyResults: Pick<StoredKeyResult, 'id' | 'recentCheckIns' | 'hasOlderCheckIns'>[],
  evidenceSince: Date,
  progressSince?: Date,
): Promise<PreloadedFacts> {
  const since = progressSince?.toISOString();
  const summarised: CheckInFacts[] = [];
  const unsummarised: string[] = [];
  for (const keyResult of keyResults) {
    const recent = keyResult.recentCheckIns;
    const reachesBack =
      !since || !keyResult.hasOlderCheckIns || !!recent?.some((checkIn) => checkIn.at <= since);
    if (recent && reachesBack)
      summarised.push(...recent.map((checkIn) => ({ keyResultId: keyResult.id, ...checkIn })));
    else unsummarised.push(keyResult.id);
  }
  const keyResultIds = keyResults.map((keyResult) => keyResult.id);
  const [read, attachedEvents, removedEvents] = await Promise.all([
    unsummarised.length > 0 ? okrRecords(ctx).checkInFactsOf(unsummarised) : [],
    evidenceAttachedSince(ctx, keyResultIds, evidenceSince),
    evidenceRemovedSince(ctx, keyResultIds, evidenceSince),
  ]);
  // Proof is what is still attached: an item attached and then removed proves nothing. A
  // removal after an attach in the window is in the window too, so the newest of an item's
  // events (by its version) says whether it is still attached, without reading the items.
  const newest = new Map<string, { seq: number; type: string }>();
  for (const event of [...attachedEvents, ...removedEvents]) {
    const known = newest.get(event.subject.id);
    if (!known || event.seq > known.seq) newest.set(event.subject.id, event);
  }
  const evidenceEvents = attachedEvents.filter(
    (event) => newest.get(event.subject.id)?.type === 'evidence.attached',
  );
  return { checkIns: [...summarised, ...read], evidenceEvents, evidenceSince, progressSince };
}

/** Runs the rules over a scope of a snapshot. A read: first sightings are recorded by `recordRiskSightings`. */
export async function evaluateScope(
  ctx: Context,
  snapshot: CycleSnapshot,
  settings: TenantSettings,
  scope: RiskScope,
  preloaded?: PreloadedFacts,
): Promise<RiskFinding[]> {
  const part = scopeOf(snapshot, scope);
  const keyResultIds = part.keyResults.map((keyResult) => keyResult.id);
  const thresholds = thresholdsOf(settings);
  const evidenceSince = new Date(
    ctx.now.getTime() - thresholds.greenWithoutProofWeeks * 7 * DAY_MS,
  );
  const inScope = new Set(keyResultIds);
  const facts =
    preloaded && preloaded.evidenceSince <= evidenceSince
      ? preloaded
      : await preloadFacts(ctx, part.keyResults, evidenceSince);
  const checkIns = facts.checkIns.filter((checkIn) => inScope.has(checkIn.keyResultId));
  const evidenceEvents = facts.evidenceEvents.filter(
    (event) =>
      !!event.keyResultId &&
      inScope.has(event.keyResultId) &&
      Date.parse(event.at) >= evidenceSince.getTime(),
  );
  const lastEvidenceAt = new Map<string, string>();
  for (const event of evidenceEvents) {
    if (event.keyResultId && (lastEvidenceAt.get(event.keyResultId) ?? '') < event.at)
      lastEvidenceAt.set(event.keyResultId, event.at);
  }
  const dependencyTargets = await loadDependencyTargets(ctx, snapshot, part.deliverables);
  const riskFacts: RiskFacts = {
    now: ctx.now,
    today: localDate(ctx.now, settings.timeZone),
    cycle: snapshot.cycle,
    thresholds,
    objectives: part.objectives,
    keyResults: part.keyResults,
    deliverables: part.deliverables,
    checkIns,
    lastEvidenceAt,
    dependencyTargets,
    people: snapshot.people,
  };
  return evaluateRisks(riskFacts);
}

/**
 * The ids of key results, objectives and deliverables the rules flag (warning or
 * critical) in a cycle, with a deliverable's finding also flagging its key result: what
 * the alignment tree's at-risk filter keeps. The whole cycle is evaluated, because a
 * team's tree also shows the objectives above and below the team.
 */
export async function flaggedSubjectIds(ctx: Context, cycle: Cycle): Promise<Set<string>> {
  const settings = await getSettings(ctx);
  const findings = await evaluateScope(ctx, await loadCycleSnapshot(ctx, cycle), settings, {});
  const flagged = new Set<string>();
  for (const finding of findings) {
    if (finding.severity === 'info') continue;
    flagged.add(finding.subject.id);
    if (finding.subject.kind === 'deliverable' && finding.keyResultId)
      flagged.add(finding.keyResultId);
  }
  return flagged;
}

/**
 * Records when each of a tenant's current findings was first seen (the digests' "new
 * risks" of past weeks). Run by the risk-sightings job, never by a read.
 */
export async function recordRiskSightings(ctx: Context): Promise<number> {
  const cycle = await currentCycle(ctx);
  if (!cycle) return 0;
  const settings = await getSettings(ctx);
  const findings = await evaluateScope(ctx, await loadCycleSnapshot(ctx, cycle), settings, {});
  await riskStore(ctx.db, ctx.principal.tenantId).recordSightings(findings, ctx.now);
  return findings.length;
}

async function loadDependencyTargets(
  ctx: Context,
  snapshot: CycleSnapshot,
  deliverables: Deliverable[],
): Promise<Map<string, DependencyTargetFacts>> {
  const okrs = okrRecords(ctx);
  const targets = new Map<string, DependencyTargetFacts>();
  const deliverableById = new Map(
    snapshot.deliverables.map((deliverable) => [deliverable.id, deliverable]),
  );
  const keyResultById = new Map(snapshot.keyResults.map((keyResult) => [keyResult.id, keyResult]));
  // A target outside the snapshot may sit under an objective the reader may not see: the
  // finding still says the dependency is in trouble, but not what the hidden work is called.
  const titleSeenBy = async (
    target: { title: string; objectiveId: string },
    hidden: string,
  ): Promise<string> => {
    const objective = await okrs.objective(target.objectiveId);
    return objective && (await canSeeObjective(ctx, objective)) ? target.title : hidden;
  };
  for (const link of deliverables.flatMap((deliverable) =>
    deliverable.state === 'done' ? [] : deliverable.dependsOn,
  )) {
    if (targets.has(link.id)) continue;
    if (link.kind === 'deliverable') {
      const known = deliverableById.get(link.id);
      const target = known ?? (await okrs.deliverable(link.id));
      if (target)
        targets.set(link.id, {
          kind: 'deliverable',
          id: target.id,
          title: known ? target.title : await titleSeenBy(target, 'a deliverable you cannot see'),
          ownerId: target.ownerId,
          teamId: target.teamId,
          status: target.state,
          dueDate: target.dueDate,
        });
    } else {
      const known = keyResultById.get(link.id);
      const target = known ?? (await okrs.keyResult(link.id));
      if (target)
        targets.set(link.id, {
          kind: 'keyResult',
          id: target.id,
          title: known ? target.title : await titleSeenBy(target, 'a key result you cannot see'),
          ownerId: target.ownerId,
          teamId: target.teamId,
          status: target.status,
          dueDate: target.dueDate,
        });
    }
  }
  return targets;
}

async function resolveCycle(ctx: Context, cycleId: string | undefined): Promise<Cycle | null> {
  return cycleId ? getCycle(ctx, cycleId) : currentCycle(ctx);
}

async function teamScope(
  ctx: Context,
  teamId: string,
): Promise<{ name: string; teamIds: string[] }> {
  const team = await findTeam(ctx, teamId);
  if (!team) throw notFound('That team', 'team_not_found');
  const teams = await teamWithDescendants(ctx.db, ctx.principal.tenantId, teamId);
  return { name: team.name, teamIds: [...new Set([teamId, ...teams.map((item) => item.id)])] };
}

export async function getRisks(ctx: Context, query: RisksQuery): Promise<RiskReport> {
  if (query.personId && query.teamId)
    throw new AppError('validation_failed', 'Ask for a person or a team, not both.', [
      { path: 'query.teamId', message: 'give personId or teamId, not both' },
    ]);
  const [settings, cycle] = await Promise.all([getSettings(ctx), resolveCycle(ctx, query.cycleId)]);
  if (!cycle)
    return {
      cycleId: null,
      evaluatedAt: ctx.now.toISOString(),
      findings: [],
      counts: { info: 0, warning: 0, critical: 0 },
    };
  if (query.personId && !(await findPerson(ctx, query.personId)))
    throw notFound('That person', 'person_not_found');
  const scope: RiskScope = query.personId
    ? { personId: query.personId }
    : query.teamId
      ? { teamIds: (await teamScope(ctx, query.teamId)).teamIds }
      : {};
  const snapshot = await loadScopedSnapshot(ctx, cycle, scope);
  const findings = await evaluateScope(ctx, snapshot, settings, scope);
  return {
    cycleId: cycle.id,
    evaluatedAt: ctx.now.toISOString(),
    findings,
    counts: countBySeverity(findings),
  };
}

// ---- Digest -------------------------------------------------------------------------

export type DigestSubject =
  | { kind: 'person'; personId: string }
  | { kind: 'team'; teamId: string }
  | { kind: 'reports'; managerId: string; reportIds: string[] };

export async function getDigest(ctx: Context, query: DigestQuery): Promise<Digest> {
  const settings = await getSettings(ctx);
  const subject: DigestSubject = query.teamId
    ? { kind: 'team', teamId: query.teamId }
    : { kind: 'person', personId: query.personId ?? ctx.principal.userId };
  const weekOf = query.weekOf ? mondayOf(query.weekOf) : weekOfInstant(ctx.now, settings.timeZone);
  return digestFor(ctx, settings, subject, weekOf);
}

/** The digest of one week for a person, a team (with sub-teams) or a manager's reports. */
export async function digestFor(
  ctx: Context,
  settings: TenantSettings,
  subject: DigestSubject,
  weekOf: string,
  snapshot?: CycleSnapshot | null,
): Promise<Digest> {
  const store = riskStore(ctx.db, ctx.principal.tenantId);
  const { from, to } = weekWindow(weekOf, settings.timeZone);
  let name: string;
  let eventScope: { personIds?: string[]; teamIds?: string[] };
  let riskScopes: RiskScope[];
  let sightingScope: { ownerIds?: string[]; teamIds?: string[] };
  if (subject.kind === 'team') {
    const team = await teamScope(ctx, subject.teamId);
    name = team.name;
    eventScope = { teamIds: team.teamIds };
    riskScopes = [{ teamIds: team.teamIds }];
    sightingScope = { teamIds: team.teamIds };
  } else if (subject.kind === 'person') {
    const person = await findPerson(ctx, subject.personId);
    if (!person) throw notFound('That person', 'person_not_found');
    name = person.displayName;
    eventScope = { personIds: [subject.personId] };
    riskScopes = [{ personId: subject.personId }];
    sightingScope = { ownerIds: [subject.personId] };
  } else {
    name = (await findPerson(ctx, subject.managerId))?.displayName ?? 'Your';
    eventScope = { personIds: subject.reportIds };
    riskScopes = subject.reportIds.map((personId) => ({ personId }));
    sightingScope = { ownerIds: subject.reportIds };
  }
  // Risks are evaluated now only for the running week: a finding not recorded before is
  // new this week. Older weeks show what the risk-sightings job recorded then.
  const isCurrentWeek = ctx.now >= from && ctx.now < to;
  const current: RiskFinding[] = [];
  if (isCurrentWeek) {
    const cycle = snapshot === undefined ? await currentCycle(ctx) : snapshot?.cycle;
    for (const scope of riskScopes) {
      const loaded =
        snapshot === undefined ? cycle && (await loadScopedSnapshot(ctx, cycle, scope)) : snapshot;
      if (loaded) current.push(...(await evaluateScope(ctx, loaded, settings, scope)));
    }
  }
  const [rawEvents, sightings, recordedIds] = await Promise.all([
    eventsBetween(ctx, eventScope, from, to),
    store.sightingsFirstSeenBetween(sightingScope, from, to),
    store.recordedFindingIds(current.map((finding) => finding.id)),
  ]);
  // Sightings were recorded by a job that sees everything: keep only those about objectives
  // the reader may see, as every other part of the digest does.
  const newRisks = [
    ...(await findingsSeenBy(
      ctx,
      sightings.map((sighting) => sighting.finding),
    )),
    ...uniqueById(current.filter((finding) => !recordedIds.has(finding.id))),
  ];
  const events = await visibleEventsFor(ctx, rawEvents);
  const keyResultIds = [
    ...new Set(events.map((event) => event.keyResultId).filter((id): id is string => !!id)),
  ];
  const deliverableIds = [
    ...new Set(
      events
        .filter((event) => event.subject.kind === 'deliverable')
        .map((event) => event.subject.id),
    ),
  ];
  const okrs = okrRecords(ctx);
  const [keyResults, deliverables, names] = await Promise.all([
    okrs.keyResultTitlesOf(keyResultIds),
    okrs.deliverableTitlesOf(deliverableIds),
    namesOf(
      ctx,
      events.map((event) => event.actorId),
    ),
  ]);
  return buildDigest({
    subject:
      subject.kind === 'team'
        ? { kind: 'team', id: subject.teamId, name }
        : subject.kind === 'person'
          ? { kind: 'person', id: subject.personId, name }
          : { kind: 'reports', id: subject.managerId, name },
    weekOf,
    from,
    to,
    events,
    keyResults: new Map(
      keyResults.map((keyResult) => [
        keyResult.id,
        // A currency key result carries its currency, not a unit: "+60000 EUR", not "+60000".
        {
          title: keyResult.title,
          unit: keyResult.metric?.unit || keyResult.metric?.currency || '',
        },
      ]),
    ),
    deliverables: new Map(
      deliverables.map((deliverable) => [deliverable.id, { title: deliverable.title }]),
    ),
    newRisks,
    names,
  });
}

/**
 * Findings recorded by the risk-sightings job (which sees everything), as the reader may
 * see them: none about an objective hidden from them, and a dependency on hidden work
 * without its title, as `loadDependencyTargets` words it for the reader.
 */
async function findingsSeenBy(ctx: Context, findings: RiskFinding[]): Promise<RiskFinding[]> {
  const okrs = okrRecords(ctx);
  const verdicts = new Map<string, Promise<boolean>>();
  const canSee = (objectiveId: string) => {
    if (!verdicts.has(objectiveId))
      verdicts.set(
        objectiveId,
        okrs
          .objective(objectiveId)
          .then(async (objective) => (objective ? canSeeObjective(ctx, objective) : false)),
      );
    return verdicts.get(objectiveId)!;
  };
  const seen: RiskFinding[] = [];
  for (const finding of findings) {
    if (finding.objectiveId && !(await canSee(finding.objectiveId))) continue;
    const { dependsOnKind, dependsOnId, dependsOnTitle } = finding.facts;
    if (
      finding.ruleId !== 'dependency_at_risk' ||
      typeof dependsOnId !== 'string' ||
      typeof dependsOnTitle !== 'string'
    ) {
      seen.push(finding);
      continue;
    }
    const target =
      dependsOnKind === 'keyResult'
        ? await okrs.keyResult(dependsOnId)
        : await okrs.deliverable(dependsOnId);
    if (target && (await canSee(target.objectiveId))) {
      seen.push(finding);
      continue;
    }
    const hidden =
      dependsOnKind === 'keyResult'
        ? 'a key result you cannot see'
        : 'a deliverable you cannot see';
    seen.push({
      ...finding,
      facts: { ...finding.facts, dependsOnTitle: hidden },
      explanation: finding.explanation.split(`“${dependsOnTitle}”`).join(`“${hidden}”`),
    });
  }
  return seen;
}

function uniqueById<T extends { id: string }>(items: T[]): T[] {
  return [...new Map(items.map((item) => [item.id, item])).values()];
}
