/**
 * Graph failures as AppErrors the client can switch on. The codes are Graph-specific, so
 * they carry their status here instead of in the shared table (`_not_found` maps itself).
 */
import { AppError, type ErrorCode } from '../http/errors';

export const GRAPH_UNAVAILABLE_MESSAGE =
  'Microsoft 365 is not answering; nothing was attached. Try again in a minute.';

const graphCode = (code: 'graph_unavailable' | 'source_access_denied') => code as ErrorCode;

export function graphUnavailable(
  message = GRAPH_UNAVAILABLE_MESSAGE,
  details?: Record<string, unknown>,
): AppError {
  return new AppError(graphCode('graph_unavailable'), message, details, 503);
}

export function sourceNotFound(what = 'That item'): AppError {
  return new AppError(
    'source_not_found',
    `${what} was not found in Microsoft 365. It may have been deleted or moved out of reach.`,
  );
}

export function sourceAccessDenied(what = 'that item'): AppError {
  return new AppError(
    graphCode('source_access_denied'),
    `Microsoft 365 did not let Throughline read ${what} for you.`,
    undefined,
    403,
  );
}

/**
 * Graph's answer when the app lacks a permission (not one person's access to one item):
 * the admin has to act, so the message says where, with the registration steps' words.
 */
export function permissionMissing(what = 'that'): AppError {
  return new AppError(
    'graph_permission_missing' as ErrorCode,
    `Microsoft Graph refused Throughline access to ${what}: the permission it needs has not been granted for this tenant. An admin grants it in the Microsoft Entra admin center: App registrations → Throughline → API permissions → Grant admin consent (see the README's registration steps).`,
    undefined,
    403,
  );
}

export function isGraphUnavailable(error: unknown): boolean {
  return error instanceof AppError && (error.code as string) === 'graph_unavailable';
}

/** What a failed Graph call means for the person: gone, not theirs, or Graph is down. */
export function fromGraphStatus(
  status: number | undefined,
  what?: string,
  graphCodeText?: string,
): AppError {
  if (status === 404)
    return sourceNotFound(what ? what.charAt(0).toUpperCase() + what.slice(1) : undefined);
  if (status === 403 && graphCodeText === 'Authorization_RequestDenied')
    return permissionMissing(what);
  if (status === 403 || status === 401) return sourceAccessDenied(what);
  if (status === 400)
    return new AppError(
      'validation_failed',
      `Microsoft 365 refused the request for ${what ?? 'that item'}${graphCodeText ? ` (${graphCodeText})` : ''}.`,
    );
  return graphUnavailable(undefined, status ? { status } : undefined);
}
