/**
 * Tenant settings live in the tenant's document in `tenants` (under `settings`, so other
 * features' fields there are left alone). Each change is first inserted into
 * `settingsChanges` under `_id = {tenantId}:{version}` — the insert is the serialisation
 * point (FerretDB's conditional updates are not atomic), the `$set` on `tenants` follows,
 * and a read re-applies any change the tenant document has not caught up with.
 */
import type { Db } from 'mongodb';
import type { TenantSettings } from '@throughline/contracts';
import { isDuplicateKey } from '../platform/db/documents';
import { AppError } from '../platform/http/errors';

export const TENANTS = 'tenants';
export const SETTINGS_CHANGES = 'settingsChanges';

export const DEFAULT_SETTINGS: TenantSettings = {
  checkInCadenceDays: 7,
  checkInWeekday: 'friday',
  digestHour: 16,
  timeZone: 'UTC',
  paceTolerance: 0.1,
  confidenceDrop: 2,
  greenWithoutProofWeeks: 3,
  prepCardLeadMinutes: 60,
  oneOnOneLookaheadDays: 7,
  version: 1,
  updatedAt: null,
  updatedBy: null,
};

export class SettingsStore {
  private readonly tenants;
  private readonly changes;
  constructor(
    db: Db,
    private readonly tenantId: string,
  ) {
    this.tenants = db.collection<{ _id: string; [field: string]: unknown }>(TENANTS);
    this.changes = db.collection<{ _id: string; [field: string]: unknown }>(SETTINGS_CHANGES);
  }

  async read(): Promise<TenantSettings> {
    const doc = await this.tenants.findOne(
      { _id: this.tenantId, tenantId: this.tenantId },
      { projection: { settings: 1 } },
    );
    let current: TenantSettings = {
      ...DEFAULT_SETTINGS,
      ...((doc?.settings as Partial<TenantSettings> | undefined) ?? {}),
    };
    for (;;) {
      const next = await this.changes.findOne({
        _id: `${this.tenantId}:${current.version + 1}`,
        tenantId: this.tenantId,
      });
      if (!next) return current;
      current = next.settings as TenantSettings;
      await this.writeTenant(current);
    }
  }

  /** Records version N+1; a second writer based on the same version gets `version_conflict`. */
  async commit(after: TenantSettings): Promise<void> {
    try {
      await this.changes.insertOne({
        _id: `${this.tenantId}:${after.version}`,
        tenantId: this.tenantId,
        settings: after,
        at: new Date(),
      });
    } catch (error) {
      if (isDuplicateKey(error))
        throw new AppError(
          'version_conflict',
          'Someone changed the settings in the meantime. Reload to see their change, then try again.',
        );
      throw error;
    }
    await this.writeTenant(after);
  }

  private async writeTenant(settings: TenantSettings) {
    await this.tenants.updateOne(
      { _id: this.tenantId, tenantId: this.tenantId },
      { $set: { tenantId: this.tenantId, settings } },
      { upsert: true },
    );
  }
}

/** Every tenant that has people (org sync or first sign-in): the jobs' list of work. */
export async function knownTenantIds(db: Db): Promise<string[]> {
  const ids = await db.collection('people').distinct('tenantId');
  return ids.filter((id): id is string => typeof id === 'string').sort();
}
