/** Tenant settings: everyone in the tenant reads them (the tab shows the cadence); admins change them. */
import type { TenantSettings, UpdateSettingsRequest } from '@throughline/contracts';
import type { Context } from '../platform/context';
import { AppError } from '../platform/http/errors';
import { SettingsStore } from './settings-store';

export async function getSettings(ctx: Context): Promise<TenantSettings> {
  return new SettingsStore(ctx.db, ctx.principal.tenantId).read();
}

export async function updateSettings(
  ctx: Context,
  request: UpdateSettingsRequest,
): Promise<TenantSettings> {
  if (!ctx.principal.isAdmin)
    throw new AppError('forbidden', 'Only an admin can change the tenant’s settings.');
  const store = new SettingsStore(ctx.db, ctx.principal.tenantId);
  const before = await store.read();
  if (before.version !== request.version) {
    throw new AppError(
      'version_conflict',
      'Someone changed the settings in the meantime. Reload to see their change, then try again.',
      { current: before },
    );
  }
  const { version: _version, ...changes } = request;
  const defined = Object.fromEntries(
    Object.entries(changes).filter(([, value]) => value !== undefined),
  );
  const after: TenantSettings = {
    ...before,
    ...defined,
    version: before.version + 1,
    updatedAt: ctx.now.toISOString(),
    updatedBy: ctx.principal.userId,
  };
  await store.commit(after);
  return after;
}
