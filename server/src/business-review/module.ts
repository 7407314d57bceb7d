/** The business review: its data (for the print page) and its PowerPoint deck. */
import { endpoints as api } from '@throughline/contracts';
import { on } from '../platform/http/endpoints';
import type { FeatureModule } from '../platform/module';
import { businessReviewDeck, deckFileName } from './deck';
import { getBusinessReview } from './service';

export function businessReviewModule(): FeatureModule {
  return {
    name: 'business-review',
    endpoints: [
      on(api.businessReview.get, (ctx, { query }) => getBusinessReview(ctx, query)),
      on(api.businessReview.deck, async (ctx, { query }) => {
        const review = await getBusinessReview(ctx, query);
        return { fileName: deckFileName(review), bytes: await businessReviewDeck(review) };
      }),
    ],
  };
}
