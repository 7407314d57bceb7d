/** The tenant's settings: check-in rhythm, risk thresholds, digest hour, prep-card lead time. */
import { endpoints as api } from '@throughline/contracts';
import { on } from '../platform/http/endpoints';
import type { FeatureModule } from '../platform/module';
import { getSettings, updateSettings } from './service';

export function settingsModule(): FeatureModule {
  return {
    name: 'settings',
    endpoints: [
      on(api.settings.get, (ctx) => getSettings(ctx)),
      on(api.settings.update, (ctx, { body }) => updateSettings(ctx, body)),
    ],
  };
}
