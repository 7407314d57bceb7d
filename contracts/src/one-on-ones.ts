/**
 * 1-on-1s: meetings between a manager and one direct report found in the manager's
 * calendar, each with a prep card (an Adaptive Card 1.5 and the data it was built from),
 * shared notes, and action items that stay open across occurrences until someone
 * completes them.
 */
import { z } from 'zod';
import { Id, IsoDate, IsoDateTime, NOT_BLANK, Status } from './common';
import { RiskFinding } from './risks';

/** Graph event ids and Teams chat thread ids: long, base64-ish, never query operators. */
export const GraphEventId = z
  .string()
  .regex(/^[A-Za-z0-9=_\-+/!.:@]{1,512}$/, 'must be a Microsoft Graph event id or a Teams chat id');

export const ActionItem = z.object({
  id: Id,
  text: z.string(),
  ownerId: Id,
  managerId: Id,
  reportId: Id,
  /** The 1-on-1 where it was agreed. */
  oneOnOneId: Id,
  dueDate: IsoDate.nullable(),
  isDone: z.boolean(),
  createdBy: Id,
  createdAt: IsoDateTime,
  doneAt: IsoDateTime.nullable(),
  doneBy: Id.nullable(),
  doneInOneOnOneId: Id.nullable(),
  version: z.number().int(),
});
export type ActionItem = z.infer<typeof ActionItem>;

export const OneOnOneNote = z.object({
  id: Id,
  oneOnOneId: Id,
  authorId: Id,
  body: z.string(),
  at: IsoDateTime,
});
export type OneOnOneNote = z.infer<typeof OneOnOneNote>;

export const PrepCardKeyResult = z.object({
  id: Id,
  title: z.string(),
  objectiveTitle: z.string(),
  progress: z.number(),
  /** Progress now minus progress at the previous 1-on-1 (or at the start of the window). */
  progressChange: z.number(),
  status: Status,
  confidence: z.number().nullable(),
  valueText: z.string(),
  lastCheckInAt: IsoDateTime.nullable(),
});
export type PrepCardKeyResult = z.infer<typeof PrepCardKeyResult>;

export const PrepCardEvidence = z.object({
  title: z.string(),
  kind: z.string(),
  targetTitle: z.string(),
  at: IsoDateTime,
});
export const PrepCardDeliverable = z.object({
  id: Id,
  title: z.string(),
  state: z.string(),
  dueDate: IsoDate.nullable(),
  isOverdue: z.boolean(),
  isBlocked: z.boolean(),
});

/** Everything the prep card shows, as data (the card JSON is built from it). */
export const PrepCardClosedCycle = z.object({
  name: z.string(),
  closedAt: IsoDateTime,
  averageScore: z.number().nullable(),
  keyResults: z.array(
    z.object({
      title: z.string(),
      final: z.number(),
      computed: z.number(),
      reason: z.string().nullable(),
    }),
  ),
});

export const PrepCardData = z.object({
  manager: z.object({ id: Id, name: z.string() }),
  report: z.object({ id: Id, name: z.string() }),
  meeting: z.object({ subject: z.string(), startsAt: IsoDateTime, endsAt: IsoDateTime }),
  /** When the previous 1-on-1 of this pair started; "since" for changes and evidence. */
  since: IsoDateTime,
  sinceIsPreviousMeeting: z.boolean(),
  keyResults: z.array(PrepCardKeyResult),
  risks: z.array(RiskFinding),
  evidence: z.array(PrepCardEvidence),
  deliverables: z.array(PrepCardDeliverable),
  openActionItems: z.array(ActionItem),
  /** Action items agreed in this 1-on-1 (done or not); cards prepared before it existed have none. */
  agreedActionItems: z.array(ActionItem).default([]),
  /** The report's scores in a cycle that closed since the previous 1-on-1: the first talk after a quarter. */
  closedCycle: PrepCardClosedCycle.nullable().optional(),
  talkingPoints: z.array(z.string()),
  generatedAt: IsoDateTime,
});
export type PrepCardData = z.infer<typeof PrepCardData>;

export const OneOnOne = z.object({
  id: Id,
  managerId: Id,
  reportId: Id,
  /** The occurrence's id in the manager's calendar. */
  eventId: z.string(),
  seriesMasterId: z.string().nullable(),
  iCalUId: z.string().nullable(),
  /** The Teams meeting chat (`19:meeting_…@thread.v2`), which is what a meeting side panel knows. */
  chatThreadId: z.string().nullable(),
  joinUrl: z.string().nullable(),
  subject: z.string(),
  startsAt: IsoDateTime,
  endsAt: IsoDateTime,
  preparedAt: IsoDateTime.nullable(),
  deliveredAt: IsoDateTime.nullable(),
  heldAt: IsoDateTime.nullable(),
});
export type OneOnOne = z.infer<typeof OneOnOne>;

export const OneOnOneSummary = OneOnOne.extend({
  managerName: z.string(),
  reportName: z.string(),
  role: z.enum(['manager', 'report']),
  openActionItemCount: z.number().int(),
});
export type OneOnOneSummary = z.infer<typeof OneOnOneSummary>;

export const OneOnOneDetail = OneOnOneSummary.extend({
  prep: PrepCardData,
  /** The Adaptive Card 1.5 JSON, valid against the official schema. */
  card: z.record(z.string(), z.unknown()),
  notes: z.array(OneOnOneNote),
  /** Open items of this pair plus those agreed or completed in this meeting. */
  actionItems: z.array(ActionItem),
});
export type OneOnOneDetail = z.infer<typeof OneOnOneDetail>;

export const ListOneOnOnesQuery = z
  .strictObject({ from: IsoDateTime.optional(), to: IsoDateTime.optional() })
  .refine((query) => !query.from || !query.to || query.from < query.to, {
    message: 'must be after from',
    path: ['to'],
  });
export type ListOneOnOnesQuery = z.input<typeof ListOneOnOnesQuery>;

export const AddNoteRequest = z.strictObject({
  body: z.string().trim().min(1, 'must not be empty').max(4000).meta(NOT_BLANK),
});
export type AddNoteRequest = z.input<typeof AddNoteRequest>;

export const CreateActionItemRequest = z.strictObject({
  text: z.string().trim().min(1, 'must not be empty').max(500).meta(NOT_BLANK),
  ownerId: Id.optional(),
  dueDate: IsoDate.nullable().default(null),
});
export type CreateActionItemRequest = z.input<typeof CreateActionItemRequest>;

export const UpdateActionItemRequest = z.strictObject({
  version: z.number().int().min(1),
  isDone: z.boolean().optional(),
  text: z.string().trim().min(1).max(500).meta(NOT_BLANK).optional(),
  dueDate: IsoDate.nullable().optional(),
});
export type UpdateActionItemRequest = z.input<typeof UpdateActionItemRequest>;

/** The verbs of the prep card's Universal Actions (`Action.Execute`) in the manager's chat with the bot. */
export const PREP_CARD_VERBS = {
  refresh: 'refreshPrepCard',
  addActionItem: 'addActionItem',
} as const;

/**
 * What Teams sends the bot when the prep card refreshes or its "Add action item" is used
 * (the `value` of an `adaptiveCard/action` invoke): the action's verb and data, with the
 * card's inputs merged into the data. Validated like an API body.
 */
export const PrepCardActionInvoke = z.object({
  action: z.discriminatedUnion('verb', [
    z.object({
      type: z.literal('Action.Execute'),
      verb: z.literal(PREP_CARD_VERBS.refresh),
      data: z.object({ oneOnOneId: Id }),
    }),
    z.object({
      type: z.literal('Action.Execute'),
      verb: z.literal(PREP_CARD_VERBS.addActionItem),
      data: z.object({ oneOnOneId: Id, actionItemText: CreateActionItemRequest.shape.text }),
    }),
  ]),
  trigger: z.enum(['automatic', 'manual']).optional(),
});
export type PrepCardActionInvoke = z.infer<typeof PrepCardActionInvoke>;
