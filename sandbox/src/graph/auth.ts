/**
 * Who is calling: the bearer token must be one the sandbox identity provider signed for
 * Microsoft Graph (`aud` https://graph.microsoft.com or Graph's app id). A delegated token
 * (`scp`) acts as its `oid` in its `tid`; an app-only token (`roles`, `idtyp: app`) acts
 * as the application in its tenant. Every data lookup is then scoped to that tenant, so a
 * token of one tenant never reaches another's data.
 */
import type { NextFunction, Request, Response } from 'express';
import { jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { GRAPH_RESOURCE_APP_ID } from '../identity/identity-provider';
import { errors, GraphError } from './errors';

export const GRAPH_AUDIENCES = ['https://graph.microsoft.com', GRAPH_RESOURCE_APP_ID];

export interface Principal {
  tenantId: string;
  isApp: boolean;
  /** The signed-in user (delegated tokens only). */
  userId: string | undefined;
  /** The calling application (`azp` / `appid`). */
  appId: string;
  displayName: string | undefined;
  scopes: Set<string>;
  roles: Set<string>;
}

export interface AuthOptions {
  /** The identity provider's published keys, current at each call (they can be rolled). */
  signingKeys: JWTVerifyGetKey;
  identityUrl: () => string;
  hasTenant: (tenantId: string) => boolean;
}

export function createAuthenticator(options: AuthOptions) {
  return async function authenticate(req: Request, res: Response, next: NextFunction) {
    try {
      res.locals.principal = await principalFrom(
        req.headers.authorization,
        options.signingKeys,
        options,
      );
      next();
    } catch (error) {
      next(error);
    }
  };
}

async function principalFrom(
  header: string | undefined,
  jwks: JWTVerifyGetKey,
  options: AuthOptions,
): Promise<Principal> {
  const token = header?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  if (!token) throw errors.emptyToken();
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, jwks, {
      audience: GRAPH_AUDIENCES,
      algorithms: ['RS256'],
    }));
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_JWT_EXPIRED')
      throw new GraphError(
        401,
        'InvalidAuthenticationToken',
        'Lifetime validation failed, the token is expired.',
      );
    if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') throw errors.invalidToken('Invalid audience.');
    if (code === 'ERR_JWS_INVALID' || code === 'ERR_JWT_INVALID')
      throw new GraphError(401, 'InvalidAuthenticationToken', 'IDX14100: JWT is not well formed.');
    throw errors.invalidToken('The token signature is not valid.');
  }
  const tenantId = typeof payload.tid === 'string' ? payload.tid : '';
  if (!tenantId || payload.iss !== `${options.identityUrl()}/${tenantId}/v2.0`)
    throw errors.invalidToken('Invalid issuer.');
  if (!options.hasTenant(tenantId))
    throw errors.invalidToken('The tenant is not known to the sandbox.');
  const roles = new Set(Array.isArray(payload.roles) ? payload.roles.map(String) : []);
  const scopes = new Set(
    typeof payload.scp === 'string' ? payload.scp.split(' ').filter(Boolean) : [],
  );
  const isApp = payload.idtyp === 'app' || (scopes.size === 0 && roles.size > 0);
  if (!isApp && scopes.size === 0)
    throw errors.invalidToken('The token has neither scp nor roles.');
  return {
    tenantId,
    isApp,
    userId: isApp ? undefined : String(payload.oid ?? ''),
    appId: String(payload.azp ?? payload.appid ?? ''),
    displayName: typeof payload.name === 'string' ? payload.name : undefined,
    scopes,
    roles,
  };
}

export function principalOf(res: Response): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) throw errors.emptyToken();
  return principal;
}

export interface Permission {
  delegated: readonly string[];
  application: readonly string[];
  /** The error Graph's workload answers when the permission is missing. */
  denied: () => GraphError;
}

function holds(granted: Set<string>, wanted: readonly string[]): boolean {
  // A token carries permissions by name (Entra resolves `.default` when it issues it).
  const lower = new Set([...granted].map((item) => item.toLowerCase()));
  return wanted.some((item) => lower.has(item.toLowerCase()));
}

export function requirePermission(principal: Principal, permission: Permission) {
  const isGranted = principal.isApp
    ? holds(principal.roles, permission.application)
    : holds(principal.scopes, permission.delegated);
  if (!isGranted) throw permission.denied();
}

/**
 * Delegated `Files.Read` and `Files.ReadWrite` reach the signed-in user's own files only;
 * a colleague's drive, even one shared with the organisation, needs an `.All` permission
 * (Graph answers 403 `accessDenied`). App-only file permissions are all tenant-wide.
 */
export function canReadFilesOf(principal: Principal, ownerId: string): boolean {
  return (
    principal.isApp ||
    principal.userId === ownerId ||
    holds(principal.scopes, ['Files.Read.All', 'Files.ReadWrite.All', 'Sites.Read.All'])
  );
}

export function requireFileAccess(principal: Principal, ownerId: string) {
  requirePermission(principal, permissions.filesRead);
  if (!canReadFilesOf(principal, ownerId)) throw permissions.filesRead.denied();
}

export const permissions = {
  mailRead: {
    delegated: ['Mail.ReadBasic', 'Mail.Read', 'Mail.ReadWrite'],
    application: ['Mail.ReadBasic.All', 'Mail.Read', 'Mail.ReadWrite'],
    denied: errors.mailAccessDenied,
  },
  userReadSelf: {
    delegated: [
      'User.Read',
      'User.ReadWrite',
      'User.ReadBasic.All',
      'User.Read.All',
      'User.ReadWrite.All',
      'Directory.Read.All',
    ],
    application: ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All'],
    denied: errors.directoryDenied,
  },
  userReadAll: {
    delegated: ['User.ReadBasic.All', 'User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All'],
    application: ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All'],
    denied: errors.directoryDenied,
  },
  filesRead: {
    delegated: [
      'Files.Read',
      'Files.ReadWrite',
      'Files.Read.All',
      'Files.ReadWrite.All',
      'Sites.Read.All',
    ],
    application: ['Files.Read.All', 'Files.ReadWrite.All', 'Sites.Read.All'],
    denied: errors.filesDenied,
  },
  calendarRead: {
    delegated: ['Calendars.ReadBasic', 'Calendars.Read', 'Calendars.ReadWrite'],
    application: ['Calendars.ReadBasic', 'Calendars.Read', 'Calendars.ReadWrite'],
    denied: errors.mailAccessDenied,
  },
  mailboxSettingsRead: {
    delegated: ['MailboxSettings.Read', 'MailboxSettings.ReadWrite'],
    application: ['MailboxSettings.Read', 'MailboxSettings.ReadWrite'],
    denied: errors.mailAccessDenied,
  },
  activitySend: {
    delegated: ['TeamsActivity.Send'],
    application: ['TeamsActivity.Send'],
    denied: () =>
      new GraphError(
        403,
        'Forbidden',
        "Missing scope permissions on the request. API requires one of 'TeamsActivity.Send'.",
      ),
  },
  chatCreate: {
    delegated: ['Chat.Create', 'Chat.ReadWrite'],
    application: ['Chat.Create'],
    denied: () =>
      new GraphError(
        403,
        'Forbidden',
        "Missing scope permissions on the request. API requires one of 'Chat.Create, Chat.ReadWrite'.",
      ),
  },
  chatMessageSend: {
    delegated: ['ChatMessage.Send', 'Chat.ReadWrite'],
    // Teams accepts application-permission chat messages only for migration.
    application: [],
    denied: () =>
      new GraphError(
        403,
        'Forbidden',
        "Missing scope permissions on the request. API requires one of 'ChatMessage.Send, Chat.ReadWrite'.",
      ),
  },
} satisfies Record<string, Permission>;
