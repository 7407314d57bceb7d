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
} from '@throughline/contracts';
import type { Principal } from '../platform/auth/principal';
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
  const team = await teamsStore(db, principal.tenantId).findById(id);
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
): Promise<Team> {
  if (!principal.isAdmin) throw new AppError('forbidden', 'Only an admin can create teams.');
  const teams = teamsStore(db, principal.tenantId);
  if (request.parentId && !(await teams.findById(request.parentId)))
    throw notFound('The parent team', 'team_not_found');
  const team: Team = {
    id: newId(),
    name: request.name,
    parentId: request.parentId ?? null,
    leadId: request.leadId ?? null,
    memberIds: request.memberIds ?? [],
    version: 1,
  };
  await teams.insert(team);
  return team;
}
