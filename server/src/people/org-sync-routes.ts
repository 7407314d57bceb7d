/**
 * `GET /api/admin/org-sync`: the sync's status and progress. `POST /api/admin/org-sync`:
 * starts a run (202; poll the status). Admins only; the sync itself runs app-only.
 */
import { Router } from 'express';
import { EmptyRequest, OrgSyncStatus } from '@throughline/contracts';
import { principalOf } from '../platform/auth/middleware';
import { AppError } from '../platform/http/errors';
import { registerOperations } from '../platform/http/openapi';
import { parseInput } from '../platform/http/validate';
import type { OrgSync, OrgSyncStatus as RunStatus } from './org-sync';

registerOperations([
  {
    method: 'get',
    path: '/api/admin/org-sync',
    summary: 'Org sync status and progress (admins)',
    response: OrgSyncStatus,
  },
  {
    method: 'post',
    path: '/api/admin/org-sync',
    summary: 'Run the org sync now (admins); answers 202 with the status',
    body: EmptyRequest,
    response: OrgSyncStatus,
    status: 202,
  },
]);

function toResponse(status: RunStatus): OrgSyncStatus {
  const { runId: _runId, ...rest } = status;
  return {
    ...rest,
    startedAt: rest.startedAt ? new Date(rest.startedAt).toISOString() : null,
    finishedAt: rest.finishedAt ? new Date(rest.finishedAt).toISOString() : null,
    nextRunAt: rest.nextRunAt ? rest.nextRunAt.toISOString() : null,
  };
}

function requireAdmin(req: Parameters<typeof principalOf>[0]) {
  const principal = principalOf(req);
  if (!principal.isAdmin) throw new AppError('forbidden', 'Only an admin can run the org sync.');
  return principal;
}

export function orgSyncRoutes(orgSync: OrgSync): Router {
  const router = Router();
  router.get('/admin/org-sync', async (req, res) => {
    const principal = requireAdmin(req);
    res.json(toResponse(await orgSync.status(principal.tenantId)));
  });
  router.post('/admin/org-sync', async (req, res) => {
    const principal = requireAdmin(req);
    parseInput(EmptyRequest, req.body ?? {}, 'body');
    const run = orgSync.start(principal.tenantId);
    // The run goes on after the answer; its outcome is in the status.
    run.done.catch((error: unknown) => req.log?.error({ err: error }, 'org sync crashed'));
    await run.begun;
    res.status(202).json(toResponse(await orgSync.status(principal.tenantId)));
  });
  return router;
}
