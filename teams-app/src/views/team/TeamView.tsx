/**
 * A team's OKRs: the alignment tree from the company objectives down to each key result
 * with rolled-up progress, and the horizontal dependencies — what the team waits on and
 * who waits on it. Also the content of the channel tab (contentUrl carries the teamId).
 */
import {
  Body1,
  Caption1,
  Card,
  Dropdown,
  Field,
  Link,
  Option,
  Subtitle2,
  Switch,
  Title2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { OrganizationRegular } from '@fluentui/react-icons';
import type { AlignmentNode, Cycle, DependencyEdge } from '@throughline/contracts';
import {
  AlignmentTree,
  CardListSkeleton,
  EmptyState,
  ErrorBar,
  PersonAvatar,
  StatusBadge,
  statusLabels,
  useApi,
  useResource,
  useSession,
  RisksSection,
} from '@throughline/ui';
import { useEffect, useMemo } from 'react';
import { hrefFor, navigate } from '../../app/router';
import { CyclePicker } from '../my-okrs/MyOkrsView';

const useStyles = makeStyles({
  root: { display: 'grid', gap: tokens.spacingVerticalL },
  links: {
    display: 'flex',
    gap: tokens.spacingHorizontalL,
    alignItems: 'center',
    minHeight: '32px',
  },
  filters: {
    display: 'flex',
    gap: tokens.spacingHorizontalL,
    alignItems: 'flex-end',
    flexWrap: 'wrap',
  },
  picker: { minWidth: '220px' },
  section: { padding: tokens.spacingHorizontalL, display: 'grid', gap: tokens.spacingVerticalM },
  columns: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(320px, 1fr))',
    gap: tokens.spacingHorizontalL,
  },
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'grid',
    gap: tokens.spacingVerticalS,
  },
  edge: {
    display: 'grid',
    gap: tokens.spacingVerticalXXS,
    paddingBottom: tokens.spacingVerticalS,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  edgeLine: {
    display: 'flex',
    gap: tokens.spacingHorizontalS,
    alignItems: 'center',
    flexWrap: 'wrap',
  },
  muted: { color: tokens.colorNeutralForeground2 },
});

export type TeamViewProps = { teamId?: string; cycleId?: string; isAtRiskOnly: boolean };

/** The cycle that contains today, else the latest open one: what people mean by "this quarter". */
export function currentCycle(
  cycles: Cycle[],
  today = new Date().toISOString().slice(0, 10),
): Cycle | undefined {
  return (
    cycles.find((cycle) => cycle.startsOn <= today && today <= cycle.endsOn) ??
    cycles
      .filter((cycle) => cycle.state === 'open')
      .sort((a, b) => b.startsOn.localeCompare(a.startsOn))[0] ??
    cycles[0]
  );
}

export function TeamView({ teamId, cycleId, isAtRiskOnly }: TeamViewProps) {
  const styles = useStyles();
  const api = useApi();
  const { me } = useSession();
  const teams = useResource(() => api.teams.list(), [api]);
  const cycles = useResource(() => api.cycles.list(), [api]);
  const cycle = cycleId
    ? cycles.data?.items.find((item) => item.id === cycleId)
    : currentCycle(cycles.data?.items ?? []);
  const team = teams.data?.items.find((item) => item.id === teamId);

  // Without a team in the address, open the person's own team.
  useEffect(() => {
    if (teamId || !teams.data) return;
    const mine = teams.data.items.find(
      (item) => item.memberIds.includes(me.person.id) || item.leadId === me.person.id,
    );
    if (mine) navigate({ name: 'team', teamId: mine.id, cycleId, isAtRiskOnly }, { replace: true });
  }, [teamId, teams.data, me.person.id, cycleId, isAtRiskOnly]);

  const tree = useResource(
    () =>
      cycle
        ? api.cycles.alignmentTree(cycle.id, {
            teamId,
            atRiskOnly: isAtRiskOnly ? 'true' : 'false',
          })
        : Promise.resolve(null),
    [api, cycle?.id, teamId, isAtRiskOnly],
  );
  const dependencies = useResource(
    () =>
      cycle
        ? api.dependencies({
            ...(teamId ? { teamId } : { personId: me.person.id }),
            cycleId: cycle.id,
          })
        : Promise.resolve(null),
    [api, cycle?.id, teamId, me.person.id],
  );
  const set = (change: Partial<TeamViewProps>) =>
    navigate({ name: 'team', teamId, cycleId: cycle?.id, isAtRiskOnly, ...change });
  const hrefForNode = useMemo(
    () => (node: AlignmentNode) =>
      hrefFor(
        node.kind === 'keyResult'
          ? { name: 'keyResult', id: node.id }
          : { name: 'objective', id: node.id },
      ),
    [],
  );

  return (
    <div className={styles.root}>
      <Title2 as="h1">{team ? `${team.name} OKRs` : 'Team OKRs'}</Title2>
      <div className={styles.filters}>
        <Field label="Team" className={styles.picker}>
          <Dropdown
            value={team?.name ?? (teamId ? '' : 'Whole organisation')}
            selectedOptions={[teamId ?? 'all']}
            onOptionSelect={(_event, data) =>
              set({
                teamId:
                  data.optionValue && data.optionValue !== 'all' ? data.optionValue : undefined,
              })
            }
          >
            <Option value="all">Whole organisation</Option>
            {(teams.data?.items ?? []).map((item) => (
              <Option key={item.id} value={item.id}>
                {item.name}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <CyclePicker
          cycles={cycles.data?.items ?? []}
          selectedId={cycle?.id}
          onSelect={(id) => set({ cycleId: id })}
        />
        <Switch
          label="Only at-risk items"
          checked={isAtRiskOnly}
          onChange={(_event, data) => set({ isAtRiskOnly: data.checked })}
        />
        {cycle && (
          <span className={styles.links}>
            <Link href={hrefFor({ name: 'cycleReview', cycleId: cycle.id, teamId })}>
              {cycle.state === 'closed' ? 'Scores' : 'Review the cycle'}
            </Link>
            {teamId && (
              <Link href={hrefFor({ name: 'businessReview', cycleId: cycle.id, teamId })}>
                Business review
              </Link>
            )}
          </span>
        )}
      </div>
      {teams.error && (
        <ErrorBar title="Could not load the teams" error={teams.error} onRetry={teams.reload} />
      )}
      {cycles.error && (
        <ErrorBar title="Could not load the cycles" error={cycles.error} onRetry={cycles.reload} />
      )}
      <Card className={styles.section} role="region" aria-labelledby="alignment-heading">
        <Subtitle2 as="h2" id="alignment-heading">
          Alignment, from company objectives to key results
        </Subtitle2>
        {tree.error && (
          <ErrorBar
            title="Could not load the alignment tree"
            error={tree.error}
            onRetry={tree.reload}
          />
        )}
        {!tree.data && !tree.error && (tree.isLoading || cycles.isLoading) && (
          <CardListSkeleton label="Loading the alignment tree" cards={1} rowsPerCard={5} />
        )}
        {cycles.data && !cycle && (
          <EmptyState title="No OKR cycle yet">
            An administrator creates the cycles (usually quarters); then the team's objectives
            appear here.
          </EmptyState>
        )}
        {tree.data && tree.data.roots.length === 0 && (
          <EmptyState
            title={isAtRiskOnly ? 'Nothing is at risk' : 'No objectives for this team yet'}
            icon={<OrganizationRegular />}
          >
            {isAtRiskOnly
              ? 'Every objective and key result here is on track, done or not started. Turn the filter off to see everything.'
              : 'Team objectives appear here with the company objectives they align to and the individual key results that move them. Create one from My OKRs and choose this team.'}
          </EmptyState>
        )}
        {tree.data && tree.data.roots.length > 0 && (
          <AlignmentTree
            roots={tree.data.roots}
            hrefFor={hrefForNode}
            aria-label="Alignment tree"
          />
        )}
      </Card>
      {cycle && (
        <RisksSection
          title="Risks, and why"
          query={
            teamId ? { teamId, cycleId: cycle.id } : { personId: me.person.id, cycleId: cycle.id }
          }
        />
      )}
      <div className={styles.columns}>
        <DependencyList
          title="We wait on"
          explanation="Our deliverables that depend on another team's work."
          edges={dependencies.data?.waitingOn}
          side="to"
          error={dependencies.error}
          onRetry={dependencies.reload}
        />
        <DependencyList
          title="Waiting on us"
          explanation="Other teams' deliverables that depend on ours."
          edges={dependencies.data?.waitedOnBy}
          side="from"
          error={dependencies.error}
          onRetry={dependencies.reload}
        />
      </div>
    </div>
  );
}

type DependencyListProps = {
  title: string;
  explanation: string;
  edges: DependencyEdge[] | undefined;
  side: 'from' | 'to';
  error: unknown;
  onRetry: () => void;
};

function DependencyList({ title, explanation, edges, side, error, onRetry }: DependencyListProps) {
  const styles = useStyles();
  const headingId = `dependencies-${side}`;
  return (
    <Card className={styles.section} role="region" aria-labelledby={headingId}>
      <Subtitle2 as="h2" id={headingId}>
        {title}
      </Subtitle2>
      <Caption1 className={styles.muted}>{explanation}</Caption1>
      {error !== undefined && (
        <ErrorBar title={`Could not load “${title}”`} error={error} onRetry={onRetry} />
      )}
      {edges && edges.length === 0 && <Body1 className={styles.muted}>Nothing here.</Body1>}
      {edges && edges.length > 0 && (
        <ul className={styles.list}>
          {edges.map((edge) => {
            // "We wait on" shows the other side (what we wait for); "waiting on us" shows who waits.
            const other = side === 'to' ? edge.to : edge.from;
            const ours = side === 'to' ? edge.from : edge.to;
            const otherStatus = 'status' in other ? other.status : other.state;
            return (
              <li
                key={`${edge.from.id}-${edge.to.id}`}
                className={styles.edge}
                data-testid="dependency"
              >
                <div className={styles.edgeLine}>
                  <Body1>{other.title}</Body1>
                  {otherStatus in statusLabels ? (
                    <StatusBadge status={otherStatus as keyof typeof statusLabels} size="small" />
                  ) : (
                    <Caption1>{otherStatus}</Caption1>
                  )}
                  <PersonAvatar personId={other.ownerId} isNameShown role="Owner" size={20} />
                </div>
                <Caption1 className={styles.muted}>
                  {side === 'to' ? 'needed by' : 'waits on'} our{' '}
                  {ours.kind === 'keyResult' ? 'key result' : 'deliverable'} “{ours.title}”
                </Caption1>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
