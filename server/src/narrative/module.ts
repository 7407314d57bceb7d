/** The goal narrative: every change, in order, as those who may see it may read it. */
import { endpoints as api } from '@throughline/contracts';
import { on } from '../platform/http/endpoints';
import type { FeatureModule } from '../platform/module';
import { readNarrative } from './service';

export function narrativeModule(): FeatureModule {
  return {
    name: 'narrative',
    endpoints: [on(api.narrative, (ctx, { query }) => readNarrative(ctx, query))],
  };
}
