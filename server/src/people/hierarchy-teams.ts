/**
 * Teams from the manager hierarchy the org sync brought in: one team per person with
 * active direct reports, named after them, led by them, with those reports as members,
 * and as parent the team their own manager leads.
 *
 * A team made here has an id derived from the tenant and its manager, and keeps
 * `origin: { kind: 'hierarchy', managerId }`. So a second run finds it (and a team an
 * admin made with that manager as lead) and creates nothing new, and two runs at once
 * race for the same `team.created` event, which only one of them writes. Teams that
 * already exist are left as they are: an admin's edits are never undone.
 *
 * Managers are taken top-down (a manager before their reports), and a new team's parent
 * is only ever a team taken before it, so no run can make a team its own ancestor, even
 * from a loop in the directory's manager data.
 */
import { createHash } from 'node:crypto';
import type { HierarchySkip, Team, TeamsFromHierarchyReport } from '@throughline/contracts';
import { isVersionRace } from '../narrative/versioned';
import type { Context } from '../platform/context';
import { AppError } from '../platform/http/errors';
import { commitNewTeam } from './service';
import { orgChartOf, teamsOfTenant, teamsStore, type StoredPerson } from './store';

/** Bounds for one run: a tenant's whole directory and its teams are read once. */
const MAX_PEOPLE = 50_000;
const MAX_TEAMS = 5_000;
const MAX_NAME = 200;

export const hierarchyTeamId = (tenantId: string, managerId: string) =>
  createHash('sha256')
    .update(['hierarchy', tenantId, managerId].join('\n'))
    .digest('hex')
    .slice(0, 24);

export const hierarchyTeamName = (displayName: string) => {
  const suffix = "'s team";
  return `${displayName.trim().slice(0, MAX_NAME - suffix.length)}${suffix}`;
};

export async function teamsFromHierarchy(
  ctx: Context,
  options: { dryRun: boolean },
): Promise<TeamsFromHierarchyReport> {
  if (!ctx.principal.isAdmin)
    throw new AppError('forbidden', 'Only an admin can create teams from the manager hierarchy.');
  const { tenantId } = ctx.principal;
  const [people, teams] = await Promise.all([
    orgChartOf(ctx.db, tenantId, MAX_PEOPLE),
    teamsOfTenant(ctx.db, tenantId, { limit: MAX_TEAMS, orderBy: 'id' }),
  ]);
  const plan = planHierarchyTeams(tenantId, people, teams);
  if (options.dryRun) return report(true, plan.created, plan.matched, plan.skipped);

  const created: Team[] = [];
  const matched = [...plan.matched];
  for (const team of plan.created) {
    try {
      await commitNewTeam(ctx, team, `created the team ${team.name} from the manager hierarchy`);
      created.push(team);
    } catch (error) {
      // Another run made it a moment earlier: it exists, which is what this run wanted.
      if (!isVersionRace(error)) throw error;
      matched.push((await teamsStore(ctx.db, tenantId).findById(team.id)) ?? team);
    }
  }
  return report(false, created, matched, plan.skipped);
}

function report(
  dryRun: boolean,
  created: Team[],
  matched: Team[],
  skipped: HierarchySkip[],
): TeamsFromHierarchyReport {
  return {
    dryRun,
    created,
    matched,
    skipped,
    counts: { created: created.length, matched: matched.length, skipped: skipped.length },
  };
}

type Person = Pick<StoredPerson, 'id' | 'displayName' | 'managerId' | 'isActive'>;

/** What a run would do, from the people and teams as they are: pure, so it reads as the rule. */
export function planHierarchyTeams(
  tenantId: string,
  people: Person[],
  teams: Team[],
): { created: Team[]; matched: Team[]; skipped: HierarchySkip[] } {
  const byId = new Map(people.map((person) => [person.id, person]));
  const reportsOf = new Map<string, Person[]>();
  for (const person of people) {
    if (!person.managerId || person.isActive === false || person.managerId === person.id) continue;
    reportsOf.set(person.managerId, [...(reportsOf.get(person.managerId) ?? []), person]);
  }

  const skipped: HierarchySkip[] = [];
  const managers: Person[] = [];
  for (const [managerId, reports] of reportsOf) {
    const manager = byId.get(managerId);
    if (!manager)
      skipped.push({
        managerId,
        displayName: null,
        reason: 'manager_not_found',
        message: `${reports.length} ${reports.length === 1 ? 'person reports' : 'people report'} to someone who is not in the directory Throughline has; run the org sync.`,
      });
    else if (manager.isActive === false)
      skipped.push({
        managerId,
        displayName: manager.displayName,
        reason: 'manager_inactive',
        message: `${manager.displayName} has left the organisation.`,
      });
    else managers.push(manager);
  }

  // Top-down: the depth of a manager is the length of their own manager chain (bounded,
  // so a loop in the directory ends); ties by name, then id, so every run agrees.
  const depthOf = (person: Person) => {
    const seen = new Set<string>([person.id]);
    let depth = 0;
    for (let current = person; current.managerId && !seen.has(current.managerId); depth += 1) {
      seen.add(current.managerId);
      const next = byId.get(current.managerId);
      if (!next) break;
      current = next;
    }
    return depth;
  };
  const depths = new Map(managers.map((manager) => [manager.id, depthOf(manager)]));
  managers.sort(
    (a, b) =>
      depths.get(a.id)! - depths.get(b.id)! ||
      a.displayName.localeCompare(b.displayName) ||
      a.id.localeCompare(b.id),
  );

  const created: Team[] = [];
  const matched: Team[] = [];
  const teamOf = new Map<string, string>();
  for (const manager of managers) {
    const id = hierarchyTeamId(tenantId, manager.id);
    const existing =
      teams.find((team) => team.id === id) ??
      teams.find((team) => team.origin?.managerId === manager.id) ??
      teams.find((team) => team.leadId === manager.id);
    if (existing) {
      matched.push(existing);
      teamOf.set(manager.id, existing.id);
      continue;
    }
    const team: Team = {
      id,
      name: hierarchyTeamName(manager.displayName),
      parentId: (manager.managerId && teamOf.get(manager.managerId)) || null,
      leadId: manager.id,
      memberIds: reportsOf
        .get(manager.id)!
        .sort((a, b) => a.displayName.localeCompare(b.displayName) || a.id.localeCompare(b.id))
        .map((report) => report.id),
      version: 1,
      origin: { kind: 'hierarchy', managerId: manager.id },
    };
    created.push(team);
    teamOf.set(manager.id, id);
  }
  return { created, matched, skipped };
}
