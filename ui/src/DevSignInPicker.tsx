/**
 * "Who do you want to be?" for the development sign-in: the demo people of each sandbox
 * organisation with a search box. A single column that reads at task-pane width (350 px)
 * as well as in a full tab.
 */
import {
  Avatar,
  Body1,
  Button,
  Caption1,
  SearchBox,
  Spinner,
  Subtitle2,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import { useMemo, useState, type ReactNode } from 'react';
import { listDemoTenants, type DevIdentity } from './dev-sign-in';
import { ErrorBar } from './ErrorBar';
import { visuallyHidden } from './visually-hidden';
import { useResource } from './use-resource';

const useStyles = makeStyles({
  root: { display: 'grid', gap: tokens.spacingVerticalM },
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'grid',
    gap: tokens.spacingVerticalXS,
  },
  grid: {
    gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))',
    gap: tokens.spacingHorizontalM,
  },
  card: { padding: tokens.spacingHorizontalM, backgroundColor: tokens.colorNeutralBackground1 },
  person: {
    width: '100%',
    justifyContent: 'flex-start',
    textAlign: 'start',
    height: 'auto',
    padding: tokens.spacingVerticalS,
    minWidth: 0,
  },
  personText: { display: 'grid', minWidth: 0 },
  muted: { color: tokens.colorNeutralForeground2 },
  hidden: visuallyHidden,
});

export type DevSignInPickerProps = {
  devSignInUrl: string;
  onSignIn: (identity: DevIdentity) => void;
  isSigningIn: boolean;
  /** Says where single sign-on would happen instead ("inside Outlook"). */
  intro: ReactNode;
  /** A grid of cards for a full page (the tab) instead of one column (a task pane). */
  isWide?: boolean;
};

export function DevSignInPicker({
  devSignInUrl,
  onSignIn,
  isSigningIn,
  intro,
  isWide = false,
}: DevSignInPickerProps) {
  const styles = useStyles();
  const [search, setSearch] = useState('');
  const tenants = useResource((signal) => listDemoTenants(devSignInUrl, signal), [devSignInUrl]);
  const needle = search.trim().toLocaleLowerCase();
  const filtered = useMemo(
    () =>
      (tenants.data ?? []).map((tenant) => ({
        ...tenant,
        people: tenant.people.filter(
          (person) =>
            !needle ||
            `${person.displayName} ${person.jobTitle} ${person.department}`
              .toLocaleLowerCase()
              .includes(needle),
        ),
      })),
    [tenants.data, needle],
  );
  return (
    <div className={styles.root}>
      <Body1>{intro}</Body1>
      <SearchBox
        placeholder="Name, title or department"
        value={search}
        onChange={(_event, data) => setSearch(data.value)}
        aria-label="Find a demo person"
      />
      {tenants.error && (
        <ErrorBar
          title="Could not load the demo people"
          error={tenants.error}
          onRetry={tenants.reload}
        />
      )}
      {tenants.isLoading && <Spinner size="small" label="Loading demo people…" />}
      {isSigningIn && <Spinner size="small" label="Signing in…" />}
      {filtered.map((tenant) => (
        <section key={tenant.id} aria-label={tenant.name}>
          <Subtitle2 as="h2">{tenant.name}</Subtitle2>
          <ul className={mergeClasses(styles.list, isWide && styles.grid)}>
            {tenant.people.map((person) => (
              <li key={person.id}>
                <Button
                  appearance={isWide ? 'outline' : 'subtle'}
                  className={mergeClasses(styles.person, isWide && styles.card)}
                  disabled={isSigningIn}
                  onClick={() =>
                    onSignIn({
                      tenantId: tenant.id,
                      userId: person.id,
                      displayName: person.displayName,
                    })
                  }
                  icon={<Avatar name={person.displayName} color="colorful" size={32} aria-hidden />}
                >
                  <span className={styles.personText}>
                    {/* The accessible name starts with what a person sees, as WCAG's label-in-name asks. */}
                    <span className={styles.hidden}>Sign in as </span>
                    <Body1>{person.displayName}</Body1>
                    <Caption1 className={styles.muted}>
                      {person.jobTitle}
                      {person.isAdmin ? ' · admin' : ''}
                    </Caption1>
                  </span>
                </Button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
