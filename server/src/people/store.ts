import type { Db } from 'mongodb';
import { Person, Team } from '@throughline/contracts';
import { registerIndexes } from '../platform/db/database';
import { kindStore, type RecordKind } from '../platform/db/documents';

export const PEOPLE = 'people';
export const TEAMS = 'teams';

registerIndexes(PEOPLE, [
  { key: { tenantId: 1, managerId: 1 }, name: 'by_manager' },
  { key: { tenantId: 1, displayName: 1 }, name: 'by_name' },
]);
registerIndexes(TEAMS, [{ key: { tenantId: 1, parentId: 1 }, name: 'by_parent' }]);

export type StoredPerson = Person & { updatedAt?: string };

/** People come from org sync and are not versioned in the narrative. */
export const personKind: RecordKind = {
  name: 'person',
  collection: PEOPLE,
  schema: Person,
  isVersioned: false,
};
/**
 * Teams are made in the app (by hand or from the manager hierarchy), and each creation and
 * edit is a versioned narrative event (`team.created`, `team.updated`) written with
 * `commitChange`. The kind still says `isVersioned: false` for `db:check`: teams made
 * before their creation was recorded have no `team.created` event, and must never be
 * taken for phantoms and removed.
 */
export const teamKind: RecordKind = {
  name: 'team',
  collection: TEAMS,
  schema: Team,
  isVersioned: false,
};

export const peopleStore = (db: Db, tenantId: string) =>
  kindStore<StoredPerson>(db, personKind, tenantId);
export const teamsStore = (db: Db, tenantId: string) => kindStore<Team>(db, teamKind, tenantId);
