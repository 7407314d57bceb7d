/**
 * People come from the org chart (synced from Graph); the caller's own record is also
 * created from their token on first sight, so a new tenant works before its first sync.
 */
import type { Db } from 'mongodb';
import type {
  CreateTeamRequest,
  ListPeopleQuery,
  Me,
  Page,
  Person,
  Team,
  UpdateTeamRequest,
} from '@throughline/contracts';
import { commitChange, editVersioned, loadVersioned, narrativeOf } from '../narrative/versioned';
import { event, unique } from '../okrs/service';
import type { Principal } from '../platform/auth/principal';
import type { Context } from '../platform/context';
import { decodeCursor, encodeCursor, newId } from '../platform/db/documents';
import { AppError, notFound } from '../platform/http/errors';
import {
  activeReportIdsOf,
  everyPerson,
  hasActiveReports,
  insertPersonIfAbsent,
  managerAndReports,
  managerIdsOfActivePeople,
  managersAndStatesOfPeople,
  hasAnyReport,
  teamIdsOfMember,
  namesAndStatesOfPeople,
  namesAndStatesOfPeopleAmong,
  namesOfPeople,
  peoplePage,
  peopleStore,
  personIdsAmong,
  teamCount,
  teamsOfTenant,
  teamsStore,
  tenantIdsWithPeople,
} from './store';

const seen = new Set<string>();

export async function ensureCallerRecorded(db: Db, principal: Principal): Promise<void> {
  const key = `${db.databaseName}:${principal.tenantId}:${principal.userId}`;
  if (seen.has(key)) return;
  // Only when there is no record: a synced record is never overwritten by token claims.
  await insertPersonIfAbsent(db, principal.tenantId, {
    id: principal.userId,
    displayName: principal.name || principal.username,
    mail: principal.username || null,
    jobTitle: null,
    department: null,
    managerId: null,
    isActive: true,
  });
  seen.add(key);
}

/** Records a person as org sync would, unless the tenant already has a record of them. */
export async function recordPersonUnlessKnown(
  db: Db,
  tenantId: string,
  person: Person,
): Promise<void> {
  await insertPersonIfAbsent(db, tenantId, person);
}

export async function getPerson(db: Db, principal: Principal, id: string): Promise<Person> {
  const person = await peopleStore(db, principal.tenantId).findById(id);
  if (!person) throw notFound('That person', 'person_not_found');
  return toPerson(person);
}

function toPerson(person: Person): Person {
  return {
    id: person.id,
    displayName: person.displayName,
    mail: person.mail ?? null,
    jobTitle: person.jobTitle ?? null,
    department: person.department ?? null,
    managerId: person.managerId ?? null,
    isActive: person.isActive ?? true,
  };
}

export async function getMe(db: Db, principal: Principal): Promise<Me> {
  const people = peopleStore(db, principal.tenantId);
  const person = await people.findById(principal.userId);
  if (!person) throw notFound('Your profile', 'person_not_found');
  return {
    tenantId: principal.tenantId,
    person: toPerson(person),
    isAdmin: principal.isAdmin,
    directReportIds: await activeReportIdsOf(db, principal.tenantId, principal.userId),
  };
}

export async function listPeople(
  db: Db,
  principal: Principal,
  query: ListPeopleQuery,
): Promise<Page<Person>> {
  const after = decodeCursor(query.cursor);
  const people = await peoplePage(db, principal.tenantId, {
    nameContains: query.search,
    managerId: query.managerId,
    afterId: after ? String(after[0]) : undefined,
    limit: query.limit + 1,
  });
  const page = people.slice(0, query.limit).map(toPerson);
  return {
    items: page,
    nextCursor: people.length > query.limit ? encodeCursor([page[page.length - 1]!.id]) : null,
  };
}

/** The person's managers, nearest first (bounded, so a loop in the org data cannot hang us). */
export async function managerChain(db: Db, tenantId: string, personId: string): Promise<string[]> {
  const people = peopleStore(db, tenantId);
  const chain: string[] = [];
  let current = await people.findById(personId);
  while (current?.managerId && chain.length < 12 && !chain.includes(current.managerId)) {
    chain.push(current.managerId);
    current = await people.findById(current.managerId);
  }
  return chain;
}

export async function isManagerOf(
  db: Db,
  tenantId: string,
  managerId: string,
  personId: string,
): Promise<boolean> {
  return (await managerChain(db, tenantId, personId)).includes(managerId);
}

export async function listTeams(db: Db, principal: Principal): Promise<Page<Team>> {
  const teams = await teamsOfTenant(db, principal.tenantId, { limit: 500, orderBy: 'name' });
  return { items: teams, nextCursor: null };
}

export async function getTeam(db: Db, principal: Principal, id: string): Promise<Team> {
  const team = await loadVersioned(
    narrativeOf({ db, principal }),
    teamsStore(db, principal.tenantId),
    id,
  );
  if (!team) throw notFound('That team', 'team_not_found');
  return team;
}

/** The team and every team below it. */
export async function teamWithDescendants(
  db: Db,
  tenantId: string,
  teamId: string,
): Promise<Team[]> {
  const all = await teamsOfTenant(db, tenantId, { limit: 2000 });
  const result = all.filter((team) => team.id === teamId);
  for (let index = 0; index < result.length; index += 1) {
    for (const team of all)
      if (team.parentId === result[index]!.id && !result.includes(team)) result.push(team);
  }
  return result;
}

export async function createTeam(
  db: Db,
  principal: Principal,
  request: CreateTeamRequest,
  now: Date = new Date(),
): Promise<Team> {
  if (!principal.isAdmin) throw new AppError('forbidden', 'Only an admin can create teams.');
  const ctx: Context = { db, principal, now };
  if (request.parentId && !(await teamsStore(db, principal.tenantId).findById(request.parentId)))
    throw notFound('The parent team', 'team_not_found');
  const memberIds = unique(request.memberIds ?? []);
  if (request.leadId) await requirePeople(ctx, [request.leadId], 'leadId');
  await requirePeople(ctx, memberIds, 'memberIds');
  const team: Team = {
    id: newId(),
    name: request.name,
    parentId: request.parentId ?? null,
    leadId: request.leadId ?? null,
    memberIds,
    version: 1,
  };
  await commitNewTeam(ctx, team, `created the team ${team.name}`);
  return team;
}

/** Writes a new team with its `team.created` event; a second writer of the same id gets 409. */
export async function commitNewTeam(ctx: Context, team: Team, summary: string): Promise<void> {
  await commitChange(
    narrativeOf(ctx),
    teamsStore(ctx.db, ctx.principal.tenantId),
    team,
    event(ctx, 'team.created', 'team', {
      personIds: team.leadId ? [team.leadId] : [],
      teamIds: unique([team.id, ...(team.parentId ? [team.parentId] : [])]),
      summary,
      payload: {
        name: team.name,
        leadId: team.leadId,
        parentId: team.parentId,
        memberIds: team.memberIds,
        origin: team.origin ?? null,
      },
    }),
  );
}

/**
 * Renames a team, sets its lead, parent or members, on top of the version the admin read.
 * A parent must exist and must not be the team itself or one of the teams below it.
 */
export async function updateTeam(
  ctx: Context,
  id: string,
  request: UpdateTeamRequest,
): Promise<Team> {
  if (!ctx.principal.isAdmin) throw new AppError('forbidden', 'Only an admin can change teams.');
  const teams = teamsStore(ctx.db, ctx.principal.tenantId);
  const narrative = narrativeOf(ctx);
  const { after } = await editVersioned({
    load: async () => {
      const before = await loadVersioned(narrative, teams, id);
      if (!before) throw notFound('That team', 'team_not_found');
      return { before };
    },
    version: request.version,
    fields: ['name', 'leadId', 'parentId', 'memberIds'],
    change: async ({ before }): Promise<Team> => {
      if (request.leadId && request.leadId !== before.leadId)
        await requirePeople(ctx, [request.leadId], 'leadId');
      const memberIds = request.memberIds ? unique(request.memberIds) : undefined;
      if (memberIds)
        await requirePeople(
          ctx,
          memberIds.filter((member) => !before.memberIds.includes(member)),
          'memberIds',
        );
      if (request.parentId && request.parentId !== before.parentId)
        await requireParentWithoutLoop(ctx, before, request.parentId);
      return {
        ...before,
        ...(request.name !== undefined ? { name: request.name } : {}),
        ...(request.leadId !== undefined ? { leadId: request.leadId } : {}),
        ...(request.parentId !== undefined ? { parentId: request.parentId } : {}),
        ...(memberIds ? { memberIds } : {}),
      };
    },
    commit: (after, diff, { before }) =>
      commitChange(
        narrative,
        teams,
        after,
        event(ctx, 'team.updated', 'team', {
          personIds: unique([before.leadId, after.leadId].filter((lead): lead is string => !!lead)),
          teamIds: unique(
            [after.id, before.parentId, after.parentId].filter((team): team is string => !!team),
          ),
          summary:
            Object.keys(diff).length === 1 && 'name' in diff
              ? `renamed the team ${before.name} to ${after.name}`
              : `edited the team ${after.name} (${Object.keys(diff)
                  .map((field) => teamFieldNames[field] ?? field)
                  .join(', ')})`,
          payload: { changes: diff },
        }),
      ),
  });
  return after;
}

const teamFieldNames: Record<string, string> = {
  name: 'name',
  leadId: 'lead',
  parentId: 'parent team',
  memberIds: 'members',
};

async function requireParentWithoutLoop(ctx: Context, team: Team, parentId: string) {
  const teams = teamsStore(ctx.db, ctx.principal.tenantId);
  const parent = await teams.findById(parentId);
  if (!parent)
    throw new AppError('validation_failed', 'The parent team was not found.', [
      { path: 'body.parentId', message: 'is not a team in your organisation' },
    ]);
  // Walk up from the new parent: meeting the team itself means it would be its own
  // ancestor. Bounded, so a loop already in the data cannot hang the walk.
  const seen = new Set<string>();
  for (let current: Team | null = parent; current && !seen.has(current.id);) {
    if (current.id === team.id)
      throw new AppError(
        'team_parent_loop',
        parent.id === team.id
          ? 'A team cannot be its own parent.'
          : `${parent.name} is part of ${team.name}, so it cannot be its parent: a team cannot be its own ancestor.`,
        [{ path: 'body.parentId', message: 'would make the team part of itself' }],
      );
    seen.add(current.id);
    current = current.parentId && seen.size < 100 ? await teams.findById(current.parentId) : null;
  }
}

/** Every id is a person of the caller's organisation, or the field is refused by name. */
async function requirePeople(ctx: Context, ids: string[], field: 'leadId' | 'memberIds') {
  if (ids.length === 0) return;
  const found = await personIdsAmong(ctx.db, ctx.principal.tenantId, ids);
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length === 0) return;
  throw field === 'leadId'
    ? new AppError('validation_failed', 'The lead is not a person in your organisation.', [
        { path: 'body.leadId', message: 'is not a person in your organisation' },
      ])
    : new AppError(
        'validation_failed',
        missing.length === 1
          ? 'A member is not a person in your organisation.'
          : `${missing.length} members are not people in your organisation.`,
        missing.map((id) => ({
          path: 'body.memberIds',
          message: `${id} is not a person in your organisation`,
        })),
      );
}

// ---- Who is who, for the other features --------------------------------------------

/** The person, or null when the tenant has nobody of that id. */
export async function findPerson(ctx: Context, id: string): Promise<Person | null> {
  const person = await peopleStore(ctx.db, ctx.principal.tenantId).findById(id);
  return person && toPerson(person);
}

/** The team as stored (no repair from the narrative), or null. */
export async function findTeam(ctx: Context, id: string): Promise<Team | null> {
  return teamsStore(ctx.db, ctx.principal.tenantId).findById(id);
}

/** Display names by id, for the ids that are people of the tenant. */
export async function namesOf(ctx: Context, ids: string[]): Promise<Map<string, string>> {
  return namesOfPeople(ctx.db, ctx.principal.tenantId, [...new Set(ids)]);
}

export async function hasDirectReports(ctx: Context, managerId: string): Promise<boolean> {
  return hasActiveReports(ctx.db, ctx.principal.tenantId, managerId);
}

/** Everyone who manages someone who has not left, in id order. */
export async function managersOfActivePeople(ctx: Context): Promise<string[]> {
  return managerIdsOfActivePeople(ctx.db, ctx.principal.tenantId);
}

/** A manager and their direct reports (left or not). */
export async function managerWithReports(
  ctx: Context,
  managerId: string,
): Promise<Pick<Person, 'id' | 'mail' | 'managerId' | 'isActive'>[]> {
  return managerAndReports(ctx.db, ctx.principal.tenantId, managerId);
}

/** Every person's name and whether they are still here. */
export async function namesAndStates(
  ctx: Context,
): Promise<Pick<Person, 'id' | 'displayName' | 'isActive'>[]> {
  return namesAndStatesOfPeople(ctx.db, ctx.principal.tenantId);
}

/** The names and states of these people. */
export async function namesAndStatesOf(
  ctx: Context,
  ids: string[],
): Promise<Pick<Person, 'id' | 'displayName' | 'isActive'>[]> {
  return namesAndStatesOfPeopleAmong(ctx.db, ctx.principal.tenantId, ids);
}

/** Every person's manager and whether they are still here. */
export async function managersAndStates(
  ctx: Context,
): Promise<Pick<Person, 'id' | 'managerId' | 'isActive'>[]> {
  return managersAndStatesOfPeople(ctx.db, ctx.principal.tenantId);
}

/** The whole directory, up to `limit` people. */
export async function everyone(ctx: Context, limit: number): Promise<Person[]> {
  return everyPerson(ctx.db, ctx.principal.tenantId, limit);
}

/** Whether anyone reports to the person, left or not: most people manage no one. */
export async function managesAnyone(ctx: Context, managerId: string): Promise<boolean> {
  return hasAnyReport(ctx.db, ctx.principal.tenantId, managerId);
}

/** The teams the person is a member of. */
export async function teamIdsOf(ctx: Context, personId: string): Promise<string[]> {
  return teamIdsOfMember(ctx.db, ctx.principal.tenantId, personId);
}

/** Every team, up to `limit`. */
export async function everyTeam(ctx: Context, limit: number): Promise<Team[]> {
  return teamsOfTenant(ctx.db, ctx.principal.tenantId, { limit });
}

export async function countTeams(ctx: Context): Promise<number> {
  return teamCount(ctx.db, ctx.principal.tenantId);
}

/** Every tenant that has people: the list of work of the jobs that run for each tenant. */
export const knownTenantIds = (db: Db) => tenantIdsWithPeople(db);

export { personFields } from './store';
