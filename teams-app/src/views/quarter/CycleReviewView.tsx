/**
 * Closing a cycle: every objective and key result the reader may see, with the score
 * closing records (while the cycle is open) or the recorded score beside any override and
 * its reason (once closed). Admins close the cycle here; owners override scores, carry
 * unfinished objectives to the next cycle and note what was learned.
 */
import {
  Body1,
  Button,
  Caption1,
  Card,
  Link,
  MessageBar,
  MessageBarBody,
  Subtitle2,
  Title2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import {
  ArrowForwardRegular,
  DocumentBulletListRegular,
  LightbulbRegular,
  LockClosedRegular,
  EditRegular,
} from '@fluentui/react-icons';
import type {
  CycleReview,
  ProposedScore,
  ReviewKeyResult,
  ReviewObjective,
  Score,
} from '@throughline/contracts';
import {
  CardListSkeleton,
  ErrorBar,
  PersonAvatar,
  ScoreBadge,
  StatusBadge,
  useApi,
  useResource,
  useSession,
} from '@throughline/ui';
import { useEffect, useState } from 'react';
import { hrefFor } from '../../app/router';
import { CloseCycleDialog } from '../admin/CycleDialogs';
import {
  CarryOverDialog,
  LearningDialog,
  ScoreOverrideDialog,
  type ScoreTarget,
} from './QuarterDialogs';

const useStyles = makeStyles({
  root: { display: 'grid', gap: tokens.spacingVerticalL },
  heading: { display: 'grid', gap: tokens.spacingVerticalXXS },
  block: { display: 'block' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  card: { display: 'grid', gap: tokens.spacingVerticalS, padding: tokens.spacingHorizontalL },
  header: {
    display: 'flex',
    gap: tokens.spacingHorizontalM,
    alignItems: 'center',
    flexWrap: 'wrap',
  },
  grow: { flexGrow: 1, minWidth: '200px' },
  muted: { color: tokens.colorNeutralForeground2 },
  table: {
    borderCollapse: 'collapse',
    width: '100%',
    '& th, & td': {
      textAlign: 'left',
      verticalAlign: 'middle',
      padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
      borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    },
  },
  learnings: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
});

type Dialog =
  | { kind: 'close' }
  | { kind: 'score'; target: ScoreTarget }
  | { kind: 'carry'; objective: ReviewObjective }
  | { kind: 'learning'; objective: ReviewObjective }
  | null;

export type CycleReviewViewProps = { cycleId: string; teamId?: string };

export function CycleReviewView({ cycleId, teamId }: CycleReviewViewProps) {
  const styles = useStyles();
  const api = useApi();
  const { me, locale } = useSession();
  const review = useResource(() => api.cycles.review(cycleId, { teamId }), [api, cycleId, teamId]);
  const [more, setMore] = useState<ReviewObjective[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    setMore([]);
    setCursor(review.data?.nextCursor ?? null);
  }, [review.data]);

  if (review.error)
    return (
      <ErrorBar title="Could not load the review" error={review.error} onRetry={review.reload} />
    );
  if (!review.data) return <CardListSkeleton label="Loading the review" />;
  const { cycle } = review.data;
  const objectives = [...review.data.objectives, ...more];
  const isClosed = cycle.state === 'closed';
  const day = (iso: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso),
    );
  const changed = (message?: string) => {
    setDialog(null);
    if (message) setNotice(message);
    review.reload();
  };
  async function loadMore() {
    if (!cursor) return;
    const page: CycleReview = await api.cycles.review(cycleId, { teamId, cursor });
    setMore((items) => [...items, ...page.objectives]);
    setCursor(page.nextCursor);
  }

  return (
    <article className={styles.root} aria-labelledby="review-title">
      <div className={styles.heading}>
        <Caption1 className={styles.muted}>
          {day(cycle.startsOn)} – {day(cycle.endsOn)} ·{' '}
          {isClosed && cycle.closedAt ? `closed ${day(cycle.closedAt)}` : 'open'}
        </Caption1>
        <Title2 as="h1" id="review-title">
          Review {cycle.name}
        </Title2>
      </div>
      <MessageBar intent="info" layout="multiline">
        <MessageBarBody>
          {isClosed
            ? 'Scores were recorded from progress when the cycle closed. Owners can override a score with a reason; the computed score stays beside it. Unfinished objectives can be carried to the next cycle.'
            : 'The scores shown are what closing the cycle records today, from progress (0.0 to 1.0). Owners can set their own score with a reason now; closing records it beside the computed one and ends check-ins.'}
        </MessageBarBody>
      </MessageBar>
      <div className={styles.actions}>
        {review.data.canClose && (
          <Button
            appearance="primary"
            icon={<LockClosedRegular />}
            onClick={() => setDialog({ kind: 'close' })}
          >
            Close {cycle.name}
          </Button>
        )}
        <Link
          href={hrefFor(
            teamId
              ? { name: 'businessReview', cycleId, teamId }
              : { name: 'businessReview', cycleId, personId: me.person.id },
          )}
        >
          <DocumentBulletListRegular aria-hidden /> {teamId ? 'Business review' : 'My quarter'}
        </Link>
      </div>
      {notice && (
        <MessageBar intent="success">
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}
      {objectives.length === 0 && <Body1>No objectives in this cycle that you can see.</Body1>}
      {objectives.map((objective) => (
        <ReviewedObjectiveCard
          key={objective.id}
          objective={objective}
          isClosed={isClosed}
          onDialog={setDialog}
        />
      ))}
      {cursor && (
        <Button onClick={() => void loadMore()} appearance="secondary">
          Show more objectives
        </Button>
      )}
      {dialog?.kind === 'close' && (
        <CloseCycleDialog
          cycle={cycle}
          onDismiss={() => setDialog(null)}
          onClosed={(closed) =>
            changed(`Closed ${closed.name}: scores are recorded and check-ins have ended.`)
          }
        />
      )}
      {dialog?.kind === 'score' && (
        <ScoreOverrideDialog
          target={dialog.target}
          onDismiss={() => setDialog(null)}
          onSaved={() => changed(`Saved the score of “${dialog.target.title}”.`)}
        />
      )}
      {dialog?.kind === 'carry' && (
        <CarryOverDialog
          objective={dialog.objective}
          cycles={review.data.nextCycles}
          onDismiss={() => setDialog(null)}
          onCarried={() => changed(`Carried “${dialog.objective.title}” over.`)}
        />
      )}
      {dialog?.kind === 'learning' && (
        <LearningDialog
          objective={dialog.objective}
          onDismiss={() => setDialog(null)}
          onSaved={() => changed('Saved what was learned.')}
        />
      )}
    </article>
  );
}

function ScoreCell({
  score,
  suggested,
  proposed,
}: {
  score: Score | null;
  suggested: number;
  proposed: ProposedScore | null;
}) {
  const styles = useStyles();
  if (!score)
    return (
      <span>
        <Caption1 className={styles.muted}>would score {suggested.toFixed(1)}</Caption1>
        {proposed && (
          <Caption1 className={styles.block}>
            owner’s score {proposed.score.toFixed(1)} at the close: {proposed.reason}
          </Caption1>
        )}
      </span>
    );
  return (
    <span>
      <ScoreBadge score={score} />
      {score.override !== null && (
        <Caption1 className={`${styles.muted} ${styles.block}`}>
          (computed {score.computed.toFixed(1)}; {score.reason})
        </Caption1>
      )}
    </span>
  );
}

/** "Override" a recorded score, or "Set score" for the close while the cycle is open. */
function ScoreButton({
  kind,
  item,
  onScore,
}: {
  kind: ScoreTarget['kind'];
  item: ReviewObjective | ReviewKeyResult;
  onScore: (target: ScoreTarget) => void;
}) {
  const label = item.score ? 'Override' : 'Set score';
  const current = item.score
    ? item.score.override === null
      ? null
      : { score: item.score.override, reason: item.score.reason }
    : item.proposedScore
      ? { score: item.proposedScore.score, reason: item.proposedScore.reason }
      : null;
  return (
    <Button
      size="small"
      icon={<EditRegular />}
      aria-label={`${item.score ? 'Override the score of' : 'Set score for'} ${item.title}`}
      onClick={() =>
        onScore({
          kind,
          id: item.id,
          title: item.title,
          version: item.version,
          score: item.score,
          computed: item.score?.computed ?? item.suggestedScore,
          current,
        })
      }
    >
      {label}
    </Button>
  );
}

type CardProps = {
  objective: ReviewObjective;
  isClosed: boolean;
  onDialog: (dialog: Dialog) => void;
};

function ReviewedObjectiveCard({ objective, isClosed, onDialog }: CardProps) {
  const styles = useStyles();
  const headingId = `review-objective-${objective.id}`;
  return (
    <Card className={styles.card} role="region" aria-labelledby={headingId}>
      <div className={styles.header}>
        <Subtitle2 as="h2" id={headingId} className={styles.grow}>
          <Link href={hrefFor({ name: 'objective', id: objective.id })}>{objective.title}</Link>
        </Subtitle2>
        <PersonAvatar personId={objective.ownerId} isNameShown={false} role="Owner" />
        <StatusBadge status={objective.status} />
        <Body1>{Math.round(objective.progress * 100)}%</Body1>
        <ScoreCell
          score={objective.score}
          suggested={objective.suggestedScore}
          proposed={objective.proposedScore}
        />
        {objective.canScore && (
          <ScoreButton
            kind="objective"
            item={objective}
            onScore={(target) => onDialog({ kind: 'score', target })}
          />
        )}
      </div>
      {objective.carriedFrom && (
        <Caption1 className={styles.muted}>
          Continues{' '}
          <Link href={hrefFor({ name: 'objective', id: objective.carriedFrom.objectiveId })}>
            the objective of an earlier cycle
          </Link>
        </Caption1>
      )}
      <table className={styles.table} aria-label={`Key results of ${objective.title}`}>
        <thead>
          <tr>
            <th scope="col">Key result</th>
            <th scope="col">Owner</th>
            <th scope="col">Progress</th>
            <th scope="col">Score</th>
            <th scope="col">
              <span className={styles.muted}>Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {objective.keyResults.map((keyResult) => (
            <tr key={keyResult.id}>
              <td>
                <Link href={hrefFor({ name: 'keyResult', id: keyResult.id })}>
                  {keyResult.title}
                </Link>
              </td>
              <td>
                <PersonAvatar personId={keyResult.ownerId} size={24} />
              </td>
              <td>{Math.round(keyResult.progress * 100)}%</td>
              <td>
                <ScoreCell
                  score={keyResult.score}
                  suggested={keyResult.suggestedScore}
                  proposed={keyResult.proposedScore}
                />
              </td>
              <td>
                {keyResult.canScore && (
                  <ScoreButton
                    kind="keyResult"
                    item={keyResult}
                    onScore={(target) => onDialog({ kind: 'score', target })}
                  />
                )}
              </td>
            </tr>
          ))}
          {objective.keyResults.length === 0 && (
            <tr>
              <td colSpan={5}>No key results.</td>
            </tr>
          )}
        </tbody>
      </table>
      {objective.learnings.length > 0 && (
        <div>
          <Caption1 as="h3">What we learned</Caption1>
          <ul className={styles.learnings}>
            {objective.learnings.map((learning) => (
              <li key={learning.id}>
                <Body1>{learning.text}</Body1>{' '}
                <PersonAvatar personId={learning.authorId} size={20} />
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className={styles.header}>
        {objective.carriedTo ? (
          <Link href={hrefFor({ name: 'objective', id: objective.carriedTo.objectiveId })}>
            <ArrowForwardRegular aria-hidden /> Carried over: open the copy
          </Link>
        ) : (
          objective.canCarryOver &&
          isClosed && (
            <Button
              size="small"
              icon={<ArrowForwardRegular />}
              onClick={() => onDialog({ kind: 'carry', objective })}
            >
              Carry over
            </Button>
          )
        )}
        {objective.canAddLearning && (
          <Button
            size="small"
            icon={<LightbulbRegular />}
            onClick={() => onDialog({ kind: 'learning', objective })}
          >
            Add what we learned
          </Button>
        )}
      </div>
    </Card>
  );
}
