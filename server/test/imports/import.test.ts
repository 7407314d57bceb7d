/**
 * Bringing last quarter along: a Viva Goals export (an Excel workbook in its columns) and
 * a CSV file in Throughline's columns, imported by an admin through the HTTP API — a dry
 * run that writes nothing, a run that creates the objectives and key results with their
 * owners, teams and alignment and says so in the narrative, a second run that creates
 * nothing, and bad files that get clear errors and write nothing.
 */
import ExcelJS from 'exceljs';
import type { ApiClient, ImportReport } from '@throughline/contracts';
import { CONTOSO_TENANT_ID } from '@throughline/sandbox';
import { startTestApp, type TestApp } from '../../../tests/support/app';
import { openTestDatabase } from '../../../tests/support/database';
import { clientFor, personId, seedPeople, tokenFor } from '../../../tests/support/okr-api';
import { NARRATIVE } from '../../src/narrative/store';
import { KEY_RESULTS, OBJECTIVES } from '../../src/okrs/store';

async function vivaGoalsExport(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('OKRs');
  sheet.addRow([
    'ID',
    'Type',
    'Title',
    'Parent ID',
    'Owner',
    'Team',
    'Start Value',
    'Target Value',
    'Current Value',
    'Metric Unit',
    'Time Period',
    'Status',
  ]);
  sheet.addRow([
    '101',
    'Objective',
    'Grow EMEA revenue',
    '',
    'AlexW@contoso.onmicrosoft.com',
    'Sales EMEA',
    '',
    '',
    '',
    '',
    'Q3',
    'On track',
  ]);
  sheet.addRow([
    '102',
    'Key Result',
    'New enterprise logos',
    '101',
    'DiegoS@contoso.onmicrosoft.com',
    '',
    0,
    12,
    7,
    'logos',
    'Q3',
    'Behind',
  ]);
  sheet.addRow([
    '103',
    'Key Result',
    'Pipeline coverage',
    '101',
    '',
    '',
    1,
    3,
    2.5,
    'x',
    'Q3',
    'On track',
  ]);
  sheet.addRow([
    '104',
    'Objective',
    'Win the big London accounts',
    '102',
    'DiegoS@contoso.onmicrosoft.com',
    '',
    '',
    '',
    '',
    '',
    'Q3',
    '',
  ]);
  sheet.addRow([
    '105',
    'Project',
    'Rebuild the partner portal',
    '101',
    '',
    '',
    '',
    '',
    '',
    '',
    'Q3',
    '',
  ]);
  sheet.addRow([
    '106',
    'Key Result',
    'Partner deals',
    '101',
    'nobody@contoso.onmicrosoft.com',
    '',
    0,
    5,
    '',
    '',
    'Q3',
    '',
  ]);
  sheet.addRow([
    '107',
    'Key Result',
    'Margin',
    '101',
    '',
    '',
    0,
    { formula: 'B2*2' },
    '',
    '',
    'Q3',
    '',
  ]);
  sheet.addRow([
    '108',
    'Key Result',
    'Under a missing objective',
    '999',
    '',
    '',
    0,
    5,
    '',
    '',
    'Q3',
    '',
  ]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('importing OKRs', () => {
  const database = openTestDatabase('imports');
  let app: TestApp;
  let megan: ApiClient;
  let cycleId: string;
  const day = (offset: number) =>
    new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

  async function post(file: Buffer | string, query: Record<string, string>, as = 'Megan Bowen') {
    const response = await fetch(
      `${app.url}/api/admin/import?${new URLSearchParams({ cycleId, ...query })}`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await tokenFor(as)}`,
          'content-type': 'application/octet-stream',
        },
        body: typeof file === 'string' ? file : new Uint8Array(file),
      },
    );
    return {
      status: response.status,
      body: (await response.json()) as ImportReport & { error?: { code: string; message: string } },
    };
  }
  const counts = async () =>
    Object.fromEntries(
      await Promise.all(
        [OBJECTIVES, KEY_RESULTS, NARRATIVE].map(async (name) => [
          name,
          await database.db.collection(name).countDocuments({ tenantId: CONTOSO_TENANT_ID }),
        ]),
      ),
    );

  beforeAll(async () => {
    await seedPeople(database);
    app = await startTestApp(database);
    megan = clientFor(app.url, 'Megan Bowen');
    cycleId = (
      await megan.cycles.create({ name: 'Imported quarter', startsOn: day(-20), endsOn: day(70) })
    ).id;
    await megan.teams.create({ name: 'Sales EMEA' });
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('says in a dry run what a Viva Goals export would create and what it refuses, writing nothing', async () => {
    const before = await counts();
    const { status, body } = await post(await vivaGoalsExport(), { fileName: 'Q3 OKRs.xlsx' });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      format: 'viva_goals',
      dryRun: true,
      rows: 8,
      created: 4,
      refused: 4,
    });
    const outcome = (row: number) => body.items.find((item) => item.row === row)!;
    expect(outcome(2)).toMatchObject({
      type: 'objective',
      outcome: 'create',
      ownerId: personId('Alex Wilber'),
    });
    expect(outcome(3)).toMatchObject({ outcome: 'create', ownerId: personId('Diego Siciliani') });
    // No owner: the admin who imports.
    expect(outcome(4)).toMatchObject({ outcome: 'create', ownerId: personId('Megan Bowen') });
    expect(outcome(5)).toMatchObject({ type: 'objective', outcome: 'create' });
    expect(outcome(6).problems).toEqual([
      { column: 'Type', reason: expect.stringMatching(/projects are not imported/) },
    ]);
    expect(outcome(7).problems).toEqual([
      { column: 'Owner', reason: expect.stringMatching(/nobody@contoso/) },
    ]);
    expect(outcome(8).problems).toEqual([
      { column: 'Target Value', reason: expect.stringMatching(/formula/) },
    ]);
    expect(outcome(9).problems).toEqual([
      { column: 'Parent ID', reason: 'its parent “999” is not in the file' },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('creates what the dry run said, aligned and owned, in the narrative; a second run creates nothing', async () => {
    const first = await post(await vivaGoalsExport(), {
      fileName: 'Q3 OKRs.xlsx',
      dryRun: 'false',
    });
    expect(first.body).toMatchObject({ dryRun: false, created: 4, alreadyImported: 0, refused: 4 });
    const objectiveId = first.body.items.find((item) => item.row === 2)!.id!;
    const objective = await megan.objectives.get(objectiveId);
    expect(objective).toMatchObject({
      title: 'Grow EMEA revenue',
      ownerId: personId('Alex Wilber'),
      level: 'team',
    });
    expect(
      objective.keyResults.map((keyResult) => [
        keyResult.title,
        keyResult.metric.target,
        keyResult.metric.current,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['New enterprise logos', 12, 7],
        ['Pipeline coverage', 3, 2.5],
      ]),
    );
    const london = await megan.objectives.get(first.body.items.find((item) => item.row === 5)!.id!);
    expect(london.alignsTo).toEqual({
      kind: 'keyResult',
      id: first.body.items.find((item) => item.row === 3)!.id,
    });
    const timeline = await megan.narrative({ objectiveId });
    expect(timeline.items.map((event) => event.summary)).toContain(
      'created the objective “Grow EMEA revenue” (imported from Q3 OKRs.xlsx)',
    );

    const before = await counts();
    const again = await post(await vivaGoalsExport(), {
      fileName: 'Q3 OKRs.xlsx',
      dryRun: 'false',
    });
    expect(again.body).toMatchObject({ created: 0, alreadyImported: 4, refused: 4 });
    expect(await counts()).toEqual(before);
  });

  it('imports a CSV file in Throughline’s columns', async () => {
    const csv = [
      'Type,Title,Parent,Owner,Metric,Start,Target,Unit,Currency',
      'Objective,Renew Northwind,,IsaiahL@contoso.onmicrosoft.com,,,,,',
      'Key result,Signed ARR,Renew Northwind,,currency,0,200000,,EUR',
      'Key result,Legal sign-off,Renew Northwind,,yes/no,,,,',
      'Key result,Discount,Renew Northwind,,percent,0,140,,',
    ].join('\n');
    const { body } = await post(csv, { fileName: 'renewals.csv', dryRun: 'false' });
    expect(body).toMatchObject({ format: 'throughline', created: 3, refused: 1 });
    expect(body.items[3]!.problems).toEqual([
      { column: 'Target', reason: 'must be between 0 and 100' },
    ]);
    const renewal = await megan.objectives.get(body.items[0]!.id!);
    expect(renewal.keyResults.map((keyResult) => keyResult.metric.kind).sort()).toEqual([
      'boolean',
      'currency',
    ]);
  });

  it('refuses files it cannot read, and people who are not admins, writing nothing', async () => {
    const before = await counts();
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from([0, 1, 2, 3, 255])]);
    expect((await post(pdf, {})).body.error?.code).toBe('unsupported_media_type');
    const damaged = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]);
    expect((await post(damaged, {})).status).toBe(415);
    const huge = Buffer.alloc(6 * 1024 * 1024, 'a');
    expect((await post(huge, {})).status).toBe(413);
    expect((await post('Name,Colour\nA,Blue', {})).body.error?.message).toMatch(/"Type" column/);
    expect(
      (await post('Type,Title\nObjective,Mine', { dryRun: 'false' }, 'Diego Siciliani')).status,
    ).toBe(403);
    expect((await post('Type,Title\nObjective,Mine', { cycleId: 'no such cycle!' })).status).toBe(
      400,
    );
    expect(
      (await post('Type,Title\nObjective,Mine', { cycleId: 'a1b2c3d4e5f6a1b2c3d4e5f6' })).status,
    ).toBe(404);
    expect(await counts()).toEqual(before);
  });
});
