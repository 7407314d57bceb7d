import {
  Body1,
  Breadcrumb,
  BreadcrumbButton,
  BreadcrumbDivider,
  BreadcrumbItem,
  Button,
  Caption1,
  Card,
  Link,
  Subtitle2,
  Title2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { AddRegular, AttachRegular, EditRegular } from '@fluentui/react-icons';
import type { Comment, Deliverable, KeyResult, KeyResultDetail } from '@throughline/contracts';
import {
  CardListSkeleton,
  EmptyState,
  ErrorBar,
  KeyResultProgress,
  LazyCheckInDialog,
  NarrativeTimeline,
  PersonAvatar,
  ScoreBadge,
  StatusBadge,
  describeScore,
  describeMetricProgress,
  useApi,
  useResource,
  useSession,
  RisksSection,
} from '@throughline/ui';
import { Suspense, lazy, useState } from 'react';
import { hrefFor } from '../../app/router';
import { CheckInFeed } from './CheckInFeed';
import { DeliverablesSection } from './DeliverablesSection';
import { EvidenceSection } from './EvidenceSection';
import { ExcelSourceSection } from './ExcelSourceSection';

const CheckInChart = lazy(() =>
  import('./CheckInChart').then((module) => ({ default: module.CheckInChart })),
);
const KeyResultFormDialog = lazy(() =>
  import('../../forms/KeyResultFormDialog').then((module) => ({
    default: module.KeyResultFormDialog,
  })),
);
const AttachEvidenceDialog = lazy(() =>
  import('./AttachEvidenceDialog').then((module) => ({ default: module.AttachEvidenceDialog })),
);
const DeliverableFormDialog = lazy(() =>
  import('../../forms/DeliverableFormDialog').then((module) => ({
    default: module.DeliverableFormDialog,
  })),
);

const useStyles = makeStyles({
  root: { display: 'grid', gap: tokens.spacingVerticalL },
  header: { display: 'grid', gap: tokens.spacingVerticalS },
  facts: {
    display: 'flex',
    gap: tokens.spacingHorizontalL,
    alignItems: 'center',
    flexWrap: 'wrap',
  },
  progress: { minWidth: '200px', flexGrow: 1, maxWidth: '360px' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  columns: {
    display: 'grid',
    gap: tokens.spacingHorizontalL,
    gridTemplateColumns: 'minmax(0, 3fr) minmax(0, 2fr)',
    alignItems: 'start',
    '@media (max-width: 900px)': { gridTemplateColumns: 'minmax(0, 1fr)' },
  },
  column: { display: 'grid', gap: tokens.spacingVerticalL },
  section: { padding: tokens.spacingHorizontalL, display: 'grid', gap: tokens.spacingVerticalM },
  sectionHeader: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalS,
  },
  muted: { color: tokens.colorNeutralForeground2 },
});

export type KeyResultViewProps = { keyResultId: string };

type OpenDialog =
  | { kind: 'checkIn' }
  | { kind: 'edit' }
  | { kind: 'deliverable'; deliverable?: Deliverable }
  | { kind: 'evidence' }
  | null;

export function KeyResultView({ keyResultId }: KeyResultViewProps) {
  const styles = useStyles();
  const api = useApi();
  const { locale } = useSession();
  const detail = useResource<KeyResultDetail>(
    () => api.keyResults.get(keyResultId),
    [api, keyResultId],
  );
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [timelineVersion, setTimelineVersion] = useState(0);
  const [evidenceVersion, setEvidenceVersion] = useState(0);

  if (detail.error)
    return (
      <ErrorBar
        title="Could not load this key result"
        error={detail.error}
        onRetry={detail.reload}
      />
    );
  if (!detail.data) return <CardListSkeleton label="Loading the key result" cards={3} />;
  const keyResult = detail.data;
  const { metric } = keyResult;
  const current = keyResult.lastCheckIn?.value ?? metric.current ?? metric.start;

  const refresh = () => {
    detail.reload();
    setTimelineVersion((value) => value + 1);
  };
  const afterCheckIn = (saved: KeyResult) => {
    setDialog(null);
    detail.setData((previous) => ({ ...(previous as KeyResultDetail), ...saved }));
    refresh();
  };
  const addComment = (comment: Comment) => {
    detail.setData((previous) => {
      const base = previous as KeyResultDetail;
      return {
        ...base,
        checkIns: base.checkIns.map((checkIn) =>
          checkIn.id === comment.checkInId
            ? { ...checkIn, comments: [...checkIn.comments, comment] }
            : checkIn,
        ),
      };
    });
    setTimelineVersion((value) => value + 1);
  };
  const replaceDeliverable = (saved: Deliverable) => {
    detail.setData((previous) => {
      const base = previous as KeyResultDetail;
      const exists = base.deliverables.some((deliverable) => deliverable.id === saved.id);
      return {
        ...base,
        deliverables: exists
          ? base.deliverables.map((deliverable) =>
              deliverable.id === saved.id ? saved : deliverable,
            )
          : [...base.deliverables, saved],
      };
    });
    setTimelineVersion((value) => value + 1);
  };

  return (
    <article className={styles.root} aria-labelledby="key-result-title">
      <div className={styles.header}>
        <Breadcrumb aria-label="Where this key result sits">
          <BreadcrumbItem>
            <BreadcrumbButton href={hrefFor({ name: 'my' })}>My OKRs</BreadcrumbButton>
          </BreadcrumbItem>
          <BreadcrumbDivider />
          <BreadcrumbItem>
            <BreadcrumbButton href={hrefFor({ name: 'objective', id: keyResult.objective.id })}>
              {keyResult.objective.title}
            </BreadcrumbButton>
          </BreadcrumbItem>
        </Breadcrumb>
        <Caption1 className={styles.muted}>Key result · {keyResult.cycle.name}</Caption1>
        <Title2 as="h1" id="key-result-title">
          {keyResult.title}
        </Title2>
        <div className={styles.facts}>
          <StatusBadge status={keyResult.status} />
          <ScoreBadge score={keyResult.score} />
          <span className={styles.progress}>
            <KeyResultProgress
              progress={keyResult.progress}
              status={keyResult.status}
              label={`Progress of ${keyResult.title}`}
            />
          </span>
          <Body1>{describeMetricProgress(metric, current, locale)}</Body1>
          {keyResult.confidence !== null && <Body1>Confidence {keyResult.confidence}/10</Body1>}
          <PersonAvatar personId={keyResult.ownerId} role="Owner" />
          {keyResult.paceStatus !== keyResult.status && keyResult.paceStatus !== 'not_started' && (
            <Caption1 className={styles.muted}>
              Pace says <StatusBadge status={keyResult.paceStatus} size="small" />
            </Caption1>
          )}
        </div>
        {keyResult.score && (
          <Body1>
            {describeScore(keyResult.score)} · recorded when {keyResult.cycle.name} closed.{' '}
            <Link href={hrefFor({ name: 'cycleReview', cycleId: keyResult.cycleId })}>
              Review {keyResult.cycle.name}
            </Link>
          </Body1>
        )}
        <div className={styles.actions}>
          {keyResult.canCheckIn && (
            <Button appearance="primary" onClick={() => setDialog({ kind: 'checkIn' })}>
              Check in
            </Button>
          )}
          {keyResult.canEdit && (
            <Button icon={<EditRegular />} onClick={() => setDialog({ kind: 'edit' })}>
              Edit key result
            </Button>
          )}
        </div>
      </div>
      <div className={styles.columns}>
        <div className={styles.column}>
          <Card className={styles.section} role="region" aria-labelledby="progress-heading">
            <Subtitle2 as="h2" id="progress-heading">
              Progress over the cycle
            </Subtitle2>
            <Suspense
              fallback={<CardListSkeleton label="Loading the chart" cards={1} rowsPerCard={4} />}
            >
              <CheckInChart
                metric={metric}
                cycle={keyResult.cycle}
                checkIns={keyResult.checkIns}
                title={`Check-ins of ${keyResult.title} against the ideal pace`}
              />
            </Suspense>
          </Card>
          <Card className={styles.section} role="region" aria-labelledby="check-ins-heading">
            <Subtitle2 as="h2" id="check-ins-heading">
              Check-ins and feedback
            </Subtitle2>
            {keyResult.checkIns.length === 0 ? (
              <EmptyState
                title="No check-ins yet"
                actions={
                  keyResult.canCheckIn ? (
                    <Button onClick={() => setDialog({ kind: 'checkIn' })}>Check in now</Button>
                  ) : undefined
                }
              >
                A weekly check-in takes half a minute: the new value, how confident you are, and a
                sentence on what moved. It keeps your manager informed without a status meeting.
              </EmptyState>
            ) : (
              <CheckInFeed checkIns={keyResult.checkIns} metric={metric} onCommented={addComment} />
            )}
          </Card>
        </div>
        <div className={styles.column}>
          <RisksSection
            query={{ personId: keyResult.ownerId, cycleId: keyResult.cycleId }}
            filter={(finding) => finding.keyResultId === keyResult.id}
          />
          <Card className={styles.section} role="region" aria-labelledby="deliverables-heading">
            <div className={styles.sectionHeader}>
              <Subtitle2 as="h2" id="deliverables-heading">
                Deliverables
              </Subtitle2>
              {keyResult.canEdit && (
                <Button
                  size="small"
                  icon={<AddRegular />}
                  onClick={() => setDialog({ kind: 'deliverable' })}
                >
                  Add
                </Button>
              )}
            </div>
            {keyResult.deliverables.length === 0 ? (
              <Body1 className={styles.muted}>
                No deliverables yet. Break this key result into pieces of work, each with an owner
                and a due date.
              </Body1>
            ) : (
              <DeliverablesSection
                deliverables={keyResult.deliverables}
                canEdit={keyResult.canEdit}
                onChanged={replaceDeliverable}
                onEdit={(deliverable) => setDialog({ kind: 'deliverable', deliverable })}
              />
            )}
          </Card>
          <Card className={styles.section} role="region" aria-labelledby="excel-heading">
            <Subtitle2 as="h2" id="excel-heading">
              Excel source
            </Subtitle2>
            <ExcelSourceSection
              keyResult={keyResult}
              onChanged={(saved) => {
                detail.setData(saved);
                setTimelineVersion((value) => value + 1);
              }}
            />
          </Card>
          <Card className={styles.section} role="region" aria-labelledby="evidence-heading">
            <div className={styles.sectionHeader}>
              <Subtitle2 as="h2" id="evidence-heading">
                Evidence
              </Subtitle2>
              {keyResult.canCheckIn && (
                <Button
                  size="small"
                  icon={<AttachRegular />}
                  onClick={() => setDialog({ kind: 'evidence' })}
                >
                  Attach
                </Button>
              )}
            </div>
            <EvidenceSection
              keyResultId={keyResult.id}
              headingId="evidence-heading"
              deliverables={keyResult.deliverables}
              refreshKey={evidenceVersion}
            />
          </Card>
          <Card className={styles.section} role="region" aria-labelledby="timeline-heading">
            <Subtitle2 as="h2" id="timeline-heading">
              Timeline
            </Subtitle2>
            <NarrativeTimeline query={{ keyResultId: keyResult.id }} refreshKey={timelineVersion} />
          </Card>
        </div>
      </div>
      <Suspense fallback={null}>
        {dialog?.kind === 'checkIn' && (
          <LazyCheckInDialog
            keyResult={keyResult}
            isOpen
            onDismiss={() => setDialog(null)}
            onCheckedIn={afterCheckIn}
          />
        )}
        {dialog?.kind === 'edit' && (
          <KeyResultFormDialog
            objective={keyResult.objective}
            keyResult={keyResult}
            onDismiss={() => setDialog(null)}
            onSaved={() => {
              setDialog(null);
              refresh();
            }}
          />
        )}
        {dialog?.kind === 'deliverable' && (
          <DeliverableFormDialog
            objective={keyResult.objective}
            deliverable={dialog.deliverable}
            keyResultId={keyResult.id}
            onDismiss={() => setDialog(null)}
            onSaved={(saved) => {
              setDialog(null);
              replaceDeliverable(saved);
            }}
          />
        )}
        {dialog?.kind === 'evidence' && (
          <AttachEvidenceDialog
            keyResult={keyResult}
            deliverables={keyResult.deliverables}
            onDismiss={() => setDialog(null)}
            onAttached={() => {
              setDialog(null);
              setEvidenceVersion((value) => value + 1);
              setTimelineVersion((value) => value + 1);
            }}
          />
        )}
      </Suspense>
    </article>
  );
}
