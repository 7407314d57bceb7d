/**
 * Reading one number out of a workbook's file, and saying in a sentence why there is none.
 * The paths and the rules live here, so linking (on behalf of the person) and the job
 * (app-only) read the same way and tests can check each answer without Graph.
 *
 *   GET /drives/{d}/items/{i}            the workbook itself (name, size, type)
 *   GET /drives/{d}/items/{i}/content    its bytes (302 to a download URL)
 *
 * Not Graph's workbook API (`…/workbook/worksheets/{s}/range(…)`): Microsoft documents no
 * application permission for it, so the background job could never call it; file content
 * takes the application `Files.Read.All`. The bytes are what Excel last saved, so a formula
 * counts with the result Excel calculated and saved with it.
 *
 * A cell is read into the shape Graph gives a range (`values`, `text`, `numberFormat`,
 * `valueTypes`), so what a value means is decided by one function, `readingOf`.
 */
import ExcelJS from 'exceljs';
import type {
  ExcelReadErrorCode,
  ExcelReference,
  ExcelSource,
  Metric,
} from '@throughline/contracts';
import { columnNumber, formatCellReference } from '@throughline/contracts';
import { ContentTooLarge, GraphFailure } from '../platform/graph/client';

const seg = encodeURIComponent;

/** Larger workbooks are refused: the whole file is read into memory to find one cell. */
export const MAX_WORKBOOK_MB = 25;
export const MAX_WORKBOOK_BYTES = MAX_WORKBOOK_MB * 1024 * 1024;

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

export const contentPath = (source: Pick<ExcelSource, 'driveId' | 'itemId'>) =>
  `/drives/${seg(source.driveId)}/items/${seg(source.itemId)}/content`;

/** `Sheet1!B4` or the name: how the key result page and the check-in note name the source. */
export const labelOf = (reference: ExcelReference) =>
  reference.kind === 'name' ? reference.name : formatCellReference(reference);

const quoted = (text: string) => `‘${text.length > 60 ? `${text.slice(0, 57)}…` : text}’`;

export const tooLarge = (fileName: string): ReadFailure => ({
  code: 'workbook_too_large',
  message: `The workbook “${fileName}” is larger than ${MAX_WORKBOOK_MB} MB; Throughline reads workbooks up to that size.`,
});

const notAWorkbook = (fileName: string): ReadFailure => ({
  code: 'not_a_workbook',
  message: `The file “${fileName}” is not an Excel workbook (.xlsx) Throughline can read, or it is damaged.`,
});

/** The workbook in the bytes, or why there is none. */
export async function parseWorkbook(
  bytes: Buffer,
  fileName: string,
): Promise<{ workbook: ExcelJS.Workbook } | { failure: ReadFailure }> {
  // An .xlsx is a zip: anything else (an old .xls, an encrypted file) is not read.
  if (!bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])))
    return { failure: notAWorkbook(fileName) };
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return { failure: notAWorkbook(fileName) };
  }
  return { workbook };
}

const RANGE = /^\$?([A-Z]{1,3})\$?([0-9]{1,7})(?::\$?([A-Z]{1,3})\$?([0-9]{1,7}))?$/i;

const columnLetters = (column: number): string => {
  let letters = '';
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26))
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
};

function splitReference(reference: string): [string, string] {
  const bang = reference.lastIndexOf('!');
  const sheet = reference
    .slice(0, bang)
    .replace(/^'(.*)'$/, '$1')
    .replace(/''/g, "'");
  return [sheet, reference.slice(bang + 1)];
}

interface CellView {
  value: unknown;
  text: string;
  numberFormat: string;
  valueType: 'Empty' | 'String' | 'Double' | 'Boolean' | 'Error';
}

/** A cell as Graph's workbook API would describe it; a formula by the result saved with it. */
function cellView(cell: ExcelJS.Cell): CellView {
  const numberFormat = cell.numFmt || 'General';
  let raw: unknown = cell.value;
  if (raw && typeof raw === 'object' && ('formula' in raw || 'sharedFormula' in raw))
    raw = (raw as { result?: unknown }).result;
  if (raw && typeof raw === 'object' && 'richText' in raw)
    raw = (raw as { richText: { text: string }[] }).richText.map((part) => part.text).join('');
  if (raw && typeof raw === 'object' && 'hyperlink' in raw) raw = (raw as { text?: unknown }).text;
  if (raw && typeof raw === 'object' && 'error' in raw) {
    const error = String((raw as { error: string }).error);
    return { value: error, text: error, numberFormat, valueType: 'Error' };
  }
  if (raw === null || raw === undefined || raw === '')
    return { value: '', text: '', numberFormat, valueType: 'Empty' };
  if (typeof raw === 'number')
    return { value: raw, text: String(raw), numberFormat, valueType: 'Double' };
  if (typeof raw === 'boolean')
    return { value: raw, text: raw ? 'TRUE' : 'FALSE', numberFormat, valueType: 'Boolean' };
  if (raw instanceof Date) {
    // Excel keeps dates as serial numbers (days since 1899-12-30).
    const serial = raw.getTime() / 86_400_000 + 25569;
    return {
      value: serial,
      text: raw.toISOString().slice(0, 10),
      numberFormat,
      valueType: 'Double',
    };
  }
  return { value: String(raw), text: String(raw), numberFormat, valueType: 'String' };
}

function rangeOfSheet(sheet: ExcelJS.Worksheet, address: string): WorkbookRange | null {
  const match = RANGE.exec(address);
  if (!match) return null;
  const [, fromColumn, fromRow, toColumn = fromColumn, toRow = fromRow] = match;
  const columns = [columnNumber(fromColumn!), columnNumber(toColumn!)].sort((a, b) => a - b);
  const rows = [Number(fromRow), Number(toRow)].sort((a, b) => a - b);
  const cellCount = (rows[1]! - rows[0]! + 1) * (columns[1]! - columns[0]! + 1);
  const first = `${columnLetters(columns[0]!)}${rows[0]}`;
  const last = `${columnLetters(columns[1]!)}${rows[1]}`;
  const local = first === last ? first : `${first}:${last}`;
  const where = `${formatCellReference({ sheet: sheet.name, cell: '' })}${local}`;
  // A key result takes one cell: a larger range is only counted, never read cell by cell.
  if (cellCount !== 1) return { address: where, cellCount, values: [] };
  const view = cellView(sheet.getCell(rows[0]!, columns[0]!));
  return {
    address: where,
    cellCount: 1,
    values: [[view.value]],
    text: [[view.text]],
    numberFormat: [[view.numberFormat]],
    valueTypes: [[view.valueType]],
  };
}

/** Excel's sheet names ignore case. */
const sheetNamed = (workbook: ExcelJS.Workbook, name: string) =>
  workbook.worksheets.find((sheet) => sheet.name.toLowerCase() === name.toLowerCase());

/**
 * The range the reference points at, or the failure of a sheet or name the workbook does
 * not hold. A name that refers to anything but cells of one sheet (a constant, a formula,
 * several areas) is not one cell either.
 */
export function rangeOf(
  workbook: ExcelJS.Workbook,
  source: Pick<ExcelSource, 'reference' | 'fileName'>,
): WorkbookRange | { failure: ReadFailure } {
  const { reference } = source;
  if (reference.kind === 'cell') {
    const sheet = sheetNamed(workbook, reference.sheet);
    if (!sheet) return { failure: lookupFailure(source) };
    return rangeOfSheet(sheet, reference.cell) ?? { failure: lookupFailure(source) };
  }
  const wanted = reference.name.toLowerCase();
  const entry = workbook.definedNames.model.find(
    (candidate) => candidate.name.toLowerCase() === wanted,
  );
  const ranges = entry?.ranges ?? [];
  if (ranges.length === 0) return { failure: lookupFailure(source) };
  if (ranges.length > 1) return { address: ranges.join(','), cellCount: ranges.length, values: [] };
  const [sheetName, address] = splitReference(ranges[0]!);
  const sheet = sheetNamed(workbook, sheetName);
  const range = sheet ? rangeOfSheet(sheet, address) : null;
  return range ?? { failure: lookupFailure(source) };
}

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

/** A sheet or name the workbook does not hold, in the sentence the key result shows. */
function lookupFailure(source: Pick<ExcelSource, 'reference' | 'fileName'>): ReadFailure {
  const file = `“${source.fileName}”`;
  return source.reference.kind === 'name'
    ? {
        code: 'name_not_found',
        message: `The workbook ${file} has no range named ${source.reference.name} (or it is not a range of cells).`,
      }
    : {
        code: 'sheet_not_found',
        message: `The workbook ${file} has no sheet named ${quoted(source.reference.sheet)}.`,
      };
}

/** What a failed read of the workbook (its item or its content) means, in the sentence the key result shows. */
export function failureOf(error: unknown, source: Pick<ExcelSource, 'fileName'>): ReadFailure {
  if (error instanceof ContentTooLarge) return tooLarge(source.fileName);
  const status = error instanceof GraphFailure ? error.status : 0;
  const file = `“${source.fileName}”`;
  if (status === 401 || status === 403)
    return {
      code: 'access_lost',
      message: `Throughline lost access to the workbook ${file}: Microsoft 365 refused to let it read the file.`,
    };
  if (status === 404 || status === 410)
    return { code: 'workbook_not_found', message: `The workbook ${file} was moved or deleted.` };
  return {
    code: 'graph_unavailable',
    message: `Microsoft 365 did not answer when Throughline read ${file}${status ? ` (HTTP ${status})` : ''}; it tries again later.`,
  };
}

/**
 * The one cell of the workbook's bytes the source names, as a reading or a failure: the
 * whole path after the download, shared by linking and the job.
 */
export async function readCell(
  bytes: Buffer,
  source: Pick<ExcelSource, 'reference' | 'fileName' | 'label'>,
  metric: Pick<Metric, 'kind'>,
): Promise<RangeReading> {
  const parsed = await parseWorkbook(bytes, source.fileName);
  if ('failure' in parsed) return parsed;
  const range = rangeOf(parsed.workbook, source);
  if ('failure' in range) return range;
  return readingOf(range, source.label, metric);
}
