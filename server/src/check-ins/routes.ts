import { Router } from 'express';
import { z } from 'zod';
import { CheckInRequest, CreateCommentRequest, Id } from '@throughline/contracts';
import { contextOf, sendIdempotent, type RouteDeps } from '../platform/http/handlers';
import { parseInput } from '../platform/http/validate';
import { checkInKeyResult, commentOnCheckIn, listCheckIns } from './service';

const IdParams = z.object({ id: Id });

export function checkInRoutes(deps: RouteDeps): Router {
  const router = Router();
  router.post('/key-results/:id/check-ins', async (req, res) => {
    const { id } = parseInput(IdParams, req.params, 'params');
    const body = parseInput(CheckInRequest, req.body, 'body');
    await sendIdempotent(req, res, deps, async (ctx) => ({
      status: 201,
      body: await checkInKeyResult(ctx, id, body),
    }));
  });
  router.get('/key-results/:id/check-ins', async (req, res) => {
    const { id } = parseInput(IdParams, req.params, 'params');
    res.json(await listCheckIns(contextOf(req, deps), id));
  });
  router.post('/check-ins/:id/comments', async (req, res) => {
    const { id } = parseInput(IdParams, req.params, 'params');
    const body = parseInput(CreateCommentRequest, req.body, 'body');
    await sendIdempotent(req, res, deps, async (ctx) => ({
      status: 201,
      body: await commentOnCheckIn(ctx, id, body),
    }));
  });
  return router;
}
