/**
 * The features built on Microsoft Graph plug in here: their routers (behind
 * authentication, or public for webhooks that authenticate themselves) and their jobs.
 * main.ts and the tests build the app through this one list.
 */
import type { Router } from 'express';
import type { Config } from './config';
import type { Job } from './jobs/scheduler';
import type { RouteDeps } from './platform/http/handlers';
import type { Logger } from './platform/log/logger';
import type { GraphClients } from './platform/graph/client';
import { buildGraphFeatures, type GraphFeatures } from './platform/graph/features';
import { buildRiskAndOneOnOneFeature } from './one-on-ones/feature';
import { idempotencyExpiryJob } from './platform/http/idempotency';
import { adminsRoutes } from './admins/routes';
import { importRoutes } from './imports/routes';

export interface FeatureDeps extends RouteDeps {
  config: Config;
  log: Logger;
  /** The Graph client factory; built from config when not given. */
  graph?: GraphClients;
}

export interface Features {
  routers: Router[];
  publicRouters: Router[];
  jobs: Job[];
  /** Evidence, change notifications and org sync (for tests and jobs that drive them directly). */
  graph?: GraphFeatures;
}

export function buildFeatures(deps: FeatureDeps): Features {
  const graph = buildGraphFeatures(deps);
  const risks = buildRiskAndOneOnOneFeature({ ...deps, graph: graph.graph });
  return {
    routers: [
      ...graph.routers,
      ...risks.routers,
      adminsRoutes({
        ...deps,
        graph: graph.graph,
        // People and managers arrive without anyone having to find the Sync button.
        onSetUp: (tenantId) =>
          void graph.orgSync
            .start(tenantId)
            .done.catch((error: unknown) =>
              deps.log.error({ err: error, tenantId }, 'org sync after setup failed'),
            ),
      }),
      importRoutes(deps),
    ],
    publicRouters: [...graph.publicRouters],
    jobs: [...graph.jobs, ...risks.jobs, idempotencyExpiryJob(deps.db)],
    graph,
  };
}
