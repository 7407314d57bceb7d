/**
 * The business review as a PowerPoint deck (pptxgenjs): a title slide with the summary, the
 * alignment tree with progress and scores, each objective's key results with their trend
 * charts, the risks, deliverables done and blocked, what was learned, and the evidence as
 * numbered footnotes. It holds only what the review holds, so only what the reader may see.
 */
import PptxGenJS from 'pptxgenjs';
import type { BusinessReview, ReviewedKeyResult, Score, Status } from '@throughline/contracts';

const FONT = 'Segoe UI';
const INK = '242424';
const MUTED = '616161';
const ACCENT = '5B5FC7';
const ROWS_PER_SLIDE = 12;

const statusLabel: Record<Status, string> = {
  not_started: 'Not started',
  on_track: 'On track',
  at_risk: 'At risk',
  off_track: 'Off track',
  done: 'Done',
};
const statusColour: Record<Status, string> = {
  not_started: '8A8886',
  on_track: '107C10',
  at_risk: 'C19C00',
  off_track: 'C50F1F',
  done: '0F6CBD',
};

const percent = (value: number) => `${Math.round(value * 100)}%`;
const scoreText = (score: Score | null) =>
  !score
    ? '—'
    : score.override === null
      ? score.final.toFixed(1)
      : `${score.final.toFixed(1)} (computed ${score.computed.toFixed(1)})`;
const marks = (numbers: number[]) => numbers.map((number) => `[${number}]`).join('');
const chunks = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) =>
    items.slice(index * size, index * size + size),
  );

export function deckFileName(review: BusinessReview): string {
  const name = `${review.scope.name} – ${review.cycle.name} business review`;
  return `${name.replace(/[\\/:*?"<>|]+/g, ' ').trim()}.pptx`;
}

export async function businessReviewDeck(review: BusinessReview): Promise<Uint8Array<ArrayBuffer>> {
  const deck = new PptxGenJS();
  deck.layout = 'LAYOUT_WIDE';
  deck.title = `${review.scope.name} – ${review.cycle.name} business review`;
  deck.company = 'Throughline';
  deck.subject = 'Business review';

  titleSlide(deck, review);
  alignmentSlides(deck, review);
  for (const objective of review.objectives)
    if (objective.keyResults.length > 0) trendSlides(deck, objective);
  risksAndDeliverablesSlide(deck, review);
  learningsSlides(deck, review);
  footnoteSlides(deck, review);

  return (await deck.write({ outputType: 'uint8array' })) as Uint8Array<ArrayBuffer>;
}

function heading(slide: PptxGenJS.Slide, text: string) {
  slide.addText(text, {
    x: 0.5,
    y: 0.3,
    w: 12.3,
    h: 0.7,
    fontFace: FONT,
    fontSize: 26,
    bold: true,
    color: INK,
  });
}

function titleSlide(deck: PptxGenJS, review: BusinessReview) {
  const slide = deck.addSlide();
  slide.addText(review.scope.name, {
    x: 0.6,
    y: 1.6,
    w: 12,
    h: 1,
    fontFace: FONT,
    fontSize: 40,
    bold: true,
    color: ACCENT,
  });
  slide.addText(`${review.cycle.name} business review`, {
    x: 0.6,
    y: 2.6,
    w: 12,
    h: 0.7,
    fontFace: FONT,
    fontSize: 24,
    color: INK,
  });
  const { summary } = review;
  slide.addText(
    [
      `${summary.objectives} objectives · ${summary.keyResults} key results`,
      `Average progress ${percent(summary.averageProgress)}`,
      summary.averageScore === null
        ? 'Not scored yet: scores are recorded when the cycle closes'
        : `Average score ${summary.averageScore.toFixed(1)}`,
      `${review.cycle.startsOn} – ${review.cycle.endsOn} · generated ${review.generatedAt.slice(0, 10)}`,
    ].join('\n'),
    { x: 0.6, y: 3.6, w: 12, h: 2, fontFace: FONT, fontSize: 16, color: MUTED, valign: 'top' },
  );
}

function alignmentSlides(deck: PptxGenJS, review: BusinessReview) {
  const rows: PptxGenJS.TableRow[] = [];
  for (const objective of review.objectives) {
    rows.push([
      {
        text: `${'    '.repeat(objective.depth)}${objective.title}`,
        options: { bold: true },
      },
      { text: objective.ownerName },
      { text: percent(objective.progress) },
      { text: statusLabel[objective.status], options: { color: statusColour[objective.status] } },
      { text: scoreText(objective.score) },
    ]);
    for (const keyResult of objective.keyResults)
      rows.push([
        {
          text: `${'    '.repeat(objective.depth + 1)}${keyResult.title} ${marks(keyResult.footnotes)}`,
        },
        { text: keyResult.ownerName },
        { text: percent(keyResult.progress) },
        {
          text: statusLabel[keyResult.status],
          options: { color: statusColour[keyResult.status] },
        },
        { text: scoreText(keyResult.score) },
      ]);
  }
  const header: PptxGenJS.TableRow = [
    'Objective / key result',
    'Owner',
    'Progress',
    'Status',
    'Score',
  ].map((text) => ({ text, options: { bold: true, color: 'FFFFFF', fill: { color: ACCENT } } }));
  const pages = rows.length === 0 ? [[]] : chunks(rows, ROWS_PER_SLIDE);
  pages.forEach((page, index) => {
    const slide = deck.addSlide();
    heading(slide, pages.length > 1 ? `Alignment (${index + 1} of ${pages.length})` : 'Alignment');
    if (page.length === 0) {
      slide.addText('No objectives in this review.', {
        x: 0.5,
        y: 1.3,
        w: 12,
        h: 0.5,
        fontFace: FONT,
      });
      return;
    }
    slide.addTable([header, ...page], {
      x: 0.5,
      y: 1.2,
      w: 12.3,
      colW: [6.3, 2.2, 1.1, 1.3, 1.4],
      fontFace: FONT,
      fontSize: 11,
      color: INK,
      border: { type: 'solid', pt: 0.5, color: 'D1D1D1' },
    });
  });
}

function trendSlides(deck: PptxGenJS, objective: BusinessReview['objectives'][number]) {
  const pages = chunks(objective.keyResults, 4);
  pages.forEach((page, index) => {
    const slide = deck.addSlide();
    heading(
      slide,
      pages.length > 1 ? `${objective.title} (${index + 1} of ${pages.length})` : objective.title,
    );
    slide.addText(
      `${objective.ownerName} · progress ${percent(objective.progress)} · ${statusLabel[objective.status]} · score ${scoreText(objective.score)}`,
      { x: 0.5, y: 0.95, w: 12.3, h: 0.4, fontFace: FONT, fontSize: 13, color: MUTED },
    );
    page.forEach((keyResult, position) => {
      const x = 0.5 + (position % 2) * 6.2;
      const y = 1.5 + Math.floor(position / 2) * 2.9;
      trendChart(deck, slide, keyResult, x, y);
    });
  });
}

function trendChart(
  deck: PptxGenJS,
  slide: PptxGenJS.Slide,
  keyResult: ReviewedKeyResult,
  x: number,
  y: number,
) {
  slide.addText(
    `${keyResult.title} ${marks(keyResult.footnotes)} — ${percent(keyResult.progress)}, score ${scoreText(keyResult.score)}`,
    { x, y, w: 6, h: 0.4, fontFace: FONT, fontSize: 11, bold: true, color: INK },
  );
  const points = keyResult.trend;
  slide.addChart(
    deck.ChartType.line,
    [
      {
        name: 'Value',
        labels: points.map((point) => point.on.slice(5)),
        values: points.map((point) => point.value),
      },
      {
        name: 'Target',
        labels: points.map((point) => point.on.slice(5)),
        values: points.map(() => keyResult.metric.target),
      },
    ],
    {
      x,
      y: y + 0.4,
      w: 6,
      h: 2.3,
      chartColors: [ACCENT, 'A19F9D'],
      lineSize: 2,
      lineDataSymbol: 'circle',
      lineDataSymbolSize: 5,
      showLegend: true,
      legendPos: 'b',
      legendFontSize: 9,
      catAxisLabelFontSize: 8,
      valAxisLabelFontSize: 8,
    },
  );
}

function risksAndDeliverablesSlide(deck: PptxGenJS, review: BusinessReview) {
  const slide = deck.addSlide();
  heading(slide, 'Risks and deliverables');
  const risks =
    review.risks.length === 0
      ? [{ text: 'No open risks.' }]
      : review.risks.slice(0, 8).map((risk) => ({
          text: `${risk.severity === 'critical' ? 'Critical' : 'Warning'}: ${risk.explanation}`,
          options: { bullet: true, breakLine: true },
        }));
  slide.addText(risks, {
    x: 0.5,
    y: 1.2,
    w: 6.2,
    h: 5.6,
    fontFace: FONT,
    fontSize: 11,
    color: INK,
    valign: 'top',
  });
  const list = (title: string, items: BusinessReview['deliverables']['done']) => [
    { text: title, options: { bold: true, breakLine: true } },
    ...(items.length === 0
      ? [{ text: 'None', options: { breakLine: true, color: MUTED } }]
      : items.slice(0, 8).map((item) => ({
          text: `${item.title} (${item.ownerName})`,
          options: { bullet: true, breakLine: true },
        }))),
  ];
  slide.addText(
    [
      ...list(`Done (${review.deliverables.done.length})`, review.deliverables.done),
      { text: ' ', options: { breakLine: true } },
      ...list(`Blocked (${review.deliverables.blocked.length})`, review.deliverables.blocked),
    ],
    { x: 7, y: 1.2, w: 5.8, h: 5.6, fontFace: FONT, fontSize: 11, color: INK, valign: 'top' },
  );
}

function learningsSlides(deck: PptxGenJS, review: BusinessReview) {
  const learnings = review.objectives.flatMap((objective) =>
    objective.learnings.map((learning) => ({ objective: objective.title, ...learning })),
  );
  if (learnings.length === 0) return;
  for (const page of chunks(learnings, 8)) {
    const slide = deck.addSlide();
    heading(slide, 'What we learned');
    slide.addText(
      page.map((learning) => ({
        text: `${learning.objective} — ${learning.authorName}: ${learning.text}`,
        options: { bullet: true, breakLine: true },
      })),
      { x: 0.5, y: 1.2, w: 12.3, h: 5.6, fontFace: FONT, fontSize: 12, color: INK, valign: 'top' },
    );
  }
}

function footnoteSlides(deck: PptxGenJS, review: BusinessReview) {
  if (review.footnotes.length === 0) return;
  const pages = chunks(review.footnotes, 14);
  pages.forEach((page, index) => {
    const slide = deck.addSlide();
    heading(slide, pages.length > 1 ? `Evidence (${index + 1} of ${pages.length})` : 'Evidence');
    slide.addText(
      page.map((note) => ({
        text: `[${note.number}] ${note.title} — ${note.from}, ${note.on} (${note.kind})`,
        options: { breakLine: true },
      })),
      { x: 0.5, y: 1.2, w: 12.3, h: 5.8, fontFace: FONT, fontSize: 11, color: INK, valign: 'top' },
    );
  });
}
