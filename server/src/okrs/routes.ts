import { Router } from 'express';
import { z } from 'zod';
import {
  EmptyRequest,
  AlignmentTreeQuery,
  CreateCycleRequest,
  CreateDeliverableRequest,
  CreateKeyResultRequest,
  CreateObjectiveRequest,
  DependenciesQuery,
  Id,
  ListObjectivesQuery,
  MyOkrsQuery,
  ScoreOverrideRequest,
  UpdateCycleRequest,
  UpdateDeliverableRequest,
  UpdateKeyResultRequest,
  UpdateObjectiveRequest,
} from '@throughline/contracts';
import { contextOf, sendIdempotent, type RouteDeps } from '../platform/http/handlers';
import { parseInput } from '../platform/http/validate';
import { getAlignmentTree, getDependencies } from './alignment';
import * as okrs from './service';

const IdParams = z.object({ id: Id });

export function okrRoutes(deps: RouteDeps): Router {
  const router = Router();

  router.get('/cycles', async (req, res) => {
    parseInput(EmptyRequest, req.query, 'query');
    res.json(await okrs.listCycles(contextOf(req, deps)));
  });
  router.post('/cycles', async (req, res) => {
    const body = parseInput(CreateCycleRequest, req.body, 'body');
    await sendIdempotent(req, res, deps, async (ctx) => ({
      status: 201,
      body: await okrs.createCycle(ctx, body),
    }));
  });
  router.patch('/cycles/:id', async (req, res) => {
    const { id } = parseInput(IdParams, req.params, 'params');
    const body = parseInput(UpdateCycleRequest, req.body, 'body');
    res.json(await okrs.updateCycle(contextOf(req, deps), id, body));
  });
  router.post('/cycles/:id/close', async (req, res) => {
    const { id } = parseInput(IdParams, req.params, 'params');
    parseInput(EmptyRequest, req.body ?? {}, 'body');
    await sendIdempotent(req, res, deps, async (ctx) => ({
      status: 200,
      body: await okrs.closeCycle(ctx, id),
    }));
  });
  router.get('/cycles/:id/alignment-tree', async (req, res) => {
    const { id } = parseInput(IdParams, req.params, 'params');
    const query = parseInput(AlignmentTreeQuery, req.query, 'query');
    const ctx = contextOf(req, deps);
    await okrs.getCycle(ctx, id);
    res.json(
      await getAlignmentTree(ctx, id, {
        teamId: query.teamId,
        atRiskOnly: query.atRiskOnly === 'true',
      }),
    );
  });

  router.get('/my-okrs', async (req, res) => {
    const query = parseInput(MyOkrsQuery, req.query, 'query');
    res.json(await okrs.getMyOkrs(contextOf(req, deps), query.cycleId));
  });
  router.get('/dependencies', async (req, res) => {
    const query = parseInput(DependenciesQuery, req.query, 'query');
    res.json(await getDependencies(contextOf(req, deps), query));
  });

  router.get('/objectives', async (req, res) => {
    const query = parseInput(ListObjectivesQuery, req.query, 'query');
    res.json(await okrs.listObjectives(contextOf(req, deps), query));
  });
  router.post('/objectives', async (req, res) => {
    const body = parseInput(CreateObjectiveRequest, req.body, 'body');
    await sendIdempotent(req, res, deps, async (ctx) => ({
      status: 201,
      body: await okrs.createObjective(ctx, body),
    }));
  });
  router.get('/objectives/:id', async (req, res) => {
    const { id } = parseInput(IdParams, req.params, 'params');
    res.json(await okrs.getObjectiveDetail(contextOf(req, deps), id));
  });
  router.patch('/objectives/:id', async (req, res) => {
    const { id } = parseInput(IdParams, req.params, 'params');
    const body = parseInput(UpdateObjectiveRequest, req.body, 'body');
    res.json(await okrs.updateObjective(contextOf(req, deps), id, body));
  });
  router.post('/objectives/:id/score', async (req, res) => {
    const { id } = parseInput(IdParams, req.params, 'params');
    const body = parseInput(ScoreOverrideRequest, req.body, 'body');
    await sendIdempotent(req, res, deps, async (ctx) => ({
      status: 200,
      body: await okrs.overrideObjectiveScore(ctx, id, body),
    }));
  });

  router.post('/key-results', async (req, res) => {
    const body = parseInput(CreateKeyResultRequest, req.body, 'body');
    await sendIdempotent(req, res, deps, async (ctx) => ({
      status: 201,
      body: await okrs.createKeyResult(ctx, body),
    }));
  });
  router.get('/key-results/:id', async (req, res) => {
    const { id } = parseInput(IdParams, req.params, 'params');
    res.json(await okrs.getKeyResultDetail(contextOf(req, deps), id));
  });
  router.patch('/key-results/:id', async (req, res) => {
    const { id } = parseInput(IdParams, req.params, 'params');
    const body = parseInput(UpdateKeyResultRequest, req.body, 'body');
    res.json(await okrs.updateKeyResult(contextOf(req, deps), id, body));
  });
  router.post('/key-results/:id/score', async (req, res) => {
    const { id } = parseInput(IdParams, req.params, 'params');
    const body = parseInput(ScoreOverrideRequest, req.body, 'body');
    await sendIdempotent(req, res, deps, async (ctx) => ({
      status: 200,
      body: await okrs.overrideKeyResultScore(ctx, id, body),
    }));
  });

  router.post('/deliverables', async (req, res) => {
    const body = parseInput(CreateDeliverableRequest, req.body, 'body');
    await sendIdempotent(req, res, deps, async (ctx) => ({
      status: 201,
      body: await okrs.createDeliverable(ctx, body),
    }));
  });
  router.patch('/deliverables/:id', async (req, res) => {
    const { id } = parseInput(IdParams, req.params, 'params');
    const body = parseInput(UpdateDeliverableRequest, req.body, 'body');
    res.json(await okrs.updateDeliverable(contextOf(req, deps), id, body));
  });
  return router;
}
