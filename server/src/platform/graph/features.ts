/**
 * The Graph-backed features of issue 4 — evidence, change notifications and org sync —
 * built from one Graph client, for features.ts to add to the app and the scheduler.
 */
import type { Router } from 'express';
import type { Db } from 'mongodb';
import type { Config } from '../../config';
import type { Job } from '../../jobs/scheduler';
import { evidenceRoutes } from '../../evidence/routes';
import { notificationRoutes } from '../../notifications/routes';
import { createNotificationService, type NotificationService } from '../../notifications/service';
import { createOrgSync, type OrgSync } from '../../people/org-sync';
import { orgSyncRoutes } from '../../people/org-sync-routes';
import type { Logger } from '../log/logger';
import type { GraphClients } from './client';
import { createGraph } from './graph';

export interface GraphFeatures {
  routers: Router[];
  publicRouters: Router[];
  jobs: Job[];
  graph: GraphClients;
  notifications: NotificationService;
  orgSync: OrgSync;
}

export function buildGraphFeatures(deps: {
  db: Db;
  clock: () => Date;
  config: Config;
  log: Logger;
  graph?: GraphClients;
}): GraphFeatures {
  const graph = deps.graph ?? createGraph(deps);
  const notifications = createNotificationService({
    db: deps.db,
    graph,
    config: deps.config,
    log: deps.log,
    clock: deps.clock,
  });
  const orgSync = createOrgSync({
    db: deps.db,
    graph,
    config: deps.config,
    log: deps.log,
    clock: deps.clock,
  });
  const jobs: Job[] = [
    {
      name: 'graph-subscription-renewal',
      intervalMs: 30 * 60_000,
      run: async (now) => {
        await notifications.renewSubscriptions(now);
      },
    },
  ];
  // It looks every few minutes which tenants are due, so each tenant's next run is an
  // interval after its last one ended (the Admin view shows when).
  if (deps.config.ORG_SYNC_INTERVAL_MINUTES > 0)
    jobs.push({
      name: 'org-sync',
      intervalMs: Math.min(deps.config.ORG_SYNC_INTERVAL_MINUTES, 5) * 60_000,
      run: (now) => orgSync.syncDueTenants(now),
    });
  return {
    routers: [
      evidenceRoutes({ db: deps.db, clock: deps.clock, graph, watcher: notifications.watcher }),
      orgSyncRoutes(orgSync),
    ],
    publicRouters: [notificationRoutes(notifications)],
    jobs,
    graph,
    notifications,
    orgSync,
  };
}
