import { Link, MessageBar, MessageBarBody } from '@fluentui/react-components';
import type { Cycle } from '@throughline/contracts';

export type CycleEndedBarProps = {
  cycles: Cycle[];
  /** Today in the reader's calendar, YYYY-MM-DD (their local date unless given). */
  today?: string;
  /** Where a cycle's review opens. */
  reviewHref: (cycle: Cycle) => string;
};

/**
 * For admins: a cycle whose last day has passed and that nobody closed yet, with the way
 * to its review. Computed from the dates at every render, never stored.
 */
export function CycleEndedBar({
  cycles,
  today = new Intl.DateTimeFormat('en-CA').format(new Date()),
  reviewHref,
}: CycleEndedBarProps) {
  const ended = cycles.filter((cycle) => cycle.state === 'open' && cycle.endsOn < today);
  if (ended.length === 0) return null;
  return (
    <MessageBar intent="warning" layout="multiline">
      <MessageBarBody>
        {ended.map((cycle, index) => (
          <span key={cycle.id}>
            {index > 0 && ' '}
            {cycle.name} ended on {cycle.endsOn} and is still open.{' '}
            <Link href={reviewHref(cycle)}>Review and close {cycle.name}</Link>
          </span>
        ))}
      </MessageBarBody>
    </MessageBar>
  );
}
