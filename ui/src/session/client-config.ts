/**
 * The server's client config (`GET /api/client-config`): what a front end needs before
 * anyone is signed in — the app registration to ask tokens for, the public URL, and the
 * development sign-in URL where the server offers one.
 */
import type { ClientConfig } from '@throughline/contracts';

export async function loadClientConfig(
  apiBaseUrl: string,
  signal: AbortSignal,
  /** What the page says when the server cannot be reached, in the host's words. */
  unreachableMessage: string,
): Promise<ClientConfig> {
  let response: Response;
  try {
    response = await fetch(`${apiBaseUrl}/api/client-config`, {
      signal,
      headers: { accept: 'application/json' },
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new Error(unreachableMessage);
  }
  if (!response.ok)
    throw new Error(
      `The Throughline server answered ${response.status} when asked for its settings.`,
    );
  return (await response.json()) as ClientConfig;
}
