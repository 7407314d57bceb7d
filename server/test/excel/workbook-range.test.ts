/** The pure rules of Excel sources: which addresses are one cell, what a range's value means, and the cadence's periods. */
import { isDefinedName, parseCellReference } from '@throughline/contracts';
import { cadencePeriodOf } from '../../src/excel/cadence';
import { failureOf, rangePath, readingOf } from '../../src/excel/workbook-range';
import { GraphFailure } from '../../src/platform/graph/client';

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

  it('tells a moved workbook from lost access and a missing sheet', () => {
    const source = {
      fileName: 'Pipeline.xlsx',
      reference: { kind: 'cell' as const, sheet: 'Sheet1', cell: 'B4' },
    };
    expect(failureOf(new GraphFailure(404, 'itemNotFound', ''), source, 'item')).toEqual({
      code: 'workbook_not_found',
      message: 'The workbook “Pipeline.xlsx” was moved or deleted.',
    });
    expect(failureOf(new GraphFailure(403, 'accessDenied', ''), source, 'item').code).toBe(
      'access_lost',
    );
    expect(failureOf(new GraphFailure(404, 'ItemNotFound', ''), source, 'range').code).toBe(
      'sheet_not_found',
    );
    expect(failureOf(new GraphFailure(503, 'serviceNotAvailable', ''), source, 'range').code).toBe(
      'graph_unavailable',
    );
  });

  it('builds Graph’s paths, the sheet name escaped', () => {
    expect(
      rangePath({
        driveId: 'b!x',
        itemId: '01AB',
        reference: { kind: 'cell', sheet: 'Q4 pipeline', cell: 'B4' },
      }),
    ).toBe("/drives/b!x/items/01AB/workbook/worksheets/Q4%20pipeline/range(address='B4')");
    expect(
      rangePath({ driveId: 'd', itemId: 'i', reference: { kind: 'name', name: 'SignedARR' } }),
    ).toBe('/drives/d/items/i/workbook/names/SignedARR/range');
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
