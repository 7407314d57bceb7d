/**
 * The objectives someone might report on in a status email: their own first, then their
 * team's (by owner or team), from the current cycle.
 */
import type { ApiClient, AlignmentNode, Me } from '@throughline/contracts';
import { loadMyTeam } from '@throughline/ui/src/evidence-targets';

export interface StatusObjectiveChoice {
  id: string;
  title: string;
  group: 'mine' | 'team';
}

export async function loadStatusObjectives(
  api: ApiClient,
  me: Me,
): Promise<{ cycleName: string | null; choices: StatusObjectiveChoice[] }> {
  const mine = await api.myOkrs();
  const choices: StatusObjectiveChoice[] = mine.objectives.map((objective) => ({
    id: objective.id,
    title: objective.title,
    group: 'mine',
  }));
  if (!mine.cycle) return { cycleName: null, choices };
  const seen = new Set(choices.map((choice) => choice.id));
  const [tree, { teamPeople, myTeamIds }] = await Promise.all([
    api.cycles.alignmentTree(mine.cycle.id).catch(() => null),
    loadMyTeam(api, me),
  ]);
  const walk = (nodes: AlignmentNode[]) => {
    for (const node of nodes) {
      if (
        node.kind === 'objective' &&
        !seen.has(node.id) &&
        (teamPeople.has(node.ownerId) || (node.teamId && myTeamIds.has(node.teamId)))
      ) {
        seen.add(node.id);
        choices.push({ id: node.id, title: node.title, group: 'team' });
      }
      walk(node.children);
    }
  };
  walk(tree?.roots ?? []);
  return { cycleName: mine.cycle.name, choices };
}
