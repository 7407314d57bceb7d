import { Button, Text, makeStyles, tokens } from '@fluentui/react-components';
import { CardListSkeleton, EmptyState, PersonAvatar, useSession } from '@throughline/ui';
import { Suspense, lazy, useEffect } from 'react';
import {
  cycleIdFromSubPage,
  keyResultIdFromSubPage,
  objectiveIdFromSubPage,
  type Host,
} from '../host/teams-host';
import { MyOkrsView } from '../views/my-okrs/MyOkrsView';
import { hrefFor, navigate, useRoute, type Route } from './router';
import { ViewTabs, type ViewTab } from './ViewTabs';

// My OKRs is the first screen and ships with the page; the rest load when first opened.
const KeyResultView = lazy(() =>
  import('../views/key-result/KeyResultView').then((module) => ({ default: module.KeyResultView })),
);
const ObjectiveView = lazy(() =>
  import('../views/objective/ObjectiveView').then((module) => ({ default: module.ObjectiveView })),
);
const TeamView = lazy(() =>
  import('../views/team/TeamView').then((module) => ({ default: module.TeamView })),
);
const EvidenceView = lazy(() =>
  import('../views/evidence/EvidenceView').then((module) => ({ default: module.EvidenceView })),
);
const AdminView = lazy(() =>
  import('../views/admin/AdminView').then((module) => ({ default: module.AdminView })),
);
const DigestView = lazy(() =>
  import('../views/digest/DigestView').then((module) => ({ default: module.DigestView })),
);
const CycleReviewView = lazy(() =>
  import('../views/quarter/CycleReviewView').then((module) => ({
    default: module.CycleReviewView,
  })),
);
const BusinessReviewView = lazy(() =>
  import('../views/quarter/BusinessReviewView').then((module) => ({
    default: module.BusinessReviewView,
  })),
);
const OneOnOnesView = lazy(() =>
  import('../views/one-on-ones/OneOnOnesView').then((module) => ({
    default: module.OneOnOnesView,
  })),
);

// After the first screen, in the background: see KeepFocusManager.
const KeepFocusManager = lazy(() =>
  import('./KeepFocusManager').then((module) => ({ default: module.KeepFocusManager })),
);

const useStyles = makeStyles({
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalL,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    flexWrap: 'wrap',
    // A printed business review is the page alone.
    '@media print': { display: 'none' },
  },
  brand: { fontWeight: tokens.fontWeightSemibold, color: tokens.colorBrandForeground1 },
  nav: { flexGrow: 1 },
  who: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  main: {
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalXL}`,
    maxWidth: '1200px',
    margin: '0 auto',
  },
  skip: {
    position: 'absolute',
    left: '-10000px',
    ':focus': {
      left: tokens.spacingHorizontalS,
      top: tokens.spacingVerticalS,
      zIndex: 1,
      padding: tokens.spacingHorizontalS,
      backgroundColor: tokens.colorNeutralBackground1,
    },
  },
});

export type AppShellProps = {
  host: Host;
  /** Development sign-in only: go back to the person picker. */
  onSwitchPerson: (() => void) | null;
};

type TabName = 'my' | 'team' | 'oneOnOnes' | 'digest' | 'admin';
const viewTabs: ViewTab<TabName>[] = [
  { value: 'my', label: 'My OKRs' },
  { value: 'team', label: 'Team' },
  { value: 'oneOnOnes', label: '1-on-1s' },
  { value: 'digest', label: 'Your week' },
];
const adminTab: ViewTab<TabName> = { value: 'admin', label: 'Admin' };

const tabOf = (route: Route): TabName | undefined =>
  route.name === 'my' ||
  route.name === 'team' ||
  route.name === 'oneOnOnes' ||
  route.name === 'digest' ||
  route.name === 'admin'
    ? route.name
    : undefined;

export function AppShell({ host, onSwitchPerson }: AppShellProps) {
  const styles = useStyles();
  const route = useRoute();
  const { me } = useSession();

  // A Teams deep link (…/l/entity/{app}/{entity}?context={"subEntityId":"kr:{id}"}) arrives as subPageId.
  useEffect(() => {
    const keyResultId = keyResultIdFromSubPage(host.teams?.subPageId);
    if (keyResultId && !window.location.hash.startsWith('#/key-results/'))
      navigate({ name: 'keyResult', id: keyResultId }, { replace: true });
    const objectiveId = objectiveIdFromSubPage(host.teams?.subPageId);
    if (objectiveId && !window.location.hash.startsWith('#/objectives/'))
      navigate({ name: 'objective', id: objectiveId }, { replace: true });
    const cycleId = cycleIdFromSubPage(host.teams?.subPageId);
    if (cycleId && !window.location.hash.startsWith('#/cycles/'))
      navigate({ name: 'cycleReview', cycleId }, { replace: true });
  }, [host]);

  useEffect(() => {
    const titles: Record<Route['name'], string> = {
      my: 'My OKRs',
      keyResult: 'Key result',
      objective: 'Objective',
      team: 'Team',
      oneOnOnes: '1-on-1s',
      digest: 'Your week',
      evidence: 'Evidence',
      admin: 'Admin',
      cycleReview: 'Review the cycle',
      businessReview: 'Business review',
      notFound: 'Not found',
    };
    document.title = `${titles[route.name]} · Throughline`;
  }, [route.name]);

  return (
    <>
      <a
        className={styles.skip}
        href="#main-content"
        onClick={(event) => (
          event.preventDefault(),
          document.getElementById('main-content')?.focus()
        )}
      >
        Skip to content
      </a>
      <header className={styles.header}>
        <Text className={styles.brand}>Throughline</Text>
        <nav className={styles.nav} aria-label="Throughline views">
          <ViewTabs
            tabs={me.isAdmin ? [...viewTabs, adminTab] : viewTabs}
            selectedValue={tabOf(route) ?? null}
            onSelect={(name) => navigate({ name })}
          />
        </nav>
        <div className={styles.who}>
          <PersonAvatar personId={me.person.id} role="Signed in as" />
          {onSwitchPerson && (
            <Button size="small" appearance="subtle" onClick={onSwitchPerson}>
              Switch person
            </Button>
          )}
        </div>
      </header>
      <Suspense fallback={null}>
        <KeepFocusManager />
      </Suspense>
      <main id="main-content" tabIndex={-1} className={styles.main}>
        <Suspense fallback={<CardListSkeleton label="Loading view" />}>
          <RouteView route={route} />
        </Suspense>
      </main>
    </>
  );
}

function RouteView({ route }: { route: Route }) {
  switch (route.name) {
    case 'my':
      return <MyOkrsView cycleId={route.cycleId} />;
    case 'keyResult':
      return <KeyResultView key={route.id} keyResultId={route.id} />;
    case 'objective':
      return <ObjectiveView key={route.id} objectiveId={route.id} />;
    case 'team':
      return (
        <TeamView
          teamId={route.teamId}
          cycleId={route.cycleId}
          isAtRiskOnly={route.isAtRiskOnly ?? false}
        />
      );
    case 'oneOnOnes':
      return <OneOnOnesView />;
    case 'digest':
      return <DigestView weekOf={route.weekOf} />;
    case 'evidence':
      return <EvidenceView key={route.id} evidenceId={route.id} />;
    case 'admin':
      return <AdminView />;
    case 'cycleReview':
      return <CycleReviewView key={route.cycleId} cycleId={route.cycleId} teamId={route.teamId} />;
    case 'businessReview':
      return (
        <BusinessReviewView
          cycleId={route.cycleId}
          teamId={route.teamId}
          personId={route.personId}
        />
      );
    case 'notFound':
      return (
        <EmptyState
          title="This page does not exist"
          actions={<a href={hrefFor({ name: 'my' })}>Go to My OKRs</a>}
        >
          The address {route.path} does not name a Throughline view. It may come from an older link.
        </EmptyState>
      );
  }
}
