import { z } from 'zod';
import { Id, PageLimit, Cursor, Title } from './common';

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

export const ListPeopleQuery = z.strictObject({
  search: z.string().trim().max(100).optional(),
  managerId: Id.optional(),
  limit: PageLimit,
  cursor: Cursor.optional(),
});
export type ListPeopleQuery = z.infer<typeof ListPeopleQuery>;

export const Team = z.object({
  id: Id,
  name: z.string(),
  parentId: Id.nullable(),
  leadId: Id.nullable(),
  memberIds: z.array(Id),
  version: z.number().int(),
});
export type Team = z.infer<typeof Team>;

export const CreateTeamRequest = z.strictObject({
  name: Title,
  parentId: Id.nullable().default(null),
  leadId: Id.nullable().default(null),
  memberIds: z.array(Id).max(500).default([]),
});
export type CreateTeamRequest = z.input<typeof CreateTeamRequest>;
