/**
 * The check-ins on a key result, newest first, each with its conversation: comments, and
 * feedback from a manager — the "continuous feedback" that keeps a check-in from being a
 * form nobody reads.
 */
import {
  Body1,
  Button,
  Caption1,
  Field,
  Radio,
  RadioGroup,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { TableRegular } from '@fluentui/react-icons';
import type { CheckInWithComments, Comment, Metric } from '@throughline/contracts';
import {
  PersonAvatar,
  StatusBadge,
  describeError,
  formatMetricValue,
  useApi,
  useSave,
  useSession,
} from '@throughline/ui';
import { useState } from 'react';

const useStyles = makeStyles({
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'grid',
    gap: tokens.spacingVerticalL,
  },
  checkIn: {
    display: 'grid',
    gap: tokens.spacingVerticalS,
    paddingBottom: tokens.spacingVerticalM,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  headline: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    flexWrap: 'wrap',
  },
  muted: { color: tokens.colorNeutralForeground3 },
  comments: {
    listStyleType: 'none',
    margin: 0,
    paddingLeft: tokens.spacingHorizontalXXL,
    display: 'grid',
    gap: tokens.spacingVerticalS,
  },
  comment: { display: 'grid', gap: tokens.spacingVerticalXXS },
  feedback: { fontWeight: tokens.fontWeightSemibold, color: tokens.colorBrandForeground1 },
  reply: {
    display: 'grid',
    gap: tokens.spacingVerticalS,
    paddingLeft: tokens.spacingHorizontalXXL,
  },
  replyActions: { display: 'flex', gap: tokens.spacingHorizontalS },
});

export type CheckInFeedProps = {
  checkIns: CheckInWithComments[];
  metric: Metric;
  onCommented: (comment: Comment) => void;
};

export function CheckInFeed({ checkIns, metric, onCommented }: CheckInFeedProps) {
  const styles = useStyles();
  const sorted = [...checkIns].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <ol className={styles.list} aria-label="Check-ins, newest first">
      {sorted.map((checkIn) => (
        <CheckInEntry
          key={checkIn.id}
          checkIn={checkIn}
          metric={metric}
          onCommented={onCommented}
        />
      ))}
    </ol>
  );
}

function CheckInEntry({
  checkIn,
  metric,
  onCommented,
}: {
  checkIn: CheckInWithComments;
  metric: Metric;
  onCommented: (comment: Comment) => void;
}) {
  const styles = useStyles();
  const { locale } = useSession();
  const [isReplying, setIsReplying] = useState(false);
  const formatTime = (iso: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
      new Date(iso),
    );
  return (
    <li className={styles.checkIn} data-testid="check-in-entry">
      <div className={styles.headline}>
        {checkIn.origin === 'excel' ? (
          // Read from the linked workbook by Throughline, not typed by a person.
          <Caption1 className={styles.muted}>
            <TableRegular aria-hidden /> From Excel
          </Caption1>
        ) : (
          <PersonAvatar personId={checkIn.authorId} />
        )}
        <Body1>
          <strong>{formatMetricValue(metric, checkIn.value, locale)}</strong> (was{' '}
          {formatMetricValue(metric, checkIn.previousValue, locale)}) · confidence{' '}
          {checkIn.confidence}/10
        </Body1>
        <StatusBadge status={checkIn.status} size="small" />
        <Caption1 className={styles.muted}>
          <time dateTime={checkIn.at}>{formatTime(checkIn.at)}</time>
        </Caption1>
      </div>
      {checkIn.note && <Body1>{checkIn.note}</Body1>}
      {checkIn.comments.length > 0 && (
        <ul className={styles.comments} aria-label="Comments">
          {checkIn.comments.map((comment) => (
            <li key={comment.id} className={styles.comment}>
              <div className={styles.headline}>
                <PersonAvatar personId={comment.authorId} size={20} />
                {comment.kind === 'feedback' && (
                  <Caption1 className={styles.feedback}>Feedback</Caption1>
                )}
                <Caption1 className={styles.muted}>
                  <time dateTime={comment.at}>{formatTime(comment.at)}</time>
                </Caption1>
              </div>
              <Body1>{comment.body}</Body1>
            </li>
          ))}
        </ul>
      )}
      {isReplying ? (
        <ReplyForm
          checkInId={checkIn.id}
          onCancel={() => setIsReplying(false)}
          onSaved={(comment) => {
            setIsReplying(false);
            onCommented(comment);
          }}
        />
      ) : (
        <div className={styles.reply}>
          <Button size="small" appearance="subtle" onClick={() => setIsReplying(true)}>
            Comment or give feedback
          </Button>
        </div>
      )}
    </li>
  );
}

function ReplyForm({
  checkInId,
  onCancel,
  onSaved,
}: {
  checkInId: string;
  onCancel: () => void;
  onSaved: (comment: Comment) => void;
}) {
  const styles = useStyles();
  const api = useApi();
  const save = useSave();
  const [body, setBody] = useState('');
  const [kind, setKind] = useState<'comment' | 'feedback'>('comment');
  const bodyMessage =
    save.fieldMessage('body') ??
    (save.failure && !save.fieldMessage('kind')
      ? `Not sent: ${describeError(save.failure)}`
      : undefined);
  async function submit() {
    const saved = await save.run((key) =>
      api.checkIns.comment(checkInId, { kind, body }, { idempotencyKey: key }),
    );
    if (saved) onSaved(saved);
  }
  return (
    <form
      className={styles.reply}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <RadioGroup
        layout="horizontal"
        value={kind}
        onChange={(_event, data) => setKind(data.value as 'comment' | 'feedback')}
        aria-label="Kind of reply"
      >
        <Radio value="comment" label="Comment" />
        <Radio value="feedback" label="Feedback" />
      </RadioGroup>
      <Field
        label={kind === 'feedback' ? 'Your feedback' : 'Your comment'}
        validationMessage={bodyMessage}
        validationState={bodyMessage ? 'error' : 'none'}
      >
        <Textarea value={body} onChange={(_event, data) => setBody(data.value)} autoFocus />
      </Field>
      <div className={styles.replyActions}>
        <Button type="submit" appearance="primary" size="small" disabled={save.isSaving}>
          {save.isSaving ? 'Sending…' : 'Send'}
        </Button>
        <Button size="small" onClick={onCancel} disabled={save.isSaving}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
