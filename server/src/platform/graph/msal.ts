/**
 * Tokens for Microsoft Graph from @azure/msal-node: on-behalf-of the caller (their SSO
 * token exchanged for a Graph token) and client credentials for background work.
 *
 * A ConfidentialClientApplication is made per token partition (a person, or a tenant's
 * app identity) with a cache plugin bound to that partition, because MSAL's cache plugin
 * has no notion of "whose cache" and one shared instance would mix people's tokens.
 * Building one is cheap: the authority metadata comes from config or MSAL's built-in
 * knowledge of Entra ID, never from a network lookup per instance.
 */
import {
  ConfidentialClientApplication,
  InteractionRequiredAuthError,
  LogLevel,
  type Configuration,
} from '@azure/msal-node';
import type { Config } from '../../config';
import type { Logger } from '../log/logger';
import { AppError } from '../http/errors';
import { graphUnavailable } from './errors';
import { appPartition, partitionedCachePlugin, userPartition } from './token-cache';
import type { TokenCacheStore } from './token-cache-store';

/** Graph's resource scope: whatever permissions the admin consented to (delegated for OBO, application for app-only). */
export const GRAPH_DEFAULT_SCOPE = 'https://graph.microsoft.com/.default';

/** `fresh`: skip the cache and ask Entra ID again — Graph refused the cached token. */
export interface TokenRequestOptions {
  fresh?: boolean;
}

export interface TokenProvider {
  /** A delegated Graph token for the caller whose API token is `assertion`. */
  onBehalfOf(
    tenantId: string,
    userId: string,
    assertion: string,
    options?: TokenRequestOptions,
  ): Promise<string>;
  /** An app-only Graph token for a tenant (the tenant's admin must have consented). */
  forApp(tenantId: string, options?: TokenRequestOptions): Promise<string>;
}

export function msalConfiguration(
  config: Pick<Config, 'AUTH_CLIENT_ID' | 'AUTH_CLIENT_SECRET' | 'msal'>,
  tenantId: string,
): Configuration['auth'] {
  const authority = `${config.msal.authorityHost}/${tenantId}`;
  const auth: Configuration['auth'] = {
    clientId: config.AUTH_CLIENT_ID,
    clientSecret: config.AUTH_CLIENT_SECRET,
    authority,
  };
  if (config.msal.metadataTemplate) {
    auth.authorityMetadata = config.msal.metadataTemplate.replaceAll('{tenant}', tenantId);
    const host = new URL(config.msal.authorityHost).host;
    // MSAL knows Entra ID's hosts; any other https host must be declared or it goes looking on the network.
    if (host !== 'login.microsoftonline.com') auth.knownAuthorities = [host];
  }
  return auth;
}

export function createTokenProvider(deps: {
  config: Config;
  cache: TokenCacheStore;
  log: Logger;
}): TokenProvider {
  const { config, log } = deps;
  const key = config.TOKEN_CACHE_KEY ? Buffer.from(config.TOKEN_CACHE_KEY, 'base64') : null;
  if (!key) log.warn('TOKEN_CACHE_KEY is not set: Graph tokens are not cached between requests');

  function application(tenantId: string, partition: string) {
    if (!config.AUTH_CLIENT_SECRET)
      throw graphUnavailable(
        'Microsoft 365 is not connected: the server has no AUTH_CLIENT_SECRET.',
      );
    return new ConfidentialClientApplication({
      auth: msalConfiguration(config, tenantId),
      cache: { cachePlugin: partitionedCachePlugin(deps.cache, key, tenantId, partition) },
      system: {
        loggerOptions: {
          // MSAL's own lines carry no tokens at these levels (piiLoggingEnabled stays off).
          logLevel: LogLevel.Warning,
          piiLoggingEnabled: false,
          loggerCallback: (level, message) =>
            level === LogLevel.Error
              ? log.error({ msal: message }, 'msal')
              : log.debug({ msal: message }, 'msal'),
        },
      },
    });
  }

  return {
    async onBehalfOf(tenantId, userId, assertion, options = {}) {
      try {
        const client = application(tenantId, userPartition(tenantId, userId));
        // msal-node's on-behalf-of flow looks in its in-memory cache without asking the cache
        // plugin first (client credentials does ask): read the stored partition in, or every
        // request exchanges the assertion at Entra ID again.
        if (!options.fresh) await client.getTokenCache().getAllAccounts();
        const result = await client.acquireTokenOnBehalfOf({
          oboAssertion: assertion,
          scopes: [GRAPH_DEFAULT_SCOPE],
          skipCache: options.fresh === true,
        });
        if (!result?.accessToken) throw new Error('no access token in the on-behalf-of response');
        return result.accessToken;
      } catch (error) {
        throw tokenError(error, log);
      }
    },
    async forApp(tenantId, options = {}) {
      try {
        const result = await application(
          tenantId,
          appPartition(tenantId),
        ).acquireTokenByClientCredential({
          scopes: [GRAPH_DEFAULT_SCOPE],
          skipCache: options.fresh === true,
        });
        if (!result?.accessToken)
          throw new Error('no access token in the client credentials response');
        return result.accessToken;
      } catch (error) {
        throw tokenError(error, log);
      }
    },
  };
}

function tokenError(error: unknown, log: Logger): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof InteractionRequiredAuthError) {
    return new AppError(
      'forbidden',
      'Microsoft 365 needs your consent before Throughline can read this for you. Ask your admin to grant it.',
      { reason: error.errorCode },
    );
  }
  // errorCode and the first line of the message only: MSAL messages can quote request parameters.
  const { errorCode, message } = error as { errorCode?: string; message?: string };
  log.warn(
    { errorCode, detail: message?.split('\n')[0]?.slice(0, 200) },
    'graph token request failed',
  );
  return graphUnavailable();
}
