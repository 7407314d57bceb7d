import { Router } from 'express';
import { NarrativeQuery } from '@throughline/contracts';
import { contextOf, type RouteDeps } from '../platform/http/handlers';
import { parseInput } from '../platform/http/validate';
import { readNarrative } from './service';

export function narrativeRoutes(deps: RouteDeps): Router {
  const router = Router();
  router.get('/narrative', async (req, res) => {
    const query = parseInput(NarrativeQuery, req.query, 'query');
    res.json(await readNarrative(contextOf(req, deps), query));
  });
  return router;
}
