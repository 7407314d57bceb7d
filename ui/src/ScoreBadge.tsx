import { Badge, makeStyles } from '@fluentui/react-components';
import type { Score } from '@throughline/contracts';

const useStyles = makeStyles({ badge: { whiteSpace: 'nowrap', flexShrink: 0 } });

/** "0.8" with what it was computed as when an owner overrode it, and why. */
export function describeScore(score: Score): string {
  return score.override === null
    ? `Score ${score.final.toFixed(1)}`
    : `Score ${score.final.toFixed(1)} (computed ${score.computed.toFixed(1)}; ${score.reason})`;
}

export type ScoreBadgeProps = {
  /** The recorded score, or only its final value (as the alignment tree has it). */
  score: Score | number | null | undefined;
  size?: 'small' | 'medium';
};

/** A closed cycle's recorded score, 0.0–1.0; nothing before the cycle closes. */
export function ScoreBadge({ score: given, size = 'medium' }: ScoreBadgeProps) {
  const styles = useStyles();
  if (given === null || given === undefined) return null;
  const score: Score =
    typeof given === 'number'
      ? { computed: given, override: null, reason: null, final: given, scoredAt: '' }
      : given;
  const label = describeScore(score);
  // A title, not a Fluent Tooltip: the badge is on My OKRs, whose first load counts every KiB.
  return (
    <Badge
      className={styles.badge}
      appearance="outline"
      shape="rounded"
      color="informative"
      size={size}
      aria-label={label}
      title={score.override === null ? undefined : label}
    >
      Score {score.final.toFixed(1)}
      {score.override !== null && ' ✎'}
    </Badge>
  );
}
