/**
 * Workbooks as drive items' content: Graph's 302 to a pre-authenticated download URL that
 * takes no token, the saved .xlsx bytes behind it (the seeded Pipeline.xlsx and workbooks a
 * test makes, changed through the control API), and Graph's refusals. The workbook API is
 * not emulated: Microsoft documents no application permission for it.
 */
import ExcelJS from 'exceljs';
import { CONTOSO_TENANT_ID, findSeedDriveItems, sharingUrlFor, type RunningSandbox } from '../src';
import { encodeSharingUrl } from '../src/graph/files';
import { appToken, callGraph, person, startTestSandbox, userToken } from './support';

let sandbox: RunningSandbox;
const diego = person('Diego Siciliani');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.stop());

const pipeline = () =>
  findSeedDriveItems(CONTOSO_TENANT_ID, diego.id).find((item) => item.name === 'Pipeline.xlsx')!;
const contentPath = (item: { driveId: string; id: string }) =>
  `/drives/${item.driveId}/items/${item.id}/content`;

/** Graph's answer to a content request, the redirect not followed. */
async function askContent(path: string, token: string | undefined) {
  const response = await fetch(`${sandbox.graphUrl}/v1.0${path}`, {
    redirect: 'manual',
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  const text = await response.text();
  return {
    status: response.status,
    location: response.headers.get('location'),
    body: (text ? JSON.parse(text) : undefined) as { error?: { code: string } } | undefined,
  };
}

/** Follows the download URL as Microsoft says to: without the Authorization header. */
async function download(location: string) {
  const response = await fetch(location);
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

async function cellOf(bytes: Buffer, sheet: string, cell: string) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as never);
  return workbook.getWorksheet(sheet)!.getCell(cell).value;
}

async function createWorkbook(body: Record<string, unknown>) {
  return (
    await callGraph<{ id: string; size: number; parentReference: { driveId: string } }>(
      sandbox,
      undefined,
      `/_sandbox/tenants/${CONTOSO_TENANT_ID}/users/${diego.id}/drive/items`,
      { method: 'POST', body },
    )
  ).body;
}

describe('a workbook’s content', () => {
  it('redirects to a download URL that needs no token and serves the saved .xlsx', async () => {
    const token = await userToken(sandbox, diego);
    const answer = await askContent(contentPath(pipeline()), token);
    expect(answer.status).toBe(302);
    expect(answer.location).toMatch(/\/_layouts\/15\/download\.aspx\?UniqueId=.+&tempauth=/);
    const file = await download(answer.location!);
    expect([file.status, file.type]).toEqual([200, XLSX]);
    expect(await cellOf(file.bytes, 'Sheet1', 'B4')).toBe(120000);
    expect(await cellOf(file.bytes, 'Sheet1', 'B8')).toBe('n/a');
  });

  it('answers the same under /me/drive, /users/{id}/drive and a sharing link', async () => {
    const token = await userToken(sandbox, diego);
    const item = pipeline();
    for (const path of [
      `/me/drive/items/${item.id}/content`,
      `/users/${diego.id}/drive/items/${item.id}/content`,
      `/shares/${encodeSharingUrl(sharingUrlFor(item))}/driveItem/content`,
    ]) {
      const answer = await askContent(path, token);
      expect([path, answer.status]).toEqual([path, 302]);
    }
  });

  it('serves app-only with the application Files.Read.All alone', async () => {
    const app = await appToken(sandbox, CONTOSO_TENANT_ID);
    const answer = await askContent(contentPath(pipeline()), app);
    expect(answer.status).toBe(302);
    expect((await download(answer.location!)).status).toBe(200);
  });

  it('reflects a cell changed through the control API, and keeps the item’s size the file’s', async () => {
    const created = await createWorkbook({
      name: 'Moving.xlsx',
      workbook: { sheets: { 'Q4 pipeline': { C2: 5 } } },
    });
    const item = { driveId: created.parentReference.driveId, id: created.id };
    const token = await userToken(sandbox, diego);
    const before = await download((await askContent(contentPath(item), token)).location!);
    expect(created.size).toBe(before.bytes.length);
    const changed = await callGraph<{ size: number }>(
      sandbox,
      undefined,
      `/_sandbox/tenants/${CONTOSO_TENANT_ID}/users/${diego.id}/drive/items/${created.id}/workbook`,
      { method: 'PATCH', body: { cell: "'Q4 pipeline'!C2", value: 7.5 } },
    );
    expect(changed.status).toBe(200);
    const after = await download((await askContent(contentPath(item), token)).location!);
    expect(await cellOf(after.bytes, 'Q4 pipeline', 'C2')).toBe(7.5);
    expect(changed.body.size).toBe(after.bytes.length);
  });

  it('saves a formula with the result Excel calculated', async () => {
    const created = await createWorkbook({
      name: 'Formula.xlsx',
      workbook: {
        sheets: { Sheet1: { B5: 2, B6: 3 } },
        formulas: { 'Sheet1!B4': { formula: 'SUM(B5:B6)', result: 5 } },
      },
    });
    const token = await userToken(sandbox, diego);
    const file = await download(
      (
        await askContent(
          contentPath({ driveId: created.parentReference.driveId, id: created.id }),
          token,
        )
      ).location!,
    );
    expect(await cellOf(file.bytes, 'Sheet1', 'B4')).toMatchObject({
      formula: 'SUM(B5:B6)',
      result: 5,
    });
  });

  it('refuses a token without a consented file permission, app-only or delegated', async () => {
    const path = contentPath(pipeline());
    const mailOnly = await userToken(sandbox, diego, 'Mail.Read');
    const refused = await askContent(path, mailOnly);
    expect([refused.status, refused.body?.error?.code]).toEqual([403, 'accessDenied']);
    expect((await askContent(path, await userToken(sandbox, diego, 'Files.Read'))).status).toBe(
      302,
    );
    await callGraph(
      sandbox,
      undefined,
      `/_sandbox/tenants/${CONTOSO_TENANT_ID}/consent?type=application`,
      { method: 'DELETE' },
    );
    try {
      const unconsented = await appToken(sandbox, CONTOSO_TENANT_ID);
      const answer = await askContent(path, unconsented);
      expect([answer.status, answer.body?.error?.code]).toEqual([403, 'accessDenied']);
    } finally {
      await callGraph(sandbox, undefined, `/_sandbox/tenants/${CONTOSO_TENANT_ID}/consent`, {
        method: 'POST',
        body: {},
      });
    }
    expect((await askContent(path, undefined)).status).toBe(401);
  });

  it('answers itemNotFound for a deleted item, and its download URL stops working', async () => {
    const created = await createWorkbook({
      name: 'Gone.xlsx',
      workbook: { sheets: { Sheet1: { B4: 1 } } },
    });
    const item = { driveId: created.parentReference.driveId, id: created.id };
    const token = await userToken(sandbox, diego);
    const { location } = await askContent(contentPath(item), token);
    await callGraph(
      sandbox,
      undefined,
      `/_sandbox/tenants/${CONTOSO_TENANT_ID}/users/${diego.id}/drive/items/${created.id}`,
      { method: 'DELETE' },
    );
    const gone = await askContent(contentPath(item), token);
    expect([gone.status, gone.body?.error?.code]).toEqual([404, 'itemNotFound']);
    expect((await download(location!)).status).toBe(404);
  });

  it('refuses a download URL whose grant was tampered with', async () => {
    const token = await userToken(sandbox, diego);
    const { location } = await askContent(contentPath(pipeline()), token);
    const url = new URL(location!);
    const [body, signature] = url.searchParams.get('tempauth')!.split('.');
    url.searchParams.set('tempauth', `${body}.${signature!.slice(1)}x`);
    expect((await download(url.toString())).status).toBe(401);
    url.searchParams.set('tempauth', `${body}.${signature}`);
    url.searchParams.set('UniqueId', 'another-item');
    expect((await download(url.toString())).status).toBe(401);
  });

  it('refuses a download that brings the Graph token along, as the URL must be followed without it', async () => {
    const token = await userToken(sandbox, diego);
    const { location } = await askContent(contentPath(pipeline()), token);
    const withToken = await fetch(location!, { headers: { Authorization: `Bearer ${token}` } });
    expect(withToken.status).toBe(401);
    expect((await download(location!)).status).toBe(200);
  });

  it('does not emulate the workbook API, which has no application permission', async () => {
    const app = await appToken(sandbox, CONTOSO_TENANT_ID);
    const answer = await callGraph(
      sandbox,
      app,
      `/drives/${pipeline().driveId}/items/${pipeline().id}/workbook/worksheets/Sheet1/range(address='B4')`,
    );
    expect(answer.status).toBe(400);
    expect((answer.body.error as { message: string }).message).toMatch(/not emulated/);
  });
});
