import type { ApiError } from '@throughline/contracts';
import { createApiClient, type ApiClient } from '@throughline/contracts';
import { CONTOSO_TENANT_ID, seedTenants } from '@throughline/sandbox';
import { startTestApp, type TestApp } from '../../../tests/support/app';
import { openTestDatabase } from '../../../tests/support/database';
import { clientFor } from '../../../tests/support/okr-api';

interface Status {
  state: string;
  mode: string | null;
  pages: number;
  seen: number;
  created: number;
  updated: number;
  deactivated: number;
  graphRequests: number;
  hasDeltaLink: boolean;
}

const control = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${process.env.TEST_GRAPH_URL}/_sandbox${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`sandbox ${method} ${path}: ${response.status}`);
  return response.status === 204 ? null : ((await response.json()) as Record<string, unknown>);
};
const deltaRequests = async () =>
  ((await control('GET', '/requests'))!.byPath as Record<string, number>)['/v1.0/users/delta'] ?? 0;

describe('org sync from the directory', () => {
  const database = openTestDatabase('orgsync');
  let app: TestApp;
  let admin: ApiClient;
  const contoso = seedTenants.find((tenant) => tenant.id === CONTOSO_TENANT_ID)!;

  async function sync(): Promise<Status> {
    const started = await admin.request<Status>('POST', '/admin/org-sync', { body: {} });
    expect(['running', 'succeeded']).toContain(started.state);
    const deadline = Date.now() + 20_000;
    for (;;) {
      const status = await admin.request<Status>('GET', '/admin/org-sync');
      if (status.state !== 'running' || Date.now() > deadline) return status;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  beforeAll(async () => {
    // Pages of 5 so the first round needs several pages and the delta round visibly fewer.
    app = await startTestApp(database, { config: { ORG_SYNC_PAGE_SIZE: '5' } });
    admin = clientFor(app.url, 'Raul Razo');
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('says plainly which permission an admin must grant when the tenant never consented', async () => {
    // A tenant of its own, so taking its consent away touches no other test.
    const generated = (await control('POST', '/tenants/generate', {
      people: 6,
      name: 'Not yet consented',
    }))! as { tenantId: string; rootUserId: string };
    await fetch(
      `${process.env.TEST_GRAPH_URL}/_sandbox/tenants/${generated.tenantId}/consent?type=application`,
      { method: 'DELETE' },
    );
    const token = await fetch(`${process.env.TEST_IDENTITY_URL}/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenantId: generated.tenantId, userId: generated.rootUserId }),
    }).then(async (response) => ((await response.json()) as { access_token: string }).access_token);
    const theirAdmin = createApiClient({ baseUrl: app.url, getToken: async () => token });
    await theirAdmin.request('POST', '/admin/org-sync', { body: {} });
    let status = await theirAdmin.request<Status & { error: string | null }>(
      'GET',
      '/admin/org-sync',
    );
    for (let polls = 0; status.state === 'running' && polls < 400; polls += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = await theirAdmin.request('GET', '/admin/org-sync');
    }
    expect(status.state).toBe('failed');
    expect(status.error).toMatch(/User\.Read\.All/);
    expect(status.error).toMatch(/Grant admin consent/);
  });

  it('is for admins only', async () => {
    const error = (await clientFor(app.url, 'Diego Siciliani')
      .request('POST', '/admin/org-sync', { body: {} })
      .catch((caught: unknown) => caught)) as ApiError;
    expect(error.status).toBe(403);
  });

  it('syncs the demo organisation, then follows the delta link with far fewer requests', async () => {
    const before = await deltaRequests();
    const first = await sync();
    const firstRequests = (await deltaRequests()) - before;
    expect(first).toMatchObject({ state: 'succeeded', mode: 'full', hasDeltaLink: true });
    expect(first.seen).toBeGreaterThanOrEqual(contoso.people.length);
    expect(first.pages).toBe(Math.ceil(first.seen / 5));
    expect(firstRequests).toBeGreaterThanOrEqual(first.pages);

    const people = await database.db
      .collection('people')
      .find({ tenantId: CONTOSO_TENANT_ID })
      .toArray();
    for (const person of contoso.people) {
      const stored = people.find((candidate) => candidate._id === (person.id as unknown));
      expect(stored).toMatchObject({
        displayName: person.displayName,
        mail: person.mail,
        jobTitle: person.jobTitle,
        department: person.department,
        managerId: person.managerId,
        isActive: true,
      });
      expect(stored!.updatedAt).toBeInstanceOf(Date);
    }

    const middle = await deltaRequests();
    const second = await sync();
    const secondRequests = (await deltaRequests()) - middle;
    expect(second).toMatchObject({
      state: 'succeeded',
      mode: 'delta',
      created: 0,
      updated: 0,
      deactivated: 0,
    });
    expect(secondRequests).toBe(1);
    expect(secondRequests * 4).toBeLessThan(firstRequests);
  });

  it('runs once when two servers start the same tenant’s sync at the same moment', async () => {
    const other = await startTestApp(database, { config: { ORG_SYNC_PAGE_SIZE: '5' } });
    try {
      const otherAdmin = clientFor(other.url, 'Raul Razo');
      const before = await deltaRequests();
      const answers = await Promise.all([
        admin.request<Status>('POST', '/admin/org-sync', { body: {} }),
        otherAdmin.request<Status>('POST', '/admin/org-sync', { body: {} }),
      ]);
      expect(answers.every((answer) => ['running', 'succeeded'].includes(answer.state))).toBe(true);
      const deadline = Date.now() + 20_000;
      let status = await admin.request<Status>('GET', '/admin/org-sync');
      while (status.state === 'running' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        status = await admin.request<Status>('GET', '/admin/org-sync');
      }
      expect(status).toMatchObject({ state: 'succeeded', mode: 'delta' });
      // One delta round, not two.
      expect((await deltaRequests()) - before).toBe(1);
    } finally {
      await other.close();
    }
  });

  it('runs by itself an interval after the last run ended, and says when', async () => {
    const last = await admin.orgSync.status();
    expect(last.state).toBe('succeeded');
    const finishedAt = Date.parse(last.finishedAt!);
    // The default interval: 360 minutes after the last run ended.
    expect(Date.parse(last.nextRunAt!)).toBe(finishedAt + 360 * 60_000);
    const orgSync = app.features.orgSync;
    await orgSync.syncDueTenants(new Date(finishedAt + 359 * 60_000));
    expect((await admin.orgSync.status()).finishedAt).toBe(last.finishedAt);
    await orgSync.syncDueTenants(new Date(finishedAt + 361 * 60_000));
    const after = await admin.orgSync.status();
    expect(after).toMatchObject({ state: 'succeeded', mode: 'delta' });
    expect(Date.parse(after.finishedAt!)).toBeGreaterThan(finishedAt);
  });

  it('marks someone who leaves the directory inactive and keeps their record', async () => {
    const joined = (await control('POST', `/tenants/${CONTOSO_TENANT_ID}/users`, {
      displayName: 'Temporary Contractor',
      jobTitle: 'Contractor',
      department: 'Operations',
      managerId: contoso.people[0]!.id,
    }))!;
    const id = String(joined.id);
    try {
      const afterJoin = await sync();
      expect(afterJoin).toMatchObject({ mode: 'delta', created: 1 });
      expect(await database.db.collection('people').findOne({ _id: id as never })).toMatchObject({
        displayName: 'Temporary Contractor',
        managerId: contoso.people[0]!.id,
        isActive: true,
      });
    } finally {
      await control('DELETE', `/tenants/${CONTOSO_TENANT_ID}/users/${id}`);
    }
    const afterLeave = await sync();
    expect(afterLeave).toMatchObject({ mode: 'delta', deactivated: 1 });
    expect(await database.db.collection('people').findOne({ _id: id as never })).toMatchObject({
      displayName: 'Temporary Contractor',
      isActive: false,
    });
  });
});
