/**
 * Validates the bearer token of every API request against the configured authority's
 * JWKS: signature (RS256 only, so `alg: none` and HMAC tricks fail), issuer
 * `{authority}/{tid}/v2.0` (or the v1 `https://sts.windows.net/{tid}/`), audience,
 * expiry, tenant and the delegated scope. The same code accepts Entra ID and sandbox tokens.
 */
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type { Config } from '../../config';
import { AppError } from '../http/errors';
import { ADMIN_ROLE, type Principal } from './principal';

export type TokenVerifier = (token: string) => Promise<Principal>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createTokenVerifier(
  config: Pick<
    Config,
    'jwksUrl' | 'AUTH_AUTHORITY' | 'audiences' | 'AUTH_ALLOWED_TENANTS' | 'AUTH_REQUIRED_SCOPE'
  >,
): TokenVerifier {
  const jwks = createRemoteJWKSet(new URL(config.jwksUrl), {
    timeoutDuration: 5000,
    cooldownDuration: 30000,
  });
  const authority = config.AUTH_AUTHORITY.replace(/\/$/, '');

  return async (token: string) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, jwks, {
        audience: config.audiences,
        algorithms: ['RS256'],
        clockTolerance: 60,
        requiredClaims: ['exp', 'iat', 'tid', 'oid'],
      }));
    } catch (error) {
      // The authority's keys out of reach says nothing about the token: try again later.
      if (isKeysUnreachable(error))
        throw new AppError(
          'upstream_unavailable',
          'The sign-in service’s signing keys cannot be fetched right now; try again in a minute.',
        );
      throw new AppError(
        'unauthenticated',
        `The access token was refused: ${describeJoseError(error)}.`,
      );
    }
    const tenantId = String(payload.tid);
    const userId = String(payload.oid);
    if (!GUID.test(tenantId) || !GUID.test(userId))
      throw new AppError('unauthenticated', 'The access token has no valid tenant or user id.');
    const validIssuers = [`${authority}/${tenantId}/v2.0`, `https://sts.windows.net/${tenantId}/`];
    if (!validIssuers.includes(String(payload.iss)))
      throw new AppError(
        'unauthenticated',
        'The access token was issued by an authority this server does not trust.',
      );
    if (config.AUTH_ALLOWED_TENANTS.length > 0 && !config.AUTH_ALLOWED_TENANTS.includes(tenantId)) {
      throw new AppError('unauthenticated', 'This organisation is not connected to Throughline.');
    }
    const scopes = typeof payload.scp === 'string' ? payload.scp.split(' ') : [];
    if (!scopes.includes(config.AUTH_REQUIRED_SCOPE))
      throw new AppError(
        'unauthenticated',
        `The access token lacks the ${config.AUTH_REQUIRED_SCOPE} scope.`,
      );
    const roles = Array.isArray(payload.roles) ? payload.roles.map(String) : [];
    return {
      tenantId,
      userId,
      name: typeof payload.name === 'string' ? payload.name : '',
      username: typeof payload.preferred_username === 'string' ? payload.preferred_username : '',
      roles,
      isAdmin: roles.includes(ADMIN_ROLE),
      assertion: token,
    };
  };
}

/** The JWKS could not be fetched: a timeout, a network failure, or an answer that is not a key set. */
function isKeysUnreachable(error: unknown): boolean {
  const { code, name, message = '' } = error as { code?: string; name?: string; message?: string };
  if (code === 'ERR_JWKS_TIMEOUT') return true;
  if (code === 'ERR_JOSE_GENERIC') return /JSON Web Key Set HTTP response/.test(message);
  // fetch's own TypeError (by name: it may come from another realm than this module's TypeError).
  return name === 'TypeError' && /fetch failed/.test(message);
}

function describeJoseError(error: unknown): string {
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return 'it has expired';
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return 'its signature does not match a signing key of the authority';
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return 'its signing algorithm is not allowed';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return `the ${(error as { claim?: string }).claim ?? ''} claim is not valid`.replace(
        '  ',
        ' ',
      );
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
      return 'it is not a well-formed JWT';
    default:
      return 'it could not be validated';
  }
}
