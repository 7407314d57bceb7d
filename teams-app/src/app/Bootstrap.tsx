/**
 * From "the page loaded" to "someone is signed in": the host's theme, the server's client
 * config, a token (Teams SSO, or the development sign-in in a plain browser) and who the
 * token belongs to. Every step that can fail says so and offers Retry.
 */
import { FluentProvider, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { createApiClient, type ClientConfig, type Me } from '@throughline/contracts';
import {
  EmptyState,
  ErrorBar,
  PeopleDirectoryProvider,
  ThroughlineProvider,
  useResource,
} from '@throughline/ui';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { DevSignInPage } from '../auth/DevSignInPage';
import {
  clearDevIdentity,
  readDevIdentity,
  startDevSession,
  type DevIdentity,
  type DevSession,
} from '@throughline/ui/src/dev-sign-in';
import type { Host } from '../host/teams-host';
import { fluentThemeFor } from '../host/themes';

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

export type SignedIn = {
  config: ClientConfig;
  devSignIn: DevSession | null;
  switchPerson: (() => void) | null;
};

export type BootstrapProps = {
  host: Host;
  /** Where /api lives (the server that serves the page). */
  apiBaseUrl: string;
  children: (signedIn: SignedIn) => ReactNode;
};

export function Bootstrap({ host, apiBaseUrl, children }: BootstrapProps) {
  const styles = useStyles();
  const [theme, setTheme] = useState(host.theme);
  useEffect(() => host.onThemeChange(setTheme), [host]);
  return (
    // The page's own box is a child: Fluent gives every portal (lists, menus, dialogs) the
    // provider's class names, and a full-height portal would cover the page and take its clicks.
    <FluentProvider theme={fluentThemeFor(host.kind, theme)}>
      <div className={styles.root}>
        <SignInGate host={host} apiBaseUrl={apiBaseUrl}>
          {children}
        </SignInGate>
      </div>
    </FluentProvider>
  );
}

async function loadClientConfig(apiBaseUrl: string, signal: AbortSignal): Promise<ClientConfig> {
  let response: Response;
  try {
    response = await fetch(`${apiBaseUrl}/api/client-config`, {
      signal,
      headers: { accept: 'application/json' },
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new Error('Could not reach the Throughline server. Check your connection and try again.');
  }
  if (!response.ok)
    throw new Error(
      `The Throughline server answered ${response.status} when asked for its settings.`,
    );
  return (await response.json()) as ClientConfig;
}

function SignInGate({
  host,
  apiBaseUrl,
  children,
}: Omit<BootstrapProps, 'children'> & { children: BootstrapProps['children'] }) {
  const styles = useStyles();
  const config = useResource((signal) => loadClientConfig(apiBaseUrl, signal), [apiBaseUrl]);
  const [devSignIn, setDevSignIn] = useState<DevSession | null>(null);
  const [devIdentity, setDevIdentity] = useState<DevIdentity | null>(() =>
    host.kind === 'browser' ? readDevIdentity() : null,
  );
  const [signInError, setSignInError] = useState<unknown>(undefined);
  const [signInAttempt, setSignInAttempt] = useState(0);
  const devSignInUrl = config.data?.devSignInUrl ?? null;

  useEffect(() => {
    if (!devSignInUrl || !devIdentity) return;
    let isCurrent = true;
    setSignInError(undefined);
    startDevSession(devSignInUrl, devIdentity).then(
      (signedIn) => isCurrent && setDevSignIn(signedIn),
      (error: unknown) => isCurrent && setSignInError(error),
    );
    return () => {
      isCurrent = false;
    };
  }, [devSignInUrl, devIdentity, signInAttempt]);

  const switchPerson = useCallback(() => {
    clearDevIdentity();
    setDevSignIn(null);
    setDevIdentity(null);
  }, []);

  const getToken = useMemo(() => {
    if (host.kind === 'teams') return () => host.getAuthToken();
    return devSignIn ? () => devSignIn.getToken() : null;
  }, [host, devSignIn]);

  if (config.error) {
    return (
      <div className={styles.centre}>
        <ErrorBar
          title="Could not start Throughline"
          error={config.error}
          onRetry={config.reload}
        />
      </div>
    );
  }
  if (!config.data) return <Spinner className={styles.centre} label="Starting Throughline…" />;
  if (host.kind === 'browser' && !devSignInUrl) {
    return (
      <div className={styles.centre}>
        <EmptyState title="Open Throughline in Microsoft Teams">
          Throughline signs you in with your Microsoft 365 account inside Teams. Add the Throughline
          app in Teams, or ask your administrator to make it available to you.
        </EmptyState>
      </div>
    );
  }
  if (signInError) {
    return (
      <div className={styles.centre}>
        <ErrorBar
          title="Could not sign in"
          error={signInError}
          onRetry={() => setSignInAttempt((value) => value + 1)}
        />
      </div>
    );
  }
  if (host.kind === 'browser' && !devIdentity && devSignInUrl)
    return (
      <DevSignInPage devSignInUrl={devSignInUrl} onSignIn={setDevIdentity} isSigningIn={false} />
    );
  if (!getToken)
    return (
      <Spinner
        className={styles.centre}
        label={`Signing in as ${devIdentity?.displayName ?? ''}…`}
      />
    );
  return (
    <SignedInSession
      key={devSignIn?.identity.userId ?? 'teams'}
      apiBaseUrl={apiBaseUrl}
      host={host}
      getToken={getToken}
      config={config.data}
    >
      {children({
        config: config.data,
        devSignIn,
        switchPerson: host.kind === 'browser' ? switchPerson : null,
      })}
    </SignedInSession>
  );
}

function SignedInSession({
  apiBaseUrl,
  host,
  getToken,
  config,
  children,
}: {
  apiBaseUrl: string;
  host: Host;
  getToken: () => Promise<string>;
  config: ClientConfig;
  children: ReactNode;
}) {
  const styles = useStyles();
  const api = useMemo(
    () => createApiClient({ baseUrl: apiBaseUrl, getToken }),
    [apiBaseUrl, getToken],
  );
  const me = useResource<Me>(() => api.me(), [api]);
  if (me.error) {
    return (
      <div className={styles.centre}>
        <ErrorBar title="Could not load your profile" error={me.error} onRetry={me.reload} />
      </div>
    );
  }
  if (!me.data) return <Spinner className={styles.centre} label="Signing in…" />;
  return (
    <ThroughlineProvider api={api} me={me.data} locale={host.locale} publicUrl={config.publicUrl}>
      <PeopleDirectoryProvider>{children}</PeopleDirectoryProvider>
    </ThroughlineProvider>
  );
}
