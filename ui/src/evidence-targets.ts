/**
 * What evidence can be attached to: key results and deliverables of the current cycle,
 * grouped the way people look for them — mine first, then my team's (my manager, the
 * people who share my manager, my direct reports, the teams I belong to), then everyone
 * else's that I may see. Recently used targets go on top of all of these.
 *
 * Loaded from read models the API already has (my OKRs, the cycle's alignment tree, team
 * objectives' details) so the picker needs no endpoint of its own. A part that fails to
 * load (the tree, a colleague's objective) only shortens the list; "mine" must load.
 */
import type {
  ApiClient,
  Cycle,
  Deliverable,
  EvidenceTarget,
  KeyResult,
  Me,
  ObjectiveDetail,
  Status,
} from '@throughline/contracts';

export type EvidenceTargetGroup = 'recent' | 'mine' | 'team' | 'organisation';

export interface EvidenceTargetOption {
  kind: EvidenceTarget['kind'];
  id: string;
  title: string;
  objectiveId: string;
  objectiveTitle: string;
  /** The key result itself, or the key result a deliverable moves (if any). */
  keyResultId: string | null;
  ownerId: string;
  group: Exclude<EvidenceTargetGroup, 'recent'>;
  status: Status | null;
  progress: number | null;
  deliverableState: Deliverable['state'] | null;
}

export interface EvidenceTargets {
  cycle: Cycle | null;
  options: EvidenceTargetOption[];
}

/** A stable key for a target: `keyResult:{id}` or `deliverable:{id}`. */
export const targetKey = (target: Pick<EvidenceTarget, 'kind' | 'id'>) =>
  `${target.kind}:${target.id}`;

const MAX_TEAM_OBJECTIVE_DETAILS = 12;

export async function loadEvidenceTargets(api: ApiClient, me: Me): Promise<EvidenceTargets> {
  const mine = await api.myOkrs();
  const options: EvidenceTargetOption[] = [];
  const seen = new Set<string>();
  const add = (option: EvidenceTargetOption) => {
    const key = targetKey(option);
    if (seen.has(key)) return;
    seen.add(key);
    options.push(option);
  };
  for (const objective of mine.objectives) optionsOfObjective(objective, 'mine').forEach(add);
  if (!mine.cycle) return { cycle: null, options };

  const [tree, { teamPeople, myTeamIds }] = await Promise.all([
    api.cycles.alignmentTree(mine.cycle.id).catch(() => null),
    loadMyTeam(api, me),
  ]);

  // The tree holds every visible objective and key result of the cycle, but no deliverables.
  const teamObjectiveIds: string[] = [];
  const walk = (nodes: NonNullable<typeof tree>['roots']) => {
    for (const node of nodes) {
      if (node.kind !== 'objective') continue;
      const isTeams =
        teamPeople.has(node.ownerId) || (node.teamId ? myTeamIds.has(node.teamId) : false);
      if (isTeams) teamObjectiveIds.push(node.id);
      for (const child of node.children) {
        if (child.kind !== 'keyResult') continue;
        add({
          kind: 'keyResult',
          id: child.id,
          title: child.title,
          objectiveId: node.id,
          objectiveTitle: node.title,
          keyResultId: child.id,
          ownerId: child.ownerId,
          group: isTeams || teamPeople.has(child.ownerId) ? 'team' : 'organisation',
          status: child.status,
          progress: child.progress,
          deliverableState: null,
        });
      }
      walk(node.children.filter((child) => child.kind === 'objective'));
      // Objectives aligned under a key result hang below that key result.
      walk(node.children.flatMap((child) => (child.kind === 'keyResult' ? child.children : [])));
    }
  };
  walk(tree?.roots ?? []);

  // Deliverables of the team's objectives need each objective's detail; a few suffice.
  const details = await Promise.allSettled(
    teamObjectiveIds.slice(0, MAX_TEAM_OBJECTIVE_DETAILS).map((id) => api.objectives.get(id)),
  );
  for (const detail of details) {
    if (detail.status === 'fulfilled')
      optionsOfObjective(detail.value, 'team')
        .filter((option) => option.kind === 'deliverable')
        .forEach(add);
  }
  return { cycle: mine.cycle, options };
}

export interface MyTeam {
  /** My manager, the people who share my manager, my direct reports (never me). */
  teamPeople: Set<string>;
  /** The teams I lead or belong to. */
  myTeamIds: Set<string>;
}

/** Who counts as "my team" for ordering lists; parts that fail to load leave it smaller. */
export async function loadMyTeam(api: ApiClient, me: Me): Promise<MyTeam> {
  const [peers, teams] = await Promise.all([
    me.person.managerId
      ? api.people.list({ managerId: me.person.managerId, limit: 100 }).catch(() => null)
      : Promise.resolve(null),
    api.teams.list().catch(() => null),
  ]);
  const teamPeople = new Set<string>([
    ...me.directReportIds,
    ...(me.person.managerId ? [me.person.managerId] : []),
    ...(peers?.items.map((person) => person.id) ?? []),
  ]);
  teamPeople.delete(me.person.id);
  const myTeamIds = new Set(
    (teams?.items ?? [])
      .filter((team) => team.leadId === me.person.id || team.memberIds.includes(me.person.id))
      .map((team) => team.id),
  );
  return { teamPeople, myTeamIds };
}

function optionsOfObjective(
  objective: ObjectiveDetail,
  group: EvidenceTargetOption['group'],
): EvidenceTargetOption[] {
  const keyResults = objective.keyResults.map((keyResult: KeyResult) => ({
    kind: 'keyResult' as const,
    id: keyResult.id,
    title: keyResult.title,
    objectiveId: objective.id,
    objectiveTitle: objective.title,
    keyResultId: keyResult.id,
    ownerId: keyResult.ownerId,
    group,
    status: keyResult.status,
    progress: keyResult.progress,
    deliverableState: null,
  }));
  const deliverables = objective.deliverables.map((deliverable) => ({
    kind: 'deliverable' as const,
    id: deliverable.id,
    title: deliverable.title,
    objectiveId: objective.id,
    objectiveTitle: objective.title,
    keyResultId: deliverable.keyResultId,
    ownerId: deliverable.ownerId,
    group,
    status: null,
    progress: null,
    deliverableState: deliverable.state,
  }));
  return [...keyResults, ...deliverables];
}

export interface EvidenceTargetSection {
  group: EvidenceTargetGroup;
  options: EvidenceTargetOption[];
}

/**
 * The picker's sections for a search: recent first (in the order used), then mine, my
 * team's, and — only while searching, so the first screen stays short — everyone else's.
 * Each target appears once, in the first section that holds it.
 */
export function arrangeEvidenceTargets(
  options: EvidenceTargetOption[],
  recentKeys: string[],
  search: string,
  limitPerSection = 50,
): EvidenceTargetSection[] {
  const words = search.trim().toLocaleLowerCase().split(/\s+/).filter(Boolean);
  const matches = (option: EvidenceTargetOption) => {
    const haystack = `${option.title} ${option.objectiveTitle}`.toLocaleLowerCase();
    return words.every((word) => haystack.includes(word));
  };
  const matching = options.filter(matches);
  const byKey = new Map(matching.map((option) => [targetKey(option), option]));
  const recent = recentKeys
    .map((key) => byKey.get(key))
    .filter((option): option is EvidenceTargetOption => Boolean(option));
  const recentSet = new Set(recent.map(targetKey));
  const rest = (group: EvidenceTargetOption['group']) =>
    matching.filter((option) => option.group === group && !recentSet.has(targetKey(option)));
  const sections: EvidenceTargetSection[] = [
    { group: 'recent', options: recent },
    { group: 'mine', options: rest('mine') },
    { group: 'team', options: rest('team') },
    { group: 'organisation', options: words.length > 0 ? rest('organisation') : [] },
  ];
  return sections
    .filter((section) => section.options.length > 0)
    .map((section) => ({ ...section, options: section.options.slice(0, limitPerSection) }));
}
