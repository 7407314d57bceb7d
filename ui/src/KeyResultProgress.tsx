import { ProgressBar, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { Status } from '@throughline/contracts';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    minWidth: '120px',
  },
  bar: { flexGrow: 1 },
  percent: { minWidth: '3.5ch', textAlign: 'end', fontVariantNumeric: 'tabular-nums' },
});

export type KeyResultProgressProps = {
  progress: number;
  status: Status;
  /** What the bar measures, for screen readers: "Progress of Sign 5 new customers". */
  label: string;
};

const barColors = {
  on_track: 'success',
  done: 'brand',
  at_risk: 'warning',
  off_track: 'error',
  not_started: 'brand',
} as const;

export function KeyResultProgress({ progress, status, label }: KeyResultProgressProps) {
  const styles = useStyles();
  const percent = Math.round(Math.max(0, Math.min(1, progress)) * 100);
  return (
    <div className={styles.root}>
      <ProgressBar
        className={styles.bar}
        value={percent / 100}
        color={barColors[status]}
        thickness="large"
        aria-label={label}
        aria-valuetext={`${percent}%`}
      />
      <Text size={200} className={styles.percent} aria-hidden>
        {percent}%
      </Text>
    </div>
  );
}
