/**
 * From "the page loaded" to "someone is signed in", for the tab and the Outlook panes alike:
 * the server's client config, then a token — from the host's own single sign-on (Teams SSO,
 * Office nested app authentication), or in a plain browser from the development sign-in,
 * when the server offers one — as one stage at a time for the page to show. Every stage
 * that can fail carries its error and a retry; how each stage looks is the host's.
 */
import type { ClientConfig } from '@throughline/contracts';
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  clearDevIdentity,
  readDevIdentity,
  startDevSession,
  type DevIdentity,
  type DevSession,
} from '../dev-sign-in';
import { useResource } from '../use-resource';
import { loadClientConfig } from './client-config';

/** The host's own sign-in: resolves with a way to get a token for the Throughline API. */
export type HostSignIn = (config: ClientConfig) => Promise<() => Promise<string>>;

export interface SignInOptions {
  /** Where /api lives (the server that serves the page). */
  apiBaseUrl: string;
  /** A plain browser: the development sign-in stands in for the host's single sign-on. */
  isPlainBrowser: boolean;
  /** Null where the host has none (a plain browser). Keep it stable: a new one signs in again. */
  hostSignIn: HostSignIn | null;
  /** What the page says when the server cannot be reached, in the host's words. */
  unreachableMessage: string;
  /** The client config the page already asked for (the tab does before it connects to Teams); Retry asks again. */
  initialConfig?: Promise<ClientConfig>;
}

export interface TokenSession {
  getToken: () => Promise<string>;
  /** The demo person signed in through the development sign-in; null with the host's sign-in. */
  devSession: DevSession | null;
}

export type SignInStage =
  | { stage: 'starting' }
  | { stage: 'config-failed'; error: Error; retry: () => void }
  /** A plain browser on a server without the development sign-in: only the host can sign in. */
  | { stage: 'outside-host' }
  | { stage: 'sign-in-failed'; error: unknown; retry: () => void }
  | { stage: 'choosing-person'; devSignInUrl: string; choose: (identity: DevIdentity) => void }
  | { stage: 'signing-in'; devIdentity: DevIdentity | null }
  | {
      stage: 'signed-in';
      config: ClientConfig;
      session: TokenSession;
      /** Back to choosing a demo person; null with the host's sign-in. */
      switchPerson: (() => void) | null;
    };

export function useSignIn({
  apiBaseUrl,
  isPlainBrowser,
  hostSignIn,
  unreachableMessage,
  initialConfig,
}: SignInOptions): SignInStage {
  const initial = useRef(initialConfig);
  const config = useResource(
    (signal) => {
      const preloaded = initial.current;
      initial.current = undefined;
      return preloaded ?? loadClientConfig(apiBaseUrl, signal, unreachableMessage);
    },
    [apiBaseUrl, unreachableMessage],
  );
  const [devIdentity, setDevIdentity] = useState<DevIdentity | null>(() =>
    isPlainBrowser ? readDevIdentity() : null,
  );
  const [session, setSession] = useState<TokenSession | null>(null);
  const [signInError, setSignInError] = useState<unknown>(undefined);
  const [attempt, setAttempt] = useState(0);
  const devSignInUrl = config.data?.devSignInUrl ?? null;

  useEffect(() => {
    if (!config.data) return;
    const started: Promise<TokenSession> | null = hostSignIn
      ? hostSignIn(config.data).then((getToken) => ({ getToken, devSession: null }))
      : devSignInUrl && devIdentity
        ? startDevSession(devSignInUrl, devIdentity).then((devSession) => ({
            getToken: () => devSession.getToken(),
            devSession,
          }))
        : null;
    if (!started) return;
    let isCurrent = true;
    setSignInError(undefined);
    started.then(
      (value) => isCurrent && setSession(value),
      (error: unknown) => isCurrent && setSignInError(error),
    );
    return () => {
      isCurrent = false;
    };
  }, [hostSignIn, config.data, devSignInUrl, devIdentity, attempt]);

  const switchPerson = useCallback(() => {
    clearDevIdentity();
    setSession(null);
    setDevIdentity(null);
  }, []);
  const retrySignIn = useCallback(() => setAttempt((value) => value + 1), []);

  if (config.error) return { stage: 'config-failed', error: config.error, retry: config.reload };
  if (!config.data) return { stage: 'starting' };
  if (isPlainBrowser && !devSignInUrl) return { stage: 'outside-host' };
  if (signInError) return { stage: 'sign-in-failed', error: signInError, retry: retrySignIn };
  if (isPlainBrowser && !devIdentity && devSignInUrl)
    return { stage: 'choosing-person', devSignInUrl, choose: setDevIdentity };
  if (!session) return { stage: 'signing-in', devIdentity };
  return {
    stage: 'signed-in',
    config: config.data,
    session,
    switchPerson: session.devSession ? switchPerson : null,
  };
}
