/**
 * Graph refusing a token the server cached (here: the identity provider rolled its signing
 * key, as after a restart of a sandbox without its keys, or a revoked token in production):
 * the server drops that token, acquires a new one once and the call succeeds — one 401 per
 * call, no storm, no wait for the next scheduled run.
 *
 * This file starts a sandbox of its own: rolling the keys of the shared one would refuse the
 * tokens of every other test running beside it.
 */
import { createApiClient, endpoints, type ApiClient } from '@throughline/contracts';
import { findSeedPersonByName, startSandbox, type RunningSandbox } from '@throughline/sandbox';
import { startTestApp, type TestApp } from '../../../tests/support/app';
import { openTestDatabase } from '../../../tests/support/database';

interface SyncStatus {
  state: string;
  created: number;
  updated: number;
}

describe('a Graph token refused after the identity provider rolled its key', () => {
  const database = openTestDatabase('refusedtoken');
  let sandbox: RunningSandbox;
  let app: TestApp;

  const control = async (method: string, path: string) => {
    const response = await fetch(`${sandbox.graphUrl}/_sandbox${path}`, { method });
    if (!response.ok) throw new Error(`sandbox ${method} ${path}: ${response.status}`);
    return (await response.json()) as Record<string, unknown>;
  };
  const requestsTo = async (path: string) =>
    ((await control('GET', '/requests')).byPath as Record<string, number>)[path] ?? 0;

  /** A client whose token is issued now, by the sandbox's current key. */
  function clientFor(name: string): ApiClient {
    const person = findSeedPersonByName(name);
    const token = sandbox.identity.issueUserToken({
      tenantId: person.tenantId,
      userId: person.id,
    });
    return createApiClient({
      baseUrl: app.url,
      getToken: () => token,
      validateAgainst: endpoints,
    });
  }

  async function sync(admin: ApiClient): Promise<SyncStatus> {
    await admin.request<SyncStatus>('POST', '/admin/org-sync', { body: {} });
    const deadline = Date.now() + 20_000;
    for (;;) {
      const status = await admin.request<SyncStatus>('GET', '/admin/org-sync');
      if (status.state !== 'running' || Date.now() > deadline) return status;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  beforeAll(async () => {
    sandbox = await startSandbox();
    app = await startTestApp(database, {
      config: { AUTH_AUTHORITY: sandbox.identityUrl, GRAPH_BASE_URL: sandbox.graphUrl },
    });
  });
  afterAll(async () => {
    await app?.close();
    await sandbox?.stop();
    await database.close();
  });

  const addFault = async (rule: Record<string, unknown>) => {
    const response = await fetch(`${sandbox.graphUrl}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(rule),
    });
    if (!response.ok) throw new Error(`fault: ${response.status}`);
  };

  it('acquires a new on-behalf-of token once when Graph refuses a delegated call', async () => {
    const diego = clientFor('Diego Siciliani');
    await diego.evidence.searchDocuments({ q: 'onboarding' });
    // The exchanged token is cached (in the database, per person): a second call asks Entra ID nothing.
    const first = sandbox.identity.counters.onBehalfOf!;
    await diego.evidence.searchDocuments({ q: 'onboarding' });
    expect(sandbox.identity.counters.onBehalfOf!).toBe(first);
    const tokensBefore = sandbox.identity.counters.onBehalfOf!;
    const searchesBefore = await requestsTo('/v1.0/search/query');
    await addFault({ pathPrefix: '/search/query', status: 401, times: 1 });

    const found = await diego.evidence.searchDocuments({ q: 'onboarding check' });
    expect(found.items.length).toBeGreaterThan(0);
    expect(sandbox.identity.counters.onBehalfOf! - tokensBefore).toBe(1);
    expect(await requestsTo('/v1.0/search/query')).toBe(searchesBefore + 2);
  });

  it('reports a refusal that a new token does not cure, after one retry', async () => {
    // Graph refuses every token for the delta call: the new token is refused too, and the
    // sync reports the failure rather than asking again and again.
    await addFault({ pathPrefix: '/users/delta', status: 401, times: 5 });
    const deltaBefore = await requestsTo('/v1.0/users/delta');
    const status = await sync(clientFor('Raul Razo'));
    expect(status.state).toBe('failed');
    expect((await requestsTo('/v1.0/users/delta')) - deltaBefore).toBe(2);
    await fetch(`${sandbox.graphUrl}/_sandbox/faults`, { method: 'DELETE' });
  });

  it('acquires a new app-only token once and finishes the org sync', async () => {
    // The admin's API token stays valid for the server (it still holds the old key, as it
    // would for a token issued just before a roll); the cached Graph token is what Graph refuses.
    const admin = clientFor('Raul Razo');
    expect(await sync(admin)).toMatchObject({ state: 'succeeded' });
    const tokensBefore = sandbox.identity.counters.clientCredentials!;
    const deltaBefore = await requestsTo('/v1.0/users/delta');

    const rolled = await control('POST', '/identity/keys/roll');
    expect(rolled.kid).not.toEqual(rolled.previousKid);

    expect(await sync(admin)).toMatchObject({ state: 'succeeded' });
    // One new client-credentials token, and the refused first page asked exactly once more.
    expect(sandbox.identity.counters.clientCredentials! - tokensBefore).toBe(1);
    expect(await requestsTo('/v1.0/users/delta')).toBe(deltaBefore + 2);
  });
});
