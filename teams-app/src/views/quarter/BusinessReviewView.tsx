/**
 * The business review, print-ready: a team's (with its sub-teams) or one person's quarter —
 * the alignment tree with progress and scores, each key result's trend, the risks,
 * deliverables done and blocked, what was learned, and the evidence as numbered footnotes.
 * The same review downloads as a PowerPoint deck. Both hold only what the reader may see.
 */
import {
  Body1,
  Button,
  Caption1,
  MessageBar,
  MessageBarBody,
  Subtitle1,
  Title2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowDownloadRegular, PrintRegular } from '@fluentui/react-icons';
import type { ReviewedKeyResult } from '@throughline/contracts';
import {
  CardListSkeleton,
  ErrorBar,
  ScoreBadge,
  StatusBadge,
  describeError,
  describeScore,
  formatMetricValue,
  useApi,
  useResource,
  useSession,
} from '@throughline/ui';
import { useState } from 'react';

const useStyles = makeStyles({
  root: {
    display: 'grid',
    gap: tokens.spacingVerticalL,
    maxWidth: '960px',
    '@media print': { maxWidth: 'none', gap: tokens.spacingVerticalM },
  },
  actions: {
    display: 'flex',
    gap: tokens.spacingHorizontalM,
    flexWrap: 'wrap',
    '@media print': { display: 'none' },
  },
  heading: { display: 'grid', gap: tokens.spacingVerticalXXS },
  summary: { display: 'flex', gap: tokens.spacingHorizontalXXL, flexWrap: 'wrap' },
  block: { display: 'block' },
  figure: { display: 'grid' },
  muted: { color: tokens.colorNeutralForeground2 },
  section: { display: 'grid', gap: tokens.spacingVerticalS, breakInside: 'avoid-page' },
  table: {
    borderCollapse: 'collapse',
    width: '100%',
    '& th, & td': {
      textAlign: 'left',
      verticalAlign: 'middle',
      padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
      borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    },
    '& tr': { breakInside: 'avoid' },
  },
  objectiveRow: { fontWeight: tokens.fontWeightSemibold },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
  spark: { display: 'block' },
  footnote: { fontSize: tokens.fontSizeBase200 },
});

export type BusinessReviewViewProps = { cycleId: string; teamId?: string; personId?: string };

export function BusinessReviewView({ cycleId, teamId, personId }: BusinessReviewViewProps) {
  const styles = useStyles();
  const api = useApi();
  const { locale } = useSession();
  const query = teamId ? { cycleId, teamId } : { cycleId, personId };
  const review = useResource(() => api.businessReview.get(query), [api, cycleId, teamId, personId]);
  const [download, setDownload] = useState<{ isBusy: boolean; failure: unknown }>({
    isBusy: false,
    failure: null,
  });
  if (review.error)
    return (
      <ErrorBar
        title="Could not build the business review"
        error={review.error}
        onRetry={review.reload}
      />
    );
  if (!review.data) return <CardListSkeleton label="Building the business review" />;
  const data = review.data;

  async function downloadDeck() {
    setDownload({ isBusy: true, failure: null });
    try {
      const blob = await api.businessReview.deck(query);
      const url = URL.createObjectURL(blob);
      const anchor = document.createElement('a');
      anchor.href = url;
      anchor.download = `${data.scope.name} – ${data.cycle.name} business review.pptx`;
      document.body.append(anchor);
      anchor.click();
      anchor.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setDownload({ isBusy: false, failure: null });
    } catch (error) {
      setDownload({ isBusy: false, failure: error });
    }
  }

  const percent = (value: number) => `${Math.round(value * 100)}%`;
  return (
    <article className={styles.root} aria-labelledby="business-review-title">
      <div className={styles.heading}>
        <Caption1 className={styles.muted}>
          {data.cycle.name} · {data.cycle.startsOn} – {data.cycle.endsOn} · prepared{' '}
          {new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(
            new Date(data.generatedAt),
          )}
        </Caption1>
        <Title2 as="h1" id="business-review-title">
          {data.scope.kind === 'person'
            ? `${data.scope.name}: my quarter`
            : `${data.scope.name}: business review`}
        </Title2>
      </div>
      <div className={styles.actions}>
        <Button
          appearance="primary"
          icon={<ArrowDownloadRegular />}
          disabled={download.isBusy}
          onClick={() => void downloadDeck()}
        >
          {download.isBusy ? 'Preparing the deck…' : 'Download PowerPoint'}
        </Button>
        <Button icon={<PrintRegular />} onClick={() => window.print()}>
          Print
        </Button>
      </div>
      {Boolean(download.failure) && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>Not downloaded: {describeError(download.failure)}</MessageBarBody>
        </MessageBar>
      )}
      <section className={styles.summary} aria-label="Summary">
        <Figure label="Objectives" value={String(data.summary.objectives)} />
        <Figure label="Key results" value={String(data.summary.keyResults)} />
        <Figure label="Average progress" value={percent(data.summary.averageProgress)} />
        <Figure
          label="Average score"
          value={
            data.summary.averageScore === null ? 'not scored' : data.summary.averageScore.toFixed(1)
          }
        />
      </section>

      <section className={styles.section} aria-labelledby="review-alignment">
        <Subtitle1 as="h2" id="review-alignment">
          Objectives and key results
        </Subtitle1>
        {data.objectives.length === 0 ? (
          <Body1>No objectives in this review.</Body1>
        ) : (
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col">Objective / key result</th>
                <th scope="col">Owner</th>
                <th scope="col">Progress</th>
                <th scope="col">Status</th>
                <th scope="col">Score</th>
                <th scope="col">Trend</th>
              </tr>
            </thead>
            <tbody>
              {data.objectives.flatMap((objective) => [
                <tr key={objective.id} className={styles.objectiveRow}>
                  <th scope="row" style={{ paddingLeft: `${8 + objective.depth * 20}px` }}>
                    {objective.title}
                  </th>
                  <td>{objective.ownerName}</td>
                  <td>{percent(objective.progress)}</td>
                  <td>
                    <StatusBadge status={objective.status} size="small" />
                  </td>
                  <td>{objective.score ? describeScore(objective.score) : '—'}</td>
                  <td />
                </tr>,
                ...objective.keyResults.map((keyResult) => (
                  <tr key={keyResult.id}>
                    <td style={{ paddingLeft: `${28 + objective.depth * 20}px` }}>
                      {keyResult.title}
                      {keyResult.footnotes.map((number) => (
                        <sup key={number}>
                          <a href={`#footnote-${number}`} aria-label={`evidence ${number}`}>
                            [{number}]
                          </a>
                        </sup>
                      ))}
                    </td>
                    <td>{keyResult.ownerName}</td>
                    <td>
                      {percent(keyResult.progress)}
                      <Caption1 className={`${styles.muted} ${styles.block}`}>
                        {formatMetricValue(keyResult.metric, keyResult.metric.current, locale)} of{' '}
                        {formatMetricValue(keyResult.metric, keyResult.metric.target, locale)}
                      </Caption1>
                    </td>
                    <td>
                      <StatusBadge status={keyResult.status} size="small" />
                    </td>
                    <td>
                      {keyResult.score ? <ScoreBadge score={keyResult.score} size="small" /> : '—'}
                      {keyResult.score?.override !== null && keyResult.score?.reason && (
                        <Caption1 className={`${styles.muted} ${styles.block}`}>
                          computed {keyResult.score.computed.toFixed(1)}: {keyResult.score.reason}
                        </Caption1>
                      )}
                    </td>
                    <td>
                      <Sparkline keyResult={keyResult} />
                    </td>
                  </tr>
                )),
              ])}
            </tbody>
          </table>
        )}
      </section>

      <section className={styles.section} aria-labelledby="review-risks">
        <Subtitle1 as="h2" id="review-risks">
          Risks
        </Subtitle1>
        {data.risks.length === 0 ? (
          <Body1>No open risks.</Body1>
        ) : (
          <ul className={styles.list}>
            {data.risks.map((risk, index) => (
              <li key={index}>
                <Body1>
                  <strong>{risk.severity === 'critical' ? 'Critical' : 'Warning'}:</strong>{' '}
                  {risk.explanation}
                </Body1>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className={styles.section} aria-labelledby="review-deliverables">
        <Subtitle1 as="h2" id="review-deliverables">
          Deliverables
        </Subtitle1>
        <Body1>
          {data.deliverables.done.length} done, {data.deliverables.blocked.length} blocked
        </Body1>
        {data.deliverables.blocked.length > 0 && (
          <ul className={styles.list} aria-label="Blocked deliverables">
            {data.deliverables.blocked.map((item) => (
              <li key={item.id}>
                <Body1>
                  Blocked: {item.title} ({item.ownerName}, for {item.objectiveTitle})
                </Body1>
              </li>
            ))}
          </ul>
        )}
        {data.deliverables.done.length > 0 && (
          <ul className={styles.list} aria-label="Deliverables done">
            {data.deliverables.done.map((item) => (
              <li key={item.id}>
                <Body1>
                  Done: {item.title} ({item.ownerName})
                </Body1>
              </li>
            ))}
          </ul>
        )}
      </section>

      {data.objectives.some((objective) => objective.learnings.length > 0) && (
        <section className={styles.section} aria-labelledby="review-learnings">
          <Subtitle1 as="h2" id="review-learnings">
            What we learned
          </Subtitle1>
          <ul className={styles.list}>
            {data.objectives.flatMap((objective) =>
              objective.learnings.map((learning) => (
                <li key={learning.id}>
                  <Body1>
                    <strong>{objective.title}</strong> — {learning.authorName}: {learning.text}
                  </Body1>
                </li>
              )),
            )}
          </ul>
        </section>
      )}

      <section className={styles.section} aria-labelledby="review-evidence">
        <Subtitle1 as="h2" id="review-evidence">
          Evidence
        </Subtitle1>
        {data.footnotes.length === 0 ? (
          <Body1>No evidence attached.</Body1>
        ) : (
          <ol className={styles.list}>
            {data.footnotes.map((note) => (
              <li key={note.number} id={`footnote-${note.number}`} className={styles.footnote}>
                {note.title} — {note.from}, {note.on} ({note.kind})
              </li>
            ))}
          </ol>
        )}
      </section>
    </article>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  const styles = useStyles();
  return (
    <div className={styles.figure}>
      <Caption1 className={styles.muted}>{label}</Caption1>
      <Subtitle1>{value}</Subtitle1>
    </div>
  );
}

/** The check-in values over the cycle, with the target as a dashed line. */
function Sparkline({ keyResult }: { keyResult: ReviewedKeyResult }) {
  const styles = useStyles();
  const width = 120;
  const height = 32;
  const values = keyResult.trend.map((point) => point.value);
  const low = Math.min(...values, keyResult.metric.target, keyResult.metric.start);
  const high = Math.max(...values, keyResult.metric.target, keyResult.metric.start);
  const span = high - low || 1;
  const y = (value: number) => height - 2 - ((value - low) / span) * (height - 4);
  const x = (index: number) =>
    keyResult.trend.length <= 1 ? width / 2 : (index / (keyResult.trend.length - 1)) * width;
  const points = keyResult.trend.map((point, index) => `${x(index)},${y(point.value)}`).join(' ');
  const last = keyResult.trend[keyResult.trend.length - 1];
  return (
    <svg
      className={styles.spark}
      width={width}
      height={height}
      role="img"
      aria-label={`Trend of ${keyResult.title}: ${keyResult.trend.length - 1} check-ins, last value ${last?.value ?? keyResult.metric.start}, target ${keyResult.metric.target}`}
    >
      <line
        x1={0}
        x2={width}
        y1={y(keyResult.metric.target)}
        y2={y(keyResult.metric.target)}
        stroke={tokens.colorNeutralStroke1}
        strokeDasharray="3 3"
      />
      <polyline points={points} fill="none" stroke={tokens.colorBrandForeground1} strokeWidth={2} />
    </svg>
  );
}
