/**
 * From "the pane opened" to "someone is signed in": Office (or a plain browser), the
 * server's client config, a token — nested app authentication or Office SSO in Outlook,
 * the development sign-in in a plain browser — and who the token belongs to. Every step
 * that can fail says so and offers Retry.
 */
import {
  Button,
  Caption1,
  FluentProvider,
  Spinner,
  Subtitle1,
  makeStyles,
  tokens,
  webDarkTheme,
  webLightTheme,
} from '@fluentui/react-components';
import {
  createApiClient,
  type ApiClient,
  type ClientConfig,
  type Me,
} from '@throughline/contracts';
import {
  EmptyState,
  ErrorBar,
  PeopleDirectoryProvider,
  ThroughlineProvider,
  useResource,
} from '@throughline/ui';
import { DevSignInPicker } from '@throughline/ui/src/DevSignInPicker';
import {
  clearDevIdentity,
  readDevIdentity,
  startDevSession,
  type DevIdentity,
} from '@throughline/ui/src/dev-sign-in';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { createOfficeTokenSource } from '../auth/office-sign-in';
import type { OfficeHost } from '../host/office-host';

const useStyles = makeStyles({
  root: {
    minHeight: '100vh',
    backgroundColor: tokens.colorNeutralBackground2,
    color: tokens.colorNeutralForeground1,
  },
  page: {
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}`,
    display: 'grid',
    gap: tokens.spacingVerticalM,
    maxWidth: '640px',
    margin: '0 auto',
  },
  header: {
    display: 'flex',
    alignItems: 'baseline',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalS,
    flexWrap: 'wrap',
  },
  who: {
    color: tokens.colorNeutralForeground2,
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
  },
});

export interface SignedInPane {
  host: OfficeHost;
  config: ClientConfig;
}

export type AddinBootstrapProps = {
  /** The pane's name, shown as its heading: "Attach to OKR". */
  title: string;
  connect: () => Promise<OfficeHost>;
  /** Where /api lives: the server that serves the pane. */
  apiBaseUrl: string;
  children: (signedIn: SignedInPane) => ReactNode;
};

export function AddinBootstrap({ title, connect, apiBaseUrl, children }: AddinBootstrapProps) {
  const styles = useStyles();
  const host = useResource(() => connect(), [connect]);
  const theme = host.data?.theme === 'dark' ? webDarkTheme : webLightTheme;
  return (
    // The pane's own box is a child: Fluent gives every portal (the target picker's list, dialogs)
    // the provider's class names, and a full-height portal would cover the pane and take its clicks.
    <FluentProvider theme={theme}>
      <div className={styles.root}>
        <main className={styles.page}>
          {host.data ? (
            <SignInGate host={host.data} apiBaseUrl={apiBaseUrl} title={title}>
              {children}
            </SignInGate>
          ) : (
            <>
              <Subtitle1 as="h1">{title}</Subtitle1>
              <Spinner size="small" label="Starting Throughline…" />
            </>
          )}
        </main>
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
    throw new Error('Could not reach Throughline. Check your connection and try again.');
  }
  if (!response.ok)
    throw new Error(
      `The Throughline server answered ${response.status} when asked for its settings.`,
    );
  return (await response.json()) as ClientConfig;
}

type Session = { getToken: () => Promise<string>; who: DevIdentity | null };

function SignInGate({
  host,
  apiBaseUrl,
  title,
  children,
}: {
  host: OfficeHost;
  apiBaseUrl: string;
  title: string;
  children: AddinBootstrapProps['children'];
}) {
  const styles = useStyles();
  const config = useResource((signal) => loadClientConfig(apiBaseUrl, signal), [apiBaseUrl]);
  const [devIdentity, setDevIdentity] = useState<DevIdentity | null>(() =>
    host.kind === 'browser' ? readDevIdentity() : null,
  );
  const [session, setSession] = useState<Session | null>(null);
  const [signInError, setSignInError] = useState<unknown>(undefined);
  const [attempt, setAttempt] = useState(0);
  const devSignInUrl = config.data?.devSignInUrl ?? null;

  useEffect(() => {
    if (!config.data) return;
    let isCurrent = true;
    setSignInError(undefined);
    const started: Promise<Session | null> =
      host.kind === 'outlook' && host.signIn
        ? createOfficeTokenSource(host.signIn, config.data).then((source) => ({
            getToken: source.getToken,
            who: null,
          }))
        : devSignInUrl && devIdentity
          ? startDevSession(devSignInUrl, devIdentity).then((dev) => ({
              getToken: () => dev.getToken(),
              who: dev.identity,
            }))
          : Promise.resolve(null);
    started.then(
      (value) => isCurrent && setSession(value),
      (error: unknown) => isCurrent && setSignInError(error),
    );
    return () => {
      isCurrent = false;
    };
  }, [host, config.data, devSignInUrl, devIdentity, attempt]);

  const switchPerson = useCallback(() => {
    clearDevIdentity();
    setSession(null);
    setDevIdentity(null);
  }, []);

  const header = (
    <header className={styles.header}>
      <Subtitle1 as="h1">{title}</Subtitle1>
      {session?.who && (
        <span className={styles.who}>
          <Caption1>{session.who.displayName}</Caption1>
          <Button appearance="transparent" size="small" onClick={switchPerson}>
            Switch
          </Button>
        </span>
      )}
    </header>
  );

  let body: ReactNode;
  if (config.error)
    body = (
      <ErrorBar title="Could not start Throughline" error={config.error} onRetry={config.reload} />
    );
  else if (!config.data) body = <Spinner size="small" label="Starting Throughline…" />;
  else if (signInError)
    body = (
      <ErrorBar
        title="Not signed in"
        error={signInError}
        onRetry={() => setAttempt((value) => value + 1)}
      />
    );
  else if (host.kind === 'browser' && !devSignInUrl) {
    body = (
      <EmptyState title="Open Throughline in Outlook">
        This pane works inside Outlook, where it signs you in with your Microsoft 365 account. Ask
        your administrator to make the Throughline add-in available to you.
      </EmptyState>
    );
  } else if (host.kind === 'browser' && !devIdentity && devSignInUrl) {
    body = (
      <DevSignInPicker
        devSignInUrl={devSignInUrl}
        onSignIn={setDevIdentity}
        isSigningIn={false}
        intro="You opened the Outlook pane in a browser on a development server. Choose a demo person to sign in as; inside Outlook, single sign-on does this for you."
      />
    );
  } else if (!session) body = <Spinner size="small" label="Signing in…" />;
  else {
    body = (
      <SignedInSession
        key={session.who?.userId ?? 'outlook'}
        apiBaseUrl={apiBaseUrl}
        getToken={session.getToken}
        locale={host.locale}
        config={config.data}
      >
        {children({ host, config: config.data })}
      </SignedInSession>
    );
  }
  return (
    <>
      {header}
      {body}
    </>
  );
}

function SignedInSession({
  apiBaseUrl,
  getToken,
  locale,
  config,
  children,
}: {
  apiBaseUrl: string;
  getToken: () => Promise<string>;
  locale: string;
  config: ClientConfig;
  children: ReactNode;
}) {
  const api: ApiClient = useMemo(
    () => createApiClient({ baseUrl: apiBaseUrl, getToken }),
    [apiBaseUrl, getToken],
  );
  const me = useResource<Me>(() => api.me(), [api]);
  if (me.error) return <ErrorBar title="Not signed in" error={me.error} onRetry={me.reload} />;
  if (!me.data) return <Spinner size="small" label="Signing in…" />;
  return (
    <ThroughlineProvider api={api} me={me.data} locale={locale} publicUrl={config.publicUrl}>
      <PeopleDirectoryProvider>{children}</PeopleDirectoryProvider>
    </ThroughlineProvider>
  );
}
