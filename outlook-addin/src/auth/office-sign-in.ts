/**
 * A token for the Throughline API inside Outlook. Nested app authentication first: MSAL
 * asks Outlook, which already holds the person's session, so there is no prompt and no
 * pop-up in the common case. Where Outlook cannot broker for MSAL (NestedAppAuth 1.1 not
 * supported, or the broker does not start), Office's own single sign-on
 * (`Office.auth.getAccessToken`) gets a token for the API named in the manifest.
 *
 * MSAL is loaded only on the NAA path, so the fallback and the plain browser never
 * download it. Every failure becomes an ApiError with code `not_signed_in`, so the panes
 * show it like any other failure, with the same wording and Retry.
 */
import { ApiError, type ClientConfig } from '@throughline/contracts';
import type { OfficeSignIn } from '../host/office-host';

export type TokenSource = {
  method: 'nested-app-auth' | 'office-sso';
  getToken: () => Promise<string>;
};

export async function createOfficeTokenSource(
  signIn: OfficeSignIn,
  config: Pick<ClientConfig, 'clientId' | 'apiResource'>,
): Promise<TokenSource> {
  const scopes = [`${config.apiResource}/access_as_user`];
  if (signIn.isNestedAppAuthSupported) {
    const nested = await createNestedAppAuth(config.clientId, scopes).catch(() => null);
    if (nested) return { method: 'nested-app-auth', getToken: signInErrorsAsApiErrors(nested) };
  }
  return { method: 'office-sso', getToken: signInErrorsAsApiErrors(() => signIn.getAccessToken()) };
}

async function createNestedAppAuth(
  clientId: string,
  scopes: string[],
): Promise<() => Promise<string>> {
  const msal = await import('@azure/msal-browser');
  const app = await msal.createNestablePublicClientApplication({
    auth: { clientId, authority: 'https://login.microsoftonline.com/common' },
  });
  return async () => {
    const account = app.getActiveAccount() ?? app.getAllAccounts()[0];
    try {
      return (await app.acquireTokenSilent({ scopes, account })).accessToken;
    } catch (error) {
      if (!(error instanceof msal.InteractionRequiredAuthError)) throw error;
      // Consent or a fresh sign-in is needed: Outlook shows its own prompt for the pop-up.
      const result = await app.acquireTokenPopup({ scopes });
      app.setActiveAccount(result.account);
      return result.accessToken;
    }
  };
}

function signInErrorsAsApiErrors(getToken: () => Promise<string>): () => Promise<string> {
  return async () => {
    try {
      return await getToken();
    } catch (error) {
      throw new ApiError(401, 'not_signed_in', describeSignInError(error));
    }
  };
}

/** Office's SSO error codes (13xxx) and MSAL's, in words a person can act on. */
export function describeSignInError(error: unknown): string {
  const code = (error as { code?: number | string } | null)?.code;
  switch (code) {
    case 13001:
      return 'You are not signed in to Office. Sign in to Outlook with your work account, then try again.';
    case 13002:
      return 'Sign-in was cancelled. Try again and accept the prompt to use Throughline.';
    case 13006:
    case 13008:
      return 'Outlook was busy signing you in. Try again in a moment.';
    case 13003:
    case 13012:
      return 'This Outlook cannot sign you in to Throughline. Use Outlook on the web or a current Outlook with your work account.';
    case 'user_cancelled':
      return 'Sign-in was cancelled. Try again and accept the prompt to use Throughline.';
    default:
      return `Could not sign you in to Throughline${error instanceof Error && error.message ? ` (${error.message})` : ''}. Try again, or sign out of Outlook and back in.`;
  }
}
