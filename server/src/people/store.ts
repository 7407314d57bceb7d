import type { Db } from 'mongodb';
import { Person, Team } from '@throughline/contracts';
import { registerIndexes } from '../platform/db/database';
import { TenantStore } from '../platform/db/documents';

export const PEOPLE = 'people';
export const TEAMS = 'teams';

registerIndexes(PEOPLE, [
  { key: { tenantId: 1, managerId: 1 }, name: 'by_manager' },
  { key: { tenantId: 1, displayName: 1 }, name: 'by_name' },
]);
registerIndexes(TEAMS, [{ key: { tenantId: 1, parentId: 1 }, name: 'by_parent' }]);

export type StoredPerson = Person & { updatedAt?: string };

export const peopleStore = (db: Db, tenantId: string) =>
  new TenantStore<StoredPerson>(db, PEOPLE, tenantId, { name: 'person', schema: Person });
export const teamsStore = (db: Db, tenantId: string) =>
  new TenantStore<Team>(db, TEAMS, tenantId, { name: 'team', schema: Team });
