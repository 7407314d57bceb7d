import { Router } from 'express';
import { z } from 'zod';
import {
  EmptyRequest,
  CreateTeamRequest,
  Id,
  ListPeopleQuery,
  TeamsFromHierarchyQuery,
  UpdateTeamRequest,
} from '@throughline/contracts';
import { contextOf, sendIdempotent, type RouteDeps } from '../platform/http/handlers';
import { parseInput } from '../platform/http/validate';
import { teamsFromHierarchy } from './hierarchy-teams';
import {
  createTeam,
  getMe,
  getPerson,
  getTeam,
  listPeople,
  listTeams,
  updateTeam,
} from './service';

const IdParams = z.object({ id: Id });

export function peopleRoutes(deps: RouteDeps): Router {
  const router = Router();
  router.get('/me', async (req, res) => {
    const ctx = contextOf(req, deps);
    res.json(await getMe(ctx.db, ctx.principal));
  });
  router.get('/people', async (req, res) => {
    const query = parseInput(ListPeopleQuery, req.query, 'query');
    const ctx = contextOf(req, deps);
    res.json(await listPeople(ctx.db, ctx.principal, query));
  });
  router.get('/people/:id', async (req, res) => {
    const { id } = parseInput(IdParams, req.params, 'params');
    const ctx = contextOf(req, deps);
    res.json(await getPerson(ctx.db, ctx.principal, id));
  });
  router.get('/teams', async (req, res) => {
    const ctx = contextOf(req, deps);
    res.json(await listTeams(ctx.db, ctx.principal));
  });
  router.get('/teams/:id', async (req, res) => {
    const { id } = parseInput(IdParams, req.params, 'params');
    const ctx = contextOf(req, deps);
    res.json(await getTeam(ctx.db, ctx.principal, id));
  });
  router.post('/teams', async (req, res) => {
    const body = parseInput(CreateTeamRequest, req.body, 'body');
    await sendIdempotent(req, res, deps, async (ctx) => ({
      status: 201,
      body: await createTeam(ctx.db, ctx.principal, body, ctx.now),
    }));
  });
  router.patch('/teams/:id', async (req, res) => {
    const { id } = parseInput(IdParams, req.params, 'params');
    const body = parseInput(UpdateTeamRequest, req.body, 'body');
    res.json(await updateTeam(contextOf(req, deps), id, body));
  });
  // Not under an Idempotency-Key: a key is bound to the path, not the query, so a dry run's
  // answer could be replayed for the real run. The run itself creates nothing twice.
  router.post('/admin/teams/from-hierarchy', async (req, res) => {
    const query = parseInput(TeamsFromHierarchyQuery, req.query, 'query');
    parseInput(EmptyRequest, req.body ?? {}, 'body');
    res.json(await teamsFromHierarchy(contextOf(req, deps), { dryRun: query.dryRun === 'true' }));
  });
  return router;
}
