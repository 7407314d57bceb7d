import {
  Button,
  Caption1,
  Field,
  Link,
  Select,
  Title2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { AddRegular, TargetArrowRegular } from '@fluentui/react-icons';
import type {
  Cycle,
  Deliverable,
  KeyResult,
  MyOkrs,
  ObjectiveDetail,
} from '@throughline/contracts';
import {
  CardListSkeleton,
  EmptyState,
  ErrorBar,
  LazyCheckInDialog,
  RisksSection,
  useApi,
  useResource,
  useSession,
} from '@throughline/ui';
import { Suspense, lazy, useMemo, useState } from 'react';
import { hrefFor, navigate } from '../../app/router';
import { DueForCheckIn } from './DueForCheckIn';
import { FirstDay } from './FirstDay';
import { ObjectiveCard } from './ObjectiveCard';
import { needsMyTeams, sharedWithMe } from './shared-with-me';

// Below the objectives and with a request of its own: it need not hold up the first key result.
const CheckInCardSwitch = lazy(() =>
  import('./CheckInCardSwitch').then((module) => ({ default: module.CheckInCardSwitch })),
);
// Admins only, and only once a cycle has run past its end: a message bar nobody else needs.
const CycleEndedBar = lazy(() =>
  import('@throughline/ui/src/CycleEndedBar').then((module) => ({
    default: module.CycleEndedBar,
  })),
);
const ObjectiveFormDialog = lazy(() =>
  import('../../forms/ObjectiveFormDialog').then((module) => ({
    default: module.ObjectiveFormDialog,
  })),
);
const KeyResultFormDialog = lazy(() =>
  import('../../forms/KeyResultFormDialog').then((module) => ({
    default: module.KeyResultFormDialog,
  })),
);
const DeliverableFormDialog = lazy(() =>
  import('../../forms/DeliverableFormDialog').then((module) => ({
    default: module.DeliverableFormDialog,
  })),
);

const useStyles = makeStyles({
  root: { display: 'grid', gap: tokens.spacingVerticalL },
  header: {
    display: 'flex',
    alignItems: 'flex-end',
    gap: tokens.spacingHorizontalL,
    flexWrap: 'wrap',
  },
  title: { flexGrow: 1, display: 'grid', gap: tokens.spacingVerticalXXS },
  cycle: { minWidth: '220px' },
  links: { display: 'flex', gap: tokens.spacingHorizontalL, alignItems: 'center' },
  list: { display: 'grid', gap: tokens.spacingVerticalL },
  dates: { color: tokens.colorNeutralForeground2 },
});

export type MyOkrsViewProps = { cycleId?: string };

type OpenDialog =
  | { kind: 'objective'; objective?: ObjectiveDetail }
  | { kind: 'keyResult'; objective: ObjectiveDetail }
  | { kind: 'deliverable'; objective: ObjectiveDetail; deliverable?: Deliverable }
  | { kind: 'checkIn'; keyResult: KeyResult };

export function MyOkrsView({ cycleId }: MyOkrsViewProps) {
  const styles = useStyles();
  const api = useApi();
  const { me } = useSession();
  const okrs = useResource<MyOkrs>(() => api.myOkrs({ cycleId }), [api, cycleId]);
  const cycles = useResource(() => api.cycles.list(), [api]);
  const [dialog, setDialog] = useState<OpenDialog | null>(null);
  const dueForCheckIn = useMemo(() => new Set(okrs.data?.dueForCheckIn ?? []), [okrs.data]);
  const cycle = okrs.data?.cycle ?? null;
  const close = () => setDialog(null);
  // The reader's teams are fetched only when an objective is shared with teams and not
  // with them by name: one list for the page, and none when nothing is shared that way.
  const needsTeams = (okrs.data?.objectives ?? []).some((objective) =>
    needsMyTeams(objective, me.person.id),
  );
  const teams = useResource(
    () => (needsTeams ? api.teams.list() : Promise.resolve(null)),
    [api, needsTeams],
  );
  const myTeams = useMemo(
    () => (teams.data?.items ?? []).filter((team) => team.memberIds.includes(me.person.id)),
    [teams.data, me.person.id],
  );

  function replaceKeyResult(saved: KeyResult) {
    okrs.setData((current) => {
      if (!current) throw new Error('no OKRs to update');
      return {
        ...current,
        dueForCheckIn: current.dueForCheckIn.filter((id) => id !== saved.id),
        objectives: current.objectives.map((objective) => ({
          ...objective,
          keyResults: objective.keyResults.map((keyResult) =>
            keyResult.id === saved.id ? saved : keyResult,
          ),
        })),
      };
    });
    // The objective's rolled-up progress changed on the server too.
    okrs.reload();
  }

  const savedAndReload = () => {
    close();
    okrs.reload();
  };

  const allKeyResults = okrs.data?.objectives.flatMap((objective) => objective.keyResults) ?? [];

  return (
    <div className={styles.root}>
      <div className={styles.header}>
        <div className={styles.title}>
          <Title2 as="h1">My OKRs</Title2>
          {cycle && <CycleDates cycle={cycle} />}
        </div>
        <CyclePicker
          cycles={cycles.data?.items ?? []}
          selectedId={cycle?.id ?? cycleId}
          onSelect={(id) => navigate({ name: 'my', cycleId: id })}
        />
        {cycle?.state === 'open' && (
          <Button
            appearance="primary"
            icon={<AddRegular />}
            onClick={() => setDialog({ kind: 'objective' })}
          >
            New objective
          </Button>
        )}
        {cycle?.state === 'closed' && (
          <span className={styles.links}>
            <Link href={hrefFor({ name: 'cycleReview', cycleId: cycle.id })}>
              Scores and carry-over
            </Link>
            <Link
              href={hrefFor({ name: 'businessReview', cycleId: cycle.id, personId: me.person.id })}
            >
              My quarter
            </Link>
          </span>
        )}
      </div>
      {me.isAdmin && (
        <Suspense fallback={null}>
          <CycleEndedBar
            cycles={cycles.data?.items ?? []}
            reviewHref={(ended) => hrefFor({ name: 'cycleReview', cycleId: ended.id })}
          />
        </Suspense>
      )}
      {okrs.error && (
        <ErrorBar title="Could not load your OKRs" error={okrs.error} onRetry={okrs.reload} />
      )}
      {!okrs.data && okrs.isLoading && <CardListSkeleton label="Loading your OKRs" />}
      {okrs.data && !cycle && <FirstDay />}
      {okrs.data && cycle && okrs.data.objectives.length === 0 && (
        <EmptyState
          title={`No objectives for ${cycle.name} yet`}
          icon={<TargetArrowRegular />}
          actions={
            <Button
              appearance="primary"
              icon={<AddRegular />}
              onClick={() => setDialog({ kind: 'objective' })}
            >
              Create your first objective
            </Button>
          }
        >
          An objective says where you want to be by the end of the cycle, in words that inspire; its
          key results say how you will know you got there, in numbers. Align it to your team's
          objective so everyone can see how your work moves the company. Start with one objective
          and two or three key results.
        </EmptyState>
      )}
      {okrs.data && dueForCheckIn.size > 0 && (
        <DueForCheckIn
          keyResults={allKeyResults.filter((keyResult) => dueForCheckIn.has(keyResult.id))}
          onCheckIn={(keyResult) => setDialog({ kind: 'checkIn', keyResult })}
        />
      )}
      {okrs.data && cycle && okrs.data.objectives.length > 0 && (
        <RisksSection
          title="Risks, and why"
          query={{ personId: me.person.id, cycleId: cycle.id }}
        />
      )}
      {okrs.data && okrs.data.objectives.length > 0 && (
        <div className={styles.list}>
          {okrs.data.objectives.map((objective) => (
            <ObjectiveCard
              key={objective.id}
              objective={objective}
              sharedWithMe={sharedWithMe(objective, me.person.id, myTeams)}
              dueForCheckIn={dueForCheckIn}
              onCheckIn={(keyResult) => setDialog({ kind: 'checkIn', keyResult })}
              onEditObjective={(target) => setDialog({ kind: 'objective', objective: target })}
              onAddKeyResult={(target) => setDialog({ kind: 'keyResult', objective: target })}
              onAddDeliverable={(target) => setDialog({ kind: 'deliverable', objective: target })}
              onEditDeliverable={(target, deliverable) =>
                setDialog({ kind: 'deliverable', objective: target, deliverable })
              }
            />
          ))}
        </div>
      )}
      <Suspense fallback={null}>
        <CheckInCardSwitch />
      </Suspense>
      <Suspense fallback={null}>
        {dialog?.kind === 'checkIn' && (
          <LazyCheckInDialog
            keyResult={dialog.keyResult}
            isOpen
            onDismiss={close}
            onCheckedIn={(saved) => {
              close();
              replaceKeyResult(saved);
            }}
          />
        )}
        {dialog?.kind === 'objective' && cycle && (
          <ObjectiveFormDialog
            cycleId={cycle.id}
            objective={dialog.objective}
            onDismiss={close}
            onSaved={savedAndReload}
          />
        )}
        {dialog?.kind === 'keyResult' && (
          <KeyResultFormDialog
            objective={dialog.objective}
            onDismiss={close}
            onSaved={savedAndReload}
          />
        )}
        {dialog?.kind === 'deliverable' && (
          <DeliverableFormDialog
            objective={dialog.objective}
            deliverable={dialog.deliverable}
            onDismiss={close}
            onSaved={savedAndReload}
          />
        )}
      </Suspense>
    </div>
  );
}

function CycleDates({ cycle }: { cycle: Cycle }) {
  const styles = useStyles();
  const format = (day: string) =>
    new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(`${day}T00:00:00Z`),
    );
  return (
    <Caption1 className={styles.dates}>
      {cycle.name}: {format(cycle.startsOn)} – {format(cycle.endsOn)}
      {cycle.state === 'closed' ? ' (closed)' : ''}
    </Caption1>
  );
}

export type CyclePickerProps = {
  cycles: Cycle[];
  selectedId: string | undefined;
  onSelect: (cycleId: string) => void;
};

export function CyclePicker({ cycles, selectedId, onSelect }: CyclePickerProps) {
  const styles = useStyles();
  // A native select: the platform's own list on every device, and none of a listbox's
  // positioning code in the tab's first JavaScript.
  return (
    <Field label="Cycle" className={styles.cycle}>
      <Select
        value={selectedId ?? ''}
        onChange={(_event, data) => data.value && onSelect(data.value)}
        disabled={cycles.length === 0}
      >
        {!selectedId && (
          <option value="" disabled>
            {cycles.length === 0 ? 'No cycles' : 'Choose a cycle'}
          </option>
        )}
        {cycles.map((cycle) => (
          <option key={cycle.id} value={cycle.id}>
            {cycle.name}
            {cycle.state === 'closed' ? ' (closed)' : ''}
          </option>
        ))}
      </Select>
    </Field>
  );
}
