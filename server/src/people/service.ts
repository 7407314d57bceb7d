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
import { NarrativeStore } from '../narrative/store';
import { commitChange, diffFields, loadVersioned } from '../narrative/versioned';
import { event, requireVersion, unique } from '../okrs/service';
import type { Principal } from '../platform/auth/principal';
import type { Context } from '../platform/context';
import { decodeCursor, encodeCursor, isDuplicateKey, newId } from '../platform/db/documents';
import { AppError, notFound } from '../platform/http/errors';
import { peopleStore, teamsStore } from './store';

const seen = new Set<string>();

export async function ensureCallerRecorded(db: Db, principal: Principal): Promise<void> {
  const key = `${db.databaseName}:${principal.tenantId}:${principal.userId}`;
  if (seen.has(key)) return;
  // $setOnInsert only: a synced record is never overwritten by token claims. A caller's
  // first requests often arrive together; on FerretDB the losing upserts answer with a
  // duplicate key, which means the record is there.
  await peopleStore(db, principal.tenantId)
    .collection.updateOne(
      { _id: principal.userId as never, tenantId: principal.tenantId },
      {
        $setOnInsert: {
          tenantId: principal.tenantId,
          displayName: principal.name || principal.username,
          mail: principal.username || null,
          jobTitle: null,
          department: null,
          managerId: null,
          isActive: true,
        },
      },
      { upsert: true },
    )
    .catch((error: unknown) => {
      if (!isDuplicateKey(error)) throw error;
    });
  seen.add(key);
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
  const reports = await people.find(
    { managerId: principal.userId, isActive: { $ne: false } },
    { projection: { _id: 1 } },
  );
  return {
    tenantId: principal.tenantId,
    person: toPerson(person),
    isAdmin: principal.isAdmin,
    directReportIds: reports.map((report) => report.id),
  };
}

function escapeRegex(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export async function listPeople(
  db: Db,
  principal: Principal,
  query: ListPeopleQuery,
): Promise<Page<Person>> {
  const filter: Record<string, unknown> = {};
  if (query.search) filter.displayName = { $regex: escapeRegex(query.search), $options: 'i' };
  if (query.managerId) filter.managerId = query.managerId;
  const after = decodeCursor(query.cursor);
  if (after) filter._id = { $gt: String(after[0]) };
  const people = await peopleStore(db, principal.tenantId).find(filter, {
    sort: { _id: 1 },
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
  const teams = await teamsStore(db, principal.tenantId).find(
    {},
    { sort: { name: 1 }, limit: 500 },
  );
  return { items: teams, nextCursor: null };
}

export async function getTeam(db: Db, principal: Principal, id: string): Promise<Team> {
  const team = await loadVersioned(
    new NarrativeStore(db, principal.tenantId),
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
  const all = await teamsStore(db, tenantId).find({}, { limit: 2000 });
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
    new NarrativeStore(ctx.db, ctx.principal.tenantId),
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
  const narrative = new NarrativeStore(ctx.db, ctx.principal.tenantId);
  const before = await loadVersioned(narrative, teams, id);
  if (!before) throw notFound('That team', 'team_not_found');
  requireVersion(before, request.version);
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
  const after: Team = {
    ...before,
    ...(request.name !== undefined ? { name: request.name } : {}),
    ...(request.leadId !== undefined ? { leadId: request.leadId } : {}),
    ...(request.parentId !== undefined ? { parentId: request.parentId } : {}),
    ...(memberIds ? { memberIds } : {}),
    version: before.version + 1,
  };
  const diff = diffFields(before, after, ['name', 'leadId', 'parentId', 'memberIds']);
  if (Object.keys(diff).length === 0) return before;
  const summary =
    Object.keys(diff).length === 1 && 'name' in diff
      ? `renamed the team ${before.name} to ${after.name}`
      : `edited the team ${after.name} (${Object.keys(diff)
          .map((field) => teamFieldNames[field] ?? field)
          .join(', ')})`;
  await commitChange(
    narrative,
    teams,
    after,
    event(ctx, 'team.updated', 'team', {
      personIds: unique([before.leadId, after.leadId].filter((lead): lead is string => !!lead)),
      teamIds: unique(
        [after.id, before.parentId, after.parentId].filter((team): team is string => !!team),
      ),
      summary,
      payload: { changes: diff },
    }),
  );
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
  const found = new Set(
    (
      await peopleStore(ctx.db, ctx.principal.tenantId).find(
        { _id: { $in: ids as never[] } },
        { projection: { _id: 1 }, limit: ids.length },
      )
    ).map((person) => person.id),
  );
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
