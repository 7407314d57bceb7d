/**
 * An objective's or a single key result's current status as an email fragment, for the
 * weekly status email people still send. Email clients drop style sheets and classes, so
 * the HTML is plain elements with a few inline styles; every value from people is escaped.
 * The same facts come as plain text for plain-text emails.
 *
 * Nothing here judges a status: `status` (what the owner reported, else the pace) and
 * `paceStatus` are what the server computed for today at the read the caller passes in.
 * Both are always shown, in the same words in both fragments, so a reader can tell the
 * owner's word from the calendar's.
 */
import type { KeyResult, ObjectiveDetail } from '@throughline/contracts';
import { describeMetricProgress, formatMetricValue, statusLabels } from '@throughline/ui';

type LastCheckIn = NonNullable<KeyResult['lastCheckIn']>;

export interface OkrStatusOptions {
  locale: string;
  /** Where Throughline is published, for the link back to the objective or key result. */
  publicUrl: string;
  /** Names for person ids (the author of the last check-in), when known. */
  nameOf?: (personId: string) => string | undefined;
}

export interface OkrStatusText {
  html: string;
  text: string;
}

const escapeHtml = (value: string) =>
  value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

const percent = (progress: number) => `${Math.round(Math.max(0, Math.min(1, progress)) * 100)}%`;

const tabLink = (publicUrl: string, route: 'objectives' | 'key-results', id: string) =>
  `${publicUrl.replace(/\/$/, '')}/tab/#/${route}/${encodeURIComponent(id)}`;

/** "2 customers of 5 customers", "Not done yet", "2 of 5 milestones": the phrase the tab's key result page uses. */
function whereItStands(keyResult: KeyResult, locale: string): string {
  const current =
    keyResult.lastCheckIn?.value ?? keyResult.metric.current ?? keyResult.metric.start;
  return describeMetricProgress(keyResult.metric, current, locale);
}

/** "Status: At risk · Pace: Off track" */
export function statusAndPace(keyResult: Pick<KeyResult, 'status' | 'paceStatus'>): string {
  return `Status: ${statusLabels[keyResult.status]} · Pace: ${statusLabels[keyResult.paceStatus]}`;
}

function describeCheckIn(
  keyResult: KeyResult,
  checkIn: LastCheckIn,
  options: OkrStatusOptions,
  on?: string,
): string {
  const date = new Intl.DateTimeFormat(options.locale, { dateStyle: 'medium' }).format(
    new Date(checkIn.at),
  );
  const author = options.nameOf?.(checkIn.authorId);
  return `Last check-in: ${date}${author ? ` by ${author}` : ''}${on ? ` on “${on}”` : ''} — ${formatMetricValue(keyResult.metric, checkIn.value, options.locale)}, ${statusLabels[checkIn.status].toLowerCase()}, confidence ${checkIn.confidence}/10.`;
}

/** The latest check-in across the objective's key results, with the key result it was on. */
export function lastCheckInOf(
  objective: ObjectiveDetail,
): { keyResult: KeyResult; checkIn: LastCheckIn } | null {
  let latest: { keyResult: KeyResult; checkIn: LastCheckIn } | null = null;
  for (const keyResult of objective.keyResults) {
    const checkIn = keyResult.lastCheckIn;
    if (checkIn && (!latest || checkIn.at > latest.checkIn.at)) latest = { keyResult, checkIn };
  }
  return latest;
}

const paragraph = (text: string, margin = '0 0 8px') =>
  `<p style="margin:${margin}">${escapeHtml(text)}</p>`;
const linkParagraph = (link: string) =>
  `<p style="margin:0 0 12px"><a href="${escapeHtml(link)}">Open in Throughline</a></p>`;

export function objectiveStatus(
  objective: ObjectiveDetail,
  options: OkrStatusOptions,
): OkrStatusText {
  const { locale } = options;
  const link = tabLink(options.publicUrl, 'objectives', objective.id);
  const rows = objective.keyResults.map((keyResult) => ({
    title: keyResult.title,
    value: whereItStands(keyResult, locale),
    progress: percent(keyResult.progress),
    status: statusLabels[keyResult.status],
    pace: statusLabels[keyResult.paceStatus],
    statusAndPace: statusAndPace(keyResult),
    confidence: keyResult.confidence === null ? '–' : `${keyResult.confidence}/10`,
  }));
  const last = lastCheckInOf(objective);
  const lastLine = last
    ? describeCheckIn(last.keyResult, last.checkIn, options, last.keyResult.title)
    : 'No check-ins yet.';
  const headline = `${percent(objective.progress)} complete · ${statusLabels[objective.status]}`;

  const cell = 'padding:4px 8px;border-bottom:1px solid #d1d1d1;text-align:left;vertical-align:top';
  const header = ['Key result', 'Where it stands', 'Progress', 'Status', 'Pace', 'Confidence'];
  const html = [
    '<div data-throughline-status="objective">',
    `<p style="margin:0 0 4px"><strong>${escapeHtml(objective.title)}</strong></p>`,
    paragraph(headline),
    rows.length === 0
      ? paragraph('No key results yet.')
      : [
          '<table style="border-collapse:collapse;margin:0 0 8px">',
          `<thead><tr>${header.map((name) => `<th style="${cell}">${name}</th>`).join('')}</tr></thead>`,
          '<tbody>',
          ...rows.map(
            (row) =>
              `<tr>${[row.title, row.value, row.progress, row.status, row.pace, row.confidence]
                .map((value) => `<td style="${cell}">${escapeHtml(value)}</td>`)
                .join('')}</tr>`,
          ),
          '</tbody></table>',
        ].join(''),
    paragraph(lastLine),
    linkParagraph(link),
    '</div>',
  ].join('');

  const text = [
    objective.title,
    headline,
    ...(rows.length === 0
      ? ['No key results yet.']
      : rows.map(
          (row) =>
            `- ${row.title}: ${row.value} (${row.progress}, ${row.statusAndPace}, confidence ${row.confidence})`,
        )),
    lastLine,
    `Open in Throughline: ${link}`,
    '',
  ].join('\n');
  return { html, text };
}

/**
 * One key result on its own: what it is part of, where it stands against its target, its
 * status and pace today, the owner's confidence and the last check-in.
 */
export function keyResultStatus(
  keyResult: KeyResult,
  objectiveTitle: string,
  options: OkrStatusOptions,
): OkrStatusText {
  const link = tabLink(options.publicUrl, 'key-results', keyResult.id);
  const facts = [
    `Key result of “${objectiveTitle}”`,
    `${whereItStands(keyResult, options.locale)} · ${percent(keyResult.progress)} complete`,
    [
      statusAndPace(keyResult),
      ...(keyResult.confidence === null ? [] : [`Confidence ${keyResult.confidence}/10`]),
    ].join(' · '),
    keyResult.lastCheckIn
      ? describeCheckIn(keyResult, keyResult.lastCheckIn, options)
      : 'No check-ins yet.',
  ];
  const html = [
    '<div data-throughline-status="key-result">',
    `<p style="margin:0 0 4px"><strong>${escapeHtml(keyResult.title)}</strong></p>`,
    ...facts.map((fact) => paragraph(fact)),
    linkParagraph(link),
    '</div>',
  ].join('');
  const text = [keyResult.title, ...facts, `Open in Throughline: ${link}`, ''].join('\n');
  return { html, text };
}
