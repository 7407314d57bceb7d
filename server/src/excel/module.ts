/** Excel-fed key results: linking a key result to a cell or named range, and the job that reads it. */
import { endpoints as api } from '@throughline/contracts';
import { on } from '../platform/http/endpoints';
import type { FeatureModule, ModuleDeps } from '../platform/module';
import type { Context } from '../platform/context';
import { linkExcelSource, unlinkExcelSource } from './link';
import { runExcelSources } from './read-job';

export function excelModule(deps: ModuleDeps): FeatureModule {
  const withGraph = (ctx: Context) => ({ ...ctx, graph: deps.graph });
  return {
    name: 'excel',
    endpoints: [
      on(api.keyResults.linkExcel, (ctx, { params, body }) =>
        linkExcelSource(withGraph(ctx), params.id, body),
      ),
      on(api.keyResults.unlinkExcel, (ctx, { params, query }) =>
        unlinkExcelSource(ctx, params.id, query.version),
      ),
    ],
    jobs: [
      // Hourly: each source is read once per cadence period (the ledger says whether it was);
      // the hourly runs retry failed reads and pick up new links soon after they are made.
      {
        name: 'excel-sources',
        intervalMs: 60 * 60_000,
        run: async (now) => void (await runExcelSources(deps, now)),
      },
    ],
    tenantJobs: [
      {
        name: 'excel-sources',
        run: (now, options) => runExcelSources(deps, now, { tenantId: options.tenantId }),
      },
    ],
  };
}
