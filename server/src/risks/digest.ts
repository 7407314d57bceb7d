/**
 * The weekly digest, built from narrative events only: check-ins with their deltas,
 * evidence attached, status changes, deliverables done and risks first seen this week.
 * Pure: the service reads the events and titles, this turns them into data and text.
 *
 * The payload shapes are read defensively (another feature writes `evidence.attached`),
 * so an event with a field missing is summarised with what it has rather than dropped.
 */
import type {
  Digest,
  DigestCheckIn,
  DigestDeliverableDone,
  DigestEvidence,
  DigestStatusChange,
  RiskFinding,
} from '@throughline/contracts';

export interface DigestEvent {
  id: string;
  type: string;
  actorId: string;
  at: string;
  objectiveId: string | null;
  keyResultId: string | null;
  subject: { kind: string; id: string };
  summary: string;
  payload: Record<string, unknown>;
}

export interface DigestInput {
  subject: Digest['subject'];
  weekOf: string;
  from: Date;
  to: Date;
  events: DigestEvent[];
  /** Titles and units of key results and titles of deliverables the events name. */
  keyResults: Map<string, { title: string; unit: string }>;
  deliverables: Map<string, { title: string }>;
  newRisks: RiskFinding[];
  /** Display names for the text. */
  names: Map<string, string>;
}

const num = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;
const str = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);
const obj = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
const quoted = (summary: string) => summary.match(/“([^”]+)”/)?.[1] ?? null;

function checkInOf(event: DigestEvent, input: DigestInput): DigestCheckIn | null {
  const checkIn = obj(event.payload.checkIn);
  const valueAfter = num(checkIn.value);
  const valueBefore = num(checkIn.previousValue);
  if (!event.keyResultId || valueAfter === null || valueBefore === null) return null;
  const known = input.keyResults.get(event.keyResultId);
  return {
    keyResultId: event.keyResultId,
    title: known?.title ?? quoted(event.summary) ?? 'a key result',
    actorId: event.actorId,
    at: event.at,
    valueBefore,
    valueAfter,
    delta: num(event.payload.delta) ?? valueAfter - valueBefore,
    unit: known?.unit ?? '',
    confidenceBefore: num(checkIn.previousConfidence),
    confidence: num(checkIn.confidence) ?? 0,
    progressBefore: num(event.payload.progressBefore) ?? 0,
    progressAfter: num(event.payload.progressAfter) ?? num(checkIn.progress) ?? 0,
    note: str(checkIn.note) ?? '',
  };
}

const RESTRICTED_EVIDENCE = 'evidence only its owner and their manager can see';

function evidenceOf(event: DigestEvent, input: DigestInput): DigestEvidence {
  const payload = event.payload;
  const evidence = obj(payload.evidence);
  const snapshot = obj(payload.snapshot ?? evidence.snapshot);
  const target = obj(payload.target ?? evidence.target);
  const targetId = str(target.id) ?? event.keyResultId;
  const targetTitle =
    (targetId &&
      (input.keyResults.get(targetId)?.title ?? input.deliverables.get(targetId)?.title)) ||
    str(payload.targetTitle) ||
    'a key result';
  return {
    keyResultId: event.keyResultId,
    targetTitle,
    // Shown to a reader who may not see the item (visibility.ts keeps only its id and target).
    title:
      (payload.isRestricted === true ? RESTRICTED_EVIDENCE : null) ??
      str(payload.title) ??
      str(snapshot.title) ??
      str(snapshot.subject) ??
      str(snapshot.fileName) ??
      quoted(event.summary) ??
      'evidence',
    kind: str(payload.kind) ?? str(evidence.kind) ?? 'link',
    actorId: event.actorId,
    at: event.at,
  };
}

function statusChangesOf(event: DigestEvent, input: DigestInput): DigestStatusChange[] {
  if (event.type === 'key_result.checked_in') {
    const change = obj(event.payload.statusChange);
    const from = str(change.from);
    const to = str(change.to);
    if (!event.keyResultId || !from || !to) return [];
    return [
      {
        subjectKind: 'keyResult',
        id: event.keyResultId,
        title:
          input.keyResults.get(event.keyResultId)?.title ?? quoted(event.summary) ?? 'a key result',
        from,
        to,
        at: event.at,
      },
    ];
  }
  if (event.type === 'deliverable.state_changed' || event.type === 'deliverable.done') {
    const state = obj(obj(event.payload.changes).state);
    const from = str(state.from);
    const to = str(state.to) ?? (event.type === 'deliverable.done' ? 'done' : null);
    if (!from || !to || event.type === 'deliverable.done') return [];
    return [
      {
        subjectKind: 'deliverable',
        id: event.subject.id,
        title:
          input.deliverables.get(event.subject.id)?.title ??
          quoted(event.summary) ??
          'a deliverable',
        from,
        to,
        at: event.at,
      },
    ];
  }
  return [];
}

const byTime = <T extends { at: string }>(a: T, b: T) => a.at.localeCompare(b.at);
const signed = (value: number) => `${value >= 0 ? '+' : '−'}${Number(Math.abs(value).toFixed(2))}`;
const points = (value: number) =>
  `${value >= 0 ? '+' : '−'}${Math.round(Math.abs(value) * 100)} pts`;
const status = (value: string) => value.replace('_', ' ');
const plural = (count: number, one: string, many = `${one}s`) =>
  `${count} ${count === 1 ? one : many}`;

export function buildDigest(input: DigestInput): Digest {
  const fromMs = input.from.getTime();
  const toMs = input.to.getTime();
  const inWeek = input.events.filter((event) => {
    const at = Date.parse(event.at);
    return at >= fromMs && at < toMs;
  });
  const seen = new Set<string>();
  const events = inWeek.filter((event) =>
    seen.has(event.id) ? false : (seen.add(event.id), true),
  );
  const checkIns: DigestCheckIn[] = [];
  const evidence: DigestEvidence[] = [];
  const statusChanges: DigestStatusChange[] = [];
  const deliverablesDone: DigestDeliverableDone[] = [];
  for (const event of events) {
    if (event.type === 'key_result.checked_in') {
      const checkIn = checkInOf(event, input);
      if (checkIn) checkIns.push(checkIn);
    } else if (event.type === 'evidence.attached') evidence.push(evidenceOf(event, input));
    else if (event.type === 'deliverable.done')
      deliverablesDone.push({
        deliverableId: event.subject.id,
        title:
          input.deliverables.get(event.subject.id)?.title ??
          quoted(event.summary) ??
          'a deliverable',
        actorId: event.actorId,
        at: event.at,
      });
    statusChanges.push(...statusChangesOf(event, input));
  }
  checkIns.sort(byTime);
  evidence.sort(byTime);
  statusChanges.sort(byTime);
  deliverablesDone.sort(byTime);
  const newRisks = [...input.newRisks];
  const isQuiet =
    checkIns.length +
      evidence.length +
      statusChanges.length +
      deliverablesDone.length +
      newRisks.length ===
    0;
  const digest: Digest = {
    subject: input.subject,
    weekOf: input.weekOf,
    from: input.from.toISOString(),
    to: input.to.toISOString(),
    checkIns,
    evidence,
    statusChanges,
    deliverablesDone,
    newRisks,
    isQuiet,
    text: '',
  };
  digest.text = digestText(digest, input.names);
  return digest;
}

/** A few plain sentences with the same facts, for notifications and for people who skim. */
export function digestText(digest: Digest, names: Map<string, string>): string {
  const whose =
    digest.subject.kind === 'person'
      ? digest.subject.name
      : digest.subject.kind === 'reports'
        ? `${digest.subject.name}’s reports`
        : digest.subject.name;
  if (digest.isQuiet)
    return `Week of ${digest.weekOf} for ${whose}: a quiet week — no check-ins, evidence, status changes, finished deliverables or new risks.`;
  const lines: string[] = [`Week of ${digest.weekOf} for ${whose}:`];
  if (digest.checkIns.length > 0) {
    // One line per key result: its latest value and the week's net movement.
    const perKeyResult = new Map<string, DigestCheckIn[]>();
    for (const checkIn of digest.checkIns)
      perKeyResult.set(checkIn.keyResultId, [
        ...(perKeyResult.get(checkIn.keyResultId) ?? []),
        checkIn,
      ]);
    const parts = [...perKeyResult.values()].map((list) => {
      const first = list[0]!;
      const last = list[list.length - 1]!;
      const unit = last.unit ? ` ${last.unit}` : '';
      return `“${last.title}” ${signed(last.valueAfter - first.valueBefore)}${unit} to ${Number(last.valueAfter.toFixed(2))}${unit} (${points(last.progressAfter - first.progressBefore)}, confidence ${last.confidence}/10)`;
    });
    lines.push(`${plural(digest.checkIns.length, 'check-in')}: ${parts.join('; ')}.`);
  }
  if (digest.evidence.length > 0)
    lines.push(
      `Evidence attached: ${digest.evidence.map((item) => `“${item.title}” on “${item.targetTitle}”${names.get(item.actorId) ? ` by ${names.get(item.actorId)}` : ''}`).join('; ')}.`,
    );
  if (digest.statusChanges.length > 0)
    lines.push(
      `Status changes: ${digest.statusChanges.map((change) => `“${change.title}” ${status(change.from)} → ${status(change.to)}`).join('; ')}.`,
    );
  if (digest.deliverablesDone.length > 0)
    lines.push(`Done: ${digest.deliverablesDone.map((item) => `“${item.title}”`).join(', ')}.`);
  if (digest.newRisks.length > 0)
    lines.push(`New risks: ${digest.newRisks.map((risk) => risk.explanation).join(' ')}`);
  return lines.join('\n');
}
