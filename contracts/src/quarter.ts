/**
 * Closing the quarter: the review of a cycle's scores, carrying unfinished objectives to
 * the next cycle, and the business review (the data behind the deck and the print page).
 */
import { z } from 'zod';
import {
  Cursor,
  Id,
  IsoDate,
  IsoDateTime,
  PageLimit,
  Progress,
  Status,
  oneOfRequired,
} from './common';
import {
  CarryLink,
  Cycle,
  Learning,
  MetricKind,
  ObjectiveLevel,
  ProposedScore,
  Score,
  StoredMetric,
} from './okrs';
import { RiskSeverity } from './risks';

// ---- The review of a cycle --------------------------------------------------------------

export const ReviewKeyResult = z.object({
  id: Id,
  title: z.string(),
  ownerId: Id,
  metricKind: MetricKind,
  progress: Progress,
  status: Status,
  /** The score progress gives today: what closing records (0.0–1.0, one decimal). */
  suggestedScore: Progress,
  /** The recorded score, once the cycle closed: computed, override and reason. */
  score: Score.nullable(),
  /** An owner's score set before the close; closing records it as the override. */
  proposedScore: ProposedScore.nullable(),
  version: z.number().int(),
  /** Open cycle: may set the score closing records. Closed: may override the recorded one. */
  canScore: z.boolean(),
});
export type ReviewKeyResult = z.infer<typeof ReviewKeyResult>;

export const ReviewObjective = z.object({
  id: Id,
  title: z.string(),
  level: ObjectiveLevel,
  ownerId: Id,
  teamId: Id.nullable(),
  progress: Progress,
  status: Status,
  suggestedScore: Progress,
  score: Score.nullable(),
  proposedScore: ProposedScore.nullable(),
  version: z.number().int(),
  carriedFrom: CarryLink.nullable(),
  carriedTo: CarryLink.nullable(),
  canScore: z.boolean(),
  /** Unfinished, not carried yet, and the caller may create it for its owner. */
  canCarryOver: z.boolean(),
  /** The caller is the owner, a contributor, one of their managers or an admin. */
  canAddLearning: z.boolean(),
  keyResults: z.array(ReviewKeyResult),
  learnings: z.array(Learning),
});
export type ReviewObjective = z.infer<typeof ReviewObjective>;

export const CycleReview = z.object({
  cycle: Cycle,
  /** Only admins close a cycle. */
  canClose: z.boolean(),
  /** The open cycles after this one that unfinished objectives can be carried to. */
  nextCycles: z.array(Cycle),
  objectives: z.array(ReviewObjective),
  nextCursor: Cursor.nullable(),
});
export type CycleReview = z.infer<typeof CycleReview>;

export const CycleReviewQuery = z.strictObject({
  teamId: Id.optional(),
  ownerId: Id.optional(),
  limit: PageLimit,
  cursor: Cursor.optional(),
});
export type CycleReviewQuery = z.input<typeof CycleReviewQuery>;

export const CarryOverRequest = z.strictObject({
  /** The open cycle the copy goes to. */
  cycleId: Id,
});
export type CarryOverRequest = z.input<typeof CarryOverRequest>;

// ---- The business review ------------------------------------------------------------------

export const BusinessReviewQuery = z
  .strictObject({
    cycleId: Id,
    /** A team and its sub-teams. */
    teamId: Id.optional(),
    /** One person's quarter: what they committed, delivered, and the proof. */
    personId: Id.optional(),
  })
  .refine((query) => Boolean(query.teamId) !== Boolean(query.personId), {
    message: 'give teamId or personId, not both',
    path: ['teamId'],
  })
  .meta(oneOfRequired('teamId', 'personId'));
export type BusinessReviewQuery = z.input<typeof BusinessReviewQuery>;

export const TrendPoint = z.object({ on: IsoDate, value: z.number() });

export const ReviewedKeyResult = z.object({
  id: Id,
  title: z.string(),
  ownerName: z.string(),
  metric: StoredMetric,
  progress: Progress,
  status: Status,
  score: Score.nullable(),
  /** The check-in values over the cycle, oldest first, from the start value. */
  trend: z.array(TrendPoint),
  /** The numbers of this key result's footnotes (evidence the reader may see). */
  footnotes: z.array(z.number().int()),
});
export type ReviewedKeyResult = z.infer<typeof ReviewedKeyResult>;

export const ReviewedObjective = z.object({
  id: Id,
  title: z.string(),
  level: ObjectiveLevel,
  ownerName: z.string(),
  teamName: z.string().nullable(),
  /** How far below the review's roots it aligns (0 for a root). */
  depth: z.number().int(),
  progress: Progress,
  status: Status,
  score: Score.nullable(),
  keyResults: z.array(ReviewedKeyResult),
  learnings: z.array(Learning.extend({ authorName: z.string() })),
});
export type ReviewedObjective = z.infer<typeof ReviewedObjective>;

export const ReviewedDeliverable = z.object({
  id: Id,
  title: z.string(),
  ownerName: z.string(),
  objectiveTitle: z.string(),
  state: z.enum(['todo', 'doing', 'blocked', 'done']),
  dueDate: IsoDate.nullable(),
});
export type ReviewedDeliverable = z.infer<typeof ReviewedDeliverable>;

export const ReviewedRisk = z.object({
  subjectTitle: z.string(),
  severity: RiskSeverity,
  explanation: z.string(),
});

export const Footnote = z.object({
  number: z.number().int(),
  kind: z.string(),
  title: z.string(),
  /** Who sent the email, or who attached the document or link. */
  from: z.string(),
  on: IsoDate,
});
export type Footnote = z.infer<typeof Footnote>;

export const BusinessReview = z.object({
  cycle: Cycle,
  scope: z.object({ kind: z.enum(['team', 'person']), id: Id, name: z.string() }),
  generatedAt: IsoDateTime,
  summary: z.object({
    objectives: z.number().int(),
    keyResults: z.number().int(),
    averageProgress: Progress,
    /** The mean final score of the scored key results; null before the close. */
    averageScore: Progress.nullable(),
  }),
  objectives: z.array(ReviewedObjective),
  risks: z.array(ReviewedRisk),
  deliverables: z.object({
    done: z.array(ReviewedDeliverable),
    blocked: z.array(ReviewedDeliverable),
  }),
  footnotes: z.array(Footnote),
});
export type BusinessReview = z.infer<typeof BusinessReview>;
