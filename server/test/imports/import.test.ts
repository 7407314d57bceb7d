/**
 * Bringing last quarter along: a Viva Goals Explorer export (an Excel workbook in its columns) and
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
import { DELIVERABLES, KEY_RESULTS, OBJECTIVES } from '../../src/okrs/store';

/** The columns of a Viva Goals Explorer export, in its order. */
const VIVA_GOALS_HEADERS = [
  'Id',
  'Title',
  'Team',
  'Creator',
  'Owner',
  'Period',
  'Start Date',
  'End Date',
  'Description',
  'Aligned To (weight, Objective ID)',
  'Metric Name',
  'Unit',
  'Target',
  'Object Type',
  'Goal Type',
  'Start',
  'Created At',
  'Last Check-in',
  'Progress %',
  'Actual Progress',
  'Status',
  'Last Check-in Note',
  'Score',
  'Checkins',
] as const;
type VivaRow = Partial<Record<(typeof VIVA_GOALS_HEADERS)[number], ExcelJS.CellValue>>;

/** In an exported workbook the Id is a link to the item in Viva Goals. */
const vivaId = (id: string) => ({
  formula: `HYPERLINK("https://goals.microsoft.com/org_uuid/94a356ab/okr/${id}","${id}")`,
  result: id,
});

async function vivaGoalsWorkbook(rows: VivaRow[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Explorer');
  sheet.addRow([...VIVA_GOALS_HEADERS]);
  for (const row of rows)
    sheet.addRow(
      VIVA_GOALS_HEADERS.map(
        (header) =>
          row[header] ??
          (
            {
              Period: 'Q3 2026',
              'Goal Type': 'Committed Goal',
              'Metric Name': 'Progress',
            } as VivaRow
          )[header] ??
          null,
      ),
    );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function vivaGoalsExport(): Promise<Buffer> {
  return vivaGoalsWorkbook([
    {
      Id: vivaId('2295701'),
      Title: 'Grow EMEA revenue',
      Team: 'Sales EMEA; All Contoso',
      Creator: 'Megan Bowen',
      Owner: 'Alex Wilber',
      'Object Type': 'Objective',
      Unit: '%',
      Start: 0,
      Target: 100,
      'Progress %': 40,
      Status: 'On Track',
    },
    {
      Id: vivaId('2295702'),
      Title: 'New enterprise logos',
      'Aligned To (weight, Objective ID)': 'Grow EMEA revenue(weight: 50%, Id: 2295701)',
      Owner: 'Diego Siciliani, Lee Gu',
      'Object Type': 'Key result',
      'Metric Name': 'Logos',
      Unit: 'logos',
      Start: 0,
      Target: 12,
      'Progress %': 58.33,
      Status: 'Behind',
    },
    {
      Id: vivaId('2295703'),
      Title: 'Pipeline coverage',
      'Aligned To (weight, Objective ID)': 'Grow EMEA revenue(weight: 50%, Id: 2295701)',
      'Object Type': 'Key result',
      Unit: 'x',
      Start: 1,
      Target: 3,
      'Progress %': 75,
    },
    {
      Id: vivaId('2295704'),
      Title: 'Win the big London accounts',
      'Aligned To (weight, Objective ID)': 'New enterprise logos(weight: 100%, Id: 2295702)',
      Owner: 'DiegoS@contoso.onmicrosoft.com',
      'Object Type': 'Objective',
    },
    {
      Id: vivaId('2295705'),
      Title: 'Rebuild the partner portal',
      'Aligned To (weight, Objective ID)': 'New enterprise logos(weight: 0%, Id: 2295702)',
      Owner: 'Lee Gu',
      'Object Type': 'Deliverable',
      'End Date': new Date('2026-12-15T00:00:00Z'),
      Status: 'Completed',
    },
    {
      Id: vivaId('2295706'),
      Title: 'Partner deals',
      'Aligned To (weight, Objective ID)': 'Grow EMEA revenue(weight: 0%, Id: 2295701)',
      Owner: 'Nobody Here',
      'Object Type': 'Key result',
      Start: 0,
      Target: 5,
    },
    {
      Id: vivaId('2295707'),
      Title: 'Margin',
      'Aligned To (weight, Objective ID)': 'Grow EMEA revenue(weight: 0%, Id: 2295701)',
      'Object Type': 'Key result',
      Start: 0,
      Target: { formula: 'P2*2', result: 0 },
    },
    {
      Id: vivaId('2295708'),
      Title: 'Under a missing objective',
      'Aligned To (weight, Objective ID)': 'Archived objective(weight: 100%, Id: 999)',
      'Object Type': 'Key result',
      Start: 0,
      Target: 5,
    },
    {
      Id: vivaId('2295709'),
      Title: 'Revenue booked',
      'Aligned To (weight, Objective ID)': 'Grow EMEA revenue(weight: 0%, Id: 2295701)',
      'Object Type': 'Key result',
      Unit: '$',
      Start: 0,
      Target: 500000,
      'Progress %': 20,
    },
    { Id: vivaId('2295710'), Title: 'Be the partner of choice', 'Object Type': 'Big rock' },
  ]);
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
        [OBJECTIVES, KEY_RESULTS, DELIVERABLES, NARRATIVE].map(async (name) => [
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
      rows: 10,
      created: 6,
      refused: 4,
    });
    const outcome = (row: number) => body.items.find((item) => item.row === row)!;
    // Owners by display name, as Viva Goals writes them; the first of several owns it.
    expect(outcome(2)).toMatchObject({
      type: 'objective',
      outcome: 'create',
      ownerId: personId('Alex Wilber'),
    });
    expect(outcome(3)).toMatchObject({ outcome: 'create', ownerId: personId('Diego Siciliani') });
    // No owner: the admin who imports.
    expect(outcome(4)).toMatchObject({ outcome: 'create', ownerId: personId('Megan Bowen') });
    expect(outcome(5)).toMatchObject({ type: 'objective', outcome: 'create' });
    expect(outcome(6)).toMatchObject({ type: 'deliverable', outcome: 'create' });
    expect(outcome(7).problems).toEqual([
      { column: 'Owner', reason: expect.stringMatching(/“Nobody Here” is in your directory/) },
    ]);
    expect(outcome(8).problems).toEqual([
      { column: 'Target', reason: expect.stringMatching(/formula/) },
    ]);
    expect(outcome(9).problems).toEqual([
      {
        column: 'Aligned To (weight, Objective ID)',
        reason: 'its parent “999” is not in the file',
      },
    ]);
    expect(outcome(10)).toMatchObject({ outcome: 'create' });
    expect(outcome(11).problems).toEqual([
      { column: 'Object Type', reason: 'must be Objective, Key result or Deliverable' },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('creates what the dry run said, aligned and owned, in the narrative; a second run creates nothing', async () => {
    const first = await post(await vivaGoalsExport(), {
      fileName: 'Q3 OKRs.xlsx',
      dryRun: 'false',
    });
    expect(first.body).toMatchObject({ dryRun: false, created: 6, alreadyImported: 0, refused: 4 });
    const idOfRow = (row: number) => first.body.items.find((item) => item.row === row)!.id!;
    const objective = await megan.objectives.get(idOfRow(2));
    expect(objective).toMatchObject({
      title: 'Grow EMEA revenue',
      ownerId: personId('Alex Wilber'),
      teamId: expect.any(String),
      level: 'team',
    });
    // Viva Goals exports progress, not the value: the value is that share of the way.
    expect(
      objective.keyResults
        .map((keyResult) => [
          keyResult.title,
          keyResult.metric.kind,
          keyResult.metric.target,
          keyResult.metric.current,
          keyResult.metric.currency ?? null,
        ])
        .sort(),
    ).toEqual([
      ['New enterprise logos', 'number', 12, 7, null],
      ['Pipeline coverage', 'number', 3, 2.5, null],
      ['Revenue booked', 'currency', 500000, 100000, 'USD'],
    ]);
    const logos = objective.keyResults.find((item) => item.title === 'New enterprise logos')!;
    expect(logos.coOwnerIds).toEqual([personId('Lee Gu')]);
    const london = await megan.objectives.get(idOfRow(5));
    expect(london.alignsTo).toEqual({ kind: 'keyResult', id: idOfRow(3) });
    const portal = (await megan.keyResults.get(idOfRow(3))).deliverables;
    expect(portal.map((item) => [item.title, item.ownerId, item.dueDate, item.state])).toEqual([
      ['Rebuild the partner portal', personId('Lee Gu'), '2026-12-15', 'done'],
    ]);
    const timeline = await megan.narrative({ objectiveId: idOfRow(2) });
    expect(timeline.items.map((event) => event.summary)).toContain(
      'created the objective “Grow EMEA revenue” (imported from Q3 OKRs.xlsx)',
    );

    const before = await counts();
    const again = await post(await vivaGoalsExport(), {
      fileName: 'Q3 OKRs.xlsx',
      dryRun: 'false',
    });
    expect(again.body).toMatchObject({ created: 0, alreadyImported: 6, refused: 4 });
    expect(await counts()).toEqual(before);
  });

  it('refuses an owner whose name two people share, rather than guessing', async () => {
    const [lee] = await database.db
      .collection('people')
      .find({ tenantId: CONTOSO_TENANT_ID, _id: personId('Lee Gu') as never })
      .toArray();
    await database.db.collection('people').insertOne({
      ...lee,
      _id: 'a0a0a0a0a0a0a0a0a0a0a0a0' as never,
      mail: 'lee.gu2@contoso.example',
    });
    const file = await vivaGoalsWorkbook([
      { Id: vivaId('77'), Title: 'Shared name', Owner: 'Lee Gu', 'Object Type': 'Objective' },
      {
        Id: vivaId('78'),
        Title: 'By email',
        Owner: 'lee.gu2@contoso.example',
        'Object Type': 'Objective',
      },
    ]);
    const { body } = await post(file, {});
    expect(body.items.map((item) => [item.outcome, item.problems])).toEqual([
      [
        'refused',
        [{ column: 'Owner', reason: '2 people are named “Lee Gu”: write their email instead' }],
      ],
      ['create', []],
    ]);
    await database.db.collection('people').deleteOne({ _id: 'a0a0a0a0a0a0a0a0a0a0a0a0' as never });
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
