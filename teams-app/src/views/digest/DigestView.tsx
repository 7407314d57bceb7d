/**
 * The weekly digest, whole: what the activity feed item previews in 150 characters. The
 * same facts the server summarises from the narrative (check-ins, status changes, evidence,
 * deliverables done, risks first seen), for any week, one week at a time.
 */
import {
  Body1,
  Button,
  Caption1,
  Card,
  Subtitle2,
  Title2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import {
  ChevronLeftRegular,
  ChevronRightRegular,
  WeatherSunnyRegular,
} from '@fluentui/react-icons';
import type { Digest } from '@throughline/contracts';
import {
  CardListSkeleton,
  EmptyState,
  ErrorBar,
  RiskList,
  statusLabels,
  useApi,
  useResource,
  useSession,
} from '@throughline/ui';
import type { ReactNode } from 'react';
import { hrefFor, navigate } from '../../app/router';

const useStyles = makeStyles({
  root: { display: 'grid', gap: tokens.spacingVerticalL },
  header: {
    display: 'flex',
    alignItems: 'flex-end',
    gap: tokens.spacingHorizontalM,
    flexWrap: 'wrap',
  },
  title: { flexGrow: 1, display: 'grid', gap: tokens.spacingVerticalXXS },
  section: { display: 'grid', gap: tokens.spacingVerticalS, padding: tokens.spacingHorizontalL },
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'grid',
    gap: tokens.spacingVerticalS,
  },
  muted: { color: tokens.colorNeutralForeground2 },
});

const DAY = 86_400_000;
const shiftWeek = (weekOf: string, weeks: number) =>
  new Date(Date.parse(`${weekOf}T00:00:00Z`) + weeks * 7 * DAY).toISOString().slice(0, 10);

export type DigestViewProps = { weekOf?: string };

export function DigestView({ weekOf }: DigestViewProps) {
  const styles = useStyles();
  const api = useApi();
  const { locale } = useSession();
  const digest = useResource<Digest>(() => api.digest(weekOf ? { weekOf } : {}), [api, weekOf]);
  const formatDay = (iso: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(`${iso.slice(0, 10)}T00:00:00Z`),
    );
  const week = digest.data?.weekOf;
  return (
    <div className={styles.root}>
      <div className={styles.header}>
        <div className={styles.title}>
          <Title2 as="h1">Your week in OKRs</Title2>
          {week && <Caption1 className={styles.muted}>Week of {formatDay(week)}</Caption1>}
        </div>
        {week && (
          <>
            <Button
              icon={<ChevronLeftRegular />}
              onClick={() => navigate({ name: 'digest', weekOf: shiftWeek(week, -1) })}
            >
              Previous week
            </Button>
            <Button
              icon={<ChevronRightRegular />}
              iconPosition="after"
              onClick={() => navigate({ name: 'digest', weekOf: shiftWeek(week, 1) })}
            >
              Next week
            </Button>
          </>
        )}
      </div>
      {digest.error && (
        <ErrorBar title="Could not load the digest" error={digest.error} onRetry={digest.reload} />
      )}
      {!digest.data && !digest.error && <CardListSkeleton label="Loading the digest" />}
      {digest.data && digest.data.isQuiet && (
        <EmptyState title="A quiet week" icon={<WeatherSunnyRegular />}>
          No check-ins, evidence, status changes or new risks this week.{' '}
          <a href={hrefFor({ name: 'my' })}>Go to My OKRs</a> to check in.
        </EmptyState>
      )}
      {digest.data && !digest.data.isQuiet && <DigestSections digest={digest.data} />}
    </div>
  );
}

function DigestSections({ digest }: { digest: Digest }) {
  const styles = useStyles();
  const amount = (value: number, unit: string) =>
    `${Number(value.toFixed(4))}${unit ? ` ${unit}` : ''}`;
  return (
    <>
      <Section title="Check-ins" count={digest.checkIns.length}>
        {digest.checkIns.map((item) => (
          <li key={`${item.keyResultId}-${item.at}`}>
            <Body1>
              <a href={hrefFor({ name: 'keyResult', id: item.keyResultId })}>{item.title}</a>:{' '}
              {amount(item.valueBefore, item.unit)} → {amount(item.valueAfter, item.unit)},
              confidence {item.confidence}/10
            </Body1>
            {item.note && <Caption1 className={styles.muted}> — {item.note}</Caption1>}
          </li>
        ))}
      </Section>
      <Section title="Status changes" count={digest.statusChanges.length}>
        {digest.statusChanges.map((item) => (
          <li key={`${item.id}-${item.at}`}>
            <Body1>
              {item.title}: {labelOf(item.from)} → {labelOf(item.to)}
            </Body1>
          </li>
        ))}
      </Section>
      <Section title="Evidence attached" count={digest.evidence.length}>
        {digest.evidence.map((item) => (
          <li key={`${item.title}-${item.at}`}>
            <Body1>
              {item.title} <span className={styles.muted}>for “{item.targetTitle}”</span>
            </Body1>
          </li>
        ))}
      </Section>
      <Section title="Deliverables done" count={digest.deliverablesDone.length}>
        {digest.deliverablesDone.map((item) => (
          <li key={item.deliverableId}>
            <Body1>{item.title}</Body1>
          </li>
        ))}
      </Section>
      {digest.newRisks.length > 0 && (
        <Card className={styles.section} role="region" aria-labelledby="digest-new-risks">
          <Subtitle2 as="h2" id="digest-new-risks">
            New risks ({digest.newRisks.length})
          </Subtitle2>
          <RiskList findings={digest.newRisks} aria-labelledby="digest-new-risks" />
        </Card>
      )}
    </>
  );
}

const labelOf = (status: string) =>
  status in statusLabels ? statusLabels[status as keyof typeof statusLabels] : status;

function Section({
  title,
  count,
  children,
}: {
  title: string;
  count: number;
  children: ReactNode;
}) {
  const styles = useStyles();
  if (count === 0) return null;
  const id = `digest-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <Card className={styles.section} role="region" aria-labelledby={id}>
      <Subtitle2 as="h2" id={id}>
        {title} ({count})
      </Subtitle2>
      <ul className={styles.list} aria-labelledby={id}>
        {children}
      </ul>
    </Card>
  );
}
