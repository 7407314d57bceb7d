/**
 * Errors are values with stable codes. The client switches on `code`; a person reads
 * `message`. The status comes from the code, so one code always means one status.
 */
export const errorStatus = {
  validation_failed: 400,
  malformed_json: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  route_not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  request_in_progress: 409,
  cycle_closed: 409,
  already_carried_over: 409,
  objective_finished: 409,
  alignment_cycle: 422,
  team_parent_loop: 400,
  alignment_cycle_mismatch: 422,
  version_conflict: 409,
  already_exists: 409,
  already_set_up: 409,
  last_admin: 409,
  idempotency_key_reused: 422,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  record_damaged: 500,
  bad_gateway: 502,
  upstream_unavailable: 503,
  database_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus | `${string}_not_found`;

export interface ErrorDetail {
  path: string;
  message: string;
  code?: string;
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[] | Record<string, unknown>,
    status?: number,
  ) {
    super(message);
    this.status =
      status ??
      (errorStatus as Record<string, number>)[code] ??
      (code.endsWith('_not_found') ? 404 : 500);
  }

  toBody() {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details ? { details: this.details } : {}),
      },
    };
  }
}

export const notFound = (what: string, code: ErrorCode = 'not_found') =>
  new AppError(code, `${what} was not found.`);

/** A request that brought no credentials at all (401 whose challenge names no error, as RFC 6750 asks). */
export class MissingCredentialsError extends AppError {
  constructor(message: string) {
    super('unauthenticated', message);
  }
}

/**
 * Whether an error says "not found" (a missing or invisible record): only that may be
 * answered as another not-found; a database that is down stays a 503.
 */
export const isNotFound = (error: unknown): boolean =>
  error instanceof AppError && error.status === 404;
