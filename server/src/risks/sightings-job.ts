/**
 * Hourly: records when each risk finding of every tenant was first seen, so a past week's
 * digest can say which risks were new that week. Reads never record (a GET writes
 * nothing); the first sighting is an insert under `{tenant}:{finding id}`, so two servers
 * running this job at once record each finding once.
 */
import type { Db } from 'mongodb';
import type { Job } from '../platform/jobs/scheduler';
import type { Logger } from '../platform/log/logger';
import { recordRiskSightings } from './service';
import { knownTenantIds } from '../people/service';
import { systemContext } from '../platform/auth/system-context';

export function riskSightingsJob(deps: { db: Db; log: Logger }): Job {
  return {
    name: 'risk-sightings',
    intervalMs: 60 * 60_000,
    async run(now) {
      for (const tenantId of await knownTenantIds(deps.db)) {
        try {
          await recordRiskSightings(systemContext(deps.db, tenantId, now));
        } catch (error) {
          deps.log.warn({ err: error, tenantId }, 'could not record risk sightings; will retry');
        }
      }
    },
  };
}
