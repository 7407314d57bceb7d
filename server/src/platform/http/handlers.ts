import type { Request, Response } from 'express';
import type { Db } from 'mongodb';
import { principalOf } from '../auth/middleware';
import type { Context } from '../context';
import { withIdempotency, type StoredResponse } from './idempotency';

export interface RouteDeps {
  db: Db;
  clock: () => Date;
}

export function contextOf(req: Request, deps: RouteDeps): Context {
  return { db: deps.db, principal: principalOf(req), now: deps.clock() };
}

/** Runs a POST under its Idempotency-Key (if any) and sends the first result on a retry. */
export async function sendIdempotent(
  req: Request,
  res: Response,
  deps: RouteDeps,
  run: (ctx: Context) => Promise<StoredResponse>,
) {
  const ctx = contextOf(req, deps);
  const key = req.get('idempotency-key');
  const result = await withIdempotency(
    deps.db,
    ctx.principal,
    { key, method: req.method, path: req.originalUrl.split('?')[0]!, body: req.body, now: ctx.now },
    () => run(ctx),
  );
  if (result.isReplay) res.setHeader('Idempotent-Replayed', 'true');
  res.status(result.status).json(result.body);
}
