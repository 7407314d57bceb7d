import {
  Badge,
  Body1,
  Button,
  Caption1,
  Link,
  Subtitle2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { AddRegular, EditRegular, PeopleTeamRegular } from '@fluentui/react-icons';
import type { Deliverable, KeyResult, ObjectiveDetail } from '@throughline/contracts';
import {
  KeyResultProgress,
  PersonAvatar,
  ScoreBadge,
  StatusBadge,
  Surface,
  usePerson,
  useSession,
} from '@throughline/ui';
import { hrefFor } from '../../app/router';
import { KeyResultRow } from './KeyResultRow';
import type { SharedWithMe } from './shared-with-me';

const useStyles = makeStyles({
  card: { display: 'grid', gap: tokens.spacingVerticalS, padding: tokens.spacingHorizontalL },
  // The title and what it aligns to on the left, its status and progress on the right.
  header: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr) auto',
    columnGap: '12px',
    alignItems: 'center',
  },
  headerTitle: { gridColumnStart: 1, gridRowStart: 1, display: 'flex' },
  headerDescription: { gridColumnStart: 1, gridRowStart: 2, display: 'flex' },
  headerAction: { gridColumnStart: 2, gridRowStart: 1, gridRowEnd: 'span 2' },
  headerLine: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    flexWrap: 'wrap',
  },
  summary: {
    display: 'grid',
    gridTemplateColumns: 'max-content minmax(140px, 240px)',
    gap: tokens.spacingHorizontalM,
    alignItems: 'center',
  },
  level: { color: tokens.colorNeutralForeground3 },
  descriptions: { display: 'grid', gap: tokens.spacingVerticalXXS },
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'grid' },
  sectionTitle: { color: tokens.colorNeutralForeground2, marginTop: tokens.spacingVerticalS },
  deliverable: {
    display: 'flex',
    gap: tokens.spacingHorizontalS,
    alignItems: 'center',
    flexWrap: 'wrap',
    padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalS}`,
  },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  empty: { color: tokens.colorNeutralForeground2, padding: tokens.spacingHorizontalS },
});

export type ObjectiveCardProps = {
  objective: ObjectiveDetail;
  dueForCheckIn: ReadonlySet<string>;
  onCheckIn: (keyResult: KeyResult) => void;
  onEditObjective: (objective: ObjectiveDetail) => void;
  onAddKeyResult: (objective: ObjectiveDetail) => void;
  onAddDeliverable: (objective: ObjectiveDetail) => void;
  onEditDeliverable: (objective: ObjectiveDetail, deliverable: Deliverable) => void;
  /** Set when someone else owns it and shared it with the reader or one of their teams. */
  sharedWithMe?: SharedWithMe | null;
};

export const objectiveLevelLabels = {
  company: 'Company objective',
  team: 'Team objective',
  individual: 'Individual objective',
} as const;
export const deliverableStateLabels = {
  todo: 'To do',
  doing: 'In progress',
  blocked: 'Blocked',
  done: 'Done',
} as const;
export const deliverableStateColors = {
  todo: 'subtle',
  doing: 'informative',
  blocked: 'danger',
  done: 'success',
} as const;

export function ObjectiveCard({
  objective,
  dueForCheckIn,
  onCheckIn,
  onEditObjective,
  onAddKeyResult,
  onAddDeliverable,
  onEditDeliverable,
  sharedWithMe = null,
}: ObjectiveCardProps) {
  const styles = useStyles();
  const { locale, me } = useSession();
  const owner = usePerson(sharedWithMe ? objective.ownerId : null);
  const headingId = `objective-${objective.id}`;
  const sharedBy = `by ${owner?.displayName ?? 'its owner'}`;
  const formatDay = (day: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(`${day}T00:00:00Z`),
    );
  return (
    <Surface
      as="article"
      className={styles.card}
      aria-labelledby={headingId}
      data-testid="objective-card"
    >
      <div className={styles.header}>
        <div className={styles.headerTitle}>
          <div>
            <Caption1 className={styles.level}>{objectiveLevelLabels[objective.level]}</Caption1>
            <div className={styles.headerLine}>
              <Subtitle2 as="h2" id={headingId}>
                <Link href={hrefFor({ name: 'objective', id: objective.id })}>
                  {objective.title}
                </Link>
              </Subtitle2>
              {objective.visibility === 'private' && (
                <Badge appearance="outline" size="small">
                  Private
                </Badge>
              )}
              {sharedWithMe && (
                <Badge appearance="tint" color="brand" size="small" icon={<PeopleTeamRegular />}>
                  Shared with you
                </Badge>
              )}
            </div>
          </div>
        </div>
        {(sharedWithMe || objective.alignsTo) && (
          <div className={styles.headerDescription}>
            <div className={styles.descriptions}>
              {sharedWithMe && (
                <Caption1>
                  {sharedWithMe.kind === 'team'
                    ? `Shared with ${sharedWithMe.team.name} ${sharedBy}`
                    : `Shared ${sharedBy}`}
                </Caption1>
              )}
              {objective.alignsTo && (
                <Caption1>
                  Aligned to{' '}
                  <Link
                    href={hrefFor(
                      objective.alignsTo.kind === 'keyResult'
                        ? { name: 'keyResult', id: objective.alignsTo.id }
                        : { name: 'objective', id: objective.alignsTo.id },
                    )}
                  >
                    a {objective.alignsTo.kind === 'keyResult' ? 'key result' : 'objective'} above
                    it
                  </Link>
                </Caption1>
              )}
            </div>
          </div>
        )}
        <div className={styles.headerAction}>
          <div className={styles.summary}>
            <StatusBadge status={objective.status} />
            <ScoreBadge score={objective.score} />
            <KeyResultProgress
              progress={objective.progress}
              status={objective.status}
              label={`Progress of objective ${objective.title}`}
            />
          </div>
        </div>
      </div>
      {objective.description && <Body1>{objective.description}</Body1>}
      {objective.keyResults.length === 0 ? (
        <Body1 className={styles.empty}>
          {objective.canEdit
            ? 'No key results yet. Add two or three measurable results that would prove this objective is met.'
            : 'No key results yet.'}
        </Body1>
      ) : (
        <ul className={styles.list} aria-label={`Key results of ${objective.title}`}>
          {objective.keyResults.map((keyResult) => (
            <KeyResultRow
              key={keyResult.id}
              keyResult={keyResult}
              isDueForCheckIn={dueForCheckIn.has(keyResult.id)}
              onCheckIn={onCheckIn}
              canCheckIn={
                objective.canEdit ||
                keyResult.ownerId === me.person.id ||
                keyResult.coOwnerIds.includes(me.person.id) ||
                keyResult.updaterIds.includes(me.person.id)
              }
            />
          ))}
        </ul>
      )}
      {objective.deliverables.length > 0 && (
        <>
          <Caption1 as="h3" className={styles.sectionTitle}>
            Deliverables
          </Caption1>
          <ul className={styles.list} aria-label={`Deliverables of ${objective.title}`}>
            {objective.deliverables.map((deliverable) => (
              <li key={deliverable.id} className={styles.deliverable}>
                <Badge
                  appearance="tint"
                  color={deliverableStateColors[deliverable.state]}
                  size="small"
                >
                  {deliverableStateLabels[deliverable.state]}
                </Badge>
                {objective.canEdit ? (
                  <Link as="button" onClick={() => onEditDeliverable(objective, deliverable)}>
                    {deliverable.title}
                  </Link>
                ) : (
                  <Body1>{deliverable.title}</Body1>
                )}
                <PersonAvatar
                  personId={deliverable.ownerId}
                  isNameShown={false}
                  role="Owner"
                  size={20}
                />
                {deliverable.dueDate && <Caption1>due {formatDay(deliverable.dueDate)}</Caption1>}
              </li>
            ))}
          </ul>
        </>
      )}
      {objective.canEdit && (
        <div className={styles.actions}>
          <Button size="small" icon={<AddRegular />} onClick={() => onAddKeyResult(objective)}>
            Add key result
          </Button>
          <Button size="small" icon={<AddRegular />} onClick={() => onAddDeliverable(objective)}>
            Add deliverable
          </Button>
          <Button
            size="small"
            appearance="subtle"
            icon={<EditRegular />}
            onClick={() => onEditObjective(objective)}
          >
            Edit objective
          </Button>
        </div>
      )}
    </Surface>
  );
}
