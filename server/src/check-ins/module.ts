/** Check-ins on key results and the comments on them. */
import { endpoints as api } from '@throughline/contracts';
import { on } from '../platform/http/endpoints';
import type { FeatureModule } from '../platform/module';
import { checkInKeyResult, commentOnCheckIn, listCheckIns } from './service';

export function checkInsModule(): FeatureModule {
  return {
    name: 'check-ins',
    endpoints: [
      on(api.keyResults.checkIn, (ctx, { params, body }) => checkInKeyResult(ctx, params.id, body)),
      on(api.keyResults.checkIns, (ctx, { params }) => listCheckIns(ctx, params.id)),
      on(api.checkIns.comment, (ctx, { params, body }) => commentOnCheckIn(ctx, params.id, body)),
    ],
  };
}
