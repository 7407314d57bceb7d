/**
 * Development sign-in for a plain browser, shared by the tab and the add-in: pick a demo
 * person from the sandbox identity provider and use tokens it signs for them. Offered only
 * when the server's client config names a development sign-in URL, which production never
 * sets. The chosen person (never the token) is kept in sessionStorage under the same key
 * the tab uses, so a reload — or opening the other front end in the same browser tab —
 * stays signed in as them.
 */
export interface DemoPerson {
  id: string;
  displayName: string;
  jobTitle: string;
  department: string;
  mail: string;
  managerId: string | null;
  isAdmin: boolean;
}

export interface DemoTenant {
  id: string;
  name: string;
  people: DemoPerson[];
}

export interface DevIdentity {
  tenantId: string;
  userId: string;
  displayName: string;
}

export interface DevSession {
  identity: DevIdentity;
  getToken(): Promise<string>;
}

export const devIdentityStorageKey = 'throughline.devSignIn';

export async function listDemoTenants(
  devSignInUrl: string,
  signal?: AbortSignal,
): Promise<DemoTenant[]> {
  const response = await fetch(`${devSignInUrl.replace(/\/$/, '')}/dev/people`, { signal });
  if (!response.ok) throw new Error(`The development sign-in answered ${response.status}.`);
  return ((await response.json()) as { tenants: DemoTenant[] }).tenants;
}

export function readDevIdentity(storage: Storage = sessionStorage): DevIdentity | null {
  try {
    const stored = JSON.parse(
      storage.getItem(devIdentityStorageKey) ?? 'null',
    ) as DevIdentity | null;
    return stored && typeof stored.tenantId === 'string' && typeof stored.userId === 'string'
      ? stored
      : null;
  } catch {
    return null;
  }
}

export function clearDevIdentity(storage: Storage = sessionStorage): void {
  storage.removeItem(devIdentityStorageKey);
}

/** Signs in as the person and keeps a token for them, renewed a minute before it expires. */
export async function startDevSession(
  devSignInUrl: string,
  identity: DevIdentity,
  storage: Storage = sessionStorage,
): Promise<DevSession> {
  let token = '';
  let expiresAt = 0;
  let pending: Promise<string> | undefined;
  async function fetchToken(): Promise<string> {
    const response = await fetch(`${devSignInUrl.replace(/\/$/, '')}/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenantId: identity.tenantId, userId: identity.userId }),
    });
    if (!response.ok)
      throw new Error(
        `The development sign-in refused ${identity.displayName} (${response.status}).`,
      );
    const body = (await response.json()) as { access_token: string; expires_in: number };
    token = body.access_token;
    expiresAt = Date.now() + (body.expires_in - 60) * 1000;
    return token;
  }
  await fetchToken();
  storage.setItem(devIdentityStorageKey, JSON.stringify(identity));
  return {
    identity,
    getToken() {
      if (token && Date.now() < expiresAt) return Promise.resolve(token);
      pending ??= fetchToken().finally(() => {
        pending = undefined;
      });
      return pending;
    },
  };
}
