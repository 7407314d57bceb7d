import type { Db } from 'mongodb';
import { Person, Team } from '@throughline/contracts';
import { registerIndexes } from '../platform/db/database';
import { isDuplicateKey, kindStore, recordKind } from '../platform/db/documents';

export const PEOPLE = 'people';
export const TEAMS = 'teams';

registerIndexes(PEOPLE, [
  { key: { tenantId: 1, managerId: 1 }, name: 'by_manager' },
  { key: { tenantId: 1, displayName: 1 }, name: 'by_name' },
]);
registerIndexes(TEAMS, [
  { key: { tenantId: 1, parentId: 1 }, name: 'by_parent' },
  { key: { tenantId: 1, memberIds: 1 }, name: 'by_member' },
]);

export type StoredPerson = Person & { updatedAt?: string };

/** People come from org sync and are not versioned in the narrative. */
export const personKind = recordKind({
  name: 'person',
  collection: PEOPLE,
  schema: Person,
  isVersioned: false,
});
/**
 * Teams are made in the app (by hand or from the manager hierarchy), and each creation and
 * edit is a versioned narrative event (`team.created`, `team.updated`) written with
 * `commitChange`. The kind still says `isVersioned: false` for `db:check`: teams made
 * before their creation was recorded have no `team.created` event, and must never be
 * taken for phantoms and removed.
 */
export const teamKind = recordKind({
  name: 'team',
  collection: TEAMS,
  schema: Team,
  isVersioned: false,
});

export const peopleStore = (db: Db, tenantId: string) =>
  kindStore<StoredPerson>(db, personKind, tenantId);
export const teamsStore = (db: Db, tenantId: string) => kindStore<Team>(db, teamKind, tenantId);

const PERSON_FIELDS = [
  'displayName',
  'mail',
  'jobTitle',
  'department',
  'managerId',
  'isActive',
] as const satisfies (keyof Person)[];

/** What a stored person holds besides its id and tenant: the directory's facts. */
export const personFields = (person: Omit<Person, 'id'>) =>
  Object.fromEntries(PERSON_FIELDS.map((field) => [field, person[field]])) as Omit<Person, 'id'>;

/**
 * Records a person unless a record is already there: a synced record is never
 * overwritten by what a token or a demo says. A person's first requests often arrive
 * together; on FerretDB the losing upserts answer with a duplicate key, which means the
 * record is there.
 */
export async function insertPersonIfAbsent(
  db: Db,
  tenantId: string,
  person: Person,
): Promise<void> {
  await peopleStore(db, tenantId)
    .collection.updateOne(
      { _id: person.id as never, tenantId },
      {
        $setOnInsert: { tenantId, ...personFields(person) },
      },
      { upsert: true },
    )
    .catch((error: unknown) => {
      if (!isDuplicateKey(error)) throw error;
    });
}

const activeReportsFilter = (managerId: string) => ({ managerId, isActive: { $ne: false } });

/** The ids of the manager's direct reports who have not left. */
export async function activeReportIdsOf(
  db: Db,
  tenantId: string,
  managerId: string,
): Promise<string[]> {
  const reports = await peopleStore(db, tenantId).find(activeReportsFilter(managerId), {
    projection: { _id: 1 },
  });
  return reports.map((report) => report.id);
}

/** Whether anyone reports directly to the manager, left or not: one indexed read of one document at most. */
export async function hasAnyReport(db: Db, tenantId: string, managerId: string): Promise<boolean> {
  const found = await peopleStore(db, tenantId).find(
    { managerId },
    { projection: { _id: 1 }, limit: 1 },
  );
  return found.length > 0;
}

export async function hasActiveReports(
  db: Db,
  tenantId: string,
  managerId: string,
): Promise<boolean> {
  return (await peopleStore(db, tenantId).count(activeReportsFilter(managerId))) > 0;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One page of people in id order: whose name contains a text, who report to a manager, after an id. */
export async function peoplePage(
  db: Db,
  tenantId: string,
  query: { nameContains?: string; managerId?: string; afterId?: string; limit: number },
): Promise<StoredPerson[]> {
  const filter: Record<string, unknown> = {};
  if (query.nameContains)
    filter.displayName = { $regex: escapeRegex(query.nameContains), $options: 'i' };
  if (query.managerId) filter.managerId = query.managerId;
  if (query.afterId !== undefined) filter._id = { $gt: query.afterId };
  return peopleStore(db, tenantId).find(filter, { sort: { _id: 1 }, limit: query.limit });
}

/** Which of these ids are people of the tenant. */
export async function personIdsAmong(
  db: Db,
  tenantId: string,
  ids: string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const found = await peopleStore(db, tenantId).findAmong(
    '_id',
    ids,
    {},
    { projection: { _id: 1 }, limit: 1 },
  );
  return new Set(found.map((person) => person.id));
}

/** Display names by id, for the ids that are people of the tenant. */
export async function namesOfPeople(
  db: Db,
  tenantId: string,
  ids: string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const people = await peopleStore(db, tenantId).findAmong(
    '_id',
    ids,
    {},
    { projection: { displayName: 1 }, limit: 1 },
  );
  return new Map(people.map((person) => [person.id, person.displayName]));
}

/** The names and states of these people, in one read by `_id`. */
export async function namesAndStatesOfPeopleAmong(
  db: Db,
  tenantId: string,
  ids: string[],
): Promise<Pick<StoredPerson, 'id' | 'displayName' | 'isActive'>[]> {
  return peopleStore(db, tenantId).findAmong(
    '_id',
    ids,
    {},
    { projection: { displayName: 1, isActive: 1 }, limit: 1 },
  );
}

/** Every person of the tenant, whole records, up to `limit`. */
export async function everyPerson(
  db: Db,
  tenantId: string,
  limit: number,
): Promise<StoredPerson[]> {
  return peopleStore(db, tenantId).find({}, { limit });
}

/** Every person's name and whether they are still here. */
export async function namesAndStatesOfPeople(
  db: Db,
  tenantId: string,
): Promise<Pick<StoredPerson, 'id' | 'displayName' | 'isActive'>[]> {
  return peopleStore(db, tenantId).find(
    {},
    { projection: { displayName: 1, isActive: 1 }, limit: 100_000 },
  );
}

/** Every person's manager and whether they are still here. */
export async function managersAndStatesOfPeople(
  db: Db,
  tenantId: string,
): Promise<Pick<StoredPerson, 'id' | 'managerId' | 'isActive'>[]> {
  return peopleStore(db, tenantId).find(
    {},
    { projection: { managerId: 1, isActive: 1 }, limit: 100_000 },
  );
}

/** The org chart as the manager hierarchy reads it, in id order. */
export async function orgChartOf(
  db: Db,
  tenantId: string,
  limit: number,
): Promise<Pick<StoredPerson, 'id' | 'displayName' | 'managerId' | 'isActive'>[]> {
  return peopleStore(db, tenantId).find(
    {},
    {
      projection: { _id: 1, displayName: 1, managerId: 1, isActive: 1 },
      sort: { _id: 1 },
      limit,
    },
  );
}

/** The managers of people who have not left, each once, in id order. */
export async function managerIdsOfActivePeople(db: Db, tenantId: string): Promise<string[]> {
  const people = await peopleStore(db, tenantId).find(
    { isActive: { $ne: false }, managerId: { $ne: null } },
    { projection: { managerId: 1 }, limit: 100_000 },
  );
  return [...new Set(people.map((person) => person.managerId!))].sort();
}

/** A manager and their direct reports (left or not): whom a 1-on-1 in their calendar can be with. */
export async function managerAndReports(
  db: Db,
  tenantId: string,
  managerId: string,
): Promise<Pick<StoredPerson, 'id' | 'mail' | 'managerId' | 'isActive'>[]> {
  return peopleStore(db, tenantId).find(
    { $or: [{ _id: managerId as never }, { managerId }] },
    { projection: { mail: 1, managerId: 1, isActive: 1 }, limit: 5000 },
  );
}

/** The tenant's teams, up to `limit`, in stored order or by name or id. */
export async function teamsOfTenant(
  db: Db,
  tenantId: string,
  options: { limit: number; orderBy?: 'name' | 'id' },
): Promise<Team[]> {
  const sortBy = { name: { name: 1 }, id: { _id: 1 } } as const;
  return teamsStore(db, tenantId).find(
    {},
    options.orderBy
      ? { sort: sortBy[options.orderBy], limit: options.limit }
      : { limit: options.limit },
  );
}

/** The ids of the teams the person is a member of. */
export async function teamIdsOfMember(
  db: Db,
  tenantId: string,
  personId: string,
): Promise<string[]> {
  const teams = await teamsStore(db, tenantId).find(
    { memberIds: personId },
    { projection: { _id: 1 }, limit: 2_000 },
  );
  return teams.map((team) => team.id);
}

export async function teamCount(db: Db, tenantId: string): Promise<number> {
  return teamsStore(db, tenantId).count({});
}

/** Every tenant that has people (org sync or first sign-in): the jobs' list of work. */
export async function tenantIdsWithPeople(db: Db): Promise<string[]> {
  const ids = await db.collection(PEOPLE).distinct('tenantId');
  return ids.filter((id): id is string => typeof id === 'string').sort();
}
