/**
 * Development sign-in for a plain browser: pick a demo person from the sandbox identity
 * provider and use a token it signs for them. Only offered when the server's client
 * config names a development sign-in URL, which production never sets. The chosen person
 * (not the token) is kept in sessionStorage so a reload stays signed in as them.
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

export interface DevSignIn {
  identity: DevIdentity;
  getToken(): Promise<string>;
}

const storageKey = 'throughline.devSignIn';

export async function listDemoPeople(devSignInUrl: string): Promise<DemoTenant[]> {
  const response = await fetch(`${devSignInUrl.replace(/\/$/, '')}/dev/people`);
  if (!response.ok) throw new Error(`The development sign-in answered ${response.status}.`);
  return ((await response.json()) as { tenants: DemoTenant[] }).tenants;
}

export function rememberedIdentity(storage: Storage = sessionStorage): DevIdentity | null {
  try {
    const stored = JSON.parse(storage.getItem(storageKey) ?? 'null') as DevIdentity | null;
    return stored && typeof stored.tenantId === 'string' && typeof stored.userId === 'string' ? stored : null;
  } catch {
    return null;
  }
}

export function forgetIdentity(storage: Storage = sessionStorage): void {
  storage.removeItem(storageKey);
}

/** Signs in as the person and keeps a fresh token for them, renewed a minute before it expires. */
export async function signInAs(devSignInUrl: string, identity: DevIdentity, storage: Storage = sessionStorage): Promise<DevSignIn> {
  let token = '';
  let expiresAt = 0;
  let pending: Promise<string> | undefined;
  async function fetchToken(): Promise<string> {
    const response = await fetch(`${devSignInUrl.replace(/\/$/, '')}/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenantId: identity.tenantId, userId: identity.userId }),
    });
    if (!response.ok) throw new Error(`The development sign-in refused ${identity.displayName} (${response.status}).`);
    const body = (await response.json()) as { access_token: string; expires_in: number };
    token = body.access_token;
    expiresAt = Date.now() + (body.expires_in - 60) * 1000;
    return token;
  }
  await fetchToken();
  storage.setItem(storageKey, JSON.stringify(identity));
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
