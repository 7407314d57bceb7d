import { z } from 'zod';
import { Id, IsoDateTime } from './common';

/**
 * Who runs Throughline in a tenant besides the people Entra assigns the `OKR.Admin` app
 * role: a list kept by Throughline, so a tenant works on day one before anyone assigned
 * the role, and so an admin can make another without the Entra portal. Every change is a
 * narrative event ("who made whom admin").
 */
export const AdminRoster = z.object({
  id: Id,
  personIds: z.array(Id),
  version: z.number().int(),
  updatedAt: IsoDateTime,
});
export type AdminRoster = z.infer<typeof AdminRoster>;

/** What the tab needs to know on the first screen of a tenant. */
export const SetupState = z.object({
  /** Someone runs Throughline here: on the list, the caller holds the app role, or a cycle exists (only admins create one). */
  hasAdmin: z.boolean(),
  isAdmin: z.boolean(),
  /** Nobody runs it yet and the caller is a directory admin (Global or Privileged Role Administrator). */
  canBecomeFirstAdmin: z.boolean(),
  /** The caller's directory admin role, when Throughline looked (only while nobody runs it). */
  directoryRole: z.string().nullable(),
  /** The people on the list: who to ask. */
  adminIds: z.array(Id),
  hasCycle: z.boolean(),
  hasTeam: z.boolean(),
});
export type SetupState = z.infer<typeof SetupState>;

export const AddAdminRequest = z.strictObject({ personId: Id });
export type AddAdminRequest = z.input<typeof AddAdminRequest>;

/** The org sync (people, managers, direct reports from Microsoft Graph) for the Admin view. */
export const OrgSyncStatus = z.object({
  state: z.enum(['idle', 'running', 'succeeded', 'failed']),
  mode: z.enum(['full', 'delta']).nullable(),
  startedAt: IsoDateTime.nullable(),
  finishedAt: IsoDateTime.nullable(),
  pages: z.number().int(),
  seen: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  deactivated: z.number().int(),
  graphRequests: z.number().int(),
  error: z.string().nullable(),
  hasDeltaLink: z.boolean(),
  /** When the scheduled sync runs next for this tenant (null: running now, never started, or the job is off). */
  nextRunAt: IsoDateTime.nullable(),
});
export type OrgSyncStatus = z.infer<typeof OrgSyncStatus>;
