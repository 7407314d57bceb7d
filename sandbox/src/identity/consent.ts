/**
 * What each tenant's admin consented to for Throughline, as Entra ID keeps it: the Graph
 * permissions the app registration requests (manifest/src/app-registration.ts) are not
 * granted by requesting them; an admin grants them (a portal click in Entra, a control
 * call here). Tokens carry only what is granted: `.default` on the on-behalf-of grant
 * becomes the consented delegated scopes, and an app-only token's `roles` the consented
 * application permissions — none when nothing was granted, as Entra issues it.
 */
import {
  requestedPermissions,
  type PermissionType,
} from '@throughline/manifest/src/app-registration';

interface Grants {
  delegated: Set<string>;
  application: Set<string>;
}

export class ConsentLedger {
  private readonly grants = new Map<string, Grants>();

  /** Tenants that start without any consent; every other tenant starts with admin consent given. */
  constructor(private readonly unconsentedAtStart: ReadonlySet<string> = new Set()) {}

  private of(tenantId: string): Grants {
    let grants = this.grants.get(tenantId);
    if (!grants) {
      const isConsented = !this.unconsentedAtStart.has(tenantId);
      grants = {
        delegated: new Set(isConsented ? requestedPermissions('delegated') : []),
        application: new Set(isConsented ? requestedPermissions('application') : []),
      };
      this.grants.set(tenantId, grants);
    }
    return grants;
  }

  /** "Grant admin consent for the tenant": everything the registration requests, or the listed ones. */
  grant(tenantId: string, type: PermissionType, values = requestedPermissions(type)): void {
    for (const value of values) this.of(tenantId)[type].add(value);
  }

  revoke(tenantId: string, type: PermissionType, values?: string[]): void {
    const granted = this.of(tenantId)[type];
    for (const value of values ?? [...granted]) granted.delete(value);
  }

  granted(tenantId: string, type: PermissionType): string[] {
    return [...this.of(tenantId)[type]].sort();
  }
}
