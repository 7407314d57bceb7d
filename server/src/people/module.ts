/**
 * People, teams and the org sync: who is in the organisation, how it is grouped, and the
 * job that keeps both in step with Entra ID through Microsoft Graph.
 */
import { endpoints as api, type OrgSyncStatus } from '@throughline/contracts';
import { AppError } from '../platform/http/errors';
import { on } from '../platform/http/endpoints';
import type { FeatureModule, ModuleDeps } from '../platform/module';
import type { Context } from '../platform/context';
import type { Job } from '../platform/jobs/scheduler';
import { teamsFromHierarchy } from './hierarchy-teams';
import { createOrgSync, type OrgSync, type OrgSyncStatus as RunStatus } from './org-sync';
import {
  createTeam,
  getMe,
  getPerson,
  getTeam,
  listPeople,
  listTeams,
  updateTeam,
} from './service';

export function peopleModule(deps: ModuleDeps): FeatureModule & { orgSync: OrgSync } {
  const orgSync = createOrgSync(deps);
  const jobs: Job[] = [];
  // It looks every few minutes which tenants are due, so each tenant's next run is an
  // interval after its last one ended (the Admin view shows when).
  if (deps.config.ORG_SYNC_INTERVAL_MINUTES > 0)
    jobs.push({
      name: 'org-sync',
      intervalMs: Math.min(deps.config.ORG_SYNC_INTERVAL_MINUTES, 5) * 60_000,
      run: (now) => orgSync.syncDueTenants(now),
    });
  return {
    name: 'people',
    orgSync,
    jobs,
    endpoints: [
      on(api.me, (ctx) => getMe(ctx.db, ctx.principal)),
      on(api.people.list, (ctx, { query }) => listPeople(ctx.db, ctx.principal, query)),
      on(api.people.get, (ctx, { params }) => getPerson(ctx.db, ctx.principal, params.id)),
      on(api.teams.list, (ctx) => listTeams(ctx.db, ctx.principal)),
      on(api.teams.get, (ctx, { params }) => getTeam(ctx.db, ctx.principal, params.id)),
      on(api.teams.create, (ctx, { body }) => createTeam(ctx.db, ctx.principal, body, ctx.now)),
      on(api.teams.update, (ctx, { params, body }) => updateTeam(ctx, params.id, body)),
      on(api.teams.fromHierarchy, (ctx, { query }) =>
        teamsFromHierarchy(ctx, { dryRun: query.dryRun === 'true' }),
      ),
      on(api.orgSync.status, async (ctx) => toResponse(await orgSync.status(requireAdmin(ctx)))),
      on(api.orgSync.start, async (ctx, _input, req) => {
        const tenantId = requireAdmin(ctx);
        const run = orgSync.start(tenantId);
        // The run goes on after the answer; its outcome is in the status.
        run.done.catch((error: unknown) => req.log?.error({ err: error }, 'org sync crashed'));
        await run.begun;
        return toResponse(await orgSync.status(tenantId));
      }),
    ],
  };
}

function requireAdmin(ctx: Context): string {
  if (!ctx.principal.isAdmin)
    throw new AppError('forbidden', 'Only an admin can run the org sync.');
  return ctx.principal.tenantId;
}

function toResponse(status: RunStatus): OrgSyncStatus {
  const { runId: _runId, ...rest } = status;
  return {
    ...rest,
    startedAt: rest.startedAt ? new Date(rest.startedAt).toISOString() : null,
    finishedAt: rest.finishedAt ? new Date(rest.finishedAt).toISOString() : null,
    nextRunAt: rest.nextRunAt ? rest.nextRunAt.toISOString() : null,
  };
}
