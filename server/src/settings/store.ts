/**
 * Tenant settings live in the tenant's document in `tenants` (under `settings`, so other
 * fields there are left alone). Each change is first inserted into `settingsChanges` under
 * `_id = {tenantId}:{version}` — the insert is the serialisation point (FerretDB's
 * conditional updates are not atomic), the `$set` on `tenants` follows, and a read
 * re-applies any change the tenant document has not caught up with.
 */
import type { Db } from 'mongodb';
import type { TenantSettings } from '@throughline/contracts';
import { isDuplicateKey, TenantStore } from '../platform/db/documents';
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
  checkInReminders: true,
  version: 1,
  updatedAt: null,
  updatedBy: null,
};

interface TenantDocument {
  id: string;
  settings?: Partial<TenantSettings>;
}
interface SettingsChange {
  id: string;
  settings: TenantSettings;
  at: string;
}

export class SettingsStore {
  private readonly tenants: TenantStore<TenantDocument>;
  private readonly changes: TenantStore<SettingsChange>;
  constructor(
    db: Db,
    private readonly tenantId: string,
  ) {
    this.tenants = new TenantStore(db, TENANTS, tenantId);
    this.changes = new TenantStore(db, SETTINGS_CHANGES, tenantId);
  }

  private changeId(version: number) {
    return `${this.tenantId}:${version}`;
  }

  async read(): Promise<TenantSettings> {
    const tenant = await this.tenants.findById(this.tenantId);
    let current: TenantSettings = { ...DEFAULT_SETTINGS, ...(tenant?.settings ?? {}) };
    for (;;) {
      const next = await this.changes.findById(this.changeId(current.version + 1));
      if (!next) return current;
      current = next.settings;
      await this.writeTenant(current);
    }
  }

  /** Records version N+1; a second writer based on the same version gets `version_conflict`. */
  async commit(after: TenantSettings): Promise<void> {
    try {
      await this.changes.insert({
        id: this.changeId(after.version),
        settings: after,
        at: new Date().toISOString(),
      });
    } catch (error) {
      if (error instanceof AppError && error.code === 'already_exists')
        throw new AppError(
          'version_conflict',
          'Someone changed the settings in the meantime. Reload to see their change, then try again.',
        );
      throw error;
    }
    await this.writeTenant(after);
  }

  private async writeTenant(settings: TenantSettings) {
    const write = () =>
      this.tenants.collection.updateOne(
        { _id: this.tenantId as never, tenantId: this.tenantId },
        { $set: { tenantId: this.tenantId, settings } },
        { upsert: true },
      );
    // Requests that catch the tenant up at once race on its first upsert; FerretDB answers
    // the losers with a duplicate key, and then the document is there to update.
    await write().catch((error: unknown) => {
      if (!isDuplicateKey(error)) throw error;
      return write();
    });
  }
}
