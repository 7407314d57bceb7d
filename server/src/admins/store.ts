/**
 * The `admins` collection: one roster per tenant (its id is the tenant id), versioned
 * through the narrative like every other record, so two people setting up the same tenant
 * at once cannot both become its first admin.
 */
import type { Db } from 'mongodb';
import { AdminRoster } from '@throughline/contracts';
import { kindStore, recordKind } from '../platform/db/documents';

export const ADMINS = 'admins';

export const adminsKind = recordKind({
  name: 'admins',
  collection: ADMINS,
  schema: AdminRoster,
  isVersioned: true,
});

export const rosterStore = (db: Db, tenantId: string) =>
  kindStore<AdminRoster>(db, adminsKind, tenantId);
