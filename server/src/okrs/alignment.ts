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
import { MAX_IN_VALUES } from '../platform/db/documents';
import { okrStoreOf, type KeyResultNode, type OkrStore, type StoredObjective } from './store';
import { keyResultToday, objectiveToday, todayOf } from './today';
import { viewerOf } from './viewer';

/**
 * Refuses a parent that does not exist, lies in an unrelated cycle, or would close a loop;
 * answers the objective the alignment rolls up into (the key result's objective for a key
 * result), which the objective stores as `parentObjectiveId`.
 */
export async function checkAlignment(
  ctx: Context,
  objectiveId: string,
  cycle: Cycle,
  target: AlignmentTarget,
): Promise<string> {
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
  return parent.id;
}

const isAtRisk = (status: string) => status === 'at_risk' || status === 'off_track';

/**
 * The alignment forest of a cycle. For a team, only the team's objectives (and its
 * sub-teams'), the chain above them and everything aligned below them are read, by the
 * indexed fields `teamId`, `_id`, `parentObjectiveId` and `objectiveId`: one read per
 * level of the tree, whatever the number of objectives in it (`findAmong`), or the cycle at
 * once where the slice is most of it (`WHOLE_CYCLE_FROM`).
 */
export async function getAlignmentTree(
  ctx: Context,
  cycleId: string,
  options: { teamId?: string; atRiskOnly?: boolean },
): Promise<AlignmentTree> {
  const store = okrStoreOf(ctx);
  const slice = options.teamId ? await loadTeamSlice(ctx, cycleId, options.teamId) : null;
  const loaded = slice ?? (await store.activeObjectivesInCycle(cycleId));
  const viewer = await viewerOf(ctx);
  const objectives = loaded.filter(
    (objective) => objective.state === 'active' && canSeeObjective(viewer, objective),
  );
  const cycle = await store.cycles.findById(cycleId);
  if (!cycle) throw new AppError('cycle_not_found', 'That cycle was not found.');
  const today = await todayOf(ctx);
  const keyResults = (
    slice
      ? await keyResultNodesOfSlice(store, objectives)
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
 * The team's objectives, their ancestors up to the company level, and all their
 * descendants, at most ten levels each way: one read for the teams' objectives, then one
 * per level above and below — each an indexed equality or `$in` — so the cost follows
 * the slice's depth and size, not the cycle's.
 */
async function loadTeamSlice(
  ctx: Context,
  cycleId: string,
  teamId: string,
): Promise<StoredObjective[]> {
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
    descendantsOf(ctx, cycleId, own),
  ]);
  const byId = new Map<string, StoredObjective>();
  for (const objective of [...own, ...above, ...below]) byId.set(objective.id, objective);
  return [...byId.values()];
}

/** The chains above these objectives, walked up one level at a time, together. */
async function ancestorsOf(
  store: OkrStore,
  objectives: StoredObjective[],
): Promise<StoredObjective[]> {
  const found = new Map(objectives.map((objective) => [objective.id, objective]));
  const ancestors: StoredObjective[] = [];
  let level = objectives;
  for (let depth = 0; level.length > 0 && depth < 10; depth += 1) {
    const parentIds = level
      .map((objective) => objective.parentObjectiveId)
      .filter((id): id is string => !!id && !found.has(id));
    level = await store.objectivesByIds(parentIds);
    level.forEach((parent) => found.set(parent.id, parent));
    ancestors.push(...level);
  }
  return ancestors;
}

/**
 * More ids than this in one read of a slice, and the slice is most of its cycle: reading the
 * cycle's documents at once costs less than `$in`s of this many ids (FerretDB checks each
 * document it returns against every value of an `$in`).
 */
const WHOLE_CYCLE_FROM = MAX_IN_VALUES;

/**
 * Everything aligned below these objectives (or their key results), one level at a time —
 * or, from a level of more than `WHOLE_CYCLE_FROM` objectives on, from the objectives of the
 * cycle and the cycles inside it, read at once.
 */
async function descendantsOf(
  ctx: Context,
  cycleId: string,
  objectives: StoredObjective[],
): Promise<StoredObjective[]> {
  const store = okrStoreOf(ctx);
  const found = new Map(objectives.map((objective) => [objective.id, objective]));
  const descendants: StoredObjective[] = [];
  let childrenOf: ((id: string) => StoredObjective[]) | null = null;
  let level = objectives;
  for (let depth = 0; level.length > 0 && depth < 10; depth += 1) {
    if (!childrenOf && level.length > WHOLE_CYCLE_FROM)
      childrenOf = byParent(await objectivesOfCycleAndInner(ctx, cycleId));
    const ids = level.map((objective) => objective.id);
    const children = childrenOf ? ids.flatMap(childrenOf) : await store.objectivesUnder(ids);
    level = children.filter((child) => !found.has(child.id));
    level.forEach((child) => found.set(child.id, child));
    descendants.push(...level);
  }
  return descendants;
}

/** Objectives by the objective they roll up into. */
function byParent(objectives: StoredObjective[]): (id: string) => StoredObjective[] {
  const children = new Map<string, StoredObjective[]>();
  for (const objective of objectives) {
    if (!objective.parentObjectiveId) continue;
    const list = children.get(objective.parentObjectiveId);
    if (list) list.push(objective);
    else children.set(objective.parentObjectiveId, [objective]);
  }
  return (id) => children.get(id) ?? [];
}

/** Every objective of the cycle and of the cycles inside it (a year's quarters). */
async function objectivesOfCycleAndInner(
  ctx: Context,
  cycleId: string,
): Promise<StoredObjective[]> {
  const store = okrStoreOf(ctx);
  const cycles = await store.cyclesNewestFirst();
  const outer = cycles.find((cycle) => cycle.id === cycleId);
  const inner = outer
    ? cycles.filter(
        (cycle) =>
          cycle.id !== outer.id && outer.startsOn <= cycle.startsOn && cycle.endsOn <= outer.endsOn,
      )
    : [];
  const lists = await Promise.all(
    [cycleId, ...inner.map((cycle) => cycle.id)].map((id) => store.objectivesInCycle(id)),
  );
  return lists.flat();
}

/**
 * The key results of a slice's objectives: by their ids, or — for a slice of more than
 * `WHOLE_CYCLE_FROM` objectives — those of the slice's cycles, read at once and kept when
 * their objective is in the slice.
 */
async function keyResultNodesOfSlice(
  store: OkrStore,
  objectives: StoredObjective[],
): Promise<KeyResultNode[]> {
  const ids = objectives.map((objective) => objective.id);
  if (ids.length <= WHOLE_CYCLE_FROM) return store.keyResultNodesOf(ids);
  const wanted = new Set(ids);
  const cycleIds = [...new Set(objectives.map((objective) => objective.cycleId))];
  const lists = await Promise.all(cycleIds.map((id) => store.keyResultNodesInCycle(id)));
  return lists.flat().filter((keyResult) => wanted.has(keyResult.objectiveId));
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
