import {
  CONTOSO_TENANT_ID,
  encodeSharingUrl,
  findSeedDriveItems,
  shareIdFor,
  sharingUrlFor,
  type RunningSandbox,
} from '../src';
import { appToken, callGraph, person, startTestSandbox, userToken } from './support';

let sandbox: RunningSandbox;
const diego = person('Diego Siciliani');

beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.stop());

describe('files', () => {
  it('encodes a sharing URL as the docs say: u! + unpadded base64url', () => {
    // The docs' own example URL and the encoding their C# sample computes.
    expect(
      encodeSharingUrl(
        'https://onedrive.live.com/redir?resid=1231244193912!12&authKey=1201919!12921!1',
      ),
    ).toBe(
      'u!aHR0cHM6Ly9vbmVkcml2ZS5saXZlLmNvbS9yZWRpcj9yZXNpZD0xMjMxMjQ0MTkzOTEyITEyJmF1dGhLZXk9MTIwMTkxOSExMjkyMSEx',
    );
  });

  it('resolves a pasted sharing URL to the driveItem with the fields evidence needs', async () => {
    const order = findSeedDriveItems(CONTOSO_TENANT_ID, diego.id).find((item) =>
      item.name.includes('signed'),
    )!;
    expect(sharingUrlFor(order)).toMatch(
      /^https:\/\/contoso-my\.sharepoint\.com\/personal\/[a-z_]+\/Documents\/Northwind/,
    );
    const colleague = await userToken(sandbox, person('Lee Gu'));
    const answer = await callGraph(sandbox, colleague, `/shares/${shareIdFor(order)}/driveItem`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      id: order.id,
      name: 'Northwind order form (signed).pdf',
      webUrl: order.webUrl,
      size: order.size,
      file: { mimeType: 'application/pdf' },
      lastModifiedBy: { user: { id: diego.id, displayName: 'Diego Siciliani' } },
      parentReference: {
        driveId: order.driveId,
        driveType: 'business',
        path: `/drives/${order.driveId}/root:`,
      },
    });
    expect(answer.body.eTag).toMatch(/^"\{[0-9A-F-]{36}\},1"$/);
    expect(answer.body.cTag).toMatch(/^"c:\{[0-9A-F-]{36}\},1"$/);
  });

  it('finds nothing for a sharing URL from another tenant', async () => {
    const order = findSeedDriveItems(CONTOSO_TENANT_ID, diego.id)[0]!;
    const outsider = await userToken(sandbox, person('Sara Davis'));
    const answer = await callGraph<{ error: { code: string } }>(
      sandbox,
      outsider,
      `/shares/${shareIdFor(order)}/driveItem`,
    );
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('itemNotFound');
  });

  it('opens a colleague’s document only with an .All file permission, as Graph does', async () => {
    const order = findSeedDriveItems(CONTOSO_TENANT_ID, diego.id)[0]!;
    const paths = [
      `/shares/${shareIdFor(order)}/driveItem`,
      `/drives/${order.driveId}/items/${order.id}`,
      `/users/${diego.id}/drive/items/${order.id}/content`,
    ];
    const ownFilesOnly = await userToken(sandbox, person('Lee Gu'), 'User.Read Files.Read');
    for (const path of paths) {
      const answer = await callGraph<{ error: { code: string } }>(sandbox, ownFilesOnly, path);
      expect([path, answer.status, answer.body?.error?.code]).toEqual([path, 403, 'accessDenied']);
    }
    const owner = await userToken(sandbox, diego, 'User.Read Files.Read');
    const tenantWide = await userToken(sandbox, person('Lee Gu'), 'User.Read Files.Read.All');
    // Graph answers a content request with a redirect to the bytes; it is not followed here.
    const statusOf = async (token: string, path: string) =>
      (
        await fetch(`${sandbox.graphUrl}/v1.0${path}`, {
          headers: { Authorization: `Bearer ${token}` },
          redirect: 'manual',
        })
      ).status;
    for (const path of paths) {
      const allowed = path.endsWith('/content') ? 302 : 200;
      expect([path, await statusOf(owner, path)]).toEqual([path, allowed]);
      expect([path, await statusOf(tenantWide, path)]).toEqual([path, allowed]);
    }
    const drivesFound = async (token: string) => {
      const search = await callGraph<{
        value: Array<{
          hitsContainers: Array<{
            hits?: Array<{ resource: { parentReference: { driveId: string } } }>;
          }>;
        }>;
      }>(sandbox, token, '/search/query', {
        method: 'POST',
        body: { requests: [{ entityTypes: ['driveItem'], query: { queryString: 'Northwind' } }] },
      });
      expect(search.status).toBe(200);
      return new Set(
        (search.body.value[0]!.hitsContainers[0]!.hits ?? []).map(
          (hit) => hit.resource.parentReference.driveId,
        ),
      );
    };
    expect(await drivesFound(ownFilesOnly)).not.toContain(order.driveId);
    expect(await drivesFound(tenantWide)).toContain(order.driveId);
  });

  it('reads the same item by drive and item id, and lists the root', async () => {
    const token = await userToken(sandbox, diego);
    const [first] = findSeedDriveItems(CONTOSO_TENANT_ID, diego.id);
    expect(
      (await callGraph(sandbox, token, `/drives/${first!.driveId}/items/${first!.id}`)).body.name,
    ).toBe(first!.name);
    expect(
      (await callGraph(sandbox, token, `/me/drive/items/${first!.id}?$select=name`)).body,
    ).toEqual(expect.objectContaining({ id: first!.id, name: first!.name }));
    const children = await callGraph<{ value: Array<{ name: string }> }>(
      sandbox,
      token,
      '/me/drive/root/children',
    );
    expect(children.body.value.map((item) => item.name).sort()).toEqual(
      findSeedDriveItems(CONTOSO_TENANT_ID, diego.id)
        .map((item) => item.name)
        .sort(),
    );
    expect(
      (await callGraph<{ error: { code: string } }>(sandbox, token, `/me/drive/items/01NOSUCHITEM`))
        .body.error.code,
    ).toBe('itemNotFound');
  });

  it('searches the documents a person can open with Microsoft Search, in Graph’s shape', async () => {
    const token = await userToken(sandbox, diego);
    const search = (body: unknown) =>
      callGraph<{
        value: {
          hitsContainers: { hits: { resource: Record<string, unknown> }[]; total: number }[];
        }[];
      }>(sandbox, token, '/search/query', { method: 'POST', body });
    const answer = await search({
      requests: [{ entityTypes: ['driveItem'], query: { queryString: 'order form' }, size: 2 }],
    });
    expect(answer.status).toBe(200);
    const [container] = answer.body.value[0]!.hitsContainers;
    expect(container!.hits).toHaveLength(2);
    expect(container!.total).toBeGreaterThan(2);
    expect(container!.hits[0]!.resource).toMatchObject({
      '@odata.type': '#microsoft.graph.driveItem',
      name: 'Northwind order form (signed).pdf',
      parentReference: { driveId: expect.any(String) },
    });

    for (const [body, message] of [
      [{ requests: [] }, 'Requests should not be empty.'],
      [
        { requests: [{ entityTypes: ['driveItem'], query: { queryString: ' ' } }] },
        'QueryString cannot be null or empty.',
      ],
      [
        { requests: [{ entityTypes: ['driveItem'], query: { queryString: 'plan' }, size: 501 }] },
        'Size must be between 1 and 500.',
      ],
    ] as const) {
      const refused = await search(body);
      expect([
        refused.status,
        (refused.body as { error?: { message?: string } }).error?.message,
      ]).toEqual([400, message]);
    }
  });

  it('refuses a file search with an app-only token, which Graph answers only with a region', async () => {
    const token = await appToken(sandbox, CONTOSO_TENANT_ID);
    const answer = await callGraph(sandbox, token, '/search/query', {
      method: 'POST',
      body: { requests: [{ entityTypes: ['driveItem'], query: { queryString: 'plan' } }] },
    });
    expect(answer.status).toBe(400);
  });
});
