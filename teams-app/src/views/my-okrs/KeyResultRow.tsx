import { Badge, Button, Caption1, Link, makeStyles, tokens } from '@fluentui/react-components';
import type { KeyResult } from '@throughline/contracts';
import {
  KeyResultProgress,
  PersonAvatar,
  ScoreBadge,
  StatusBadge,
  describeMetricProgress,
  useSession,
} from '@throughline/ui';
import { hrefFor } from '../../app/router';

const useStyles = makeStyles({
  row: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr) auto auto minmax(140px, 200px) auto',
    gridTemplateAreas: '"title owner status progress action"',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    borderRadius: tokens.borderRadiusMedium,
    ':hover': { backgroundColor: tokens.colorSubtleBackgroundHover },
    '@media (max-width: 640px)': {
      gridTemplateColumns: 'minmax(0, 1fr) auto',
      gridTemplateAreas: '"title title" "owner status" "progress action"',
    },
  },
  title: { gridArea: 'title', display: 'grid', gap: tokens.spacingVerticalXXS, minWidth: 0 },
  titleLine: {
    display: 'flex',
    gap: tokens.spacingHorizontalS,
    alignItems: 'center',
    flexWrap: 'wrap',
  },
  meta: { color: tokens.colorNeutralForeground2 },
  owner: { gridArea: 'owner' },
  status: { gridArea: 'status' },
  progress: { gridArea: 'progress' },
  action: { gridArea: 'action' },
});

export type KeyResultRowProps = {
  keyResult: KeyResult;
  isDueForCheckIn: boolean;
  onCheckIn: (keyResult: KeyResult) => void;
  canCheckIn: boolean;
};

export function KeyResultRow({
  keyResult,
  isDueForCheckIn,
  onCheckIn,
  canCheckIn,
}: KeyResultRowProps) {
  const styles = useStyles();
  const { locale } = useSession();
  const { metric } = keyResult;
  const current = keyResult.lastCheckIn?.value ?? metric.current ?? metric.start;
  const lastCheckIn = keyResult.lastCheckIn
    ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(
        new Date(keyResult.lastCheckIn.at),
      )
    : null;
  return (
    <li className={styles.row} data-testid="key-result-row">
      <div className={styles.title}>
        <div className={styles.titleLine}>
          <Link href={hrefFor({ name: 'keyResult', id: keyResult.id })}>{keyResult.title}</Link>
          {isDueForCheckIn && (
            <Badge appearance="outline" color="important" size="small">
              Check-in due
            </Badge>
          )}
        </div>
        <Caption1 className={styles.meta}>
          {describeMetricProgress(metric, current, locale)}
          {keyResult.confidence !== null && ` · confidence ${keyResult.confidence}/10`}
          {lastCheckIn ? ` · last check-in ${lastCheckIn}` : ' · no check-in yet'}
        </Caption1>
      </div>
      <span className={styles.owner}>
        <PersonAvatar personId={keyResult.ownerId} isNameShown={false} role="Owner" />
      </span>
      <span className={styles.status}>
        <StatusBadge status={keyResult.status} />
      </span>
      <span className={styles.progress}>
        <KeyResultProgress
          progress={keyResult.progress}
          status={keyResult.status}
          label={`Progress of ${keyResult.title}`}
        />
      </span>
      <span className={styles.action}>
        {keyResult.score ? (
          <ScoreBadge score={keyResult.score} />
        ) : (
          canCheckIn && (
            <Button
              size="small"
              appearance={isDueForCheckIn ? 'primary' : 'secondary'}
              onClick={() => onCheckIn(keyResult)}
              aria-label={`Check in on ${keyResult.title}`}
            >
              Check in
            </Button>
          )
        )}
      </span>
    </li>
  );
}
