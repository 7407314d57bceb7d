/** First-admin setup and the tenant's list of Throughline admins. */
import { endpoints as api } from '@throughline/contracts';
import { on } from '../platform/http/endpoints';
import type { FeatureModule, ModuleDeps } from '../platform/module';
import type { Context } from '../platform/context';
import * as admins from './service';

export function adminsModule(
  deps: ModuleDeps & {
    /** Called once a tenant's first admin finished setup (the org sync starts for it). */
    onSetUp?: (tenantId: string) => void;
  },
): FeatureModule {
  const withGraph = (ctx: Context) => ({ ...ctx, graph: deps.graph });
  return {
    name: 'admins',
    endpoints: [
      on(api.setup.get, (ctx) => admins.setupState(withGraph(ctx))),
      on(api.setup.becomeFirstAdmin, async (ctx) => {
        const roster = await admins.becomeFirstAdmin(withGraph(ctx));
        deps.onSetUp?.(ctx.principal.tenantId);
        return roster;
      }),
      on(api.admins.list, (ctx) => admins.listAdmins(ctx)),
      on(api.admins.add, (ctx, { body }) => admins.addAdmin(ctx, body.personId)),
      on(api.admins.remove, (ctx, { params }) => admins.removeAdmin(ctx, params.personId)),
    ],
  };
}
