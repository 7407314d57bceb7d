/**
 * Graph's error shape: `{ error: { code, message, innerError: { date, request-id,
 * client-request-id } } }`. Handlers throw `GraphError`; one middleware writes it.
 */
import type { NextFunction, Request, Response } from 'express';

export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly innerErrorExtras: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Graph's innerError date: ISO without fraction or zone, e.g. 2026-11-25T12:00:00. */
export function innerErrorDate(now: Date = new Date()): string {
  return now.toISOString().slice(0, 19);
}

export function graphErrorBody(
  res: Response,
  code: string,
  message: string,
  extras: Record<string, string> = {},
) {
  return {
    error: {
      code,
      message,
      innerError: {
        ...extras,
        date: innerErrorDate(),
        'request-id': String(res.locals.requestId ?? ''),
        'client-request-id': String(res.locals.clientRequestId ?? ''),
      },
    },
  };
}

export function sendGraphError(res: Response, error: GraphError) {
  for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  res
    .status(error.status)
    .json(graphErrorBody(res, error.code, error.message, error.innerErrorExtras));
}

// Common errors, with the codes each Graph workload really uses (they differ by workload).
export const errors = {
  emptyToken: () => new GraphError(401, 'InvalidAuthenticationToken', 'Access token is empty.'),
  invalidToken: (detail: string) =>
    new GraphError(401, 'InvalidAuthenticationToken', `Access token validation failure. ${detail}`),
  meNeedsDelegated: () =>
    new GraphError(
      400,
      'BadRequest',
      '/me request is only valid with delegated authentication flow.',
    ),
  mailAccessDenied: () =>
    new GraphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.'),
  directoryDenied: () =>
    new GraphError(
      403,
      'Authorization_RequestDenied',
      'Insufficient privileges to complete the operation.',
    ),
  filesDenied: () => new GraphError(403, 'accessDenied', 'Access denied'),
  messageNotFound: () =>
    new GraphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.'),
  invalidMessageId: () => new GraphError(400, 'ErrorInvalidIdMalformed', 'Id is malformed.'),
  userNotFound: (id: string) =>
    new GraphError(
      404,
      'Request_ResourceNotFound',
      `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
    ),
  mailboxUserNotFound: (id: string) =>
    new GraphError(404, 'ErrorInvalidUser', `The requested user '${id}' is invalid.`),
  itemNotFound: () => new GraphError(404, 'itemNotFound', 'The resource could not be found.'),
  badRequest: (message: string, code = 'BadRequest') => new GraphError(400, code, message),
  noResource: (path: string) =>
    new GraphError(400, 'BadRequest', `Resource not found for the segment '${path}'.`),
  noRoute: (method: string, path: string) =>
    new GraphError(
      400,
      'BadRequest',
      `Unsupported request: ${method} ${path} is not emulated by the sandbox.`,
    ),
};

/** Express error middleware: GraphErrors as Graph writes them; anything else a plain 500. */
export function graphErrorHandler(
  error: unknown,
  _req: Request,
  res: Response,
  next: NextFunction,
) {
  if (res.headersSent) {
    next(error);
    return;
  }
  if (error instanceof GraphError) {
    sendGraphError(res, error);
    return;
  }
  const status = (error as { status?: number }).status;
  if (status === 400 && (error as { type?: string }).type === 'entity.parse.failed') {
    sendGraphError(
      res,
      new GraphError(
        400,
        'BadRequest',
        'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
      ),
    );
    return;
  }
  console.error('sandbox graph: unexpected error', error);
  sendGraphError(
    res,
    new GraphError(
      500,
      'generalException',
      'An unexpected error occurred in the sandbox Graph emulator.',
    ),
  );
}
