import { Avatar, Body1, Button, Caption1, SearchBox, Spinner, Subtitle1, Title2, makeStyles, tokens } from '@fluentui/react-components';
import { ErrorBar, useResource, visuallyHidden } from '@throughline/ui';
import { useMemo, useState } from 'react';
import { listDemoPeople, type DevIdentity } from './dev-sign-in';

const useStyles = makeStyles({
  page: { maxWidth: '880px', margin: '0 auto', padding: tokens.spacingHorizontalXXL, display: 'grid', gap: tokens.spacingVerticalL },
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))', gap: tokens.spacingHorizontalM, listStyleType: 'none', padding: 0, margin: 0 },
  person: { width: '100%', justifyContent: 'flex-start', textAlign: 'start', padding: tokens.spacingHorizontalM, height: 'auto', backgroundColor: tokens.colorNeutralBackground1 },
  personText: { display: 'grid', minWidth: 0 },
  muted: { color: tokens.colorNeutralForeground2 },
  hidden: visuallyHidden,
});

export type DevSignInPageProps = {
  devSignInUrl: string;
  onSignIn: (identity: DevIdentity) => void;
  isSigningIn: boolean;
};

/** Outside Teams, on a development server: choose who to be. */
export function DevSignInPage({ devSignInUrl, onSignIn, isSigningIn }: DevSignInPageProps) {
  const styles = useStyles();
  const [search, setSearch] = useState('');
  const tenants = useResource(() => listDemoPeople(devSignInUrl), [devSignInUrl]);
  const needle = search.trim().toLocaleLowerCase();
  const filtered = useMemo(
    () =>
      (tenants.data ?? []).map((tenant) => ({
        ...tenant,
        people: tenant.people.filter((person) => !needle || `${person.displayName} ${person.jobTitle} ${person.department}`.toLocaleLowerCase().includes(needle)),
      })),
    [tenants.data, needle],
  );
  return (
    <main className={styles.page}>
      <Title2 as="h1">Sign in to Throughline</Title2>
      <Body1>
        You opened Throughline outside Microsoft Teams on a development server. Choose a demo person to sign in as; inside Teams, single sign-on does this for you.
      </Body1>
      <SearchBox placeholder="Find a person by name, title or department" value={search} onChange={(_event, data) => setSearch(data.value)} aria-label="Find a demo person" />
      {tenants.error && <ErrorBar title="Could not load the demo people" error={tenants.error} onRetry={tenants.reload} />}
      {tenants.isLoading && <Spinner label="Loading demo people…" />}
      {isSigningIn && <Spinner label="Signing in…" />}
      {filtered.map((tenant) => (
        <section key={tenant.id} aria-labelledby={`tenant-${tenant.id}`}>
          <Subtitle1 as="h2" id={`tenant-${tenant.id}`}>
            {tenant.name}
          </Subtitle1>
          <ul className={styles.grid}>
            {tenant.people.map((person) => (
              <li key={person.id}>
                <Button
                    appearance="outline"
                    className={styles.person}
                    disabled={isSigningIn}
                    onClick={() => onSignIn({ tenantId: tenant.id, userId: person.id, displayName: person.displayName })}
                    icon={<Avatar name={person.displayName} color="colorful" aria-hidden />}
                  >
                    <span className={styles.personText}>
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
    </main>
  );
}
