import { Router } from 'express';
import { z } from 'zod';
import { CreateTeamRequest, Id, ListPeopleQuery } from '@throughline/contracts';
import { contextOf, sendIdempotent, type RouteDeps } from '../platform/http/handlers';
import { parseInput } from '../platform/http/validate';
import { createTeam, getMe, getPerson, getTeam, listPeople, listTeams } from './service';

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
      body: await createTeam(ctx.db, ctx.principal, body),
    }));
  });
  return router;
}
