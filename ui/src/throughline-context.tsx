/**
 * What every Throughline page knows once someone is signed in: the typed API client, who
 * they are, their locale and where Throughline is published. The Teams tab and the Outlook
 * add-in each build it from their own host (SSO token, locale) and share everything below.
 */
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { ApiClient, Me } from '@throughline/contracts';

export interface ThroughlineSession {
  api: ApiClient;
  me: Me;
  /** BCP 47 tag from the host (Teams or Outlook), for dates and numbers. */
  locale: string;
  /** Where the server is published, for deep links that leave the current page. */
  publicUrl: string;
}

const SessionContext = createContext<ThroughlineSession | null>(null);

export type ThroughlineProviderProps = ThroughlineSession & { children: ReactNode };

export function ThroughlineProvider({
  api,
  me,
  locale,
  publicUrl,
  children,
}: ThroughlineProviderProps) {
  const session = useMemo(() => ({ api, me, locale, publicUrl }), [api, me, locale, publicUrl]);
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): ThroughlineSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession needs a ThroughlineProvider above it');
  return session;
}

export function useApi(): ApiClient {
  return useSession().api;
}

/** A key result's address in the Teams tab; the add-in and 1-on-1 cards link to it. */
export function keyResultDeepLink(publicUrl: string, keyResultId: string): string {
  return `${publicUrl.replace(/\/$/, '')}/tab/#/key-results/${encodeURIComponent(keyResultId)}`;
}
