/** Closing the quarter: the reminder when a cycle ends, the business review (the print page's data) and its deck. */
import { endpoints as api } from '@throughline/contracts';
import { on } from '../platform/http/endpoints';
import type { FeatureModule, ModuleDeps } from '../platform/module';
import type { DeliveryJobDeps } from '../risks/digest-job';
import { runCycleEndedReminders } from './cycle-ended-job';
import { businessReviewDeck, deckFileName } from './deck';
import { getBusinessReview } from './service';

export function quarterModule(deps: ModuleDeps): FeatureModule {
  const jobDeps: DeliveryJobDeps = { ...deps, graphFor: (tenantId) => deps.graph.forApp(tenantId) };
  return {
    name: 'quarter',
    endpoints: [
      on(api.businessReview.get, (ctx, { query }) => getBusinessReview(ctx, query)),
      on(api.businessReview.deck, async (ctx, { query }) => {
        const review = await getBusinessReview(ctx, query);
        return { fileName: deckFileName(review), bytes: await businessReviewDeck(review) };
      }),
    ],
    jobs: [
      {
        name: 'cycle-ended',
        intervalMs: 60 * 60_000,
        run: async (now) => void (await runCycleEndedReminders(jobDeps, now)),
      },
    ],
    tenantJobs: [
      { name: 'cycle-ended', run: (now, options) => runCycleEndedReminders(jobDeps, now, options) },
    ],
  };
}
