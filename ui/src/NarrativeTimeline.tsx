/**
 * The unified goal narrative for one key result, objective, person or team: everything
 * that happened, newest first, a page at a time.
 */
import { Body1, Button, Caption1, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import type { NarrativeEvent, NarrativeQuery } from '@throughline/contracts';
import { useEffect, useState } from 'react';
import { EmptyState } from './EmptyState';
import { ErrorBar } from './ErrorBar';
import { PersonAvatar } from './PersonAvatar';
import { useApi, useSession } from './throughline-context';

const useStyles = makeStyles({
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'grid',
    gap: tokens.spacingVerticalM,
  },
  item: {
    display: 'grid',
    gridTemplateColumns: 'auto 1fr',
    gap: tokens.spacingHorizontalM,
    alignItems: 'start',
  },
  body: { display: 'grid', gap: tokens.spacingVerticalXXS },
  time: { color: tokens.colorNeutralForeground3 },
});

export type NarrativeTimelineProps = {
  query: Omit<NarrativeQuery, 'cursor' | 'limit'>;
  /** Bump to reload from the newest event (after a check-in, say). */
  refreshKey?: number;
};

export function NarrativeTimeline({ query, refreshKey = 0 }: NarrativeTimelineProps) {
  const styles = useStyles();
  const api = useApi();
  const { locale } = useSession();
  const [events, setEvents] = useState<NarrativeEvent[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [isLoading, setIsLoading] = useState(true);
  const [error, setError] = useState<unknown>(undefined);
  const [attempt, setAttempt] = useState(0);
  const queryKey = JSON.stringify(query);

  useEffect(() => {
    let isCurrent = true;
    setIsLoading(true);
    setError(undefined);
    api.narrative({ ...(JSON.parse(queryKey) as NarrativeQuery), limit: 20 }).then(
      (page) => {
        if (!isCurrent) return;
        setEvents(page.items);
        setNextCursor(page.nextCursor);
        setIsLoading(false);
      },
      (reason: unknown) => {
        if (!isCurrent) return;
        setError(reason);
        setIsLoading(false);
      },
    );
    return () => {
      isCurrent = false;
    };
  }, [api, queryKey, refreshKey, attempt]);

  async function loadOlder() {
    if (!nextCursor) return;
    setIsLoading(true);
    try {
      const page = await api.narrative({
        ...(JSON.parse(queryKey) as NarrativeQuery),
        limit: 20,
        cursor: nextCursor,
      });
      setEvents((current) => [...current, ...page.items]);
      setNextCursor(page.nextCursor);
    } catch (reason) {
      setError(reason);
    } finally {
      setIsLoading(false);
    }
  }

  const formatTime = (iso: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
      new Date(iso),
    );
  if (error && events.length === 0)
    return (
      <ErrorBar
        title="Could not load the timeline"
        error={error}
        onRetry={() => setAttempt((value) => value + 1)}
      />
    );
  if (isLoading && events.length === 0)
    return <Spinner size="small" label="Loading the timeline…" />;
  if (events.length === 0)
    return (
      <EmptyState title="Nothing has happened yet">
        Check-ins, evidence, comments and changes appear here in order, so anyone can read the story
        of this goal.
      </EmptyState>
    );
  return (
    <div>
      <ol className={styles.list} aria-label="Timeline, newest first">
        {events.map((event) => (
          <li
            key={event.id}
            className={styles.item}
            data-testid="narrative-event"
            data-event-type={event.type}
          >
            <PersonAvatar personId={event.actorId} isNameShown={false} size={28} />
            <div className={styles.body}>
              <Body1>{event.summary}</Body1>
              <Caption1 className={styles.time}>
                <time dateTime={event.at}>{formatTime(event.at)}</time>
              </Caption1>
            </div>
          </li>
        ))}
      </ol>
      {error !== undefined && (
        <ErrorBar
          title="Could not load older events"
          error={error}
          onRetry={() => void loadOlder()}
        />
      )}
      {nextCursor && (
        <Button appearance="subtle" onClick={() => void loadOlder()} disabled={isLoading}>
          Show older events
        </Button>
      )}
    </div>
  );
}
