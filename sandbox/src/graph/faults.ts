/**
 * Fault injection for tests and demos: per method and path (a prefix or a regular
 * expression), add latency, answer 429 with `Retry-After` N times, or 401, 500, 503 or 504
 * N times or until cleared. Rules come from `startSandbox({ graphFaults })` (callers may read them
 * from `SANDBOX_GRAPH_FAULTS`, see `parseGraphFaults`) or from `POST /_sandbox/faults`.
 */
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import { graphErrorBody, innerErrorDate } from './errors';

export const FaultRule = z
  .object({
    /** HTTP method to match (any when absent). */
    method: z.string().optional(),
    /** Matches paths starting with this, with or without the `/v1.0` prefix. */
    pathPrefix: z.string().optional(),
    /** A regular expression tested against the path (with and without `/v1.0`). */
    pathPattern: z.string().optional(),
    latencyMs: z.number().int().min(0).max(120_000).optional(),
    status: z
      .union([z.literal(401), z.literal(429), z.literal(500), z.literal(503), z.literal(504)])
      .optional(),
    retryAfterSeconds: z.number().int().min(0).max(600).optional(),
    /** How many matching requests the rule affects; absent means until cleared. */
    times: z.number().int().min(1).optional(),
  })
  .refine((rule) => rule.latencyMs !== undefined || rule.status !== undefined, {
    message: 'a fault needs latencyMs or status',
  });
export type FaultRule = z.infer<typeof FaultRule>;

export interface ActiveFault extends FaultRule {
  id: string;
  /** Requests this rule has affected so far. */
  hits: number;
}

/** Parses the `SANDBOX_GRAPH_FAULTS` JSON (one rule or an array of rules). */
export function parseGraphFaults(json: string | undefined): FaultRule[] {
  if (!json?.trim()) return [];
  const parsed: unknown = JSON.parse(json);
  return z.array(FaultRule).parse(Array.isArray(parsed) ? parsed : [parsed]);
}

function matches(rule: ActiveFault, method: string, path: string): boolean {
  if (rule.method && rule.method.toUpperCase() !== method) return false;
  const short = path.replace(/^\/v1\.0(?=\/)/, '');
  if (rule.pathPrefix && !path.startsWith(rule.pathPrefix) && !short.startsWith(rule.pathPrefix))
    return false;
  if (rule.pathPattern) {
    const pattern = new RegExp(rule.pathPattern);
    if (!pattern.test(path) && !pattern.test(short)) return false;
  }
  return true;
}

export class FaultInjector {
  private rules: ActiveFault[] = [];

  constructor(initial: FaultRule[] = []) {
    for (const rule of initial) this.add(rule);
  }

  add(rule: FaultRule): ActiveFault {
    const active = { ...FaultRule.parse(rule), id: randomUUID(), hits: 0 };
    this.rules.push(active);
    return active;
  }

  list(): ActiveFault[] {
    return this.rules.map((rule) => ({ ...rule }));
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((rule) => rule.id !== id);
    return this.rules.length < before;
  }

  clear() {
    this.rules = [];
  }

  middleware = async (req: Request, res: Response, next: NextFunction) => {
    // Mounted under /v1.0, req.path has lost the prefix; match on the full path.
    const path = req.originalUrl.split('?')[0] ?? req.path;
    const matched = this.rules.filter((rule) => matches(rule, req.method, path));
    let latency = 0;
    let failure: ActiveFault | undefined;
    for (const rule of matched) {
      rule.hits += 1;
      latency += rule.latencyMs ?? 0;
      if (rule.status && !failure) failure = rule;
      if (rule.times !== undefined && rule.hits >= rule.times) this.remove(rule.id);
    }
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    if (!failure?.status) {
      next();
      return;
    }
    if (failure.retryAfterSeconds !== undefined)
      res.setHeader('Retry-After', String(failure.retryAfterSeconds));
    if (failure.status === 429) {
      // The body Graph's throttling documentation shows.
      res.status(429).json(
        graphErrorBody(res, 'TooManyRequests', 'Please retry again later.', {
          code: '429',
          date: innerErrorDate(),
          message: 'Please retry after',
          status: '429',
        }),
      );
      return;
    }
    if (failure.status === 401) {
      // What Graph answers a token it refuses (revoked, expired early by continuous access evaluation).
      res
        .status(401)
        .json(
          graphErrorBody(res, 'InvalidAuthenticationToken', 'Access token validation failure.'),
        );
      return;
    }
    const codes = {
      500: 'generalException',
      503: 'serviceNotAvailable',
      504: 'UnknownError',
    } as const;
    res
      .status(failure.status)
      .json(
        graphErrorBody(
          res,
          codes[failure.status],
          failure.status === 503 ? 'Service Unavailable' : 'The sandbox injected this failure.',
        ),
      );
  };
}

/** Requests per path and in total, for tests that prove caching and batching. */
export class RequestCounter {
  total = 0;
  readonly byPath = new Map<string, number>();
  readonly byMethodAndPath = new Map<string, number>();

  middleware = (req: Request, _res: Response, next: NextFunction) => {
    const path = req.originalUrl.split('?')[0] ?? req.path;
    this.total += 1;
    this.byPath.set(path, (this.byPath.get(path) ?? 0) + 1);
    const key = `${req.method} ${path}`;
    this.byMethodAndPath.set(key, (this.byMethodAndPath.get(key) ?? 0) + 1);
    next();
  };

  snapshot() {
    return {
      total: this.total,
      byPath: Object.fromEntries(this.byPath),
      byMethodAndPath: Object.fromEntries(this.byMethodAndPath),
    };
  }

  reset() {
    this.total = 0;
    this.byPath.clear();
    this.byMethodAndPath.clear();
  }
}
