/**
 * Reading one number out of a workbook through Graph's workbook API, and saying in a
 * sentence why there is none. The paths and the rules live here, pure, so linking (on
 * behalf of the person) and the job (app-only) read the same way and tests can check each
 * answer without Graph.
 *
 *   GET /drives/{d}/items/{i}                                          the workbook itself
 *   GET /drives/{d}/items/{i}/workbook/worksheets/{sheet}/range(address='B4')
 *   GET /drives/{d}/items/{i}/workbook/names/{name}/range
 *
 * A `workbookRange` answers `values` (numbers, strings, booleans), `text` (as shown),
 * `numberFormat` and `valueTypes` (`Empty`, `String`, `Double`, `Boolean`, `Error`, …).
 */
import type {
  ExcelReadErrorCode,
  ExcelReference,
  ExcelSource,
  Metric,
} from '@throughline/contracts';
import { formatCellReference } from '@throughline/contracts';
import { GraphFailure } from '../platform/graph/client';

const seg = encodeURIComponent;

export interface WorkbookRange {
  address?: string;
  cellCount?: number;
  values?: unknown[][];
  text?: unknown[][];
  numberFormat?: unknown[][];
  valueTypes?: unknown[][];
}

export interface ReadFailure {
  code: ExcelReadErrorCode;
  message: string;
}

export type RangeReading = { value: number; text: string } | { failure: ReadFailure };

export function rangePath(source: Pick<ExcelSource, 'driveId' | 'itemId' | 'reference'>): string {
  const item = `/drives/${seg(source.driveId)}/items/${seg(source.itemId)}/workbook`;
  const { reference } = source;
  if (reference.kind === 'name') return `${item}/names/${seg(reference.name)}/range`;
  return `${item}/worksheets/${seg(reference.sheet)}/range(address='${reference.cell}')`;
}

/** `Sheet1!B4` or the name: how the key result page and the check-in note name the source. */
export const labelOf = (reference: ExcelReference) =>
  reference.kind === 'name' ? reference.name : formatCellReference(reference);

const quoted = (text: string) => `‘${text.length > 60 ? `${text.slice(0, 57)}…` : text}’`;

/**
 * The number a one-cell range holds, for this metric: a percentage cell (shown as 45%,
 * stored as 0.45) counts as 45 for a percent key result, a yes/no cell as 1 or 0.
 */
export function readingOf(
  range: WorkbookRange,
  label: string,
  metric: Pick<Metric, 'kind'>,
): RangeReading {
  const values = range.values ?? [];
  const count = range.cellCount ?? values.reduce((sum, row) => sum + row.length, 0);
  if (count !== 1 || values.length !== 1 || values[0]?.length !== 1)
    return {
      failure: {
        code: 'not_one_cell',
        message: `${label} is ${count} cells (${range.address ?? 'a range'}); a key result is fed from one cell.`,
      },
    };
  const value = values[0]![0];
  const type = String(range.valueTypes?.[0]?.[0] ?? '');
  const text = String(range.text?.[0]?.[0] ?? value ?? '');
  const format = String(range.numberFormat?.[0]?.[0] ?? '');
  const where = `Cell ${range.address ?? label}`;
  if (type === 'Error')
    return {
      failure: { code: 'not_a_number', message: `${where} shows the error ${text}, not a number.` },
    };
  if (value === '' || value === null || value === undefined || type === 'Empty')
    return { failure: { code: 'not_a_number', message: `${where} is empty, not a number.` } };
  if (typeof value === 'boolean') {
    if (metric.kind === 'boolean') return { value: value ? 1 : 0, text };
    return { failure: { code: 'not_a_number', message: `${where} holds ${text}, not a number.` } };
  }
  if (typeof value !== 'number' || !Number.isFinite(value))
    return {
      failure: {
        code: 'not_a_number',
        message: `${where} holds ${quoted(String(value))}, not a number.`,
      },
    };
  const isPercentCell = /%/.test(format.replace(/"[^"]*"/g, ''));
  const number = metric.kind === 'percent' && isPercentCell ? value * 100 : value;
  return { value: Number(number.toPrecision(15)), text };
}

/** What a failed Graph call means for the link, in the sentence the key result shows. */
export function failureOf(
  error: unknown,
  source: Pick<ExcelSource, 'reference' | 'fileName'>,
  step: 'item' | 'range',
): ReadFailure {
  const status = error instanceof GraphFailure ? error.status : 0;
  const file = `“${source.fileName}”`;
  if (status === 401 || status === 403)
    return {
      code: 'access_lost',
      message: `Throughline lost access to the workbook ${file}: Microsoft 365 refused to let it read the file.`,
    };
  if (status === 404 && step === 'item')
    return { code: 'workbook_not_found', message: `The workbook ${file} was moved or deleted.` };
  if ((status === 404 || status === 400) && step === 'range')
    return source.reference.kind === 'name'
      ? {
          code: 'name_not_found',
          message: `The workbook ${file} has no range named ${source.reference.name} (or it is not a range of cells).`,
        }
      : {
          code: 'sheet_not_found',
          message: `The workbook ${file} has no sheet named ${quoted(source.reference.sheet)}.`,
        };
  return {
    code: 'graph_unavailable',
    message: `Microsoft 365 did not answer when Throughline read ${file}${status ? ` (HTTP ${status})` : ''}; it tries again later.`,
  };
}
