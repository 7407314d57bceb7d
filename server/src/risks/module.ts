/** Risks (the rules and what they find) and the weekly digest. */
import { endpoints as api } from '@throughline/contracts';
import { on } from '../platform/http/endpoints';
import type { FeatureModule, ModuleDeps } from '../platform/module';
import { runWeeklyDigest, type DeliveryJobDeps } from './digest-job';
import { riskSightingsJob } from './sightings-job';
import { getDigest, getRisks } from './service';

export function risksModule(deps: ModuleDeps): FeatureModule {
  const jobDeps: DeliveryJobDeps = { ...deps, graphFor: (tenantId) => deps.graph.forApp(tenantId) };
  return {
    name: 'risks',
    endpoints: [
      on(api.risks, (ctx, { query }) => getRisks(ctx, query)),
      on(api.digest, (ctx, { query }) => getDigest(ctx, query)),
    ],
    jobs: [
      riskSightingsJob(deps),
      // Hourly: the digest goes out from the tenant's digest hour on its check-in day.
      {
        name: 'weekly-digest',
        intervalMs: 60 * 60_000,
        run: async (now) => void (await runWeeklyDigest(jobDeps, now)),
      },
    ],
    tenantJobs: [
      { name: 'weekly-digest', run: (now, options) => runWeeklyDigest(jobDeps, now, options) },
    ],
  };
}
