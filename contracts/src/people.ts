import { z } from 'zod';
import { Id, IsoDateTime, PageLimit, Cursor, Title, Version } from './common';

export const Person = z.object({
  id: Id,
  displayName: z.string(),
  mail: z.string().nullable(),
  jobTitle: z.string().nullable(),
  department: z.string().nullable(),
  managerId: Id.nullable(),
  isActive: z.boolean(),
});
export type Person = z.infer<typeof Person>;

export const Me = z.object({
  tenantId: Id,
  person: Person,
  isAdmin: z.boolean(),
  directReportIds: z.array(Id),
});
export type Me = z.infer<typeof Me>;

/**
 * The signed-in person's own preferences. `checkInCards`: whether the Teams bot posts them
 * the weekly check-in card (the organisation's `checkInReminders` switch comes first: off
 * there, nobody gets one). `checkInCardsSnoozedUntil`: set by the card's "Snooze until
 * Monday"; until then the job posts them nothing.
 */
export const MyPreferences = z.object({
  checkInCards: z.boolean(),
  checkInCardsSnoozedUntil: IsoDateTime.nullable(),
});
export type MyPreferences = z.infer<typeof MyPreferences>;

/** Turn one's own weekly check-in card off or back on. */
export const UpdateMyPreferencesRequest = z.strictObject({ checkInCards: z.boolean() });
export type UpdateMyPreferencesRequest = z.input<typeof UpdateMyPreferencesRequest>;

export const ListPeopleQuery = z.strictObject({
  search: z.string().trim().max(100).optional(),
  managerId: Id.optional(),
  limit: PageLimit,
  cursor: Cursor.optional(),
});
export type ListPeopleQuery = z.infer<typeof ListPeopleQuery>;

/** Where a team came from when Throughline made it: from a manager and their direct reports. */
export const TeamOrigin = z.object({ kind: z.literal('hierarchy'), managerId: Id });
export type TeamOrigin = z.infer<typeof TeamOrigin>;

export const Team = z.object({
  id: Id,
  name: z.string(),
  parentId: Id.nullable(),
  leadId: Id.nullable(),
  memberIds: z.array(Id),
  version: z.number().int(),
  /** Set on teams made from the manager hierarchy; null for teams an admin made. */
  origin: TeamOrigin.nullable().optional(),
});
export type Team = z.infer<typeof Team>;

export const CreateTeamRequest = z.strictObject({
  name: Title,
  parentId: Id.nullable().default(null),
  leadId: Id.nullable().default(null),
  memberIds: z.array(Id).max(500).default([]),
});
export type CreateTeamRequest = z.input<typeof CreateTeamRequest>;

/**
 * An admin's edit of a team on top of the `version` they read. The lead and new members
 * must be people of the organisation; the parent must be a team that is not this one or
 * below it (a team cannot be its own ancestor).
 */
export const UpdateTeamRequest = z.strictObject({
  version: Version,
  name: Title.optional(),
  leadId: Id.nullable().optional(),
  parentId: Id.nullable().optional(),
  memberIds: z.array(Id).max(500).optional(),
});
export type UpdateTeamRequest = z.input<typeof UpdateTeamRequest>;

/** `dryRun=true` (the default) says what would be created and writes nothing. */
export const TeamsFromHierarchyQuery = z.strictObject({
  dryRun: z.enum(['true', 'false']).default('true'),
});
export type TeamsFromHierarchyQuery = z.input<typeof TeamsFromHierarchyQuery>;

/** A manager who gets no team, and why. */
export const HierarchySkip = z.object({
  managerId: Id,
  displayName: z.string().nullable(),
  reason: z.enum(['manager_inactive', 'manager_not_found']),
  message: z.string(),
});
export type HierarchySkip = z.infer<typeof HierarchySkip>;

/**
 * Teams from the manager hierarchy: one per person with active direct reports, led by
 * them, with those reports as members and the team their own manager leads as parent.
 * `created` are new (or, in a dry run, would be); `matched` already existed, found by
 * their lead, and are left as they are, so running it again creates nothing new.
 */
export const TeamsFromHierarchyReport = z.object({
  dryRun: z.boolean(),
  created: z.array(Team),
  matched: z.array(Team),
  skipped: z.array(HierarchySkip),
  counts: z.object({
    created: z.number().int(),
    matched: z.number().int(),
    skipped: z.number().int(),
  }),
});
export type TeamsFromHierarchyReport = z.infer<typeof TeamsFromHierarchyReport>;
