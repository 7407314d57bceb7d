/**
 * What a feature adds to the server: the endpoints it binds, public routes that
 * authenticate themselves (webhooks), and its periodic jobs. app.ts lists the modules
 * once; main.ts and the tests build the server from that list.
 */
import type { Router } from 'express';
import type { JobName, JobRunResult } from '@throughline/contracts';
import type { Job } from './jobs/scheduler';
import type { Config } from '../config';
import type { GraphClients } from './graph/client';
import type { RouteDeps } from './http/handlers';
import type { BoundEndpoint } from './http/endpoints';
import type { Logger } from './log/logger';
import type { TeamsBot } from './teams/bot';

export interface ModuleDeps extends RouteDeps {
  config: Config;
  log: Logger;
  graph: GraphClients;
  /** The Teams bot; null when the server has no BOT_APP_ID. */
  bot: TeamsBot | null;
}

/** A job an admin may also run for their own tenant now (`POST /api/admin/jobs/{name}/run`). */
export interface TenantJobRunner {
  name: JobName;
  run(now: Date, options: { tenantId: string; isForced: boolean }): Promise<JobRunResult>;
}

export interface FeatureModule {
  name: string;
  endpoints: BoundEndpoint[];
  publicRouters?: Router[];
  jobs?: Job[];
  tenantJobs?: TenantJobRunner[];
  /** Jobs this module runs only where more is configured, and what: asked to run one here, the server says so. */
  unavailableJobs?: { name: JobName; needs: string }[];
}
