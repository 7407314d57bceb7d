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

export interface FeatureDeps extends RouteDeps {
  config: Config;
  log: Logger;
}

export interface Features {
  routers: Router[];
  publicRouters: Router[];
  jobs: Job[];
}

export function buildFeatures(_deps: FeatureDeps): Features {
  return { routers: [], publicRouters: [], jobs: [] };
}
