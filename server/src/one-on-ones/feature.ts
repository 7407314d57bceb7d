/**
 * Risks, the weekly digest and 1-on-1 prep cards as one pluggable feature: routers, the
 * two delivery jobs, and their OpenAPI operations. features.ts adds it to the app.
 */
import type { Router } from 'express';
import type { Db } from 'mongodb';
import * as c from '@throughline/contracts';
import type { Config } from '../config';
import type { Job } from '../jobs/scheduler';
import type { GraphClients } from '../platform/graph/client';
import { registerOperations } from '../platform/http/openapi';
import type { Logger } from '../platform/log/logger';
import { runWeeklyDigest, type DeliveryJobDeps } from '../risks/digest-job';
import { jobRoutes, riskRoutes } from '../risks/routes';
import { riskSightingsJob } from '../risks/sightings-job';
import { runPrepCards } from './prep-job';
import { oneOnOneRoutes } from './routes';

registerOperations([
  {
    method: 'get',
    path: '/api/settings',
    summary: 'The tenant’s settings: check-in rhythm, risk thresholds, prep-card lead time',
    response: c.TenantSettings,
  },
  {
    method: 'patch',
    path: '/api/settings',
    summary: 'Change the tenant’s settings (admins; send the version you read)',
    body: c.UpdateSettingsRequest,
    response: c.TenantSettings,
  },
  {
    method: 'get',
    path: '/api/risks',
    summary: 'What the risk rules find for a person, a team (with sub-teams) or a cycle, and why',
    query: c.RisksQuery,
    response: c.RiskReport,
  },
  {
    method: 'get',
    path: '/api/digest',
    summary: 'What changed in a week for a person or a team, from the narrative',
    query: c.DigestQuery,
    response: c.Digest,
  },
  {
    method: 'get',
    path: '/api/one-on-ones',
    summary: 'My upcoming and recent 1-on-1s, as manager or as report',
    query: c.ListOneOnOnesQuery,
    response: c.Page(c.OneOnOneSummary),
  },
  {
    method: 'get',
    path: '/api/one-on-ones/{id}',
    summary: 'A 1-on-1 with its prep card (Adaptive Card 1.5 and data), notes and action items',
    response: c.OneOnOneDetail,
  },
  {
    method: 'get',
    path: '/api/one-on-ones/by-event/{eventId}',
    summary: 'The 1-on-1 of a calendar event (the manager’s or the caller’s own copy)',
    response: c.OneOnOneDetail,
  },
  {
    method: 'get',
    path: '/api/one-on-ones/by-chat/{chatId}',
    summary:
      'The 1-on-1 of a Teams meeting chat (meeting side panel): the occurrence under way or next',
    response: c.OneOnOneDetail,
  },
  {
    method: 'post',
    path: '/api/one-on-ones/{id}/notes',
    summary: 'Add a shared note',
    body: c.AddNoteRequest,
    response: c.OneOnOneNote,
    status: 201,
    isIdempotent: true,
  },
  {
    method: 'post',
    path: '/api/one-on-ones/{id}/action-items',
    summary: 'Agree an action item; it stays open across occurrences until completed',
    body: c.CreateActionItemRequest,
    response: c.ActionItem,
    status: 201,
    isIdempotent: true,
  },
  {
    method: 'patch',
    path: '/api/one-on-ones/{id}/action-items/{itemId}',
    summary: 'Complete, reopen or edit an action item (send the version you read)',
    body: c.UpdateActionItemRequest,
    response: c.ActionItem,
  },
  {
    method: 'post',
    path: '/api/admin/jobs/{name}/run',
    summary: 'Run the weekly-digest or prep-cards job for your tenant now (admins)',
    response: c.JobRunResult,
  },
]);

export interface RiskFeatureDeps {
  db: Db;
  clock: () => Date;
  config: Config;
  log: Logger;
  graph: GraphClients | null;
}

export function buildRiskAndOneOnOneFeature(deps: RiskFeatureDeps): {
  routers: Router[];
  jobs: Job[];
} {
  const routeDeps = { db: deps.db, clock: deps.clock };
  const graphFor = deps.graph ? (tenantId: string) => deps.graph!.forApp(tenantId) : null;
  const oneOnOnes = oneOnOneRoutes(routeDeps, {
    graphFor,
    publicUrl: deps.config.publicUrl,
    teamsAppId: deps.config.TEAMS_APP_ID,
    log: deps.log,
  });
  const sightings = riskSightingsJob({ db: deps.db, log: deps.log });
  if (!graphFor)
    return {
      routers: [riskRoutes(routeDeps), oneOnOnes, jobRoutes(routeDeps, {})],
      jobs: [sightings],
    };
  const jobDeps: DeliveryJobDeps = {
    db: deps.db,
    clock: deps.clock,
    config: deps.config,
    log: deps.log,
    graphFor,
  };
  const jobs: Job[] = [
    sightings,
    // Hourly: the digest goes out from the tenant's digest hour on its check-in day.
    {
      name: 'weekly-digest',
      intervalMs: 60 * 60_000,
      run: async (now) => void (await runWeeklyDigest(jobDeps, now)),
    },
    // Every five minutes, so a card arrives close to its lead time before the meeting.
    {
      name: 'prep-cards',
      intervalMs: 5 * 60_000,
      run: async (now) => void (await runPrepCards(jobDeps, now)),
    },
  ];
  const runners = {
    'weekly-digest': (now: Date, options: { tenantId: string; isForced: boolean }) =>
      runWeeklyDigest(jobDeps, now, options),
    'prep-cards': (now: Date, options: { tenantId: string; isForced: boolean }) =>
      runPrepCards(jobDeps, now, options),
  };
  return { routers: [riskRoutes(routeDeps), oneOnOnes, jobRoutes(routeDeps, runners)], jobs };
}
