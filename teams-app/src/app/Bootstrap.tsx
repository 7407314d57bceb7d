/**
 * From "the page loaded" to "someone is signed in" in the tab: the host's theme, then the
 * shared sign-in (`useSignIn`) with Teams SSO as the host's sign-in, or the development
 * sign-in in a plain browser, and who the token belongs to. Every step that can fail says
 * so and offers Retry.
 */
import { FluentProvider, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import type { ClientConfig } from '@throughline/contracts';
import { EmptyState, ErrorBar, SignedInSession, useSignIn, type HostSignIn } from '@throughline/ui';
import type { DevSession } from '@throughline/ui/src/dev-sign-in';
import { Suspense, lazy, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Host } from '../host/teams-host';
import { useFluentTheme } from '../host/themes';

// Only a plain browser on a development server shows it: Teams never loads it.
const DevSignInPage = lazy(() =>
  import('../auth/DevSignInPage').then((module) => ({ default: module.DevSignInPage })),
);

const useStyles = makeStyles({
  root: {
    minHeight: '100vh',
    backgroundColor: tokens.colorNeutralBackground3,
    color: tokens.colorNeutralForeground1,
  },
  centre: {
    display: 'grid',
    placeItems: 'center',
    minHeight: '60vh',
    padding: tokens.spacingHorizontalXXL,
  },
});

/** What the tab says when the server cannot be reached. */
export const UNREACHABLE =
  'Could not reach the Throughline server. Check your connection and try again.';

export type SignedIn = {
  config: ClientConfig;
  devSignIn: DevSession | null;
  switchPerson: (() => void) | null;
};

export type BootstrapProps = {
  host: Host;
  /** Where /api lives (the server that serves the page). */
  apiBaseUrl: string;
  /** The client config the page asked for before connecting to Teams. */
  clientConfig?: Promise<ClientConfig>;
  children: (signedIn: SignedIn) => ReactNode;
};

export function Bootstrap({ host, apiBaseUrl, clientConfig, children }: BootstrapProps) {
  const styles = useStyles();
  const [theme, setTheme] = useState(host.theme);
  useEffect(() => host.onThemeChange(setTheme), [host]);
  const fluentTheme = useFluentTheme(host.kind, theme);
  // Blank for as long as a theme other than Teams' light one takes to load: no flash of the wrong colours.
  if (!fluentTheme) return null;
  return (
    // The page's own box is a child: Fluent gives every portal (lists, menus, dialogs) the
    // provider's class names, and a full-height portal would cover the page and take its clicks.
    <FluentProvider theme={fluentTheme}>
      <div className={styles.root}>
        <SignInGate host={host} apiBaseUrl={apiBaseUrl} clientConfig={clientConfig}>
          {children}
        </SignInGate>
      </div>
    </FluentProvider>
  );
}

function SignInGate({
  host,
  apiBaseUrl,
  clientConfig,
  children,
}: Omit<BootstrapProps, 'children'> & { children: BootstrapProps['children'] }) {
  const styles = useStyles();
  const hostSignIn = useMemo<HostSignIn | null>(
    () => (host.kind === 'teams' ? async () => () => host.getAuthToken() : null),
    [host],
  );
  const signIn = useSignIn({
    apiBaseUrl,
    isPlainBrowser: host.kind === 'browser',
    hostSignIn,
    unreachableMessage: UNREACHABLE,
    initialConfig: clientConfig,
  });

  switch (signIn.stage) {
    case 'config-failed':
      return (
        <div className={styles.centre}>
          <ErrorBar
            title="Could not start Throughline"
            error={signIn.error}
            onRetry={signIn.retry}
          />
        </div>
      );
    case 'starting':
      return <Spinner className={styles.centre} label="Starting Throughline…" />;
    case 'outside-host':
      return (
        <div className={styles.centre}>
          <EmptyState title="Open Throughline in Microsoft Teams">
            Throughline signs you in with your Microsoft 365 account inside Teams. Add the
            Throughline app in Teams, or ask your administrator to make it available to you.
          </EmptyState>
        </div>
      );
    case 'sign-in-failed':
      return (
        <div className={styles.centre}>
          <ErrorBar title="Could not sign in" error={signIn.error} onRetry={signIn.retry} />
        </div>
      );
    case 'choosing-person':
      return (
        <Suspense fallback={<Spinner className={styles.centre} label="Starting Throughline…" />}>
          <DevSignInPage
            devSignInUrl={signIn.devSignInUrl}
            onSignIn={signIn.choose}
            isSigningIn={false}
          />
        </Suspense>
      );
    case 'signing-in':
      return (
        <Spinner
          className={styles.centre}
          label={
            signIn.devIdentity ? `Signing in as ${signIn.devIdentity.displayName}…` : 'Signing in…'
          }
        />
      );
    case 'signed-in': {
      const { config, session, switchPerson } = signIn;
      return (
        <SignedInSession
          key={session.devSession?.identity.userId ?? 'teams'}
          apiBaseUrl={apiBaseUrl}
          getToken={session.getToken}
          locale={host.locale}
          publicUrl={config.publicUrl}
          loading={<Spinner className={styles.centre} label="Signing in…" />}
          failure={(error, retry) => (
            <div className={styles.centre}>
              <ErrorBar title="Could not load your profile" error={error} onRetry={retry} />
            </div>
          )}
        >
          {children({ config, devSignIn: session.devSession, switchPerson })}
        </SignedInSession>
      );
    }
  }
}
