import { CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID, seedTenants, type RunningSandbox } from '../src';
import { appToken, callGraph, person, startTestSandbox, userToken } from './support';

let sandbox: RunningSandbox;
const diego = person('Diego Siciliani');
const alex = person('Alex Wilber');
const contosoPeople = seedTenants.find((tenant) => tenant.id === CONTOSO_TENANT_ID)!.people;

beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.stop());

type Page = {
  value: Array<Record<string, unknown>>;
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
};

async function walk(token: string, first: string, headers: Record<string, string> = {}) {
  const items: Array<Record<string, unknown>> = [];
  let link: string | undefined = first;
  let pages = 0;
  let deltaLink: string | undefined;
  while (link) {
    const answer: { status: number; body: Page } = await callGraph<Page>(sandbox, token, link, {
      headers,
    });
    expect(answer.status).toBe(200);
    items.push(...answer.body.value);
    deltaLink = answer.body['@odata.deltaLink'];
    link = answer.body['@odata.nextLink'];
    pages += 1;
  }
  return { items, pages, deltaLink };
}

describe('people', () => {
  it('lists users in pages of $top with a skiptoken nextLink, and the default page is 100', async () => {
    const token = await appToken(sandbox, CONTOSO_TENANT_ID);
    const { items, pages } = await walk(token, '/users?$top=10&$select=displayName,department');
    expect(pages).toBe(Math.ceil(contosoPeople.length / 10));
    expect(items.map((item) => item.id).sort()).toEqual(
      contosoPeople.map((item) => item.id).sort(),
    );
    expect(Object.keys(items[0]!).sort()).toEqual(['department', 'displayName', 'id']);
    const firstPage = await callGraph<Page>(sandbox, token, '/users?$top=10');
    expect(firstPage.body['@odata.nextLink']).toMatch(/\$skiptoken=/);
    const generated = await callGraph<{ tenantId: string }>(
      sandbox,
      undefined,
      '/_sandbox/tenants/generate',
      { method: 'POST', body: { people: 250, name: 'Paging Test' } },
    );
    const big = await callGraph<Page>(
      sandbox,
      await appToken(sandbox, generated.body.tenantId),
      '/users',
    );
    expect(big.body.value).toHaveLength(100);
  });

  it("reads a person, their manager and a manager's direct reports", async () => {
    const token = await userToken(sandbox, diego);
    expect((await callGraph(sandbox, token, '/me')).body).toMatchObject({
      id: diego.id,
      displayName: 'Diego Siciliani',
    });
    const manager = await callGraph(sandbox, token, `/users/${diego.id}/manager`);
    expect(manager.body).toMatchObject({ '@odata.type': '#microsoft.graph.user', id: alex.id });
    const reports = await callGraph<Page>(
      sandbox,
      token,
      `/users/${alex.id}/directReports?$select=displayName`,
    );
    expect(reports.body.value.map((report) => report.displayName)).toEqual(
      expect.arrayContaining(['Diego Siciliani', 'Isaiah Langer', 'Lee Gu']),
    );
    const ceo = person('Megan Bowen');
    const noManager = await callGraph<{ error: { code: string } }>(
      sandbox,
      token,
      `/users/${ceo.id}/manager`,
    );
    expect(noManager.status).toBe(404);
    expect(noManager.body.error.code).toBe('Request_ResourceNotFound');
  });

  it('expands the manager on a user list', async () => {
    const token = await appToken(sandbox, CONTOSO_TENANT_ID);
    const answer = await callGraph<Page>(
      sandbox,
      token,
      '/users?$select=displayName&$expand=manager($select=id,displayName)',
    );
    const row = answer.body.value.find((user) => user.id === diego.id)!;
    expect(row.manager).toMatchObject({ id: alex.id, displayName: 'Alex Wilber' });
  });

  it('runs a delta round trip: every user first, then only what changed, with removals marked', async () => {
    const token = await appToken(sandbox, FABRIKAM_TENANT_ID);
    const first = await walk(token, '/users/delta?$select=displayName,jobTitle', {
      Prefer: 'odata.maxpagesize=2',
    });
    const fabrikamCount = seedTenants.find((tenant) => tenant.id === FABRIKAM_TENANT_ID)!.people
      .length;
    expect(first.items).toHaveLength(fabrikamCount);
    expect(first.pages).toBe(Math.ceil(fabrikamCount / 2));
    expect(first.deltaLink).toMatch(/\$deltatoken=/);

    const nothing = await walk(token, first.deltaLink!);
    expect(nothing.items).toEqual([]);

    const aiko = person('Aiko Tanaka');
    const kwame = person('Kwame Mensah');
    const control = `/_sandbox/tenants/${FABRIKAM_TENANT_ID}/users`;
    await callGraph(sandbox, undefined, `${control}/${aiko.id}`, {
      method: 'PATCH',
      body: { jobTitle: 'Senior Product Manager' },
    });
    const added = await callGraph(sandbox, undefined, control, {
      method: 'POST',
      body: {
        displayName: 'Noor Haddad',
        jobTitle: 'Designer',
        department: 'Product',
        managerId: person('Tomás Ortega').id,
      },
    });
    await callGraph(sandbox, undefined, `${control}/${kwame.id}`, { method: 'DELETE' });

    const changes = await walk(token, first.deltaLink!);
    expect(changes.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: aiko.id, jobTitle: 'Senior Product Manager' }),
        expect.objectContaining({ id: added.body.id, displayName: 'Noor Haddad' }),
        { id: kwame.id, '@removed': { reason: 'changed' } },
      ]),
    );
    expect(changes.items).toHaveLength(3);
    const after = await walk(token, changes.deltaLink!);
    expect(after.items).toEqual([]);
  });

  it("keeps each tenant's directory to itself", async () => {
    const fabrikam = await userToken(sandbox, person('Sara Davis'));
    const answer = await callGraph<{ error: { code: string } }>(
      sandbox,
      fabrikam,
      `/users/${diego.id}`,
    );
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('Request_ResourceNotFound');
    const list = await callGraph<Page>(sandbox, fabrikam, '/users');
    expect(
      list.body.value.every((user) =>
        String(user.userPrincipalName).endsWith('@fabrikam.onmicrosoft.com'),
      ),
    ).toBe(true);
  });
});
