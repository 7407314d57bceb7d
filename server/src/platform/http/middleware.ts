import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../log/logger';
import { countingCommands, type CommandCount } from '../db/command-count';
import { isDatabaseUnreachable } from '../db/database';
import { AppError, MissingCredentialsError } from './errors';

const requestIdPattern = /^[A-Za-z0-9._:-]{8,128}$/;

/** Every log line of a request carries its id; a caller's well-formed id is kept for tracing. */
export function requestLogging(log: Logger): RequestHandler {
  return pinoHttp({
    logger: log,
    genReqId(req, res) {
      const incoming = req.headers['x-request-id'];
      const id =
        typeof incoming === 'string' && requestIdPattern.test(incoming) ? incoming : randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    customLogLevel(_req, res, error) {
      if (error || res.statusCode >= 500) return 'error';
      if (res.statusCode >= 400) return 'warn';
      return 'info';
    },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        url: req.url,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    // The database commands the request sent (names and collections, never values).
    customProps: (_req, res) => {
      const count = (res as { locals?: { databaseCommands?: CommandCount } }).locals
        ?.databaseCommands;
      return count
        ? {
            db: {
              commands: count.commands,
              ms: Math.round(count.ms),
              sent: count.sent,
              sentMs: count.sentMs,
            },
          }
        : {};
    },
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
  });
}

/**
 * Counts the database commands each request sends and answers them in `Server-Timing`
 * (set as the headers go out, when the count is complete but for what follows the answer).
 */
export const databaseTiming: RequestHandler = (_req, res, next) => {
  countingCommands((count) => {
    res.locals.databaseCommands = count;
    const writeHead = res.writeHead;
    res.writeHead = function (this: typeof res, ...args: Parameters<typeof writeHead>) {
      if (!res.headersSent)
        res.setHeader(
          'Server-Timing',
          `db;dur=${count.ms.toFixed(1)};desc="${count.commands} commands"`,
        );
      return writeHead.apply(this, args);
    } as typeof writeHead;
    next();
  });
};

export const routeNotFound: RequestHandler = (req, _res, next) => {
  next(new AppError('route_not_found', `No route for ${req.method} ${req.path}.`));
};

interface BodyParserError {
  type?: string;
  status?: number;
}

/** The one place that turns any error into `{ error: { code, message, details? } }`. */
export const errorHandler: ErrorRequestHandler = (error: unknown, req, res, _next) => {
  let appError: AppError;
  const parserError = error as BodyParserError;
  if (error instanceof AppError) {
    appError = error;
  } else if (parserError?.type === 'entity.parse.failed') {
    appError = new AppError('malformed_json', 'The request body is not valid JSON.');
  } else if (parserError?.type === 'entity.too.large') {
    appError = new AppError('payload_too_large', 'The request body is too large.');
  } else if (error instanceof URIError) {
    // Express could not decode a path parameter (`%E0%A4%A`): the address is the caller's to fix.
    appError = new AppError('validation_failed', 'The address has a malformed %-escape.', [
      { path: 'params', message: 'is not valid percent-encoding' },
    ]);
  } else if (isDatabaseUnreachable(error)) {
    req.log?.warn({ err: error }, 'database unreachable');
    res.setHeader('Retry-After', '5');
    appError = new AppError(
      'database_unavailable',
      'The database cannot be reached right now; try again in a few seconds.',
    );
  } else if (
    parserError?.type === 'encoding.unsupported' ||
    parserError?.type === 'charset.unsupported'
  ) {
    appError = new AppError(
      'unsupported_media_type',
      'The request body encoding is not supported.',
    );
  } else {
    req.log?.error({ err: error }, 'unhandled error');
    appError = new AppError(
      'internal',
      'Something went wrong on our side. Try again; if it keeps failing, quote the request id.',
    );
  }
  if (appError.status >= 500 && appError.code !== 'internal')
    req.log?.warn({ code: appError.code }, appError.message);
  if (res.headersSent) return;
  if (appError.status === 401) res.setHeader('WWW-Authenticate', bearerChallenge(appError));
  res.status(appError.status).json(appError.toBody());
};

/**
 * RFC 6750's challenge: a request without a token learns only the scheme and realm; one with
 * a token that was refused also gets `invalid_token` and why, so a client knows to get a new
 * token rather than retry this one.
 */
export function bearerChallenge(error: AppError): string {
  if (error instanceof MissingCredentialsError) return 'Bearer realm="Throughline"';
  const description = error.message.replace(/["\\]/g, "'");
  return `Bearer realm="Throughline", error="invalid_token", error_description="${description}"`;
}
