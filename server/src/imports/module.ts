/** Importing objectives and key results from a spreadsheet or a Viva Goals export. */
import { endpoints as api } from '@throughline/contracts';
import { on } from '../platform/http/endpoints';
import type { FeatureModule } from '../platform/module';
import { importOkrs } from './service';

export function importsModule(): FeatureModule {
  return {
    name: 'imports',
    endpoints: [on(api.imports.run, (ctx, { body, query }) => importOkrs(ctx, body, query))],
  };
}
