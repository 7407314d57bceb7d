/**
 * The prep card's content, pure: key results with progress and the change since the
 * previous 1-on-1, the risks, evidence attached since then, deliverables overdue or
 * blocked, open action items, and three talking points chosen by fixed rules from those
 * facts (no language model: the same facts always give the same points).
 */
import type {
  ActionItem,
  Deliverable,
  Metric,
  PrepCardData,
  RiskFinding,
  Status,
} from '@throughline/contracts';
import type { DigestEvent } from '../risks/digest';

export interface PrepKeyResult {
  id: string;
  title: string;
  objectiveTitle: string;
  metric: Metric;
  progress: number;
  status: Status;
  confidence: number | null;
  lastCheckIn: { at: string } | null;
  createdAt: string;
}

export interface PrepInput {
  manager: { id: string; name: string };
  report: { id: string; name: string };
  meeting: { subject: string; startsAt: string; endsAt: string };
  since: string;
  sinceIsPreviousMeeting: boolean;
  now: Date;
  today: string;
  keyResults: PrepKeyResult[];
  /** Check-ins of those key results (any order): progress and time are enough. */
  checkIns: { keyResultId: string; progress: number; at: string }[];
  risks: RiskFinding[];
  /** `evidence.attached` events on the report's key results since `since`. */
  evidenceEvents: DigestEvent[];
  deliverables: Deliverable[];
  openActionItems: ActionItem[];
  /** Agreed in this 1-on-1 itself: what the manager added from the card or the tab. */
  agreedActionItems: ActionItem[];
  /** The report's scores in a cycle that closed since `since`, if one did. */
  closedCycle?: PrepCardData['closedCycle'];
}

/** Progress a key result had at an instant: its last check-in before then, or nothing yet. */
export function progressAt(
  keyResultId: string,
  checkIns: PrepInput['checkIns'],
  at: string,
): number {
  let best: { progress: number; at: string } | null = null;
  for (const checkIn of checkIns)
    if (checkIn.keyResultId === keyResultId && checkIn.at <= at && (!best || checkIn.at > best.at))
      best = checkIn;
  return best?.progress ?? 0;
}

const number = (value: number) => Number(value.toFixed(2)).toLocaleString('en-US');

export function formatValue(metric: Metric): string {
  switch (metric.kind) {
    case 'boolean':
      return metric.current >= 1 ? 'done' : 'not yet';
    case 'milestone':
      return `${metric.milestones.filter((milestone) => milestone.isDone).length} of ${metric.milestones.length} milestones`;
    case 'percent':
      return `${number(metric.current)}% of ${number(metric.target)}%`;
    case 'currency':
      return `${number(metric.current)} of ${number(metric.target)} ${metric.currency ?? ''}`.trim();
    default: {
      const unit = metric.unit ? ` ${metric.unit}` : '';
      return `${number(metric.current)} of ${number(metric.target)}${unit}`;
    }
  }
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;
const str = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);
const obj = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' ? (value as Record<string, unknown>) : {};

export function buildPrepData(input: PrepInput): PrepCardData {
  const keyResults = input.keyResults.map((keyResult) => ({
    id: keyResult.id,
    title: keyResult.title,
    objectiveTitle: keyResult.objectiveTitle,
    progress: round3(keyResult.progress),
    progressChange: round3(
      keyResult.progress -
        (keyResult.createdAt > input.since
          ? 0
          : progressAt(keyResult.id, input.checkIns, input.since)),
    ),
    status: keyResult.status,
    confidence: keyResult.confidence,
    valueText: formatValue(keyResult.metric),
    lastCheckInAt: keyResult.lastCheckIn?.at ?? null,
  }));
  const titles = new Map(input.keyResults.map((keyResult) => [keyResult.id, keyResult.title]));
  const evidence = input.evidenceEvents
    .filter((event) => event.at >= input.since)
    .map((event) => {
      const snapshot = obj(event.payload.snapshot ?? obj(event.payload.evidence).snapshot);
      return {
        title:
          str(event.payload.title) ??
          str(snapshot.title) ??
          str(snapshot.subject) ??
          str(snapshot.fileName) ??
          event.summary.match(/“([^”]+)”/)?.[1] ??
          'evidence',
        kind: str(event.payload.kind) ?? 'link',
        targetTitle: (event.keyResultId && titles.get(event.keyResultId)) || 'a key result',
        at: event.at,
      };
    })
    .sort((a, b) => b.at.localeCompare(a.at));
  const deliverables = input.deliverables
    .filter((deliverable) => deliverable.state !== 'done')
    .map((deliverable) => ({
      id: deliverable.id,
      title: deliverable.title,
      state: deliverable.state,
      dueDate: deliverable.dueDate,
      isOverdue: !!deliverable.dueDate && deliverable.dueDate < input.today,
      isBlocked: deliverable.state === 'blocked',
    }))
    .filter((deliverable) => deliverable.isOverdue || deliverable.isBlocked)
    .sort((a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999'));
  const data: PrepCardData = {
    manager: input.manager,
    report: input.report,
    meeting: input.meeting,
    since: input.since,
    sinceIsPreviousMeeting: input.sinceIsPreviousMeeting,
    keyResults,
    risks: input.risks,
    evidence,
    deliverables,
    openActionItems: [...input.openActionItems].sort((a, b) =>
      a.createdAt.localeCompare(b.createdAt),
    ),
    agreedActionItems: [...input.agreedActionItems].sort((a, b) =>
      a.createdAt.localeCompare(b.createdAt),
    ),
    closedCycle: input.closedCycle ?? null,
    talkingPoints: [],
    generatedAt: input.now.toISOString(),
  };
  data.talkingPoints = talkingPoints(data);
  return data;
}

interface Candidate {
  topic: string;
  text: string;
}

const pts = (change: number) => `${Math.round(Math.abs(change) * 100)} points`;

/**
 * Three points, most pressing first: a critical risk, falling confidence, something
 * blocked or overdue, unfinished agreements, then recognition of progress, new evidence,
 * proof for a green key result, a missing check-in — and generic but useful questions
 * when the facts are quiet. One point per topic and per subject, so the three differ.
 */
export function talkingPoints(data: Omit<PrepCardData, 'talkingPoints'>): string[] {
  const first = data.report.name.split(' ')[0] ?? data.report.name;
  const candidates: Candidate[] = [];
  const byRule = (ruleId: string) => data.risks.filter((risk) => risk.ruleId === ruleId);
  const critical = data.risks.find(
    (risk) => risk.severity === 'critical' && risk.ruleId !== 'confidence_drop',
  );
  if (critical)
    candidates.push({
      topic: `subject:${critical.subject.id}`,
      text: `Talk through “${critical.subject.title}”: ${critical.explanation.replace(/^“[^”]+” /, 'it ')}`,
    });
  for (const risk of byRule('confidence_drop'))
    candidates.push({
      topic: `subject:${risk.subject.id}`,
      text: `Ask what changed on “${risk.subject.title}”: confidence fell from ${risk.facts.from} to ${risk.facts.to}.`,
    });
  const blocked =
    data.deliverables.find((deliverable) => deliverable.isBlocked) ?? data.deliverables[0];
  if (blocked)
    candidates.push({
      topic: `subject:${blocked.id}`,
      text: blocked.isBlocked
        ? `Unblock “${blocked.title}”: what is needed, and from whom?`
        : `Agree a new date for “${blocked.title}”, due ${blocked.dueDate}.`,
    });
  for (const risk of byRule('dependency_at_risk'))
    candidates.push({
      topic: `subject:${risk.subject.id}`,
      text: `“${risk.subject.title}” waits on “${risk.facts.dependsOnTitle}”: decide who talks to its owner.`,
    });
  const lowest = [...(data.closedCycle?.keyResults ?? [])].sort((a, b) => a.final - b.final)[0];
  if (data.closedCycle && lowest)
    candidates.push({
      topic: 'scores',
      text: `Look back at ${data.closedCycle.name}${data.closedCycle.averageScore === null ? '' : ` (average score ${data.closedCycle.averageScore.toFixed(1)})`}: what made “${lowest.title}” (${lowest.final.toFixed(1)}) hard, and what carries into this cycle?`,
    });
  if (data.openActionItems.length > 0) {
    const oldest = data.openActionItems[0]!;
    const more = data.openActionItems.length - 1;
    candidates.push({
      topic: 'actions',
      text: `Close the loop on “${oldest.text}”${more > 0 ? ` and ${more} more open action item${more === 1 ? '' : 's'}` : ''} from earlier 1-on-1s.`,
    });
  }
  const gain = [...data.keyResults].sort((a, b) => b.progressChange - a.progressChange)[0];
  if (gain && gain.progressChange >= 0.05)
    candidates.push({
      topic: `subject:${gain.id}`,
      text: `Recognise progress on “${gain.title}”: up ${pts(gain.progressChange)} since ${data.sinceIsPreviousMeeting ? 'the last 1-on-1' : 'last week'}.`,
    });
  if (data.evidence.length > 0)
    candidates.push({
      topic: 'evidence',
      text: `Look at the evidence ${first} added for “${data.evidence[0]!.targetTitle}”: “${data.evidence[0]!.title}”.`,
    });
  for (const risk of byRule('green_without_proof'))
    candidates.push({
      topic: `subject:${risk.subject.id}`,
      text: `Ask what shows “${risk.subject.title}” is on track: no new value or evidence for ${risk.facts.weeks} weeks.`,
    });
  for (const risk of byRule('behind_pace'))
    candidates.push({
      topic: `subject:${risk.subject.id}`,
      text: `“${risk.subject.title}” is ${Math.round(Number(risk.facts.gap) * 100)} points behind pace: what would get it back on track?`,
    });
  for (const risk of byRule('no_recent_check_in'))
    candidates.push({
      topic: `subject:${risk.subject.id}`,
      text: `Agree when “${risk.subject.title}” gets its next check-in (none for ${risk.facts.daysSince} days).`,
    });
  if (data.keyResults.length === 0)
    candidates.push({
      topic: 'no-okrs',
      text: `${first} has no key results in this cycle yet: agree two or three that matter.`,
    });
  candidates.push(
    {
      topic: 'fallback:success',
      text: `Ask ${first} what would make the next two weeks a success.`,
    },
    {
      topic: 'fallback:priorities',
      text: 'Check that the priorities for the rest of the cycle are still the right ones.',
    },
    { topic: 'fallback:support', text: `Ask what support ${first} needs from you.` },
  );
  const chosen: string[] = [];
  const usedTopics = new Set<string>();
  for (const candidate of candidates) {
    if (usedTopics.has(candidate.topic)) continue;
    usedTopics.add(candidate.topic);
    chosen.push(candidate.text);
    if (chosen.length === 3) break;
  }
  return chosen;
}
