import {
  Body1,
  Button,
  Caption1,
  Card,
  Link,
  Subtitle2,
  Title2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { AddRegular, EditRegular, LightbulbRegular } from '@fluentui/react-icons';
import type { Deliverable, KeyResult, ObjectiveDetail } from '@throughline/contracts';
import {
  CardListSkeleton,
  ErrorBar,
  KeyResultProgress,
  LazyCheckInDialog,
  NarrativeTimeline,
  PersonAvatar,
  ScoreBadge,
  StatusBadge,
  describeScore,
  useApi,
  useResource,
  useSession,
  RisksSection,
} from '@throughline/ui';
import { Suspense, lazy, useState } from 'react';
import { KeyResultRow } from '../my-okrs/KeyResultRow';
import { objectiveLevelLabels } from '../my-okrs/ObjectiveCard';
import { DeliverablesSection } from '../key-result/DeliverablesSection';
import { hrefFor } from '../../app/router';
import { LearningDialog } from '../quarter/QuarterDialogs';

const ObjectiveFormDialog = lazy(() =>
  import('../../forms/ObjectiveFormDialog').then((module) => ({
    default: module.ObjectiveFormDialog,
  })),
);
const KeyResultFormDialog = lazy(() =>
  import('../../forms/KeyResultFormDialog').then((module) => ({
    default: module.KeyResultFormDialog,
  })),
);
const DeliverableFormDialog = lazy(() =>
  import('../../forms/DeliverableFormDialog').then((module) => ({
    default: module.DeliverableFormDialog,
  })),
);

const useStyles = makeStyles({
  root: { display: 'grid', gap: tokens.spacingVerticalL },
  heading: { display: 'grid', gap: tokens.spacingVerticalXXS },
  facts: {
    display: 'flex',
    gap: tokens.spacingHorizontalL,
    alignItems: 'center',
    flexWrap: 'wrap',
  },
  progress: { minWidth: '200px', maxWidth: '360px', flexGrow: 1 },
  section: { padding: tokens.spacingHorizontalL, display: 'grid', gap: tokens.spacingVerticalM },
  sectionHeader: { display: 'flex', alignItems: 'center', justifyContent: 'space-between' },
  list: { listStyleType: 'none', margin: 0, padding: 0 },
  muted: { color: tokens.colorNeutralForeground2 },
});

export type ObjectiveViewProps = { objectiveId: string };

type OpenDialog =
  | { kind: 'edit' }
  | { kind: 'keyResult' }
  | { kind: 'deliverable'; deliverable?: Deliverable }
  | { kind: 'checkIn'; keyResult: KeyResult }
  | { kind: 'learning' }
  | null;

export function ObjectiveView({ objectiveId }: ObjectiveViewProps) {
  const styles = useStyles();
  const api = useApi();
  const { me } = useSession();
  const detail = useResource<ObjectiveDetail>(
    () => api.objectives.get(objectiveId),
    [api, objectiveId],
  );
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [timelineVersion, setTimelineVersion] = useState(0);
  if (detail.error)
    return (
      <ErrorBar
        title="Could not load this objective"
        error={detail.error}
        onRetry={detail.reload}
      />
    );
  if (!detail.data) return <CardListSkeleton label="Loading the objective" />;
  const objective = detail.data;
  const saved = () => {
    setDialog(null);
    detail.reload();
    setTimelineVersion((value) => value + 1);
  };
  return (
    <article className={styles.root} aria-labelledby="objective-title">
      <div className={styles.heading}>
        <Caption1 className={styles.muted}>{objectiveLevelLabels[objective.level]}</Caption1>
        <Title2 as="h1" id="objective-title">
          {objective.title}
        </Title2>
      </div>
      <div className={styles.facts}>
        <StatusBadge status={objective.status} />
        <ScoreBadge score={objective.score} />
        <span className={styles.progress}>
          <KeyResultProgress
            progress={objective.progress}
            status={objective.status}
            label={`Progress of ${objective.title}`}
          />
        </span>
        <PersonAvatar personId={objective.ownerId} role="Owner" />
        {objective.canEdit && (
          <Button icon={<EditRegular />} onClick={() => setDialog({ kind: 'edit' })}>
            Edit objective
          </Button>
        )}
      </div>
      {objective.description && <Body1>{objective.description}</Body1>}
      {(objective.score || objective.carriedFrom || objective.carriedTo) && (
        <Body1>
          {objective.score && `${describeScore(objective.score)}. `}
          {objective.carriedFrom && (
            <>
              Continues{' '}
              <Link href={hrefFor({ name: 'objective', id: objective.carriedFrom.objectiveId })}>
                this objective from an earlier cycle
              </Link>
              .{' '}
            </>
          )}
          {objective.carriedTo && (
            <>
              Carried over:{' '}
              <Link href={hrefFor({ name: 'objective', id: objective.carriedTo.objectiveId })}>
                open it in the next cycle
              </Link>
              .{' '}
            </>
          )}
          <Link href={hrefFor({ name: 'cycleReview', cycleId: objective.cycleId })}>
            Review the cycle
          </Link>
        </Body1>
      )}
      <RisksSection
        query={{ personId: objective.ownerId, cycleId: objective.cycleId }}
        filter={(finding) => finding.objectiveId === objective.id}
      />
      <Card className={styles.section} role="region" aria-labelledby="objective-key-results">
        <div className={styles.sectionHeader}>
          <Subtitle2 as="h2" id="objective-key-results">
            Key results
          </Subtitle2>
          {objective.canEdit && (
            <Button
              size="small"
              icon={<AddRegular />}
              onClick={() => setDialog({ kind: 'keyResult' })}
            >
              Add key result
            </Button>
          )}
        </div>
        {objective.keyResults.length === 0 ? (
          <Body1>
            No key results yet. Add two or three measurable results that would prove this objective
            is met.
          </Body1>
        ) : (
          <ul className={styles.list}>
            {objective.keyResults.map((keyResult) => (
              <KeyResultRow
                key={keyResult.id}
                keyResult={keyResult}
                isDueForCheckIn={false}
                canCheckIn={
                  objective.canEdit ||
                  keyResult.ownerId === me.person.id ||
                  keyResult.updaterIds.includes(me.person.id)
                }
                onCheckIn={(target) => setDialog({ kind: 'checkIn', keyResult: target })}
              />
            ))}
          </ul>
        )}
      </Card>
      <Card className={styles.section} role="region" aria-labelledby="objective-deliverables">
        <div className={styles.sectionHeader}>
          <Subtitle2 as="h2" id="objective-deliverables">
            Deliverables
          </Subtitle2>
          {objective.canEdit && (
            <Button
              size="small"
              icon={<AddRegular />}
              onClick={() => setDialog({ kind: 'deliverable' })}
            >
              Add deliverable
            </Button>
          )}
        </div>
        {objective.deliverables.length === 0 ? (
          <Body1>No deliverables yet.</Body1>
        ) : (
          <DeliverablesSection
            deliverables={objective.deliverables}
            canEdit={objective.canEdit}
            onChanged={saved}
            onEdit={(deliverable) => setDialog({ kind: 'deliverable', deliverable })}
          />
        )}
      </Card>
      {(objective.learnings.length > 0 || objective.canAddLearning) && (
        <Card className={styles.section} role="region" aria-labelledby="objective-learnings">
          <div className={styles.sectionHeader}>
            <Subtitle2 as="h2" id="objective-learnings">
              What we learned
            </Subtitle2>
            {objective.canAddLearning && (
              <Button
                size="small"
                icon={<LightbulbRegular />}
                onClick={() => setDialog({ kind: 'learning' })}
              >
                Add what we learned
              </Button>
            )}
          </div>
          {objective.learnings.length === 0 ? (
            <Body1 className={styles.muted}>
              Nothing noted yet. The owner and contributors note what worked and what they would do
              differently; the business review and next quarter’s planning read it.
            </Body1>
          ) : (
            <ul className={styles.list}>
              {objective.learnings.map((learning) => (
                <li key={learning.id} className={styles.facts}>
                  <PersonAvatar personId={learning.authorId} isNameShown={false} size={24} />
                  <Body1>{learning.text}</Body1>
                </li>
              ))}
            </ul>
          )}
        </Card>
      )}
      <Card className={styles.section} role="region" aria-labelledby="objective-timeline">
        <Subtitle2 as="h2" id="objective-timeline">
          Timeline
        </Subtitle2>
        <NarrativeTimeline query={{ objectiveId: objective.id }} refreshKey={timelineVersion} />
      </Card>
      <Suspense fallback={null}>
        {dialog?.kind === 'edit' && (
          <ObjectiveFormDialog
            cycleId={objective.cycleId}
            objective={objective}
            onDismiss={() => setDialog(null)}
            onSaved={saved}
          />
        )}
        {dialog?.kind === 'keyResult' && (
          <KeyResultFormDialog
            objective={objective}
            onDismiss={() => setDialog(null)}
            onSaved={saved}
          />
        )}
        {dialog?.kind === 'deliverable' && (
          <DeliverableFormDialog
            objective={objective}
            deliverable={dialog.deliverable}
            onDismiss={() => setDialog(null)}
            onSaved={saved}
          />
        )}
        {dialog?.kind === 'learning' && (
          <LearningDialog objective={objective} onDismiss={() => setDialog(null)} onSaved={saved} />
        )}
        {dialog?.kind === 'checkIn' && (
          <LazyCheckInDialog
            keyResult={dialog.keyResult}
            isOpen
            onDismiss={() => setDialog(null)}
            onCheckedIn={saved}
          />
        )}
      </Suspense>
    </article>
  );
}
