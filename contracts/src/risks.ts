/**
 * Tenant settings, risk findings and the weekly digest: what the risk rules found and
 * why, and what changed in a week, read from the goal narrative.
 */
import { z } from 'zod';
import { Id, IsoDate, IsoDateTime, Version, notBoth } from './common';

// ---- Tenant settings ----------------------------------------------------------------

export const Weekday = z.enum([
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
]);
export type Weekday = z.infer<typeof Weekday>;

/** An IANA time zone name the runtime knows (Europe/Berlin, UTC). */
export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Europe/Berlin');

/** The zones the runtime lists (canonical IANA names) and UTC: what the document offers. */
const KNOWN_TIME_ZONES = ['UTC', ...Intl.supportedValuesOf('timeZone')];

/** The thresholds of the risk rules and the rhythm of digests and prep cards, per tenant. */
export const TenantSettings = z.object({
  /** Days between expected check-ins; "no check-in" fires after two of them. */
  checkInCadenceDays: z.number().int().min(1).max(31),
  /** The day people check in; the weekly digest goes out on it. */
  checkInWeekday: Weekday,
  /** Local hour (0–23) on the check-in day when the digest goes out. */
  digestHour: z.number().int().min(0).max(23),
  timeZone: TimeZone,
  /** How far behind the ideal line (0..1 of the range) a key result may be before it is "behind pace". */
  paceTolerance: z.number().min(0).max(0.5),
  /** Points on the 1–10 scale confidence must fall between two check-ins to be flagged. */
  confidenceDrop: z.number().int().min(1).max(9),
  /** Weeks "on track" with no new value and no new evidence before it is "green without proof". */
  greenWithoutProofWeeks: z.number().int().min(1).max(26),
  /** Minutes before a 1-on-1 when the manager gets the prep card. */
  prepCardLeadMinutes: z
    .number()
    .int()
    .min(5)
    .max(7 * 24 * 60),
  /** How many days ahead 1-on-1s are looked for. */
  oneOnOneLookaheadDays: z.number().int().min(1).max(28),
  /** Whether the Teams bot sends the weekly check-in card; off, nobody gets one. */
  checkInReminders: z.boolean(),
  version: z.number().int(),
  updatedAt: IsoDateTime.nullable(),
  updatedBy: Id.nullable(),
});
export type TenantSettings = z.infer<typeof TenantSettings>;

export const UpdateSettingsRequest = z.strictObject({
  version: Version,
  checkInCadenceDays: TenantSettings.shape.checkInCadenceDays.optional(),
  checkInWeekday: Weekday.optional(),
  digestHour: TenantSettings.shape.digestHour.optional(),
  timeZone: TimeZone.meta({ enum: KNOWN_TIME_ZONES }).optional(),
  paceTolerance: TenantSettings.shape.paceTolerance.optional(),
  confidenceDrop: TenantSettings.shape.confidenceDrop.optional(),
  greenWithoutProofWeeks: TenantSettings.shape.greenWithoutProofWeeks.optional(),
  prepCardLeadMinutes: TenantSettings.shape.prepCardLeadMinutes.optional(),
  oneOnOneLookaheadDays: TenantSettings.shape.oneOnOneLookaheadDays.optional(),
  checkInReminders: z.boolean().optional(),
});
export type UpdateSettingsRequest = z.input<typeof UpdateSettingsRequest>;

// ---- Risk findings ------------------------------------------------------------------

export const RiskRuleId = z.enum([
  'behind_pace',
  'no_recent_check_in',
  'confidence_drop',
  'deliverable_overdue',
  'deliverable_blocked',
  'dependency_at_risk',
  'green_without_proof',
  'objective_without_key_results',
  'objective_without_owner',
  'objective_not_aligned',
]);
export type RiskRuleId = z.infer<typeof RiskRuleId>;

export const RiskSeverity = z.enum(['info', 'warning', 'critical']);
export type RiskSeverity = z.infer<typeof RiskSeverity>;

export const RiskSubject = z.object({
  kind: z.enum(['objective', 'keyResult', 'deliverable']),
  id: Id,
  title: z.string(),
});
export type RiskSubject = z.infer<typeof RiskSubject>;

/** One thing a rule found: which rule, how bad, about what, the facts behind it, and a sentence a person would write. */
export const RiskFinding = z.object({
  /** Stable for the same rule and subject, so a finding can be followed across weeks. */
  id: z.string(),
  ruleId: RiskRuleId,
  severity: RiskSeverity,
  subject: RiskSubject,
  ownerId: Id.nullable(),
  objectiveId: Id.nullable(),
  keyResultId: Id.nullable(),
  teamId: Id.nullable(),
  facts: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  explanation: z.string(),
});
export type RiskFinding = z.infer<typeof RiskFinding>;

/** A person, a team or (neither) the caller's whole view of a cycle; not both. */
export const RisksQuery = z
  .strictObject({
    personId: Id.optional(),
    teamId: Id.optional(),
    cycleId: Id.optional(),
  })
  .meta(notBoth('personId', 'teamId'));
export type RisksQuery = z.input<typeof RisksQuery>;

export const RiskReport = z.object({
  cycleId: Id.nullable(),
  evaluatedAt: IsoDateTime,
  findings: z.array(RiskFinding),
  counts: z.object({
    info: z.number().int(),
    warning: z.number().int(),
    critical: z.number().int(),
  }),
});
export type RiskReport = z.infer<typeof RiskReport>;

// ---- Weekly digest ------------------------------------------------------------------

export const DigestCheckIn = z.object({
  keyResultId: Id,
  title: z.string(),
  actorId: Id,
  at: IsoDateTime,
  valueBefore: z.number(),
  valueAfter: z.number(),
  delta: z.number(),
  unit: z.string(),
  confidenceBefore: z.number().nullable(),
  confidence: z.number(),
  progressBefore: z.number(),
  progressAfter: z.number(),
  note: z.string(),
});
export type DigestCheckIn = z.infer<typeof DigestCheckIn>;

export const DigestEvidence = z.object({
  keyResultId: Id.nullable(),
  targetTitle: z.string(),
  title: z.string(),
  kind: z.string(),
  actorId: Id,
  at: IsoDateTime,
});
export type DigestEvidence = z.infer<typeof DigestEvidence>;

export const DigestStatusChange = z.object({
  subjectKind: z.enum(['keyResult', 'deliverable']),
  id: Id,
  title: z.string(),
  from: z.string(),
  to: z.string(),
  at: IsoDateTime,
});
export type DigestStatusChange = z.infer<typeof DigestStatusChange>;

export const DigestDeliverableDone = z.object({
  deliverableId: Id,
  title: z.string(),
  actorId: Id,
  at: IsoDateTime,
});
export type DigestDeliverableDone = z.infer<typeof DigestDeliverableDone>;

export const Digest = z.object({
  subject: z.object({ kind: z.enum(['person', 'team', 'reports']), id: Id, name: z.string() }),
  weekOf: IsoDate,
  from: IsoDateTime,
  to: IsoDateTime,
  checkIns: z.array(DigestCheckIn),
  evidence: z.array(DigestEvidence),
  statusChanges: z.array(DigestStatusChange),
  deliverablesDone: z.array(DigestDeliverableDone),
  newRisks: z.array(RiskFinding),
  isQuiet: z.boolean(),
  /** A short plain-text summary, the same facts in sentences. */
  text: z.string(),
});
export type Digest = z.infer<typeof Digest>;

export const DigestQuery = z
  .strictObject({ personId: Id.optional(), teamId: Id.optional(), weekOf: IsoDate.optional() })
  .refine((query) => !(query.personId && query.teamId), {
    message: 'give personId or teamId, not both',
    path: ['teamId'],
  })
  .meta(notBoth('personId', 'teamId'));
export type DigestQuery = z.input<typeof DigestQuery>;

// ---- Jobs ---------------------------------------------------------------------------

export const JobName = z.enum([
  'weekly-digest',
  'prep-cards',
  'cycle-ended',
  'excel-sources',
  'check-in-reminders',
]);
export type JobName = z.infer<typeof JobName>;

export const JobRunResult = z.object({
  job: JobName,
  ranAt: IsoDateTime,
  sent: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
});
export type JobRunResult = z.infer<typeof JobRunResult>;
