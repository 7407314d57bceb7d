import { Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { Status } from '@throughline/contracts';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    minWidth: '120px',
  },
  // Fluent's large, rounded ProgressBar, drawn here: the component brings the motion library
  // for an indeterminate bar that a key result, whose progress is always known, never shows.
  track: {
    display: 'block',
    flexGrow: 1,
    height: '4px',
    overflow: 'hidden',
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground6,
    '@media screen and (forced-colors: active)': { backgroundColor: 'CanvasText' },
  },
  bar: {
    height: '100%',
    borderRadius: 'inherit',
    transitionProperty: 'width',
    transitionDuration: '0.3s',
    transitionTimingFunction: 'ease',
    '@media screen and (forced-colors: active)': { backgroundColor: 'Highlight' },
  },
  brand: { backgroundColor: tokens.colorCompoundBrandBackground },
  error: { backgroundColor: tokens.colorPaletteRedBackground3 },
  warning: { backgroundColor: tokens.colorPaletteDarkOrangeBackground3 },
  success: { backgroundColor: tokens.colorPaletteGreenBackground3 },
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
      <div
        role="progressbar"
        className={styles.track}
        aria-valuemin={0}
        aria-valuemax={1}
        aria-valuenow={percent / 100}
        aria-label={label}
        aria-valuetext={`${percent}%`}
      >
        <div
          className={mergeClasses(styles.bar, styles[barColors[status]])}
          style={{ width: `${percent}%` }}
        />
      </div>
      <Text size={200} className={styles.percent} aria-hidden>
        {percent}%
      </Text>
    </div>
  );
}
