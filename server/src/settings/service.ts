/** Tenant settings: everyone in the tenant reads them (the tab shows the cadence); admins change them. */
import type { TenantSettings, UpdateSettingsRequest } from '@throughline/contracts';
import { editVersioned, requestedChanges } from '../narrative/versioned';
import type { Context } from '../platform/context';
import { AppError } from '../platform/http/errors';
import { SettingsStore } from './store';

export async function getSettings(ctx: Pick<Context, 'db' | 'principal'>): Promise<TenantSettings> {
  return new SettingsStore(ctx.db, ctx.principal.tenantId).read();
}

/** Every change makes a new version, even one that sets what was already there. */
export async function updateSettings(
  ctx: Context,
  request: UpdateSettingsRequest,
): Promise<TenantSettings> {
  if (!ctx.principal.isAdmin)
    throw new AppError('forbidden', 'Only an admin can change the tenant’s settings.');
  const store = new SettingsStore(ctx.db, ctx.principal.tenantId);
  const { after } = await editVersioned({
    load: async () => ({ before: await store.read() }),
    version: request.version,
    what: 'the settings',
    change: ({ before }): TenantSettings => ({
      ...before,
      ...requestedChanges(request),
      updatedAt: ctx.now.toISOString(),
      updatedBy: ctx.principal.userId,
    }),
    commit: (after) => store.commit(after),
  });
  return after;
}
