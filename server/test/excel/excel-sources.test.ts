/**
 * Excel-fed key results against the real app, FerretDB and the sandbox Graph: each test
 * makes its own workbook in a demo person's OneDrive (the sandbox reads its real .xlsx
 * bytes), links a key result to it and runs the job for its tenant. The server's clock is
 * the test's, so "the next cadence period" is a step of the clock, never a wait.
 */
import type { ApiError } from '@throughline/contracts';
import { createApiClient, type ApiClient, type KeyResultDetail } from '@throughline/contracts';
import { CONTOSO_TENANT_ID, findSeedDriveItems, sharingUrlFor } from '@throughline/sandbox';
import { startTestApp, type TestApp } from '../../../tests/support/app';
import { openTestDatabase, storedDocuments } from '../../../tests/support/database';
import { clientFor, personId, seedPeople } from '../../../tests/support/okr-api';

const DAY = 86_400_000;
const graphUrl = () => process.env.TEST_GRAPH_URL!;

async function control(method: string, path: string, body?: unknown) {
  const response = await fetch(`${graphUrl()}/_sandbox${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok)
    throw new Error(`sandbox ${method} ${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? null : ((await response.json()) as Record<string, unknown>);
}

interface Workbook {
  tenantId: string;
  ownerId: string;
  driveId: string;
  itemId: string;
  name: string;
}

let workbooks = 0;
async function createWorkbook(
  owner: { tenantId: string; userId: string },
  cells: Record<string, string | number | null>,
  names?: Record<string, string>,
  extra: { formulas?: Record<string, { formula: string; result?: number }>; size?: number } = {},
): Promise<Workbook> {
  workbooks += 1;
  const name = `Pipeline ${workbooks} ${Date.now()}.xlsx`;
  const item = (await control(
    'POST',
    `/tenants/${owner.tenantId}/users/${owner.userId}/drive/items`,
    {
      name,
      ...(extra.size === undefined ? {} : { size: extra.size }),
      workbook: { sheets: { Sheet1: cells }, names, formulas: extra.formulas },
    },
  ))! as { id: string; parentReference: { driveId: string } };
  return {
    tenantId: owner.tenantId,
    ownerId: owner.userId,
    driveId: item.parentReference.driveId,
    itemId: item.id,
    name,
  };
}

const setCell = (workbook: Workbook, cell: string, value: string | number | null) =>
  control(
    'PATCH',
    `/tenants/${workbook.tenantId}/users/${workbook.ownerId}/drive/items/${workbook.itemId}/workbook`,
    { cell, value },
  );

/** How many requests the sandbox's Graph has seen whose path matches. */
async function requestsMatching(pattern: RegExp): Promise<number> {
  const counts = (await control('GET', '/requests'))!.byPath as Record<string, number>;
  return Object.entries(counts)
    .filter(([path]) => pattern.test(path))
    .reduce((sum, [, count]) => sum + count, 0);
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the request to be refused');
    },
    (error: unknown) => error as ApiError,
  );

describe('Excel-fed key results', () => {
  const database = openTestDatabase('excel');
  let app: TestApp;
  let secondServer: TestApp;
  let now = new Date();
  const clock = () => now;
  const later = (ms: number) => (now = new Date(now.getTime() + ms));
  let admin: ApiClient;
  let diego: ApiClient;
  let isaiah: ApiClient;
  let cycleId: string;
  let objectiveId: string;
  const diegoOwner = { tenantId: CONTOSO_TENANT_ID, userId: personId('Diego Siciliani') };

  const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const newKeyResult = async (title: string, inCycle = objectiveId) =>
    diego.keyResults.create({
      objectiveId: inCycle,
      title,
      metric: { kind: 'currency', currency: 'EUR', start: 0, target: 500000 },
    });
  const link = async (
    keyResultId: string,
    workbook: Workbook,
    reference: { cell: string } | { name: string },
  ) => {
    const current = await diego.keyResults.get(keyResultId);
    return diego.keyResults.linkExcel(keyResultId, {
      version: current.version,
      driveId: workbook.driveId,
      itemId: workbook.itemId,
      ...reference,
    });
  };
  const runJob = (client: ApiClient = admin) => client.runJob('excel-sources');
  const detail = (id: string): Promise<KeyResultDetail> => diego.keyResults.get(id);

  beforeAll(async () => {
    await seedPeople(database);
    app = await startTestApp(database, { deps: { clock } });
    secondServer = await startTestApp(database, { deps: { clock } });
    admin = clientFor(app.url, 'Megan Bowen');
    diego = clientFor(app.url, 'Diego Siciliani');
    isaiah = clientFor(app.url, 'Isaiah Langer');
    const cycle = await admin.cycles.create({
      name: 'Excel cycle',
      startsOn: isoDate(now.getTime() - 10 * DAY),
      endsOn: isoDate(now.getTime() + 80 * DAY),
    });
    cycleId = cycle.id;
    objectiveId = (await diego.objectives.create({ cycleId, title: 'Grow the pipeline' })).id;
  });
  afterAll(async () => {
    await app.close();
    await secondServer.close();
    await database.close();
  });

  it('refuses an address that is not one cell of one worksheet, and stores nothing', async () => {
    const keyResult = await newKeyResult('Strict addresses');
    const workbook = await createWorkbook(diegoOwner, { B4: 1 });
    const before = await storedDocuments(database.db);
    for (const reference of [
      { cell: 'B4' },
      { cell: 'Sheet1!B4:C5' },
      { cell: 'Sheet1!' },
      { cell: 'Sheet 1!B4' },
      { cell: 'Sheet1!XFE1' },
      { cell: 'Sheet1!B0' },
      { cell: "'Sheet1!B4" },
      { name: 'B4' },
      { name: '1Total' },
      { cell: 'Sheet1!B4', name: 'Total' },
    ]) {
      const error = await refusal(
        diego.keyResults.linkExcel(keyResult.id, {
          version: keyResult.version,
          driveId: workbook.driveId,
          itemId: workbook.itemId,
          ...reference,
        }),
      );
      expect([error.status, error.code, reference]).toEqual([400, 'validation_failed', reference]);
      expect(error.message).toBeTruthy();
    }
    expect(await storedDocuments(database.db)).toBe(before);
  });

  it('lets only those who may edit the key result link or unlink it', async () => {
    const keyResult = await newKeyResult('Only editors');
    const workbook = await createWorkbook(diegoOwner, { B4: 1 });
    const before = await storedDocuments(database.db);
    const error = await refusal(
      isaiah.keyResults.linkExcel(keyResult.id, {
        version: keyResult.version,
        driveId: workbook.driveId,
        itemId: workbook.itemId,
        cell: 'Sheet1!B4',
      }),
    );
    expect([error.status, error.code]).toEqual([403, 'forbidden']);
    expect(await storedDocuments(database.db)).toBe(before);
    const linked = await link(keyResult.id, workbook, { cell: 'Sheet1!B4' });
    const unlinkError = await refusal(
      isaiah.keyResults.unlinkExcel(keyResult.id, { version: linked.version }),
    );
    expect(unlinkError.status).toBe(403);
  });

  it('refuses a sheet or a name the workbook does not hold, and links nothing', async () => {
    const keyResult = await newKeyResult('Missing sheet');
    const workbook = await createWorkbook(diegoOwner, { B4: 1 });
    const noSheet = await refusal(link(keyResult.id, workbook, { cell: 'Forecast!B4' }));
    expect([noSheet.status, noSheet.code]).toEqual([400, 'validation_failed']);
    expect(noSheet.message).toMatch(/no sheet named ‘Forecast’/);
    const noName = await refusal(link(keyResult.id, workbook, { name: 'Nowhere' }));
    expect(noName.message).toMatch(/no range named Nowhere/);
    expect((await detail(keyResult.id)).excelSource ?? null).toBeNull();
  });

  it('reads the cell and records one check-in from Excel, with the workbook as evidence', async () => {
    const keyResult = await newKeyResult('Signed ARR');
    const workbook = await createWorkbook(diegoOwner, { A4: 'Signed', B4: 120000 });
    const linked = await link(keyResult.id, workbook, { cell: 'Sheet1!B4' });
    expect(linked.excelSource).toMatchObject({
      driveId: workbook.driveId,
      itemId: workbook.itemId,
      fileName: workbook.name,
      label: 'Sheet1!B4',
      reference: { kind: 'cell', sheet: 'Sheet1', cell: 'B4' },
      linkedBy: personId('Diego Siciliani'),
    });
    // Linking reads the cell for the person, and changes nothing else.
    expect(linked.excelState).toMatchObject({ lastValue: 120000, lastError: null });
    expect(linked.checkIns).toHaveLength(0);
    const timeline = await diego.narrative({ keyResultId: keyResult.id });
    expect(timeline.items[0]).toMatchObject({ type: 'key_result.excel_linked' });

    const run = await runJob();
    expect(run.sent).toBeGreaterThanOrEqual(1);
    const after = await detail(keyResult.id);
    expect(after.metric.current).toBe(120000);
    expect(after.checkIns).toHaveLength(1);
    expect(after.checkIns[0]).toMatchObject({
      value: 120000,
      previousValue: 0,
      origin: 'excel',
      note: `From Excel: Sheet1!B4 in ${workbook.name}`,
    });
    expect(after.excelState).toMatchObject({
      lastValue: 120000,
      lastReadAt: now.toISOString(),
      lastError: null,
    });
    const evidence = await diego.evidence.list({ keyResultId: keyResult.id });
    expect(evidence.items).toEqual([
      expect.objectContaining({
        kind: 'document',
        source: expect.objectContaining({ driveId: workbook.driveId, itemId: workbook.itemId }),
        snapshot: expect.objectContaining({ fileName: workbook.name }),
      }),
    ]);
  });

  it('reads once per cadence period, even run twice and by two servers at once', async () => {
    const keyResult = await newKeyResult('Once per period');
    const workbook = await createWorkbook(diegoOwner, { B4: 1000 });
    await link(keyResult.id, workbook, { cell: 'Sheet1!B4' });
    await runJob();
    expect((await detail(keyResult.id)).checkIns).toHaveLength(1);

    // The cell moves, but this period's read is done: nothing until the next period.
    await setCell(workbook, 'Sheet1!B4', 2000);
    await runJob();
    expect((await detail(keyResult.id)).checkIns).toHaveLength(1);

    later(7 * DAY);
    const secondAdmin = clientFor(secondServer.url, 'Megan Bowen');
    await Promise.all([runJob(), runJob(secondAdmin), runJob(), runJob(secondAdmin)]);
    const after = await detail(keyResult.id);
    expect(after.checkIns.map((checkIn) => checkIn.value)).toEqual([2000, 1000]);
    // One evidence record for the workbook, however many check-ins it fed.
    expect((await diego.evidence.list({ keyResultId: keyResult.id })).items).toHaveLength(1);
  });

  it('keeps one link when two people link at once, and reads the one that won', async () => {
    const keyResult = await newKeyResult('Raced link');
    const first = await createWorkbook(diegoOwner, { B4: 111 });
    const second = await createWorkbook(diegoOwner, { B4: 222 });
    const alex = clientFor(app.url, 'Alex Wilber');
    const outcomes = await Promise.allSettled(
      [
        [diego, first],
        [alex, second],
      ].map(([client, workbook]) =>
        (client as ApiClient).keyResults.linkExcel(keyResult.id, {
          version: keyResult.version,
          driveId: (workbook as Workbook).driveId,
          itemId: (workbook as Workbook).itemId,
          cell: 'Sheet1!B4',
        }),
      ),
    );
    const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(refused.map((outcome) => (outcome.reason as ApiError).code)).toEqual([
      'version_conflict',
    ]);
    const won = (await detail(keyResult.id)).excelSource!;
    await runJob();
    const after = await detail(keyResult.id);
    expect(after.excelSource?.linkId).toBe(won.linkId);
    expect(after.checkIns.map((checkIn) => checkIn.value)).toEqual([
      won.itemId === first.itemId ? 111 : 222,
    ]);
    expect(after.excelState?.linkId).toBe(won.linkId);
  });

  it('records no check-in when the value has not changed, but notes the read', async () => {
    const keyResult = await newKeyResult('Unchanged');
    const workbook = await createWorkbook(diegoOwner, { B4: 300 });
    await link(keyResult.id, workbook, { cell: 'Sheet1!B4' });
    await runJob();
    later(7 * DAY);
    await runJob();
    const after = await detail(keyResult.id);
    expect(after.checkIns).toHaveLength(1);
    expect(after.excelState).toMatchObject({ lastValue: 300, lastReadAt: now.toISOString() });
  });

  it('links the demo Pipeline.xlsx by its sharing link, as the README says', async () => {
    const keyResult = await newKeyResult('Demo pipeline');
    const pipeline = findSeedDriveItems(CONTOSO_TENANT_ID, diegoOwner.userId).find(
      (item) => item.name === 'Pipeline.xlsx',
    )!;
    const linked = await diego.keyResults.linkExcel(keyResult.id, {
      version: keyResult.version,
      sharingUrl: sharingUrlFor(pipeline),
      name: 'SignedARR',
    });
    expect(linked.excelSource).toMatchObject({
      driveId: pipeline.driveId,
      itemId: pipeline.id,
      fileName: 'Pipeline.xlsx',
      webUrl: pipeline.webUrl,
    });
    expect(linked.excelState).toMatchObject({ lastValue: 120000, lastError: null });
    const notNumber = await refusal(
      diego.keyResults.linkExcel(keyResult.id, {
        version: linked.version,
        sharingUrl: sharingUrlFor(pipeline),
        cell: 'Sheet1!B8:B9',
      }),
    );
    expect(notNumber.status).toBe(400);
  });

  it('refuses a file that is no workbook', async () => {
    const keyResult = await newKeyResult('Not a workbook');
    const pdf = findSeedDriveItems(CONTOSO_TENANT_ID, diegoOwner.userId).find((item) =>
      item.name.endsWith('.pdf'),
    )!;
    const error = await refusal(
      diego.keyResults.linkExcel(keyResult.id, {
        version: keyResult.version,
        driveId: pdf.driveId,
        itemId: pdf.id,
        cell: 'Sheet1!B4',
      }),
    );
    expect([error.status, error.code]).toEqual([400, 'validation_failed']);
    expect(error.message).toMatch(/is not an Excel workbook/);
  });

  it('feeds from a named range', async () => {
    const keyResult = await newKeyResult('Named range');
    const workbook = await createWorkbook(diegoOwner, { B4: 4242 }, { SignedARR: 'Sheet1!$B$4' });
    const linked = await link(keyResult.id, workbook, { name: 'SignedARR' });
    expect(linked.excelSource).toMatchObject({ label: 'SignedARR', reference: { kind: 'name' } });
    await runJob();
    const after = await detail(keyResult.id);
    expect(after.checkIns[0]).toMatchObject({
      value: 4242,
      note: `From Excel: SignedARR in ${workbook.name}`,
    });
  });

  it('shows a cell that holds no number on the key result, checks nothing in, and clears it once fixed', async () => {
    const keyResult = await newKeyResult('Not a number');
    const workbook = await createWorkbook(diegoOwner, { B4: 'n/a' });
    const linked = await link(keyResult.id, workbook, { cell: 'Sheet1!B4' });
    expect(linked.excelState?.lastError).toMatchObject({
      code: 'not_a_number',
      message: 'Cell Sheet1!B4 holds ‘n/a’, not a number.',
    });
    const run = await runJob();
    expect(run.failed).toBeGreaterThanOrEqual(1);
    let after = await detail(keyResult.id);
    expect(after.checkIns).toHaveLength(0);
    expect(after.excelState?.lastError).toMatchObject({
      code: 'not_a_number',
      message: 'Cell Sheet1!B4 holds ‘n/a’, not a number.',
      at: now.toISOString(),
    });

    await setCell(workbook, 'Sheet1!B4', 75000);
    // A failed read is tried again a few minutes later in the same period.
    later(3 * 60_000);
    await runJob();
    after = await detail(keyResult.id);
    expect(after.excelState).toMatchObject({ lastValue: 75000, lastError: null });
    expect(after.checkIns.map((checkIn) => checkIn.value)).toEqual([75000]);
  });

  it('shows a workbook that was deleted, and checks nothing in', async () => {
    const keyResult = await newKeyResult('Deleted workbook');
    const workbook = await createWorkbook(diegoOwner, { B4: 10 });
    await link(keyResult.id, workbook, { cell: 'Sheet1!B4' });
    await control(
      'DELETE',
      `/tenants/${workbook.tenantId}/users/${workbook.ownerId}/drive/items/${workbook.itemId}`,
    );
    await runJob();
    const after = await detail(keyResult.id);
    expect(after.checkIns).toHaveLength(0);
    expect(after.excelState?.lastError).toMatchObject({
      code: 'workbook_not_found',
      message: `The workbook “${workbook.name}” was moved or deleted.`,
    });
  });

  /**
   * A tenant of its own (so changing its consent touches no other test), its first person
   * as the admin, and a key result of theirs linked to a workbook cell holding `value`.
   */
  async function linkedInATenantOfItsOwn(name: string, value: number) {
    const generated = (await control('POST', '/tenants/generate', {
      people: 3,
      name: `${name} ${Date.now()}`,
    }))! as { tenantId: string; rootUserId: string };
    const token = await fetch(`${process.env.TEST_IDENTITY_URL}/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenantId: generated.tenantId, userId: generated.rootUserId }),
    }).then(async (response) => ((await response.json()) as { access_token: string }).access_token);
    const theirAdmin = createApiClient({ baseUrl: app.url, getToken: async () => token });
    const cycle = await theirAdmin.cycles.create({
      name: `${name} cycle`,
      startsOn: isoDate(now.getTime() - 3 * DAY),
      endsOn: isoDate(now.getTime() + 60 * DAY),
    });
    const objective = await theirAdmin.objectives.create({ cycleId: cycle.id, title: 'Sell' });
    const keyResult = await theirAdmin.keyResults.create({
      objectiveId: objective.id,
      title: 'Bookings',
      metric: { kind: 'number', start: 0, target: 100 },
    });
    const workbook = await createWorkbook(
      { tenantId: generated.tenantId, userId: generated.rootUserId },
      { B4: value },
    );
    await theirAdmin.keyResults.linkExcel(keyResult.id, {
      version: keyResult.version,
      driveId: workbook.driveId,
      itemId: workbook.itemId,
      cell: 'Sheet1!B4',
    });
    return { generated, theirAdmin, keyResult, workbook };
  }

  it('shows lost access when the tenant takes its consent away, and clears it when it is given back', async () => {
    // A tenant of its own, so taking its consent away touches no other test.
    const { generated, theirAdmin, keyResult } = await linkedInATenantOfItsOwn('Excel consent', 12);
    await control('DELETE', `/tenants/${generated.tenantId}/consent?type=application`);
    try {
      await theirAdmin.runJob('excel-sources');
      const refused = await theirAdmin.keyResults.get(keyResult.id);
      expect(refused.checkIns).toHaveLength(0);
      expect(refused.excelState?.lastError).toMatchObject({
        code: 'access_lost',
        message: expect.stringMatching(/^Throughline lost access to the workbook/),
      });
    } finally {
      await control('POST', `/tenants/${generated.tenantId}/consent`, {});
    }
    later(3 * 60_000);
    await theirAdmin.runJob('excel-sources');
    const restored = await theirAdmin.keyResults.get(keyResult.id);
    expect(restored.excelState).toMatchObject({ lastValue: 12, lastError: null });
    expect(restored.checkIns.map((checkIn) => checkIn.value)).toEqual([12]);
  });

  it('does not read the key results of a closed cycle', async () => {
    const cycle = await admin.cycles.create({
      name: 'Closing cycle',
      startsOn: isoDate(now.getTime() - 20 * DAY),
      endsOn: isoDate(now.getTime() + 20 * DAY),
    });
    const objective = await diego.objectives.create({ cycleId: cycle.id, title: 'Old goals' });
    const keyResult = await newKeyResult('Closed cycle', objective.id);
    const workbook = await createWorkbook(diegoOwner, { B4: 5 });
    const linked = await link(keyResult.id, workbook, { cell: 'Sheet1!B4' });
    await admin.cycles.close(cycle.id);
    await setCell(workbook, 'Sheet1!B4', 6);
    later(7 * DAY);
    await runJob();
    const after = await detail(keyResult.id);
    expect(after.checkIns).toHaveLength(0);
    expect(after.excelState).toEqual(linked.excelState);
  });

  it('unlinks: the check-ins stay, the job reads it no more', async () => {
    const keyResult = await newKeyResult('Unlinked');
    const workbook = await createWorkbook(diegoOwner, { B4: 50 });
    await link(keyResult.id, workbook, { cell: 'Sheet1!B4' });
    await runJob();
    const linked = await detail(keyResult.id);
    const unlinked = await diego.keyResults.unlinkExcel(keyResult.id, { version: linked.version });
    expect(unlinked.excelSource ?? null).toBeNull();
    expect(unlinked.excelState ?? null).toBeNull();
    expect(unlinked.checkIns).toHaveLength(1);
    const again = await refusal(
      diego.keyResults.unlinkExcel(keyResult.id, { version: unlinked.version }),
    );
    expect([again.status, again.code]).toEqual([404, 'excel_source_not_found']);
    await setCell(workbook, 'Sheet1!B4', 60);
    later(7 * DAY);
    await runJob();
    expect((await detail(keyResult.id)).checkIns).toHaveLength(1);
    const timeline = await diego.narrative({ keyResultId: keyResult.id });
    expect(timeline.items[0]).toMatchObject({ type: 'key_result.excel_unlinked' });
  });

  it('reads the file’s content, never the workbook API, and a formula by the result Excel saved', async () => {
    const keyResult = await newKeyResult('Formula total');
    const workbook = await createWorkbook(diegoOwner, { B5: 100, B6: 23 }, undefined, {
      formulas: { 'Sheet1!B4': { formula: 'SUM(B5:B6)', result: 123 } },
    });
    const content = new RegExp(`/items/${workbook.itemId}/content$`);
    const workbookApi = new RegExp(`/items/${workbook.itemId}/workbook`);
    const linked = await link(keyResult.id, workbook, { cell: 'Sheet1!B4' });
    expect(linked.excelState).toMatchObject({ lastValue: 123, lastError: null });
    await runJob();
    expect((await detail(keyResult.id)).checkIns.map((checkIn) => checkIn.value)).toEqual([123]);
    expect(await requestsMatching(content)).toBe(2);
    expect(await requestsMatching(workbookApi)).toBe(0);
  });

  it('retries a throttled download and takes a new token when Graph refuses the cached one', async () => {
    const keyResult = await newKeyResult('Throttled download');
    const workbook = await createWorkbook(diegoOwner, { B4: 77 });
    await link(keyResult.id, workbook, { cell: 'Sheet1!B4' });
    const pathPattern = `/items/${workbook.itemId}/content$`;
    const downloads = () => requestsMatching(new RegExp(pathPattern));
    expect(await downloads()).toBe(1);
    await control('POST', '/faults', { pathPattern, status: 401, times: 1 });
    await runJob();
    let after = await detail(keyResult.id);
    expect(after.excelState).toMatchObject({ lastValue: 77, lastError: null });
    // Refused, then again with a new token.
    expect(await downloads()).toBe(3);

    await setCell(workbook, 'Sheet1!B4', 78);
    later(7 * DAY);
    await control('POST', '/faults', { pathPattern, status: 503, retryAfterSeconds: 0, times: 1 });
    await runJob();
    after = await detail(keyResult.id);
    expect(after.checkIns.map((checkIn) => checkIn.value)).toEqual([78, 77]);
    // Throttled, then retried after its Retry-After.
    expect(await downloads()).toBe(5);
  });

  it('refuses to link a workbook over the size it reads, and shows one that grew past it', async () => {
    const big = await createWorkbook(diegoOwner, { B4: 1 }, undefined, { size: 30 * 1024 * 1024 });
    const keyResult = await newKeyResult('Large workbook');
    const error = await refusal(link(keyResult.id, big, { cell: 'Sheet1!B4' }));
    expect([error.status, error.code]).toEqual([400, 'validation_failed']);
    expect(error.message).toBe(
      `The workbook “${big.name}” is larger than 25 MB; Throughline reads workbooks up to that size.`,
    );
    expect(await requestsMatching(new RegExp(`/items/${big.itemId}/content$`))).toBe(0);

    const growing = await createWorkbook(diegoOwner, { B4: 5 });
    await link(keyResult.id, growing, { cell: 'Sheet1!B4' });
    await control(
      'PATCH',
      `/tenants/${growing.tenantId}/users/${growing.ownerId}/drive/items/${growing.itemId}`,
      { size: 26 * 1024 * 1024 },
    );
    await runJob();
    const after = await detail(keyResult.id);
    expect(after.checkIns).toHaveLength(0);
    expect(after.excelState?.lastError).toMatchObject({
      code: 'workbook_too_large',
      message: `The workbook “${growing.name}” is larger than 25 MB; Throughline reads workbooks up to that size.`,
    });
  });

  it('reads with nothing but the application Files.Read.All consented', async () => {
    const { generated, theirAdmin, keyResult } = await linkedInATenantOfItsOwn(
      'Excel least privilege',
      31,
    );
    await control('DELETE', `/tenants/${generated.tenantId}/consent?type=application`);
    await control('POST', `/tenants/${generated.tenantId}/consent`, {
      type: 'application',
      permissions: ['Files.Read.All'],
    });
    const consent = (await control('GET', `/tenants/${generated.tenantId}/consent`))!;
    expect(consent.application).toEqual(['Files.Read.All']);
    try {
      await theirAdmin.runJob('excel-sources');
      const after = await theirAdmin.keyResults.get(keyResult.id);
      expect(after.excelState).toMatchObject({ lastValue: 31, lastError: null });
      expect(after.checkIns.map((checkIn) => checkIn.value)).toEqual([31]);
    } finally {
      await control('POST', `/tenants/${generated.tenantId}/consent`, {});
    }
  });
});
