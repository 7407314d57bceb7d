import { z } from 'zod';
import {
  Cursor,
  Id,
  IsoDate,
  IsoDateTime,
  LongText,
  PageLimit,
  Progress,
  Status,
  Title,
  NOT_BLANK,
  THREE_AFTER_TRIM,
  Version,
  anyOfRequired,
} from './common';
import { ExcelSource, ExcelSourceState } from './excel';

// ---- Cycles -------------------------------------------------------------------------

export const Cycle = z.object({
  id: Id,
  name: z.string(),
  kind: z.enum(['quarter', 'year', 'custom']),
  startsOn: IsoDate,
  endsOn: IsoDate,
  state: z.enum(['open', 'closed']),
  closedAt: IsoDateTime.nullable(),
  version: z.number().int(),
});
export type Cycle = z.infer<typeof Cycle>;

export const CreateCycleRequest = z
  .strictObject({
    name: Title,
    kind: z.enum(['quarter', 'year', 'custom']).default('quarter'),
    startsOn: IsoDate,
    endsOn: IsoDate,
  })
  .refine((cycle) => cycle.endsOn > cycle.startsOn, {
    message: 'must be after startsOn',
    path: ['endsOn'],
  });
export type CreateCycleRequest = z.input<typeof CreateCycleRequest>;

/**
 * An admin's edit of an open cycle: its name, dates or kind, on top of the `version` they
 * read. The dates are checked again after the merge (endsOn after startsOn), since either
 * may be sent alone.
 */
export const UpdateCycleRequest = z
  .strictObject({
    version: Version,
    name: Title.optional(),
    kind: z.enum(['quarter', 'year', 'custom']).optional(),
    startsOn: IsoDate.optional(),
    endsOn: IsoDate.optional(),
  })
  .refine((cycle) => !cycle.startsOn || !cycle.endsOn || cycle.endsOn > cycle.startsOn, {
    message: 'must be after startsOn',
    path: ['endsOn'],
  });
export type UpdateCycleRequest = z.input<typeof UpdateCycleRequest>;

// ---- Alignment ----------------------------------------------------------------------

export const AlignmentTarget = z.strictObject({ kind: z.enum(['objective', 'keyResult']), id: Id });
export type AlignmentTarget = z.infer<typeof AlignmentTarget>;

export const Contributor = z.strictObject({ kind: z.enum(['team', 'person']), id: Id });
export type Contributor = z.infer<typeof Contributor>;

export const DependencyTarget = z.strictObject({
  kind: z.enum(['deliverable', 'keyResult']),
  id: Id,
});
export type DependencyTarget = z.infer<typeof DependencyTarget>;

export const Score = z.object({
  computed: Progress,
  override: Progress.nullable(),
  reason: z.string().nullable(),
  final: Progress,
  scoredAt: IsoDateTime,
});
export type Score = z.infer<typeof Score>;

/**
 * An owner's score set while the cycle is still open (in the closing review): closing
 * records it as the override, beside the score computed from progress at that moment.
 */
export const ProposedScore = z.object({
  score: Progress,
  reason: z.string(),
  byId: Id,
  at: IsoDateTime,
});
export type ProposedScore = z.infer<typeof ProposedScore>;

// ---- Objectives ---------------------------------------------------------------------

export const ObjectiveLevel = z.enum(['company', 'team', 'individual']);
export const Visibility = z.enum(['public', 'private']);

/** Where a carried-over objective came from, or went to: the other copy and its cycle. */
export const CarryLink = z.object({ objectiveId: Id, cycleId: Id });
export type CarryLink = z.infer<typeof CarryLink>;

export const Objective = z.object({
  id: Id,
  cycleId: Id,
  title: z.string(),
  description: z.string(),
  level: ObjectiveLevel,
  ownerId: Id,
  teamId: Id.nullable(),
  alignsTo: AlignmentTarget.nullable(),
  contributors: z.array(Contributor),
  visibility: Visibility,
  state: z.enum(['active', 'archived']),
  includeAlignedInProgress: z.boolean(),
  progress: Progress,
  status: Status,
  score: Score.nullable(),
  proposedScore: ProposedScore.nullable().optional(),
  /** The objective of an earlier cycle this one continues (copied at the close). */
  carriedFrom: CarryLink.nullable().optional(),
  /** The copy of this objective in a later cycle, once it was carried over. */
  carriedTo: CarryLink.nullable().optional(),
  version: z.number().int(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Objective = z.infer<typeof Objective>;

export const CreateObjectiveRequest = z.strictObject({
  cycleId: Id,
  title: Title,
  description: LongText.default(''),
  level: ObjectiveLevel.default('individual'),
  ownerId: Id.optional(),
  teamId: Id.nullable().default(null),
  alignsTo: AlignmentTarget.nullable().default(null),
  contributors: z.array(Contributor).max(50).default([]),
  visibility: Visibility.default('public'),
  includeAlignedInProgress: z.boolean().default(false),
});
export type CreateObjectiveRequest = z.input<typeof CreateObjectiveRequest>;

export const UpdateObjectiveRequest = z.strictObject({
  version: Version,
  title: Title.optional(),
  description: LongText.optional(),
  level: ObjectiveLevel.optional(),
  ownerId: Id.optional(),
  teamId: Id.nullable().optional(),
  alignsTo: AlignmentTarget.nullable().optional(),
  contributors: z.array(Contributor).max(50).optional(),
  visibility: Visibility.optional(),
  state: z.enum(['active', 'archived']).optional(),
  includeAlignedInProgress: z.boolean().optional(),
});
export type UpdateObjectiveRequest = z.input<typeof UpdateObjectiveRequest>;

export const ListObjectivesQuery = z.strictObject({
  cycleId: Id.optional(),
  ownerId: Id.optional(),
  teamId: Id.optional(),
  status: Status.optional(),
  level: ObjectiveLevel.optional(),
  q: z.string().trim().max(100).optional(),
  limit: PageLimit,
  cursor: Cursor.optional(),
});
export type ListObjectivesQuery = z.input<typeof ListObjectivesQuery>;

export const ScoreOverrideRequest = z.strictObject({
  version: Version,
  score: Progress,
  reason: z
    .string()
    .trim()
    .min(3, 'must say why (at least 3 characters)')
    .max(1000)
    .meta(THREE_AFTER_TRIM),
});
export type ScoreOverrideRequest = z.input<typeof ScoreOverrideRequest>;

// ---- Key results --------------------------------------------------------------------

export const MetricKind = z.enum([
  'number',
  'percent',
  'currency',
  'boolean',
  'milestone',
  'stay_above',
  'stay_below',
]);
export type MetricKind = z.infer<typeof MetricKind>;

export const Milestone = z.strictObject({ title: Title, isDone: z.boolean().default(false) });

// An empty field reaches the server as null (JSON has no NaN): say what is missing, not zod's type words.
const finite = z
  .number({
    error: (issue) => (issue.input == null ? 'is required: enter a number' : 'must be a number'),
  })
  .finite();

/** The rules of the metric's superRefine, per kind, in JSON Schema. */
function whenKind(kind: MetricKind, then: Record<string, unknown>) {
  return { if: { properties: { kind: { const: kind } }, required: ['kind'] }, then };
}

export const Metric = z
  .strictObject({
    kind: MetricKind,
    start: finite.default(0),
    target: finite,
    current: finite.optional(),
    unit: z.string().trim().max(20).default(''),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR')
      .optional(),
    direction: z.enum(['increase', 'decrease']).default('increase'),
    milestones: z.array(Milestone).max(50).default([]),
  })
  .superRefine((metric, ctx) => {
    if (metric.kind === 'currency' && !metric.currency)
      ctx.addIssue({
        code: 'custom',
        path: ['currency'],
        message: 'is required for a currency metric',
      });
    if (metric.kind === 'milestone' && metric.milestones.length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['milestones'],
        message: 'must list at least one milestone',
      });
    if (metric.kind === 'boolean' && ![0, 1].includes(metric.target))
      ctx.addIssue({
        code: 'custom',
        path: ['target'],
        message: 'must be 1 (done) for a yes/no metric',
      });
    if (metric.kind === 'percent' && (metric.target < 0 || metric.target > 100))
      ctx.addIssue({ code: 'custom', path: ['target'], message: 'must be between 0 and 100' });
  })
  .meta({
    allOf: [
      whenKind('currency', { required: ['currency'] }),
      whenKind('milestone', {
        required: ['milestones'],
        properties: { milestones: { minItems: 1 } },
      }),
      whenKind('boolean', { properties: { target: { enum: [0, 1] } } }),
      whenKind('percent', { properties: { target: { minimum: 0, maximum: 100 } } }),
    ],
  });
export type MetricInput = z.input<typeof Metric>;

/** A metric as the server keeps and answers it: every default filled in. */
export const StoredMetric = z.object({
  kind: MetricKind,
  start: finite,
  target: finite,
  current: finite,
  unit: z.string(),
  currency: z.string().optional(),
  direction: z.enum(['increase', 'decrease']),
  milestones: z.array(z.object({ title: z.string(), isDone: z.boolean() })),
});
export type Metric = {
  kind: MetricKind;
  start: number;
  target: number;
  current: number;
  unit: string;
  currency?: string;
  direction: 'increase' | 'decrease';
  milestones: { title: string; isDone: boolean }[];
};

export const Confidence = z
  .number()
  .int()
  .min(1, 'must be between 1 and 10')
  .max(10, 'must be between 1 and 10');

export const LastCheckIn = z.object({
  id: Id,
  at: IsoDateTime,
  value: z.number(),
  confidence: z.number(),
  status: Status,
  authorId: Id,
});

export const KeyResult = z.object({
  id: Id,
  objectiveId: Id,
  cycleId: Id,
  title: z.string(),
  ownerId: Id,
  coOwnerIds: z.array(Id),
  updaterIds: z.array(Id),
  metric: StoredMetric,
  weight: z.number(),
  confidence: z.number().nullable(),
  status: Status,
  paceStatus: Status,
  dueDate: IsoDate.nullable(),
  progress: Progress,
  lastCheckIn: LastCheckIn.nullable(),
  score: Score.nullable(),
  proposedScore: ProposedScore.nullable().optional(),
  /** The Excel cell or named range that feeds it (absent or null: checked in by people only). */
  excelSource: ExcelSource.nullable().optional(),
  version: z.number().int(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type KeyResult = z.infer<typeof KeyResult>;

export const CreateKeyResultRequest = z.strictObject({
  objectiveId: Id,
  title: Title,
  ownerId: Id.optional(),
  coOwnerIds: z.array(Id).max(20).default([]),
  updaterIds: z.array(Id).max(50).default([]),
  metric: Metric,
  weight: z.number().min(0).max(100).default(1),
  dueDate: IsoDate.nullable().default(null),
});
export type CreateKeyResultRequest = z.input<typeof CreateKeyResultRequest>;

export const UpdateKeyResultRequest = z.strictObject({
  version: Version,
  title: Title.optional(),
  ownerId: Id.optional(),
  coOwnerIds: z.array(Id).max(20).optional(),
  updaterIds: z.array(Id).max(50).optional(),
  metric: Metric.optional(),
  weight: z.number().min(0).max(100).optional(),
  dueDate: IsoDate.nullable().optional(),
});
export type UpdateKeyResultRequest = z.input<typeof UpdateKeyResultRequest>;

// ---- Check-ins and feedback ---------------------------------------------------------

export const CheckInRequest = z.strictObject({
  version: Version,
  value: finite,
  confidence: Confidence,
  status: Status.exclude(['not_started']),
  note: LongText.default(''),
  milestones: z.array(z.boolean()).max(50).optional(),
});
export type CheckInRequest = z.input<typeof CheckInRequest>;

/** The verb of a check-in submitted from the weekly reminder card in the person's chat with the bot. */
export const CHECK_IN_CARD_VERB = 'checkInKeyResult';

/** A card's number input arrives as text; an empty one is missing, not zero. */
const cardNumber = z.union([
  z.number(),
  z
    .string()
    .trim()
    .min(1, 'is required: enter a number')
    .regex(/^-?\d+(\.\d+)?$/, 'must be a number')
    .transform(Number),
]);

/**
 * What Teams sends when "Check in" is pressed on the reminder card (the `value` of an
 * `adaptiveCard/action` invoke): the key result and the version the card showed, and that
 * key result's inputs merged into the data under `value`, `confidence`, `status` and `note`
 * suffixed with `-{keyResultId}`. The fields are then validated as a `CheckInRequest`.
 */
export const CheckInCardInvoke = z.object({
  action: z.object({
    type: z.literal('Action.Execute'),
    verb: z.literal(CHECK_IN_CARD_VERB),
    data: z.object({ keyResultId: Id, version: Version }).catchall(z.unknown()),
  }),
});

/** The verbs of the reminder card's "Snooze until Monday" and "Stop these cards". */
export const CHECK_IN_CARD_SNOOZE_VERB = 'snoozeCheckInCards';
export const CHECK_IN_CARD_STOP_VERB = 'stopCheckInCards';

/**
 * What Teams sends when "Snooze until Monday" or "Stop these cards" is pressed on the
 * reminder card. The actions ask for no inputs (`associatedInputs: none`) and name nobody:
 * the person who pressed is the one snoozed or stopped, whoever's card it was. A client that
 * merges the card's inputs in anyway is tolerated (they are ignored); anything else in the
 * data, such as a person's id, is refused.
 */
export const CheckInCardPreferenceInvoke = z.object({
  action: z.object({
    type: z.literal('Action.Execute'),
    verb: z.enum([CHECK_IN_CARD_SNOOZE_VERB, CHECK_IN_CARD_STOP_VERB]),
    data: z
      .record(
        z.string().regex(/^(value|confidence|status|note)-/, 'is not one of the card’s inputs'),
        z.unknown(),
      )
      .optional(),
  }),
});
export type CheckInCardPreferenceInvoke = z.infer<typeof CheckInCardPreferenceInvoke>;

/** The check-in a card's inputs make, validated as the API's check-in body is. */
export const CheckInCardFields = z.object({
  version: Version,
  value: cardNumber.pipe(finite),
  confidence: cardNumber.pipe(Confidence),
  status: Status.exclude(['not_started']),
  note: LongText.default(''),
});

export const CheckIn = z.object({
  id: Id,
  keyResultId: Id,
  objectiveId: Id,
  authorId: Id,
  value: z.number(),
  previousValue: z.number(),
  progress: Progress,
  confidence: z.number(),
  previousConfidence: z.number().nullable(),
  status: Status,
  note: z.string(),
  /** `excel`: recorded by the Excel source job from the linked cell, not typed by a person. */
  origin: z.enum(['person', 'excel']).optional(),
  at: IsoDateTime,
});
export type CheckIn = z.infer<typeof CheckIn>;

export const Comment = z.object({
  id: Id,
  checkInId: Id,
  keyResultId: Id,
  authorId: Id,
  kind: z.enum(['comment', 'feedback']),
  body: z.string(),
  at: IsoDateTime,
});
export type Comment = z.infer<typeof Comment>;

export const CreateCommentRequest = z.strictObject({
  kind: z.enum(['comment', 'feedback']).default('comment'),
  body: z.string().trim().min(1, 'must not be empty').max(4000).meta(NOT_BLANK),
});
export type CreateCommentRequest = z.input<typeof CreateCommentRequest>;

export const CheckInWithComments = CheckIn.extend({ comments: z.array(Comment) });
export type CheckInWithComments = z.infer<typeof CheckInWithComments>;

// ---- Deliverables -------------------------------------------------------------------

export const DeliverableState = z.enum(['todo', 'doing', 'blocked', 'done']);

export const Deliverable = z.object({
  id: Id,
  objectiveId: Id,
  keyResultId: Id.nullable(),
  cycleId: Id,
  title: z.string(),
  ownerId: Id,
  teamId: Id.nullable(),
  dueDate: IsoDate.nullable(),
  state: DeliverableState,
  dependsOn: z.array(DependencyTarget),
  version: z.number().int(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Deliverable = z.infer<typeof Deliverable>;

export const CreateDeliverableRequest = z
  .strictObject({
    objectiveId: Id.optional(),
    keyResultId: Id.optional(),
    title: Title,
    ownerId: Id.optional(),
    teamId: Id.nullable().default(null),
    dueDate: IsoDate.nullable().default(null),
    state: DeliverableState.default('todo'),
    dependsOn: z.array(DependencyTarget).max(20).default([]),
  })
  .refine((request) => request.objectiveId || request.keyResultId, {
    message: 'objectiveId or keyResultId is required',
    path: ['keyResultId'],
  })
  .meta(anyOfRequired(['objectiveId'], ['keyResultId']));
export type CreateDeliverableRequest = z.input<typeof CreateDeliverableRequest>;

export const UpdateDeliverableRequest = z.strictObject({
  version: Version,
  title: Title.optional(),
  ownerId: Id.optional(),
  teamId: Id.nullable().optional(),
  dueDate: IsoDate.nullable().optional(),
  state: DeliverableState.optional(),
  dependsOn: z.array(DependencyTarget).max(20).optional(),
});
export type UpdateDeliverableRequest = z.input<typeof UpdateDeliverableRequest>;

// ---- Read models --------------------------------------------------------------------

/** A "what we learned" note on an objective, from its owner or a contributor, kept in the narrative. */
export const Learning = z.object({
  id: Id,
  objectiveId: Id,
  authorId: Id,
  text: z.string(),
  at: IsoDateTime,
});
export type Learning = z.infer<typeof Learning>;

export const AddLearningRequest = z.strictObject({
  text: z
    .string()
    .trim()
    .min(3, 'must say what was learned (at least 3 characters)')
    .max(2000)
    .meta(THREE_AFTER_TRIM),
});
export type AddLearningRequest = z.input<typeof AddLearningRequest>;

export const ObjectiveDetail = Objective.extend({
  keyResults: z.array(KeyResult),
  deliverables: z.array(Deliverable),
  learnings: z.array(Learning),
  canEdit: z.boolean(),
  /** Whether the caller may add a learning: the owner, contributors, their managers, admins. */
  canAddLearning: z.boolean(),
});
export type ObjectiveDetail = z.infer<typeof ObjectiveDetail>;

export const KeyResultDetail = KeyResult.extend({
  objective: Objective,
  deliverables: z.array(Deliverable),
  checkIns: z.array(CheckInWithComments),
  canEdit: z.boolean(),
  canCheckIn: z.boolean(),
  cycle: Cycle,
  /** What the last read of the Excel source found (null when it has none or was never read). */
  excelState: ExcelSourceState.nullable().optional(),
});
export type KeyResultDetail = z.infer<typeof KeyResultDetail>;

export const MyOkrs = z.object({
  cycle: Cycle.nullable(),
  objectives: z.array(ObjectiveDetail),
  dueForCheckIn: z.array(Id),
});
export type MyOkrs = z.infer<typeof MyOkrs>;

export const MyOkrsQuery = z.strictObject({ cycleId: Id.optional() });

export type AlignmentNode = {
  kind: 'objective' | 'keyResult';
  id: string;
  title: string;
  ownerId: string;
  level?: 'company' | 'team' | 'individual';
  teamId?: string | null;
  progress: number;
  status: Status;
  /** The final score, once the cycle closed. */
  score?: number | null;
  children: AlignmentNode[];
};
export const AlignmentNode: z.ZodType<AlignmentNode> = z.lazy(() =>
  z.object({
    kind: z.enum(['objective', 'keyResult']),
    id: Id,
    title: z.string(),
    ownerId: Id,
    level: ObjectiveLevel.optional(),
    teamId: Id.nullable().optional(),
    progress: Progress,
    status: Status,
    score: Progress.nullable().optional(),
    children: z.array(AlignmentNode),
  }),
);

export const AlignmentTree = z.object({ cycleId: Id, roots: z.array(AlignmentNode) });
export type AlignmentTree = z.infer<typeof AlignmentTree>;

export const AlignmentTreeQuery = z.strictObject({
  teamId: Id.optional(),
  atRiskOnly: z.enum(['true', 'false']).optional(),
});

export const DependencyEdge = z.object({
  from: z.object({
    kind: z.literal('deliverable'),
    id: Id,
    title: z.string(),
    ownerId: Id,
    teamId: Id.nullable(),
    state: DeliverableState,
  }),
  to: z.object({
    kind: z.enum(['deliverable', 'keyResult']),
    id: Id,
    title: z.string(),
    ownerId: Id,
    teamId: Id.nullable(),
    status: z.string(),
  }),
});
export type DependencyEdge = z.infer<typeof DependencyEdge>;

export const Dependencies = z.object({
  waitingOn: z.array(DependencyEdge),
  waitedOnBy: z.array(DependencyEdge),
});
export type Dependencies = z.infer<typeof Dependencies>;

export const DependenciesQuery = z
  .strictObject({ teamId: Id.optional(), personId: Id.optional(), cycleId: Id.optional() })
  .refine((query) => query.teamId || query.personId, {
    message: 'teamId or personId is required',
    path: ['teamId'],
  })
  .meta(anyOfRequired(['teamId'], ['personId']));

// ---- Narrative ----------------------------------------------------------------------

export const SubjectKind = z.enum([
  'objective',
  'keyResult',
  'deliverable',
  'cycle',
  'team',
  'comment',
  'evidence',
  'oneOnOne',
  'actionItem',
  'digest',
  'admins',
  'learning',
]);
export type SubjectKind = z.infer<typeof SubjectKind>;

export const NarrativeEvent = z.object({
  id: Id,
  type: z.string(),
  subject: z.object({ kind: SubjectKind, id: Id }),
  seq: z.number().int(),
  actorId: Id,
  at: IsoDateTime,
  objectiveId: Id.nullable(),
  keyResultId: Id.nullable(),
  summary: z.string(),
  payload: z.record(z.string(), z.unknown()),
});
export type NarrativeEvent = z.infer<typeof NarrativeEvent>;

/** Whose timeline: one of the four ids is required (the service says which one wins). */
export const NarrativeQuery = z
  .strictObject({
    objectiveId: Id.optional(),
    keyResultId: Id.optional(),
    personId: Id.optional(),
    teamId: Id.optional(),
    limit: PageLimit,
    cursor: Cursor.optional(),
  })
  .meta(anyOfRequired(['keyResultId'], ['objectiveId'], ['personId'], ['teamId']));
export type NarrativeQuery = z.input<typeof NarrativeQuery>;
