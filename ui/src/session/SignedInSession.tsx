/**
 * Once a token can be had: the typed client, who the token belongs to, and the providers
 * every view reads (the session and the people directory). How loading and a failure look
 * is the host's.
 */
import { createApiClient, type Me } from '@throughline/contracts';
import { useMemo, type ReactNode } from 'react';
import { PeopleDirectoryProvider } from '../people-directory';
import { ThroughlineProvider } from '../throughline-context';
import { useResource } from '../use-resource';

export type SignedInSessionProps = {
  apiBaseUrl: string;
  getToken: () => Promise<string>;
  locale: string;
  publicUrl: string;
  /** Shown while the profile loads. */
  loading: ReactNode;
  /** Shown when the profile could not be loaded; `retry` loads it again. */
  failure: (error: Error, retry: () => void) => ReactNode;
  children: ReactNode;
};

export function SignedInSession({
  apiBaseUrl,
  getToken,
  locale,
  publicUrl,
  loading,
  failure,
  children,
}: SignedInSessionProps) {
  const api = useMemo(
    () => createApiClient({ baseUrl: apiBaseUrl, getToken }),
    [apiBaseUrl, getToken],
  );
  const me = useResource<Me>(() => api.me(), [api]);
  if (me.error) return <>{failure(me.error, me.reload)}</>;
  if (!me.data) return <>{loading}</>;
  return (
    <ThroughlineProvider api={api} me={me.data} locale={locale} publicUrl={publicUrl}>
      <PeopleDirectoryProvider>{children}</PeopleDirectoryProvider>
    </ThroughlineProvider>
  );
}
