/**
 * The workbook API on .xlsx drive items, answered from the workbook's bytes: the seeded
 * Pipeline.xlsx and workbooks a test makes, read through the real Graph client where the
 * path has Excel's parentheses in it.
 */
import { CONTOSO_TENANT_ID, findSeedDriveItems, type RunningSandbox } from '../src';
import { appToken, callGraph, graphClient, person, startTestSandbox, userToken } from './support';

let sandbox: RunningSandbox;
const diego = person('Diego Siciliani');

beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.stop());

const pipeline = () =>
  findSeedDriveItems(CONTOSO_TENANT_ID, diego.id).find((item) => item.name === 'Pipeline.xlsx')!;
const itemPath = (item: { driveId: string; id: string }) =>
  `/drives/${item.driveId}/items/${item.id}`;

describe('the workbook API', () => {
  it('answers a workbookRange for one cell of the seeded pipeline, through the real Graph client', async () => {
    const token = await userToken(sandbox, diego);
    const range = (await graphClient(sandbox, token)
      .api(`${itemPath(pipeline())}/workbook/worksheets/Sheet1/range(address='B4')`)
      .get()) as Record<string, unknown>;
    expect(range).toMatchObject({
      '@odata.type': '#microsoft.graph.workbookRange',
      address: 'Sheet1!B4',
      addressLocal: 'Sheet1!B4',
      cellCount: 1,
      columnCount: 1,
      rowCount: 1,
      columnIndex: 1,
      rowIndex: 3,
      values: [[120000]],
      valueTypes: [['Double']],
    });
    expect(range.numberFormat).toEqual([[expect.stringContaining('#,##0')]]);
    expect(range.text).toEqual([[expect.any(String)]]);
  });

  it('reads a named range, text as text, and a rectangle row by row', async () => {
    const token = await userToken(sandbox, diego);
    const named = await callGraph(
      sandbox,
      token,
      `${itemPath(pipeline())}/workbook/names/SignedARR/range`,
    );
    expect(named.status).toBe(200);
    expect(named.body).toMatchObject({ address: 'Sheet1!B4', values: [[120000]] });
    const text = await callGraph(
      sandbox,
      token,
      `${itemPath(pipeline())}/workbook/worksheets('Sheet1')/range(address='B8')`,
    );
    expect(text.body).toMatchObject({
      values: [['n/a']],
      text: [['n/a']],
      valueTypes: [['String']],
    });
    const block = await callGraph(
      sandbox,
      token,
      `${itemPath(pipeline())}/workbook/worksheets/Sheet1/range(address='A4:B5')`,
    );
    expect(block.body).toMatchObject({
      address: 'Sheet1!A4:B5',
      cellCount: 4,
      values: [
        ['Signed', 120000],
        ['Negotiation', 80000],
      ],
    });
  });

  it('answers Graph’s errors for a missing sheet or name, a bad address and a deleted workbook', async () => {
    const token = await userToken(sandbox, diego);
    const base = `${itemPath(pipeline())}/workbook`;
    const noSheet = await callGraph(
      sandbox,
      token,
      `${base}/worksheets/Forecast/range(address='B4')`,
    );
    expect([noSheet.status, (noSheet.body.error as { code: string }).code]).toEqual([
      404,
      'ItemNotFound',
    ]);
    const noName = await callGraph(sandbox, token, `${base}/names/Nowhere/range`);
    expect([noName.status, (noName.body.error as { code: string }).code]).toEqual([
      404,
      'ItemNotFound',
    ]);
    const badAddress = await callGraph(
      sandbox,
      token,
      `${base}/worksheets/Sheet1/range(address='B0')`,
    );
    expect([badAddress.status, (badAddress.body.error as { code: string }).code]).toEqual([
      400,
      'InvalidArgument',
    ]);
    const created = await callGraph<{ id: string; parentReference: { driveId: string } }>(
      sandbox,
      undefined,
      `/_sandbox/tenants/${CONTOSO_TENANT_ID}/users/${diego.id}/drive/items`,
      { method: 'POST', body: { name: 'Gone.xlsx', workbook: { sheets: { Sheet1: { B4: 1 } } } } },
    );
    await callGraph(
      sandbox,
      undefined,
      `/_sandbox/tenants/${CONTOSO_TENANT_ID}/users/${diego.id}/drive/items/${created.body.id}`,
      { method: 'DELETE' },
    );
    const gone = await callGraph(
      sandbox,
      token,
      `/drives/${created.body.parentReference.driveId}/items/${created.body.id}/workbook/worksheets/Sheet1/range(address='B4')`,
    );
    expect([gone.status, (gone.body.error as { code: string }).code]).toEqual([
      404,
      'itemNotFound',
    ]);
  });

  it('follows a cell changed through the control API', async () => {
    const created = await callGraph<{ id: string; parentReference: { driveId: string } }>(
      sandbox,
      undefined,
      `/_sandbox/tenants/${CONTOSO_TENANT_ID}/users/${diego.id}/drive/items`,
      {
        method: 'POST',
        body: { name: 'Moving.xlsx', workbook: { sheets: { 'Q4 pipeline': { C2: 5 } } } },
      },
    );
    const changed = await callGraph(
      sandbox,
      undefined,
      `/_sandbox/tenants/${CONTOSO_TENANT_ID}/users/${diego.id}/drive/items/${created.body.id}/workbook`,
      { method: 'PATCH', body: { cell: "'Q4 pipeline'!C2", value: 7.5 } },
    );
    expect(changed.status).toBe(200);
    const token = await userToken(sandbox, diego);
    const read = await callGraph(
      sandbox,
      token,
      `/drives/${created.body.parentReference.driveId}/items/${created.body.id}/workbook/worksheets/${encodeURIComponent('Q4 pipeline')}/range(address='C2')`,
    );
    expect(read.body).toMatchObject({ address: "'Q4 pipeline'!C2", values: [[7.5]] });
  });

  it('reads only with a consented file permission, app-only or delegated', async () => {
    const path = `${itemPath(pipeline())}/workbook/worksheets/Sheet1/range(address='B4')`;
    const app = await appToken(sandbox, CONTOSO_TENANT_ID);
    expect((await callGraph(sandbox, app, path)).status).toBe(200);
    const mailOnly = await userToken(sandbox, diego, 'Mail.Read');
    const refused = await callGraph(sandbox, mailOnly, path);
    expect([refused.status, (refused.body.error as { code: string }).code]).toEqual([
      403,
      'accessDenied',
    ]);
    await callGraph(
      sandbox,
      undefined,
      `/_sandbox/tenants/${CONTOSO_TENANT_ID}/consent?type=application`,
      {
        method: 'DELETE',
      },
    );
    try {
      const unconsented = await appToken(sandbox, CONTOSO_TENANT_ID);
      expect((await callGraph(sandbox, unconsented, path)).status).toBe(403);
    } finally {
      await callGraph(sandbox, undefined, `/_sandbox/tenants/${CONTOSO_TENANT_ID}/consent`, {
        method: 'POST',
        body: {},
      });
    }
  });

  it('serves every seeded .xlsx as a workbook, such as the department plan', async () => {
    const token = await userToken(sandbox, diego);
    const plan = findSeedDriveItems(CONTOSO_TENANT_ID, diego.id).find((item) =>
      item.name.endsWith('FY27 plan.xlsx'),
    )!;
    const answer = await callGraph(
      sandbox,
      token,
      `${itemPath(plan)}/workbook/worksheets/Plan/range(address='B4')`,
    );
    expect(answer.body).toMatchObject({ address: 'Plan!B4', values: [[400000]] });
  });

  it('refuses the workbook API on a file that is no workbook', async () => {
    const token = await userToken(sandbox, diego);
    const pdf = findSeedDriveItems(CONTOSO_TENANT_ID, diego.id).find((item) =>
      item.name.endsWith('.pdf'),
    )!;
    const answer = await callGraph(
      sandbox,
      token,
      `${itemPath(pdf)}/workbook/worksheets/Sheet1/range(address='B4')`,
    );
    expect(answer.status).toBe(400);
  });
});
