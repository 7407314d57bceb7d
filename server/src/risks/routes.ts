import { Router } from 'express';
import { z } from 'zod';
import {
  DigestQuery,
  JobName,
  type JobRunResult,
  RisksQuery,
  UpdateSettingsRequest,
} from '@throughline/contracts';
import { contextOf, type RouteDeps } from '../platform/http/handlers';
import { AppError } from '../platform/http/errors';
import { parseInput } from '../platform/http/validate';
import { getDigest, getRisks } from './service';
import { getSettings, updateSettings } from './settings';

export function riskRoutes(deps: RouteDeps): Router {
  const router = Router();
  router.get('/settings', async (req, res) => {
    res.json(await getSettings(contextOf(req, deps)));
  });
  router.patch('/settings', async (req, res) => {
    const body = parseInput(UpdateSettingsRequest, req.body, 'body');
    res.json(await updateSettings(contextOf(req, deps), body));
  });
  router.get('/risks', async (req, res) => {
    const query = parseInput(RisksQuery, req.query, 'query');
    res.json(await getRisks(contextOf(req, deps), query));
  });
  router.get('/digest', async (req, res) => {
    const query = parseInput(DigestQuery, req.query, 'query');
    res.json(await getDigest(contextOf(req, deps), query));
  });
  return router;
}

export type JobRunner = (
  now: Date,
  options: { tenantId: string; isForced: boolean },
) => Promise<JobRunResult>;

const JobParams = z.object({ name: JobName });

/** `POST /admin/jobs/:name/run`: an admin runs a delivery job for their own tenant now (tests, demos, catching up). */
export function jobRoutes(deps: RouteDeps, runners: Partial<Record<JobName, JobRunner>>): Router {
  const router = Router();
  router.post('/admin/jobs/:name/run', async (req, res) => {
    const { name } = parseInput(JobParams, req.params, 'params');
    const ctx = contextOf(req, deps);
    if (!ctx.principal.isAdmin) throw new AppError('forbidden', 'Only an admin can run jobs.');
    const runner = runners[name];
    if (!runner)
      throw new AppError(
        'upstream_unavailable',
        'This job needs Microsoft Graph, which is not configured on this server.',
      );
    res.json(await runner(ctx.now, { tenantId: ctx.principal.tenantId, isForced: true }));
  });
  return router;
}
