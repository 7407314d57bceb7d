/**
 * The rules of Excel sources without Graph: which addresses are one cell, what a cell of a
 * workbook's file holds and means, why there is no number, and the cadence's periods.
 */
import ExcelJS from 'exceljs';
import { isDefinedName, parseCellReference, type ExcelReference } from '@throughline/contracts';
import { cadencePeriodOf } from '../../src/excel/cadence';
import {
  contentPath,
  failureOf,
  labelOf,
  readCell,
  readingOf,
} from '../../src/excel/workbook-cell';
import { ContentTooLarge, GraphFailure } from '../../src/platform/graph/client';

const oneCell = (
  value: unknown,
  valueType: string,
  numberFormat = 'General',
  text = String(value),
) => ({
  address: 'Sheet1!B4',
  cellCount: 1,
  values: [[value]],
  text: [[text]],
  numberFormat: [[numberFormat]],
  valueTypes: [[valueType]],
});

describe('cell addresses', () => {
  it('takes one cell of one worksheet, quoted when the name needs it', () => {
    expect(parseCellReference('Sheet1!B4')).toEqual({ kind: 'cell', sheet: 'Sheet1', cell: 'B4' });
    expect(parseCellReference('Sheet1!$b$4')).toEqual({
      kind: 'cell',
      sheet: 'Sheet1',
      cell: 'B4',
    });
    expect(parseCellReference("'Q4 pipeline'!XFD1048576")).toEqual({
      kind: 'cell',
      sheet: 'Q4 pipeline',
      cell: 'XFD1048576',
    });
    expect(parseCellReference("'Tom''s numbers'!A1")?.sheet).toBe("Tom's numbers");
  });

  it('refuses ranges, missing parts, cells beyond the grid and names Excel would refuse', () => {
    for (const text of [
      'B4',
      'Sheet1!B4:C5',
      'Sheet1!',
      '!B4',
      'Sheet 1!B4',
      'Sheet1!XFE1',
      'Sheet1!A0',
      'Sheet1!A1048577',
      "'Q4!B4",
      "'a'b'!B4",
      "'[x]'!B4",
    ])
      expect([text, parseCellReference(text)]).toEqual([text, null]);
  });

  it('knows a defined name from a cell address', () => {
    expect(['SignedARR', '_total', 'Q4.Pipeline'].every(isDefinedName)).toBe(true);
    expect(['B4', 'R1C1', 'r', 'TRUE', '1Total', 'Signed ARR', ''].some(isDefinedName)).toBe(false);
  });
});

describe('reading a range', () => {
  const currency = { kind: 'currency' as const };
  it('reads a number, and a percentage cell as percent points for a percent key result', () => {
    expect(readingOf(oneCell(120000, 'Double'), 'Sheet1!B4', currency)).toEqual({
      value: 120000,
      text: '120000',
    });
    expect(
      readingOf(oneCell(0.45, 'Double', '0%', '45%'), 'Sheet1!B4', { kind: 'percent' }),
    ).toEqual({
      value: 45,
      text: '45%',
    });
    expect(
      readingOf(oneCell(true, 'Boolean', 'General', 'TRUE'), 'X', { kind: 'boolean' }),
    ).toEqual({ value: 1, text: 'TRUE' });
  });

  it('says in a sentence why there is no number', () => {
    const failure = (range: ReturnType<typeof oneCell>) => {
      const reading = readingOf(range, 'Sheet1!B4', currency);
      return 'failure' in reading ? reading.failure : null;
    };
    expect(failure(oneCell('n/a', 'String'))).toEqual({
      code: 'not_a_number',
      message: 'Cell Sheet1!B4 holds ‘n/a’, not a number.',
    });
    expect(failure(oneCell('', 'Empty'))?.message).toBe('Cell Sheet1!B4 is empty, not a number.');
    expect(failure(oneCell('#N/A', 'Error'))?.message).toBe(
      'Cell Sheet1!B4 shows the error #N/A, not a number.',
    );
    expect(
      failure({ ...oneCell(1, 'Double'), cellCount: 2, values: [[1, 2]], address: 'Sheet1!B4:C4' })
        ?.code,
    ).toBe('not_one_cell');
  });

  it('tells a moved workbook from lost access, a file too large and a Graph outage', () => {
    const source = { fileName: 'Pipeline.xlsx' };
    expect(failureOf(new GraphFailure(404, 'itemNotFound', ''), source)).toEqual({
      code: 'workbook_not_found',
      message: 'The workbook “Pipeline.xlsx” was moved or deleted.',
    });
    expect(failureOf(new GraphFailure(403, 'accessDenied', ''), source).code).toBe('access_lost');
    expect(failureOf(new ContentTooLarge(1), source)).toEqual({
      code: 'workbook_too_large',
      message:
        'The workbook “Pipeline.xlsx” is larger than 25 MB; Throughline reads workbooks up to that size.',
    });
    expect(failureOf(new GraphFailure(503, 'serviceNotAvailable', ''), source).code).toBe(
      'graph_unavailable',
    );
  });

  it('builds the content path, the ids escaped', () => {
    expect(contentPath({ driveId: 'b!x y', itemId: '01AB' })).toBe(
      '/drives/b!x%20y/items/01AB/content',
    );
  });
});

describe('reading a cell from the workbook’s file', () => {
  let bytes: Buffer;
  beforeAll(async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Q4 pipeline');
    sheet.getCell('B4').value = 120000;
    sheet.getCell('B5').value = { formula: 'B4*2', result: 240000 };
    sheet.getCell('B6').value = { formula: 'B4/0', result: { error: '#DIV/0!' } };
    sheet.getCell('B7').value = { formula: 'NOW()' };
    sheet.getCell('B8').value = 0.45;
    sheet.getCell('B8').numFmt = '0%';
    sheet.getCell('B9').value = 'n/a';
    sheet.getCell('B4').name = 'SignedARR';
    sheet.getCell('C4').value = 1;
    sheet.getCell('B4').addName('Pair');
    sheet.getCell('C4').addName('Pair');
    bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  });
  const read = (reference: ExcelReference, kind: 'currency' | 'percent' = 'currency') =>
    readCell(bytes, { reference, fileName: 'Pipeline.xlsx', label: labelOf(reference) }, { kind });
  const cell = (address: string): ExcelReference => ({
    kind: 'cell',
    sheet: 'Q4 pipeline',
    cell: address,
  });

  it('reads a number, a formula by the result saved with it, and a percentage cell', async () => {
    expect(await read(cell('B4'))).toEqual({ value: 120000, text: '120000' });
    expect(await read(cell('B5'))).toEqual({ value: 240000, text: '240000' });
    expect(await read(cell('B8'), 'percent')).toMatchObject({ value: 45 });
    // Excel's sheet names ignore case.
    expect(await read({ kind: 'cell', sheet: 'q4 PIPELINE', cell: 'B4' })).toMatchObject({
      value: 120000,
    });
  });

  it('reads a single-cell name, and refuses a name of several cells or none', async () => {
    expect(await read({ kind: 'name', name: 'signedarr' })).toMatchObject({ value: 120000 });
    expect(await read({ kind: 'name', name: 'Pair' })).toMatchObject({
      failure: { code: 'not_one_cell' },
    });
    expect(await read({ kind: 'name', name: 'Nowhere' })).toEqual({
      failure: {
        code: 'name_not_found',
        message:
          'The workbook “Pipeline.xlsx” has no range named Nowhere (or it is not a range of cells).',
      },
    });
  });

  it('says why a cell holds no number: an error, a formula never calculated, text, nothing', async () => {
    const messageOf = async (address: string) => {
      const reading = await read(cell(address));
      return 'failure' in reading ? reading.failure.message : null;
    };
    expect(await messageOf('B6')).toBe(
      "Cell 'Q4 pipeline'!B6 shows the error #DIV/0!, not a number.",
    );
    expect(await messageOf('B7')).toBe("Cell 'Q4 pipeline'!B7 is empty, not a number.");
    expect(await messageOf('B9')).toBe("Cell 'Q4 pipeline'!B9 holds ‘n/a’, not a number.");
    expect(await messageOf('Z99')).toBe("Cell 'Q4 pipeline'!Z99 is empty, not a number.");
  });

  it('names a missing sheet, and a file that is no workbook', async () => {
    expect(await read({ kind: 'cell', sheet: 'Forecast', cell: 'B4' })).toEqual({
      failure: {
        code: 'sheet_not_found',
        message: 'The workbook “Pipeline.xlsx” has no sheet named ‘Forecast’.',
      },
    });
    const notAWorkbook = await readCell(
      Buffer.from('%PDF-1.7'),
      { reference: cell('B4'), fileName: 'Scan.xlsx', label: 'B4' },
      { kind: 'number' },
    );
    expect(notAWorkbook).toMatchObject({ failure: { code: 'not_a_workbook' } });
    const damaged = await readCell(
      Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64)]),
      { reference: cell('B4'), fileName: 'Broken.xlsx', label: 'B4' },
      { kind: 'number' },
    );
    expect(damaged).toMatchObject({ failure: { code: 'not_a_workbook' } });
  });
});

describe('cadence periods', () => {
  const settings = { checkInCadenceDays: 7, timeZone: 'Europe/Berlin' };
  const cycle = { startsOn: '2026-10-01' };
  it('cuts the cycle into cadence-long periods from its first local midnight', () => {
    expect(cadencePeriodOf(cycle, settings, new Date('2026-09-30T21:59:00Z'))).toBeNull();
    expect(cadencePeriodOf(cycle, settings, new Date('2026-09-30T22:00:00Z'))).toEqual({
      startsOn: '2026-10-01',
      index: 0,
    });
    expect(cadencePeriodOf(cycle, settings, new Date('2026-10-07T21:59:00Z'))?.startsOn).toBe(
      '2026-10-01',
    );
    expect(cadencePeriodOf(cycle, settings, new Date('2026-10-07T22:00:00Z'))?.startsOn).toBe(
      '2026-10-08',
    );
    // Across the change to winter time (25 October) the period still starts at local midnight.
    expect(cadencePeriodOf(cycle, settings, new Date('2026-10-28T23:00:00Z'))?.startsOn).toBe(
      '2026-10-29',
    );
    expect(cadencePeriodOf(cycle, settings, new Date('2026-10-28T22:30:00Z'))?.startsOn).toBe(
      '2026-10-22',
    );
  });
});
