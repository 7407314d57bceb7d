/**
 * The weekly digest as an Adaptive Card 1.5 for the person's (or the manager's) chat with
 * the bot: the week's check-ins, the new risks with their explanations, the key results
 * due for a check-in, where the objectives stand, and the rest of the week's news, each
 * list capped with "and N more" so a busy team's card stays readable. Like the prep card,
 * the JSON template in templates/ is expanded with `adaptivecards-templating` over a view
 * model of pre-formatted strings and checked against the vendored 1.5 schema
 * (`expandCardTemplate`); a card that fails it is a bug here and throws rather than
 * reaching Teams.
 *
 * Everything on it comes from a digest and a snapshot already cut to what the recipient
 * may see (digest-job.ts reads both as the recipient). Templating binds values without
 * evaluating them again, so a title such as `${secret}` is shown as written.
 *
 * Pure: no reads, no clock (the job passes `now`).
 */
import type { Digest, RiskSeverity, Status } from '@throughline/contracts';
import { DAY_MS } from '../platform/time/calendar-time';
import { expandCardTemplate, SEVERITY_COLOR, STATUS_COLOR, STATUS_TEXT } from '../one-on-ones/card';
import template from './templates/digest-card.template.json';
import { scopeOf, type CycleSnapshot } from './service';

/** How many rows each list shows before "and N more". */
export const DIGEST_CARD_LIMITS = {
  checkIns: 6,
  risks: 5,
  due: 6,
  objectives: 8,
  other: 4,
} as const;

/** Where the recipient's (or their reports') OKRs stand as the card is built. */
export interface DigestStanding {
  objectives: { id: string; title: string; ownerId: string; progress: number; status: Status }[];
  /** Key results not checked in this cadence (never, or longer ago than the cadence). */
  due: {
    id: string;
    title: string;
    objectiveTitle: string;
    ownerId: string;
    lastCheckInAt: string | null;
    dueDate: string | null;
  }[];
}

/**
 * The standing of the people's OKRs in a snapshot: the objectives they own and the key
 * results they own, co-own or update (or that sit under their objectives) that are not done
 * and were not checked in within the cadence. The snapshot must already be the recipient's.
 */
export function digestStandingOf(
  snapshot: CycleSnapshot | null,
  personIds: string[],
  options: { now: Date; checkInCadenceDays: number },
): DigestStanding {
  if (!snapshot || snapshot.cycle.state !== 'open') return { objectives: [], due: [] };
  const people = new Set(personIds);
  const objectives = new Map<string, CycleSnapshot['objectives'][number]>();
  const keyResults = new Map<string, CycleSnapshot['keyResults'][number]>();
  for (const personId of personIds) {
    const part = scopeOf(snapshot, { personId });
    for (const objective of part.objectives) objectives.set(objective.id, objective);
    for (const keyResult of part.keyResults) keyResults.set(keyResult.id, keyResult);
  }
  for (const keyResult of snapshot.keyResults)
    if (keyResult.updaterIds.some((id) => people.has(id))) keyResults.set(keyResult.id, keyResult);
  const titleOf = new Map(snapshot.objectives.map((objective) => [objective.id, objective.title]));
  const cutoff = options.now.getTime() - options.checkInCadenceDays * DAY_MS;
  const due = [...keyResults.values()]
    .filter(
      (keyResult) =>
        keyResult.status !== 'done' &&
        (!keyResult.lastCheckIn || Date.parse(keyResult.lastCheckIn.at) < cutoff),
    )
    // Never checked in first, then the longest silent.
    .sort((a, b) => (a.lastCheckIn?.at ?? '').localeCompare(b.lastCheckIn?.at ?? ''))
    .map((keyResult) => ({
      id: keyResult.id,
      title: keyResult.title,
      objectiveTitle: titleOf.get(keyResult.objectiveId) ?? '',
      ownerId: keyResult.ownerId,
      lastCheckInAt: keyResult.lastCheckIn?.at ?? null,
      dueDate: keyResult.dueDate ?? null,
    }));
  return {
    objectives: [...objectives.values()]
      .sort((a, b) => a.progress - b.progress || a.title.localeCompare(b.title))
      .map((objective) => ({
        id: objective.id,
        title: objective.title,
        ownerId: objective.ownerId,
        progress: objective.progress,
        status: objective.status,
      })),
    due,
  };
}

export interface DigestCardOptions {
  openUrl: string;
  timeZone: string;
  /** Display names of the people the digest names (actors, owners). */
  names: Map<string, string>;
}

const percent = (value: number) => `${Math.round(value * 100)}%`;
const amount = (value: number, unit: string) =>
  `${Number(value.toFixed(2)).toLocaleString('en-GB')}${unit ? ` ${unit}` : ''}`;
const signed = (value: number, unit: string) =>
  `${value >= 0 ? '+' : '−'}${amount(Math.abs(value), unit)}`;
const plural = (count: number, one: string, many = `${one}s`) =>
  `${count} ${count === 1 ? one : many}`;
const clipped = (text: string, max = 200) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
};

/** "confidence 6/10", or "confidence 8 → 6/10" when it moved: a falling confidence is news. */
const confidenceOf = (checkIn: Digest['checkIns'][number]) =>
  checkIn.confidenceBefore !== null && checkIn.confidenceBefore !== checkIn.confidence
    ? `confidence ${checkIn.confidenceBefore} → ${checkIn.confidence}/10`
    : `confidence ${checkIn.confidence}/10`;

function capped<T, R>(items: T[], limit: number, map: (item: T) => R) {
  const rest = items.length - limit;
  return { shown: items.slice(0, limit).map(map), more: rest > 0 ? `and ${rest} more` : '' };
}

function day(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  }).format(new Date(iso));
}

/** The view model the template binds to. */
export function digestCardModel(
  digest: Digest,
  standing: DigestStanding,
  options: DigestCardOptions,
) {
  const name = (id: string) => options.names.get(id) ?? 'Someone';
  const isTeam = digest.subject.kind !== 'person';
  const whose =
    digest.subject.kind === 'reports' ? `${digest.subject.name}’s reports` : digest.subject.name;
  const checkIns = capped(
    // Newest first: the card is read on the day, the latest news matters most.
    [...digest.checkIns].reverse(),
    DIGEST_CARD_LIMITS.checkIns,
    (checkIn) => ({
      text: `${name(checkIn.actorId)} checked in “${checkIn.title}”: ${amount(checkIn.valueAfter, checkIn.unit)} (${signed(checkIn.valueAfter - checkIn.valueBefore, checkIn.unit)}), ${confidenceOf(checkIn)} · ${day(checkIn.at, options.timeZone)}`,
      note: checkIn.note ? `“${clipped(checkIn.note)}”` : '',
    }),
  );
  const severityOrder: Record<RiskSeverity, number> = { critical: 0, warning: 1, info: 2 };
  const risks = capped(
    [...digest.newRisks].sort((a, b) => severityOrder[a.severity] - severityOrder[b.severity]),
    DIGEST_CARD_LIMITS.risks,
    (risk) => ({ text: risk.explanation, color: SEVERITY_COLOR[risk.severity] }),
  );
  const due = capped(standing.due, DIGEST_CARD_LIMITS.due, (keyResult) => ({
    text: [
      `“${keyResult.title}”`,
      keyResult.objectiveTitle ? `in “${keyResult.objectiveTitle}”` : null,
      isTeam ? `· ${name(keyResult.ownerId)}` : null,
      keyResult.lastCheckInAt
        ? `· last checked in ${day(keyResult.lastCheckInAt, options.timeZone)}`
        : '· never checked in',
      keyResult.dueDate ? `· due ${keyResult.dueDate}` : null,
    ]
      .filter(Boolean)
      .join(' '),
    color: keyResult.lastCheckInAt ? 'Default' : 'Warning',
  }));
  const objectives = capped(standing.objectives, DIGEST_CARD_LIMITS.objectives, (objective) => ({
    title: objective.title,
    detail: isTeam ? name(objective.ownerId) : '',
    progressText: `${percent(objective.progress)} · ${STATUS_TEXT[objective.status] ?? objective.status}`,
    statusColor: STATUS_COLOR[objective.status] ?? 'Default',
  }));
  const other = capped(
    [
      ...digest.evidence.map(
        (item) =>
          `Evidence “${item.title}” attached to “${item.targetTitle}” by ${name(item.actorId)}`,
      ),
      ...digest.deliverablesDone.map((item) => `“${item.title}” done by ${name(item.actorId)}`),
      ...digest.statusChanges.map(
        (change) =>
          `“${change.title}”: ${STATUS_TEXT[change.from] ?? change.from} → ${STATUS_TEXT[change.to] ?? change.to}`,
      ),
    ],
    DIGEST_CARD_LIMITS.other,
    (text) => ({ text }),
  );
  const summary = [
    plural(digest.checkIns.length, 'check-in'),
    plural(digest.newRisks.length, 'new risk'),
    `${plural(standing.due.length, 'key result')} due for a check-in`,
  ];
  const model = {
    title: isTeam ? 'Your team’s week in OKRs' : 'Your week in OKRs',
    weekLine: `Week of ${digest.weekOf} · ${whose}`,
    summaryLine: summary.join(' · '),
    isQuiet: digest.isQuiet,
    hasCheckIns: checkIns.shown.length > 0,
    checkIns: checkIns.shown,
    moreCheckIns: checkIns.more,
    hasRisks: risks.shown.length > 0,
    risks: risks.shown,
    moreRisks: risks.more,
    hasDue: due.shown.length > 0,
    due: due.shown,
    moreDue: due.more,
    objectivesTitle: isTeam ? 'Your team’s objectives' : 'Your objectives',
    hasObjectives: objectives.shown.length > 0,
    objectives: objectives.shown,
    moreObjectives: objectives.more,
    hasOther: other.shown.length > 0,
    other: other.shown,
    moreOther: other.more,
    openUrl: options.openUrl,
    fallbackText: '',
  };
  model.fallbackText = `${model.title}, ${model.weekLine}: ${model.summaryLine}.`;
  return model;
}

export function buildDigestCard(
  digest: Digest,
  standing: DigestStanding,
  options: DigestCardOptions,
): Record<string, unknown> {
  return expandCardTemplate(template, digestCardModel(digest, standing, options));
}
