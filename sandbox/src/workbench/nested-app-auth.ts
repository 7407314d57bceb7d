/**
 * The token side of nested app authentication in the workbench's Outlook. In Outlook the
 * host already holds the person's session and asks Entra ID for a token for the add-in's
 * client id (MSAL's `NestedAppAuthRequest` GetToken); here the host frame asks this
 * endpoint, which issues what Entra ID would: an access token for the add-in's own API
 * (`api://…/{clientId}/access_as_user`, `azp` the add-in) and an id token for the person.
 *
 * Never kinder than Entra ID: only the registered app's client id and only its own API's
 * `access_as_user` scope are brokered; anything else is refused as Entra ID refuses a scope
 * nobody consented to (a bridge error MSAL turns into an InteractionRequired/Server error).
 */
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { IdentityProvider } from '../identity/identity-provider';
import type { SigningKeys } from '../identity/keys';
import { sandboxApp, type SeedPerson } from '../seed/organisation';

export interface BrokerDependencies {
  findPerson(tenantId: string, userId: string): SeedPerson | undefined;
  identity: IdentityProvider;
  keys: SigningKeys;
  issuer(tenantId: string): string;
}

interface BrokerAnswer {
  status: number;
  body: Record<string, unknown>;
}

const LIFETIME_SECONDS = 3600;

function refused(status: number, code: string, description: string): BrokerAnswer {
  return {
    status,
    body: { error: { status: 'PERSISTENT_ERROR', code, description } },
  };
}

export async function brokerNestedAppToken(
  request: unknown,
  deps: BrokerDependencies,
): Promise<BrokerAnswer> {
  const { tenantId, userId, clientId, scope } = (request ?? {}) as Record<string, unknown>;
  if (typeof tenantId !== 'string' || typeof userId !== 'string')
    return refused(400, 'invalid_request', 'tenantId and userId are required.');
  const person = deps.findPerson(tenantId, userId);
  if (!person) return refused(404, 'invalid_request', 'No such demo person.');
  if (clientId !== sandboxApp.clientId)
    return refused(
      400,
      'unauthorized_client',
      `AADSTS700016: Application with identifier '${String(clientId)}' was not found in the directory.`,
    );
  const scopes = typeof scope === 'string' ? scope.split(' ').filter(Boolean) : [];
  const resourceScopes = scopes.filter(
    (item) => !['openid', 'profile', 'offline_access', 'email'].includes(item),
  );
  const isOwnApiScope = (item: string) =>
    /^api:\/\/[^\s]+$/.test(item) && item.endsWith(`/${sandboxApp.clientId}/access_as_user`);
  if (resourceScopes.length !== 1 || !isOwnApiScope(resourceScopes[0]!))
    return refused(
      400,
      'invalid_grant',
      `AADSTS65001: The user or administrator has not consented to use the application with ID '${sandboxApp.clientId}' for the scopes '${scopes.join(' ')}'. The workbench's Outlook brokers only the add-in's own API scope (access_as_user).`,
    );

  const accessToken = await deps.identity.issueUserToken({
    tenantId,
    userId,
    scope: 'access_as_user',
    clientId: sandboxApp.clientId,
    expiresInSeconds: LIFETIME_SECONDS,
  });
  const now = Math.floor(Date.now() / 1000);
  const key = deps.keys.current;
  const idToken = await new SignJWT({
    oid: person.id,
    sub: person.id.replace(/-/g, '').slice(0, 22),
    tid: tenantId,
    name: person.displayName,
    preferred_username: person.userPrincipalName,
    ver: '2.0',
  })
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
    .setIssuer(deps.issuer(tenantId))
    .setAudience(sandboxApp.clientId)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + LIFETIME_SECONDS)
    .setJti(randomUUID())
    .sign(key.privateKey);
  return {
    status: 200,
    body: {
      token: {
        access_token: accessToken,
        id_token: idToken,
        expires_in: LIFETIME_SECONDS,
        scope: resourceScopes[0],
        properties: null,
      },
      account: {
        homeAccountId: `${person.id}.${tenantId}`,
        environment: 'login.microsoftonline.com',
        tenantId,
        username: person.userPrincipalName,
        localAccountId: person.id,
        name: person.displayName,
      },
    },
  };
}
