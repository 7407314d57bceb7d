import { act, renderHook, waitFor } from '@testing-library/react';
import type { ClientConfig } from '@throughline/contracts';
import { devIdentityStorageKey, type DevIdentity } from '../dev-sign-in';
import { useSignIn, type HostSignIn, type SignInOptions, type SignInStage } from './use-sign-in';

const config: ClientConfig = {
  clientId: 'client-1',
  apiResource: 'api://throughline.test/client-1',
  publicUrl: 'http://throughline.test',
  devSignInUrl: null,
  hostOrigins: [],
  teamsAppId: null,
};

const diego: DevIdentity = { tenantId: 'tenant-1', userId: 'diego', displayName: 'Diego' };

type Answer = { status: number; body?: unknown } | 'network_error';

/** Stands in for the server's client config and the sandbox's development sign-in. */
function serve(answers: { config?: () => Answer; token?: () => Answer }) {
  const fetchMock = jest.fn(async (input: string | URL | Request) => {
    const url = String(input);
    const answer = url.endsWith('/api/client-config')
      ? (answers.config ?? (() => ({ status: 200, body: config })))()
      : url.endsWith('/dev/token')
        ? (
            answers.token ??
            (() => ({ status: 200, body: { access_token: 'dev', expires_in: 3600 } }))
          )()
        : { status: 404 };
    if (answer === 'network_error') throw new TypeError('Failed to fetch');
    return {
      ok: answer.status >= 200 && answer.status < 300,
      status: answer.status,
      json: async () => answer.body,
    } as Response;
  });
  globalThis.fetch = fetchMock as unknown as typeof fetch;
  return fetchMock;
}

function signIn(options: Partial<SignInOptions> = {}) {
  return renderHook(() =>
    useSignIn({
      apiBaseUrl: 'http://throughline.test',
      isPlainBrowser: false,
      hostSignIn: null,
      unreachableMessage: 'Could not reach the Throughline server.',
      ...options,
    }),
  );
}

/** The stage, once the test has said which one it must be. */
function asStage<Name extends SignInStage['stage']>(
  current: SignInStage,
  name: Name,
): Extract<SignInStage, { stage: Name }> {
  expect(current.stage).toBe(name);
  return current as Extract<SignInStage, { stage: Name }>;
}

describe('useSignIn', () => {
  const realFetch = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = realFetch;
    sessionStorage.clear();
  });

  it('signs in with the host’s own sign-in once the client config is known', async () => {
    serve({});
    const hostSignIn: HostSignIn = jest.fn(async () => async () => 'sso-token');
    const { result } = signIn({ hostSignIn });
    expect(result.current.stage).toBe('starting');
    await waitFor(() => expect(result.current.stage).toBe('signed-in'));
    expect(hostSignIn).toHaveBeenCalledWith(config);
    const signedIn = asStage(result.current, 'signed-in');
    expect(await signedIn.session.getToken()).toBe('sso-token');
    expect(signedIn.session.devSession).toBeNull();
    expect(signedIn.switchPerson).toBeNull();
  });

  it('says in the host’s words that the server cannot be reached, and tries again on retry', async () => {
    let isDown = true;
    serve({ config: () => (isDown ? 'network_error' : { status: 200, body: config }) });
    const { result } = signIn({ hostSignIn: async () => async () => 'sso-token' });
    await waitFor(() => expect(result.current.stage).toBe('config-failed'));
    const failed = asStage(result.current, 'config-failed');
    expect(failed.error.message).toBe('Could not reach the Throughline server.');
    isDown = false;
    act(() => failed.retry());
    await waitFor(() => expect(result.current.stage).toBe('signed-in'));
  });

  it('sends a plain browser to the host when the server offers no development sign-in', async () => {
    serve({});
    const { result } = signIn({ isPlainBrowser: true });
    await waitFor(() => expect(result.current.stage).toBe('outside-host'));
  });

  it('lets a plain browser choose a demo person, signs in as them and can switch', async () => {
    serve({
      config: () => ({ status: 200, body: { ...config, devSignInUrl: 'http://idp.test' } }),
    });
    const { result } = signIn({ isPlainBrowser: true });
    await waitFor(() => expect(result.current.stage).toBe('choosing-person'));
    const choosing = asStage(result.current, 'choosing-person');
    expect(choosing.devSignInUrl).toBe('http://idp.test');
    const { choose } = choosing;
    act(() => choose(diego));
    expect(result.current).toEqual({ stage: 'signing-in', devIdentity: diego });
    await waitFor(() => expect(result.current.stage).toBe('signed-in'));
    const signedIn = asStage(result.current, 'signed-in');
    expect(signedIn.session.devSession?.identity).toEqual(diego);
    expect(await signedIn.session.getToken()).toBe('dev');
    expect(JSON.parse(sessionStorage.getItem(devIdentityStorageKey)!)).toEqual(diego);

    const { switchPerson } = signedIn;
    act(() => switchPerson!());
    expect(result.current.stage).toBe('choosing-person');
    expect(sessionStorage.getItem(devIdentityStorageKey)).toBeNull();
  });

  it('stays signed in as the person chosen before a reload', async () => {
    sessionStorage.setItem(devIdentityStorageKey, JSON.stringify(diego));
    serve({
      config: () => ({ status: 200, body: { ...config, devSignInUrl: 'http://idp.test' } }),
    });
    const { result } = signIn({ isPlainBrowser: true });
    await waitFor(() => expect(result.current.stage).toBe('signed-in'));
  });

  it('says when signing in failed, and signs in again on retry', async () => {
    let isRefused = true;
    const hostSignIn: HostSignIn = async () => {
      if (isRefused) throw new Error('Sign-in was cancelled.');
      return async () => 'sso-token';
    };
    serve({});
    const { result } = signIn({ hostSignIn });
    await waitFor(() => expect(result.current.stage).toBe('sign-in-failed'));
    const failed = asStage(result.current, 'sign-in-failed');
    expect((failed.error as Error).message).toBe('Sign-in was cancelled.');
    isRefused = false;
    const { retry } = failed;
    act(() => retry());
    await waitFor(() => expect(result.current.stage).toBe('signed-in'));
  });
});
