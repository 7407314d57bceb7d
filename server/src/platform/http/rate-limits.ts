/**
 * Rate limits: per signed-in person and per tenant on the API, per address on the Graph
 * webhook, each over a one-minute window, answered 429 `rate_limited` with `Retry-After`
 * (the IETF `RateLimit` headers show the person's own budget). Counted in each server's memory (express-rate-limit's
 * store): behind a load balancer of N servers a person gets up to N times the limit, which
 * keeps one noisy caller from starving the others without a database write per request.
 */
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type Options } from 'express-rate-limit';
import { AppError } from './errors';

const WINDOW_MS = 60_000;

function limiter(
  perMinute: number,
  key: (req: Request) => string,
  who: string,
  sendsHeaders = true,
): RequestHandler | null {
  if (perMinute === 0) return null;
  return rateLimit({
    windowMs: WINDOW_MS,
    limit: perMinute,
    standardHeaders: sendsHeaders ? 'draft-7' : false,
    legacyHeaders: false,
    keyGenerator: key,
    handler: (req, res, next, options: Options) => {
      const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit
        ?.resetTime;
      const seconds = Math.max(
        1,
        Math.ceil(((resetTime?.getTime() ?? Date.now() + options.windowMs) - Date.now()) / 1000),
      );
      res.setHeader('Retry-After', String(seconds));
      next(
        new AppError('rate_limited', `Too many requests ${who}; try again in ${seconds} seconds.`, {
          retryAfterSeconds: seconds,
        }),
      );
    },
  });
}

/** After authentication: the caller's own limit, then their tenant's. */
export function apiRateLimits(limits: {
  RATE_LIMIT_PERSON_PER_MINUTE: number;
  RATE_LIMIT_TENANT_PER_MINUTE: number;
}): RequestHandler[] {
  return [
    limiter(
      limits.RATE_LIMIT_PERSON_PER_MINUTE,
      (req) => `person:${req.principal!.tenantId}:${req.principal!.userId}`,
      'from you',
    ),
    limiter(
      limits.RATE_LIMIT_TENANT_PER_MINUTE,
      (req) => `tenant:${req.principal!.tenantId}`,
      'from your organisation',
      // One RateLimit header, the person's own budget; the tenant's shows when it is spent.
      false,
    ),
  ].filter((handler): handler is RequestHandler => handler !== null);
}

/**
 * The Graph webhook and the bot's messaging endpoint are called by services, not by a
 * signed-in person, and are counted before their callers are verified: by address.
 */
export function addressRateLimit(perMinute: number, endpoint: 'webhook' | 'bot'): RequestHandler[] {
  const handler = limiter(
    perMinute,
    (req) => `${endpoint}:${ipKeyGenerator(req.ip ?? 'unknown')}`,
    endpoint === 'webhook' ? 'to this webhook' : 'to the bot',
  );
  return handler ? [handler] : [];
}
