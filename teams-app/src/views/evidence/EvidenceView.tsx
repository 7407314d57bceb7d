/**
 * What Throughline kept of an attached email or document, for everyone who may see it:
 * subject, sender, date, preview, what it proves, and who attached it and why. The email
 * itself opens in Outlook only from the reader's own mailbox — one message has a copy in
 * each recipient's mailbox, and a link to someone else's copy opens nothing — so a reader
 * who did not attach it can ask Throughline to look for their copy.
 */
import {
  Body1,
  Button,
  Caption1,
  Card,
  Link,
  MessageBar,
  MessageBarBody,
  Spinner,
  Subtitle2,
  Title2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { OpenRegular } from '@fluentui/react-icons';
import { ApiError, type EvidenceLocation } from '@throughline/contracts';
import {
  CardListSkeleton,
  ErrorBar,
  PersonAvatar,
  describeError,
  evidenceIcon,
  evidenceVisibilityLabels,
  useApi,
  useResource,
  useSession,
} from '@throughline/ui';
import { useState } from 'react';
import { hrefFor } from '../../app/router';

const useStyles = makeStyles({
  root: { display: 'grid', gap: tokens.spacingVerticalL, maxWidth: '760px' },
  header: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-start' },
  icon: { fontSize: '32px', color: tokens.colorBrandForeground1 },
  titles: { display: 'grid', gap: tokens.spacingVerticalXXS, minWidth: 0 },
  muted: { color: tokens.colorNeutralForeground2 },
  card: { display: 'grid', gap: tokens.spacingVerticalS, padding: tokens.spacingHorizontalL },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
    '& dt': { color: tokens.colorNeutralForeground2 },
    '& dd': { margin: 0, minWidth: 0, overflowWrap: 'anywhere' },
  },
  preview: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalM,
    borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke2}`,
    whiteSpace: 'pre-wrap',
  },
  attachers: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'grid',
    gap: tokens.spacingVerticalM,
  },
  attacher: { display: 'grid', gap: tokens.spacingVerticalXXS },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

const syncLabels = {
  ok: null,
  changed: 'It changed in Microsoft 365 after it was attached.',
  moved: 'It moved in Microsoft 365.',
  deleted: 'The original was deleted; this is what it said when it was attached.',
  access_lost: 'Throughline can no longer read the original; this is what it said when attached.',
} as const;

export type EvidenceViewProps = { evidenceId: string };

export function EvidenceView({ evidenceId }: EvidenceViewProps) {
  const styles = useStyles();
  const api = useApi();
  const evidence = useResource(() => api.evidence.get(evidenceId), [api, evidenceId]);
  if (evidence.error)
    return (
      <ErrorBar
        title="Could not load this evidence"
        error={evidence.error}
        onRetry={evidence.reload}
      />
    );
  if (!evidence.data) return <CardListSkeleton cards={2} label="Loading the evidence" />;
  return <EvidenceDetail evidence={evidence.data} styles={styles} />;
}

function EvidenceDetail({
  evidence,
  styles,
}: {
  evidence: EvidenceLocation;
  styles: ReturnType<typeof useStyles>;
}) {
  const { locale } = useSession();
  const { snapshot, kind } = evidence;
  const date = (iso: string | undefined) =>
    iso
      ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
          new Date(iso),
        )
      : undefined;
  const title =
    kind === 'email'
      ? snapshot.subject || snapshot.title || '(no subject)'
      : (snapshot.fileName ?? snapshot.title);
  const keyResultId = evidence.keyResultId;
  const facts: [string, string | undefined][] =
    kind === 'email'
      ? [
          ['From', snapshot.from && `${snapshot.from.name} <${snapshot.from.address}>`],
          ['Received', date(snapshot.receivedAt)],
          ['Recipients', snapshot.recipientsCount?.toString()],
          ['Attachments', snapshot.hasAttachments ? 'Yes' : undefined],
        ]
      : kind === 'document'
        ? [
            ['Modified by', snapshot.modifiedBy],
            ['Modified', date(snapshot.modifiedAt)],
          ]
        : kind === 'meeting'
          ? [
              ['Starts', date(snapshot.startsAt)],
              ['Attendees', snapshot.attendeesCount?.toString()],
            ]
          : kind === 'teamsMessage'
            ? [
                ['From', snapshot.from?.name],
                ['Sent', date(snapshot.receivedAt)],
              ]
            : [];
  const syncNote = syncLabels[evidence.syncState];
  const isGone = evidence.syncState === 'deleted' || evidence.syncState === 'access_lost';

  return (
    <article className={styles.root} aria-labelledby="evidence-title">
      <div className={styles.header}>
        <span className={styles.icon} aria-hidden>
          {evidenceIcon(evidence)}
        </span>
        <div className={styles.titles}>
          <Title2 as="h1" id="evidence-title">
            {title}
          </Title2>
          <Body1>
            Proves{' '}
            {keyResultId ? (
              <Link href={hrefFor({ name: 'keyResult', id: keyResultId })}>
                {evidence.target.kind === 'deliverable'
                  ? `the deliverable “${evidence.targetTitle}” of “${evidence.keyResultTitle ?? ''}”`
                  : `“${evidence.targetTitle}”`}
              </Link>
            ) : (
              `“${evidence.targetTitle}”`
            )}
          </Body1>
          {evidence.removedAt && (
            <Caption1 className={styles.muted}>Removed on {date(evidence.removedAt)}.</Caption1>
          )}
        </div>
      </div>
      {syncNote && (
        <MessageBar intent={isGone ? 'warning' : 'info'} layout="multiline">
          <MessageBarBody>{syncNote}</MessageBarBody>
        </MessageBar>
      )}
      <Card className={styles.card} role="region" aria-labelledby="evidence-kept">
        <Subtitle2 as="h2" id="evidence-kept">
          What Throughline kept
        </Subtitle2>
        <dl className={styles.facts}>
          {facts
            .filter((fact): fact is [string, string] => !!fact[1])
            .map(([label, value]) => (
              <div key={label} style={{ display: 'contents' }}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          <dt>Visible to</dt>
          <dd>{evidenceVisibilityLabels[evidence.visibility]}</dd>
        </dl>
        {snapshot.preview && (
          <blockquote className={styles.preview} aria-label="Preview">
            {snapshot.preview}
          </blockquote>
        )}
        {!isGone && <OpenSource evidence={evidence} styles={styles} />}
      </Card>
      <Card className={styles.card} role="region" aria-labelledby="evidence-attachers">
        <Subtitle2 as="h2" id="evidence-attachers">
          Who attached it, and why
        </Subtitle2>
        <ul className={styles.attachers} aria-labelledby="evidence-attachers">
          {evidence.attachedBy.map((entry) => (
            <li key={entry.personId} className={styles.attacher}>
              <PersonAvatar personId={entry.personId} />
              <Caption1 className={styles.muted}>Attached {date(entry.at)}</Caption1>
              {entry.note ? <Body1>“{entry.note}”</Body1> : null}
            </li>
          ))}
        </ul>
      </Card>
    </article>
  );
}

function OpenSource({
  evidence,
  styles,
}: {
  evidence: EvidenceLocation;
  styles: ReturnType<typeof useStyles>;
}) {
  const api = useApi();
  const [lookup, setLookup] = useState<
    | { state: 'idle' }
    | { state: 'looking' }
    | { state: 'found'; webLink: string }
    | { state: 'absent' }
    | { state: 'failed'; error: unknown }
  >({ state: 'idle' });
  const opensIn =
    evidence.kind === 'document'
      ? 'Office on the web'
      : evidence.kind === 'link'
        ? 'a new tab'
        : evidence.kind === 'teamsMessage'
          ? 'Teams'
          : 'Outlook';
  const link = evidence.openLink ?? (lookup.state === 'found' ? lookup.webLink : null);
  if (link)
    return (
      <div className={styles.actions}>
        <Link href={link} target="_blank" rel="noopener noreferrer">
          <OpenRegular aria-hidden /> Open in {opensIn}
        </Link>
      </div>
    );
  if (evidence.kind !== 'email') return null;

  async function findMyCopy() {
    setLookup({ state: 'looking' });
    try {
      setLookup({ state: 'found', ...(await api.evidence.myCopy(evidence.id)) });
    } catch (error) {
      setLookup(
        error instanceof ApiError && error.code === 'mailbox_copy_not_found'
          ? { state: 'absent' }
          : { state: 'failed', error },
      );
    }
  }

  return (
    <div className={styles.actions}>
      {lookup.state === 'absent' ? (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            This email is not in your mailbox, so it cannot open in your Outlook. What Throughline
            kept of it is above.
          </MessageBarBody>
        </MessageBar>
      ) : (
        <Button
          onClick={findMyCopy}
          disabled={lookup.state === 'looking'}
          icon={lookup.state === 'looking' ? <Spinner size="tiny" /> : undefined}
        >
          {lookup.state === 'looking' ? 'Looking in your mailbox…' : 'Find it in my mailbox'}
        </Button>
      )}
      {lookup.state === 'failed' && (
        <MessageBar intent="error" layout="multiline" role="alert">
          <MessageBarBody>{describeError(lookup.error)}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
