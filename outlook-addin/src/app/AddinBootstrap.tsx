/**
 * From "the pane opened" to "someone is signed in": Office (or a plain browser), then the
 * shared sign-in (`useSignIn`) with nested app authentication or Office SSO as Outlook's
 * sign-in, or the development sign-in in a plain browser, and who the token belongs to.
 * Every step that can fail says so and offers Retry.
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
import type { ClientConfig } from '@throughline/contracts';
import {
  EmptyState,
  ErrorBar,
  SignedInSession,
  useResource,
  useSignIn,
  type HostSignIn,
} from '@throughline/ui';
import { DevSignInPicker } from '@throughline/ui/src/DevSignInPicker';
import { useMemo, type ReactNode } from 'react';
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
  const hostSignIn = useMemo<HostSignIn | null>(() => {
    const officeSignIn = host.kind === 'outlook' ? host.signIn : null;
    if (!officeSignIn) return null;
    return async (config) => (await createOfficeTokenSource(officeSignIn, config)).getToken;
  }, [host]);
  const signIn = useSignIn({
    apiBaseUrl,
    isPlainBrowser: host.kind === 'browser',
    hostSignIn,
    unreachableMessage: 'Could not reach Throughline. Check your connection and try again.',
  });
  // Signed in as a demo person: the header says who, and offers to be someone else.
  const demoPerson =
    signIn.stage === 'signed-in' && signIn.session.devSession && signIn.switchPerson
      ? { identity: signIn.session.devSession.identity, switchPerson: signIn.switchPerson }
      : null;

  const header = (
    <header className={styles.header}>
      <Subtitle1 as="h1">{title}</Subtitle1>
      {demoPerson && (
        <span className={styles.who}>
          <Caption1>{demoPerson.identity.displayName}</Caption1>
          <Button appearance="transparent" size="small" onClick={demoPerson.switchPerson}>
            Switch
          </Button>
        </span>
      )}
    </header>
  );

  let body: ReactNode;
  switch (signIn.stage) {
    case 'config-failed':
      body = (
        <ErrorBar title="Could not start Throughline" error={signIn.error} onRetry={signIn.retry} />
      );
      break;
    case 'starting':
      body = <Spinner size="small" label="Starting Throughline…" />;
      break;
    case 'sign-in-failed':
      body = <ErrorBar title="Not signed in" error={signIn.error} onRetry={signIn.retry} />;
      break;
    case 'outside-host':
      body = (
        <EmptyState title="Open Throughline in Outlook">
          This pane works inside Outlook, where it signs you in with your Microsoft 365 account. Ask
          your administrator to make the Throughline add-in available to you.
        </EmptyState>
      );
      break;
    case 'choosing-person':
      body = (
        <DevSignInPicker
          devSignInUrl={signIn.devSignInUrl}
          onSignIn={signIn.choose}
          isSigningIn={false}
          intro="You opened the Outlook pane in a browser on a development server. Choose a demo person to sign in as; inside Outlook, single sign-on does this for you."
        />
      );
      break;
    case 'signing-in':
      body = <Spinner size="small" label="Signing in…" />;
      break;
    case 'signed-in':
      body = (
        <SignedInSession
          key={demoPerson?.identity.userId ?? 'outlook'}
          apiBaseUrl={apiBaseUrl}
          getToken={signIn.session.getToken}
          locale={host.locale}
          publicUrl={signIn.config.publicUrl}
          loading={<Spinner size="small" label="Signing in…" />}
          failure={(error, retry) => (
            <ErrorBar title="Not signed in" error={error} onRetry={retry} />
          )}
        >
          {children({ host, config: signIn.config })}
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
