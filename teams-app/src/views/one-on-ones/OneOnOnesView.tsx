import {
  Badge,
  Body1,
  Caption1,
  Title2,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import { CalendarPersonRegular, PeopleTeamRegular } from '@fluentui/react-icons';
import type { OneOnOneDetail, OneOnOneSummary } from '@throughline/contracts';
import {
  CardListSkeleton,
  EmptyState,
  ErrorBar,
  useApi,
  useResource,
  useSession,
} from '@throughline/ui';
import { useEffect, useMemo, useState } from 'react';
import { OneOnOneDetailView } from './OneOnOneDetailView';
import {
  readMeetingIds,
  targetFromHash,
  targetFromSubPage,
  type MeetingIds,
  type OneOnOneTarget,
} from './meeting-context';

const useStyles = makeStyles({
  root: { display: 'grid', gap: tokens.spacingVerticalL },
  layout: {
    display: 'grid',
    gap: tokens.spacingHorizontalXL,
    gridTemplateColumns: 'minmax(220px, 300px) minmax(0, 1fr)',
    alignItems: 'start',
    '@media (max-width: 720px)': { gridTemplateColumns: '1fr' },
  },
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'grid',
    gap: tokens.spacingVerticalS,
  },
  item: {
    width: '100%',
    textAlign: 'left',
    display: 'grid',
    gap: tokens.spacingVerticalXXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    cursor: 'pointer',
    fontFamily: tokens.fontFamilyBase,
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  selected: {
    border: `${tokens.strokeWidthThick} solid ${tokens.colorBrandStroke1}`,
    backgroundColor: tokens.colorBrandBackground2,
  },
  meta: {
    display: 'flex',
    gap: tokens.spacingHorizontalS,
    alignItems: 'center',
    flexWrap: 'wrap',
    color: tokens.colorNeutralForeground3,
  },
  groupTitle: { color: tokens.colorNeutralForeground2 },
});

export type OneOnOnesViewProps = Record<string, never>;

/**
 * The 1-on-1s tab: upcoming meetings with their prep cards, shared notes and action items.
 * Opened from a prep card's link or in a meeting's side panel, it goes straight to that
 * meeting's card (see meeting-context.ts for what Teams gives and how it is mapped).
 */
export function OneOnOnesView(_props: OneOnOnesViewProps) {
  const styles = useStyles();
  const api = useApi();
  const { publicUrl } = useSession();
  const [hash, setHash] = useState(() => window.location.hash);
  const [teams, setTeams] = useState<MeetingIds | null | undefined>(undefined);
  useEffect(() => {
    const update = () => setHash(window.location.hash);
    window.addEventListener('hashchange', update);
    void readMeetingIds(window.parent !== window).then(setTeams);
    return () => window.removeEventListener('hashchange', update);
  }, []);

  const isSidePanel = teams?.frameContext === 'sidePanel';
  const target: OneOnOneTarget | null = useMemo(
    () =>
      targetFromHash(hash) ??
      (teams?.chatId && teams.frameContext !== 'content'
        ? { kind: 'chat', chatId: teams.chatId }
        : null) ??
      targetFromSubPage(teams?.subPageId),
    [hash, teams],
  );
  const list = useResource(
    () => (isSidePanel ? Promise.resolve({ items: [], nextCursor: null }) : api.oneOnOnes.list()),
    [api, isSidePanel],
  );
  const [selectedId, setSelectedId] = useState<string | null>(null);

  const targeted = useResource<OneOnOneDetail | null>(async () => {
    if (!target) return null;
    if (target.kind === 'event') return api.oneOnOnes.byEvent(target.eventId);
    if (target.kind === 'chat') return api.oneOnOnes.byChat(target.chatId);
    return api.oneOnOnes.get(target.id);
  }, [
    api,
    target?.kind,
    target &&
      ('eventId' in target ? target.eventId : 'chatId' in target ? target.chatId : target.id),
  ]);

  const now = Date.now();
  const items = list.data?.items ?? [];
  const upcoming = items.filter((item) => Date.parse(item.endsAt) >= now);
  const recent = items.filter((item) => Date.parse(item.endsAt) < now).reverse();
  const currentId = selectedId ?? targeted.data?.id ?? upcoming[0]?.id ?? recent[0]?.id ?? null;
  const selected = useResource<OneOnOneDetail | null>(async () => {
    if (!currentId) return null;
    if (targeted.data?.id === currentId) return targeted.data;
    return api.oneOnOnes.get(currentId);
  }, [api, currentId, targeted.data?.id]);

  const openUrl = (url: string) => {
    const tabRoot = `${publicUrl.replace(/\/$/, '')}/tab/`;
    if (url.startsWith(tabRoot)) {
      window.location.hash = url.slice(url.indexOf('#'));
      return;
    }
    window.open(url, '_blank', 'noopener');
  };

  if (teams === undefined && window.parent !== window)
    return <CardListSkeleton label="Loading 1-on-1s" />;

  if (isSidePanel || (target && targeted.error)) {
    return (
      <div className={styles.root}>
        {targeted.error && (
          <EmptyState title="No prep card for this meeting" icon={<CalendarPersonRegular />}>
            Prep cards are made for meetings between a manager and one direct report. This meeting
            is not one, or it is not yours to see.
          </EmptyState>
        )}
        {isSidePanel && !target && (
          <EmptyState title="Open this in a 1-on-1 meeting" icon={<CalendarPersonRegular />}>
            In a meeting between a manager and a direct report, this panel shows the prep card: key
            results, what changed since last time, risks, evidence and open action items.
          </EmptyState>
        )}
        {target && !targeted.data && targeted.isLoading && (
          <CardListSkeleton label="Loading the prep card" />
        )}
        {targeted.data && (
          <OneOnOneDetailView
            detail={targeted.data}
            isCompact={isSidePanel}
            onChange={targeted.setData}
            onOpenUrl={openUrl}
          />
        )}
      </div>
    );
  }

  return (
    <div className={styles.root}>
      <Title2 as="h1">1-on-1s</Title2>
      {list.error && (
        <ErrorBar title="Could not load your 1-on-1s" error={list.error} onRetry={list.reload} />
      )}
      {!list.data && list.isLoading && <CardListSkeleton label="Loading your 1-on-1s" />}
      {list.data && items.length === 0 && (
        <EmptyState title="No 1-on-1s in the coming days" icon={<PeopleTeamRegular />}>
          Throughline looks in your calendar for meetings between you and your manager or one of
          your direct reports, and prepares a card for each: key results, what changed since last
          time, risks, new evidence and open action items.
        </EmptyState>
      )}
      {items.length > 0 && (
        <div className={styles.layout}>
          <nav aria-label="Your 1-on-1s">
            <MeetingGroup
              title="Coming up"
              items={upcoming}
              selectedId={currentId}
              onSelect={setSelectedId}
            />
            {recent.length > 0 && (
              <MeetingGroup
                title="Recent"
                items={recent}
                selectedId={currentId}
                onSelect={setSelectedId}
              />
            )}
          </nav>
          <div>
            {selected.error && (
              <ErrorBar
                title="Could not load this 1-on-1"
                error={selected.error}
                onRetry={selected.reload}
              />
            )}
            {!selected.data && selected.isLoading && (
              <CardListSkeleton label="Loading the prep card" />
            )}
            {selected.data && (
              <OneOnOneDetailView
                key={selected.data.id}
                detail={selected.data}
                onChange={selected.setData}
                onOpenUrl={openUrl}
              />
            )}
          </div>
        </div>
      )}
    </div>
  );
}

function MeetingGroup({
  title,
  items,
  selectedId,
  onSelect,
}: {
  title: string;
  items: OneOnOneSummary[];
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  const styles = useStyles();
  const { locale } = useSession();
  const format = new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
  if (items.length === 0) return null;
  return (
    <section>
      <Caption1 as="h2" className={styles.groupTitle}>
        {title}
      </Caption1>
      <ul className={styles.list}>
        {items.map((item) => {
          const other = item.role === 'manager' ? item.reportName : item.managerName;
          return (
            <li key={item.id}>
              <button
                type="button"
                className={mergeClasses(styles.item, item.id === selectedId && styles.selected)}
                aria-current={item.id === selectedId ? 'true' : undefined}
                onClick={() => onSelect(item.id)}
              >
                <Body1>
                  {other}
                  {item.role === 'report' ? ' (your manager)' : ''}
                </Body1>
                <span className={styles.meta}>
                  <Caption1>{format.format(new Date(item.startsAt))}</Caption1>
                  {item.openActionItemCount > 0 && (
                    <Badge appearance="tint" color="informative" size="small">
                      {item.openActionItemCount} open
                    </Badge>
                  )}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
