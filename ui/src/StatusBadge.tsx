import { Badge, makeStyles, type BadgeProps } from '@fluentui/react-components';
import type { Status } from '@throughline/contracts';

export const statusLabels: Record<Status, string> = {
  not_started: 'Not started',
  on_track: 'On track',
  at_risk: 'At risk',
  off_track: 'Off track',
  done: 'Done',
};

const statusColors: Record<Status, BadgeProps['color']> = {
  not_started: 'subtle',
  on_track: 'success',
  at_risk: 'warning',
  off_track: 'danger',
  done: 'brand',
};

const useStyles = makeStyles({ badge: { whiteSpace: 'nowrap', flexShrink: 0 } });

export type StatusBadgeProps = { status: Status; size?: BadgeProps['size'] };

/** The status in words and colour; the words carry the meaning so colour is never the only cue. */
export function StatusBadge({ status, size = 'medium' }: StatusBadgeProps) {
  const styles = useStyles();
  return (
    <Badge
      className={styles.badge}
      appearance="tint"
      shape="rounded"
      size={size}
      color={statusColors[status]}
    >
      {statusLabels[status]}
    </Badge>
  );
}
