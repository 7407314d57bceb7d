/**
 * Vertical alignment (an objective under a parent objective or key result) and
 * horizontal dependencies (deliverables waiting on other teams' work).
 */
import type {
  AlignmentNode,
  AlignmentTarget,
  AlignmentTree,
  Cycle,
  Dependencies,
  DependencyEdge,
  Objective,
  Status,
} from '@throughline/contracts';
import { teamWithDescendants } from '../people/service';
import type { Context } from '../platform/context';
import { AppError } from '../platform/http/errors';
import { canSeeObjective } from './permissions';
import { MAX_EQUALITY_READS } from '../platform/db/documents';
import {
  okrStoreOf,
  type KeyResultNode,
  type OkrStore,
  type ParentObjective,
  type StoredObjective,
} from './store';
import { keyResultToday, objectiveToday, todayOf } from './today';
import { viewerOf } from './viewer';

/**
 * Refuses a parent that does not exist, lies in an unrelated cycle, or would close a loop;
 * answers the objective the alignment rolls up into (the key result's objective for a key
 * result), whose id and team the objective stores as `parentObjectiveId` and `parentTeamId`.
 */
export async function checkAlignment(
  ctx: Context,
  objectiveId: string,
  cycle: Cycle,
  target: AlignmentTarget,
): Promise<ParentObjective> {
  const store = okrStoreOf(ctx);
  const fieldError = (message: string) =>
    new AppError('validation_failed', message, [{ path: 'body.alignsTo', message }]);
  const firstParentId = await store.parentObjectiveOf(target);
  const parent = firstParentId ? await store.objectives.findById(firstParentId) : null;
  if (!parent || !canSeeObjective(await viewerOf(ctx), parent))
    throw fieldError('The objective or key result to align to was not found.');
  const parentCycle = await store.cycles.findById(parent.cycleId);
  const isRelatedCycle =
    parentCycle &&
    (parentCycle.id === cycle.id ||
      (parentCycle.startsOn <= cycle.startsOn && cycle.endsOn <= parentCycle.endsOn));
  if (!isRelatedCycle)
    throw new AppError(
      'alignment_cycle_mismatch',
      `An objective in ${cycle.name} can only align to objectives of the same cycle or one that contains it.`,
      [{ path: 'body.alignsTo', message: 'is in an unrelated cycle' }],
    );
  let current: Objective | null = parent;
  for (let depth = 0; current && depth < 50; depth += 1) {
    if (current.id === objectiveId)
      throw new AppError(
        'alignment_cycle',
        'That alignment would make the objective its own ancestor.',
        [{ path: 'body.alignsTo', message: 'would create a loop in the alignment tree' }],
      );
    const nextId: string | null = await store.parentObjectiveOf(current.alignsTo);
    current = nextId ? await store.objectives.findById(nextId) : null;
  }
  return { id: parent.id, teamId: parent.teamId };
}

const isAtRisk = (status: string) => status === 'at_risk' || status === 'off_track';

/**
 * A team's slice is read by indexed equalities, one per team, parent or objective — up to
 * `MAX_EQUALITY_READS` at a time. A slice that needs more than that is most of its cycle,
 * so the cycle is read at once instead. (Counting the cycle first to decide would cost
 * more: FerretDB counts by reading every document.)
 */
const isCycleCheaper = (reads: number) => reads > MAX_EQUALITY_READS;

/**
 * The alignment forest of a cycle. For a team, only the team's objectives (and its
 * sub-teams'), the chain above them and everything aligned below them are read — by
 * the indexed fields `teamId`, `_id`, `parentObjectiveId` and `objectiveId` — unless the
 * slice is a large part of the cycle (`isCycleCheaper`), which is then read at once.
 */
export async function getAlignmentTree(
  ctx: Context,
  cycleId: string,
  options: { teamId?: string; atRiskOnly?: boolean },
): Promise<AlignmentTree> {
  const store = okrStoreOf(ctx);
  const slice = options.teamId ? await loadTeamSlice(ctx, cycleId, options.teamId) : null;
  const loaded = slice ? slice.objectives : await store.activeObjectivesInCycle(cycleId);
  const viewer = await viewerOf(ctx);
  const objectives = loaded.filter(
    (objective) => objective.state === 'active' && canSeeObjective(viewer, objective),
  );
  const cycle = await store.cycles.findById(cycleId);
  if (!cycle) throw new AppError('cycle_not_found', 'That cycle was not found.');
  const today = await todayOf(ctx);
  const keyResults = (
    slice
      ? await keyResultNodesOfSlice(store, cycleId, objectives, slice.teamIds)
      : await store.keyResultNodesInCycle(cycleId)
  ).map((keyResult) => keyResultToday(keyResult, cycle, today));
  const statusesOf = new Map<string, Status[]>();
  for (const keyResult of keyResults)
    statusesOf.set(keyResult.objectiveId, [
      ...(statusesOf.get(keyResult.objectiveId) ?? []),
      keyResult.status,
    ]);
  // The at-risk filter keeps what the risk rules flag, the same rules /api/risks explains.
  const flagged = options.atRiskOnly
    ? await (await import('../risks/service')).flaggedSubjectIds(ctx, cycle)
    : new Set<string>();
  const objectiveNodes = new Map<string, AlignmentNode>();
  const keyResultNodes = new Map<string, AlignmentNode>();
  for (const stored of objectives) {
    const objective = objectiveToday(stored, cycle, statusesOf.get(stored.id) ?? [], today);
    objectiveNodes.set(objective.id, {
      kind: 'objective',
      id: objective.id,
      title: objective.title,
      ownerId: objective.ownerId,
      level: objective.level,
      teamId: objective.teamId,
      progress: objective.progress,
      status: objective.status,
      score: objective.score?.final ?? null,
      children: [],
    });
  }
  for (const keyResult of keyResults) {
    const parent = objectiveNodes.get(keyResult.objectiveId);
    if (!parent) continue;
    const node: AlignmentNode = {
      kind: 'keyResult',
      id: keyResult.id,
      title: keyResult.title,
      ownerId: keyResult.ownerId,
      progress: keyResult.progress,
      status: keyResult.status,
      score: keyResult.score?.final ?? null,
      children: [],
    };
    keyResultNodes.set(keyResult.id, node);
    parent.children.push(node);
  }
  const roots: AlignmentNode[] = [];
  for (const objective of objectives) {
    const node = objectiveNodes.get(objective.id)!;
    const parent = objective.alignsTo
      ? objective.alignsTo.kind === 'objective'
        ? objectiveNodes.get(objective.alignsTo.id)
        : keyResultNodes.get(objective.alignsTo.id)
      : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const levelOrder = { company: 0, team: 1, individual: 2 } as const;
  roots.sort(
    (a, b) =>
      levelOrder[a.level ?? 'individual'] - levelOrder[b.level ?? 'individual'] ||
      a.title.localeCompare(b.title),
  );
  const prune = (node: AlignmentNode): AlignmentNode | null => {
    const children = node.children.map(prune).filter((child): child is AlignmentNode => !!child);
    if (
      options.atRiskOnly &&
      !isAtRisk(node.status) &&
      !flagged.has(node.id) &&
      children.length === 0
    )
      return null;
    return { ...node, children };
  };
  return { cycleId, roots: roots.map(prune).filter((node): node is AlignmentNode => !!node) };
}

/**
 * The team's objectives, their ancestors up to the company level, and all their descendants.
 * Every read is an equality on an indexed field — one per team, per ancestor, per team
 * and cycle for the objectives aligned to the team's, and per objective below those whose
 * children are looked for — so the cost follows the slice, not the cycle.
 */
async function loadTeamSlice(
  ctx: Context,
  cycleId: string,
  teamId: string,
): Promise<{ objectives: StoredObjective[]; teamIds: string[] }> {
  const store = okrStoreOf(ctx);
  const teamIds = [
    ...new Set([
      teamId,
      ...(await teamWithDescendants(ctx.db, ctx.principal.tenantId, teamId)).map((team) => team.id),
    ]),
  ];
  const own = await store.objectivesOfTeams(cycleId, teamIds);
  const [above, below] = await Promise.all([
    ancestorsOf(store, own),
    descendantsOf(ctx, cycleId, teamIds, own),
  ]);
  const byId = new Map<string, StoredObjective>();
  for (const objective of [...own, ...above, ...below]) byId.set(objective.id, objective);
  return { objectives: [...byId.values()], teamIds };
}

/** The chains above these objectives, each walked up one parent at a time, together. */
async function ancestorsOf(
  store: OkrStore,
  objectives: StoredObjective[],
): Promise<StoredObjective[]> {
  const found = new Map<string, StoredObjective>(objectives.map((o) => [o.id, o]));
  const ancestors: StoredObjective[] = [];
  let climbing = objectives;
  for (let depth = 0; climbing.length > 0 && depth < 10; depth += 1) {
    const parentIds = [
      ...new Set(
        climbing
          .map((objective) => objective.parentObjectiveId)
          .filter((id): id is string => !!id && !found.has(id)),
      ),
    ];
    const parents = (
      await Promise.all(parentIds.map((id) => store.objectives.findById(id)))
    ).filter((parent): parent is StoredObjective => !!parent);
    parents.forEach((parent) => found.set(parent.id, parent));
    ancestors.push(...parents);
    climbing = parents;
  }
  return ancestors;
}

/**
 * Everything aligned below the teams' objectives, at most ten levels deep. The first level
 * is read by team (objectives carry their parent's team), one read per team and cycle
 * however many objectives the teams have; below that, by team too for a team with several
 * objectives in the level, one read per objective for the rest, or the cycle at once when
 * that is cheaper.
 */
async function descendantsOf(
  ctx: Context,
  cycleId: string,
  teamIds: string[],
  own: StoredObjective[],
): Promise<StoredObjective[]> {
  const store = okrStoreOf(ctx);
  const found = new Map<string, StoredObjective>(own.map((objective) => [objective.id, objective]));
  const cycleIds = await cycleAndInnerIds(ctx, cycleId);
  const underOwn = (await store.objectivesUnderTeams(teamIds, cycleIds)).filter(
    (child) => !!child.parentObjectiveId && found.has(child.parentObjectiveId),
  );
  let frontier = underOwn.filter((child) => !found.has(child.id)).map((child) => child.id);
  underOwn.forEach((child) => found.set(child.id, child));
  for (let depth = 1; frontier.length > 0 && depth < 10; depth += 1) {
    if (isCycleCheaper(frontier.length)) {
      const rest = descendantsIn(
        await objectivesOfCycleAndInner(ctx, cycleId),
        frontier,
        found,
        10 - depth,
      );
      rest.forEach((objective) => found.set(objective.id, objective));
      break;
    }
    const parents = new Set(frontier);
    const reads = readsFor(
      frontier.map((id) => found.get(id)!),
      READ_BY_TEAM_FROM * cycleIds.length,
    );
    const children = (
      await Promise.all([
        store.objectivesUnderTeams(reads.teamIds, cycleIds),
        store.objectivesUnder(reads.objectiveIds),
      ])
    )
      .flat()
      .filter((child) => !!child.parentObjectiveId && parents.has(child.parentObjectiveId));
    frontier = [
      ...new Set(children.filter((child) => !found.has(child.id)).map((child) => child.id)),
    ];
    children.forEach((child) => found.set(child.id, child));
  }
  const ownIds = new Set(own.map((objective) => objective.id));
  return [...found.values()].filter((objective) => !ownIds.has(objective.id));
}

/**
 * A team with at least this many of the objectives a level of the slice reads for is read
 * by team (one read, some of it not needed) rather than one read per objective.
 */
const READ_BY_TEAM_FROM = 4;

/** The objectives a read is for, split into teams read as a whole and objectives read one by one. */
function readsFor(objectives: StoredObjective[], minimum = READ_BY_TEAM_FROM) {
  const countOf = new Map<string, number>();
  for (const { teamId } of objectives)
    if (teamId) countOf.set(teamId, (countOf.get(teamId) ?? 0) + 1);
  const teamIds = [...countOf].filter(([, count]) => count >= minimum).map(([teamId]) => teamId);
  const byTeam = new Set(teamIds);
  const objectiveIds = objectives
    .filter((objective) => !objective.teamId || !byTeam.has(objective.teamId))
    .map((objective) => objective.id);
  return { teamIds, objectiveIds };
}

/**
 * The key results of a slice's objectives. Key results carry their objective's team and
 * cycle, so a team with several objectives in the slice has its key results read in one
 * read per cycle, the rest one read per objective — or the cycle's at once when that is
 * cheaper.
 */
async function keyResultNodesOfSlice(
  store: OkrStore,
  cycleId: string,
  objectives: StoredObjective[],
  teamIds: string[],
): Promise<KeyResultNode[]> {
  const ownTeams = new Set(teamIds);
  const wanted = new Set(objectives.map((objective) => objective.id));
  // The slice's own teams in this cycle are always read by team; a year's tree can hold quarters'.
  const others = objectives.filter(
    (objective) =>
      !objective.teamId || !ownTeams.has(objective.teamId) || objective.cycleId !== cycleId,
  );
  const othersByCycle = new Map<string, StoredObjective[]>();
  for (const objective of others)
    othersByCycle.set(objective.cycleId, [
      ...(othersByCycle.get(objective.cycleId) ?? []),
      objective,
    ]);
  const reads = [...othersByCycle].map(([otherCycleId, inCycle]) => ({
    cycleId: otherCycleId,
    ...readsFor(inCycle),
  }));
  const count =
    teamIds.length +
    reads.reduce((sum, read) => sum + read.teamIds.length + read.objectiveIds.length, 0);
  const lists = isCycleCheaper(count)
    ? await Promise.all(
        [...new Set([cycleId, ...objectives.map((objective) => objective.cycleId)])].map((id) =>
          store.keyResultNodesInCycle(id),
        ),
      )
    : await Promise.all([
        store.keyResultNodesOfTeams(cycleId, teamIds),
        ...reads.map((read) => store.keyResultNodesOfTeams(read.cycleId, read.teamIds)),
        store.keyResultNodesOf(reads.flatMap((read) => read.objectiveIds)),
      ]);
  const byId = new Map(lists.flat().map((keyResult) => [keyResult.id, keyResult]));
  return [...byId.values()].filter((keyResult) => wanted.has(keyResult.objectiveId));
}

/** The cycle and the cycles inside it (a year's quarters), where children of its objectives can be. */
async function cycleAndInnerIds(ctx: Context, cycleId: string): Promise<string[]> {
  const cycles = await okrStoreOf(ctx).cyclesNewestFirst();
  const outer = cycles.find((cycle) => cycle.id === cycleId);
  const inner = outer
    ? cycles.filter(
        (cycle) =>
          cycle.id !== outer.id && outer.startsOn <= cycle.startsOn && cycle.endsOn <= outer.endsOn,
      )
    : [];
  return [cycleId, ...inner.map((cycle) => cycle.id)];
}

/** Every objective of the cycle and of the cycles inside it. */
async function objectivesOfCycleAndInner(
  ctx: Context,
  cycleId: string,
): Promise<StoredObjective[]> {
  const store = okrStoreOf(ctx);
  const lists = await Promise.all(
    (await cycleAndInnerIds(ctx, cycleId)).map((id) => store.objectivesInCycle(id)),
  );
  return lists.flat();
}

/** What lies below the frontier, at most `levels` deep, among objectives already read. */
function descendantsIn(
  objectives: StoredObjective[],
  frontier: string[],
  known: ReadonlyMap<string, StoredObjective>,
  levels: number,
): StoredObjective[] {
  const childrenOf = new Map<string, StoredObjective[]>();
  for (const objective of objectives) {
    if (!objective.parentObjectiveId) continue;
    childrenOf.set(objective.parentObjectiveId, [
      ...(childrenOf.get(objective.parentObjectiveId) ?? []),
      objective,
    ]);
  }
  const found = new Map<string, StoredObjective>();
  let level = frontier;
  for (let depth = 0; level.length > 0 && depth < levels; depth += 1) {
    const next: string[] = [];
    for (const child of level.flatMap((id) => childrenOf.get(id) ?? [])) {
      if (known.has(child.id) || found.has(child.id)) continue;
      found.set(child.id, child);
      next.push(child.id);
    }
    level = next;
  }
  return [...found.values()];
}

export async function getDependencies(
  ctx: Context,
  query: { teamId?: string; personId?: string; cycleId?: string },
): Promise<Dependencies> {
  const store = okrStoreOf(ctx);
  const teamIds = query.teamId
    ? new Set(
        (await teamWithDescendants(ctx.db, ctx.principal.tenantId, query.teamId))
          .map((team) => team.id)
          .concat(query.teamId),
      )
    : null;
  const isOurs = (item: { teamId: string | null; ownerId: string }) =>
    teamIds ? !!item.teamId && teamIds.has(item.teamId) : item.ownerId === query.personId;
  const deliverables = await store.deliverablesIn(query.cycleId);
  const withDependencies = deliverables.filter((deliverable) => deliverable.dependsOn.length > 0);
  const deliverableById = new Map(deliverables.map((deliverable) => [deliverable.id, deliverable]));
  const keyResultIds = [
    ...new Set(
      withDependencies.flatMap((deliverable) =>
        deliverable.dependsOn
          .filter((target) => target.kind === 'keyResult')
          .map((target) => target.id),
      ),
    ),
  ];
  const keyResults = new Map(
    (await Promise.all(keyResultIds.map((id) => store.keyResults.findById(id))))
      .filter((kr) => !!kr)
      .map((kr) => [kr!.id, kr!]),
  );
  // Work under a private objective the caller may not see is left out on both ends.
  const viewer = await viewerOf(ctx);
  const visibility = new Map<string, boolean>();
  const isVisible = async (objectiveId: string) => {
    if (!visibility.has(objectiveId)) {
      const objective = await store.objectives.findById(objectiveId);
      visibility.set(objectiveId, !!objective && canSeeObjective(viewer, objective));
    }
    return visibility.get(objectiveId)!;
  };
  const waitingOn: DependencyEdge[] = [];
  const waitedOnBy: DependencyEdge[] = [];
  for (const from of withDependencies) {
    for (const target of from.dependsOn) {
      const to =
        target.kind === 'deliverable' ? deliverableById.get(target.id) : keyResults.get(target.id);
      if (!to || !(isOurs(from) !== isOurs(to))) continue;
      if (!(await isVisible(from.objectiveId)) || !(await isVisible(to.objectiveId))) continue;
      const edge: DependencyEdge = {
        from: {
          kind: 'deliverable',
          id: from.id,
          title: from.title,
          ownerId: from.ownerId,
          teamId: from.teamId,
          state: from.state,
        },
        to: {
          kind: target.kind,
          id: to.id,
          title: to.title,
          ownerId: to.ownerId,
          teamId: to.teamId,
          status: 'state' in to ? to.state : to.status,
        },
      };
      if (isOurs(from) && !isOurs(to)) waitingOn.push(edge);
      if (!isOurs(from) && isOurs(to)) waitedOnBy.push(edge);
    }
  }
  return { waitingOn, waitedOnBy };
}
