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

/** People come from org sync and teams are made in the app: neither is versioned in the narrative. */
export const personKind: RecordKind = {
  name: 'person',
  collection: PEOPLE,
  schema: Person,
  isVersioned: false,
};
export const teamKind: RecordKind = {
  name: 'team',
  collection: TEAMS,
  schema: Team,
  isVersioned: false,
};

export const peopleStore = (db: Db, tenantId: string) =>
  kindStore<StoredPerson>(db, personKind, tenantId);
export const teamsStore = (db: Db, tenantId: string) => kindStore<Team>(db, teamKind, tenantId);
