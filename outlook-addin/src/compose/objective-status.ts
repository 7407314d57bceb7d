/**
 * An objective's current status as an email fragment, for the weekly status email people
 * still send: the objective with its progress and status, each key result (where it is
 * against its target, status, confidence) and the last check-in. Email clients drop
 * style sheets and classes, so the HTML is plain elements with a few inline styles; every
 * value from people is escaped. The same facts come as plain text for plain-text emails.
 */
import type { KeyResult, ObjectiveDetail } from '@throughline/contracts';
import { describeMetricTarget, formatMetricValue, statusLabels } from '@throughline/ui';

export interface ObjectiveStatusOptions {
  locale: string;
  /** Where Throughline is published, for the link back to the objective. */
  publicUrl: string;
  /** Names for person ids (the author of the last check-in), when known. */
  nameOf?: (personId: string) => string | undefined;
}

export interface ObjectiveStatusText {
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

function currentValue(keyResult: KeyResult): number {
  return keyResult.lastCheckIn?.value ?? keyResult.metric.current ?? keyResult.metric.start;
}

/** The latest check-in across the objective's key results, with the key result it was on. */
export function lastCheckInOf(
  objective: ObjectiveDetail,
): { keyResult: KeyResult; at: string } | null {
  let latest: { keyResult: KeyResult; at: string } | null = null;
  for (const keyResult of objective.keyResults) {
    const at = keyResult.lastCheckIn?.at;
    if (at && (!latest || at > latest.at)) latest = { keyResult, at };
  }
  return latest;
}

export function objectiveStatus(
  objective: ObjectiveDetail,
  options: ObjectiveStatusOptions,
): ObjectiveStatusText {
  const { locale } = options;
  const date = (iso: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(iso));
  const link = `${options.publicUrl.replace(/\/$/, '')}/tab/#/objectives/${encodeURIComponent(objective.id)}`;
  const rows = objective.keyResults.map((keyResult) => ({
    title: keyResult.title,
    // "Not done" and "2 of 5 milestones" say it all; numbers read against their target.
    value: ['boolean', 'milestone'].includes(keyResult.metric.kind)
      ? formatMetricValue(keyResult.metric, currentValue(keyResult), locale)
      : `${formatMetricValue(keyResult.metric, currentValue(keyResult), locale)} of ${describeMetricTarget(keyResult.metric, locale)}`,
    progress: percent(keyResult.progress),
    status: statusLabels[keyResult.status],
    confidence: keyResult.confidence === null ? '–' : `${keyResult.confidence}/10`,
  }));
  const last = lastCheckInOf(objective);
  const lastLine = last
    ? `Last check-in: ${date(last.at)}${options.nameOf?.(last.keyResult.lastCheckIn!.authorId) ? ` by ${options.nameOf(last.keyResult.lastCheckIn!.authorId)}` : ''} on “${last.keyResult.title}” — ${formatMetricValue(last.keyResult.metric, last.keyResult.lastCheckIn!.value, locale)}, ${statusLabels[last.keyResult.lastCheckIn!.status].toLowerCase()}, confidence ${last.keyResult.lastCheckIn!.confidence}/10.`
    : 'No check-ins yet.';
  const headline = `${percent(objective.progress)} complete · ${statusLabels[objective.status]}`;

  const cell = 'padding:4px 8px;border-bottom:1px solid #d1d1d1;text-align:left;vertical-align:top';
  const html = [
    '<div data-throughline-status="objective">',
    `<p style="margin:0 0 4px"><strong>${escapeHtml(objective.title)}</strong></p>`,
    `<p style="margin:0 0 8px">${escapeHtml(headline)}</p>`,
    rows.length === 0
      ? '<p style="margin:0 0 8px">No key results yet.</p>'
      : [
          '<table style="border-collapse:collapse;margin:0 0 8px">',
          `<thead><tr><th style="${cell}">Key result</th><th style="${cell}">Where it stands</th><th style="${cell}">Progress</th><th style="${cell}">Status</th><th style="${cell}">Confidence</th></tr></thead>`,
          '<tbody>',
          ...rows.map(
            (row) =>
              `<tr><td style="${cell}">${escapeHtml(row.title)}</td><td style="${cell}">${escapeHtml(row.value)}</td><td style="${cell}">${row.progress}</td><td style="${cell}">${escapeHtml(row.status)}</td><td style="${cell}">${row.confidence}</td></tr>`,
          ),
          '</tbody></table>',
        ].join(''),
    `<p style="margin:0 0 8px">${escapeHtml(lastLine)}</p>`,
    `<p style="margin:0 0 12px"><a href="${escapeHtml(link)}">Open in Throughline</a></p>`,
    '</div>',
  ].join('');

  const text = [
    objective.title,
    headline,
    ...(rows.length === 0
      ? ['No key results yet.']
      : rows.map(
          (row) =>
            `- ${row.title}: ${row.value} (${row.progress}, ${row.status}, confidence ${row.confidence})`,
        )),
    lastLine,
    `Open in Throughline: ${link}`,
    '',
  ].join('\n');
  return { html, text };
}
