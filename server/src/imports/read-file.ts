/**
 * A posted file as rows of cells, with exceljs for both kinds: an Excel workbook (its
 * first worksheet) or a CSV file. A cell holding a formula is reported as one, never
 * evaluated, so what is imported is exactly what the file says.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { AppError } from '../platform/http/errors';

/** A formula keeps Excel's cached result, so a HYPERLINK can be read as the label it shows. */
export type Cell = string | number | { formula: string; result?: string | number };

export interface SheetRow {
  /** The row number a person sees in Excel (the header is row 1). */
  row: number;
  cells: Map<string, Cell>;
}

export interface Sheet {
  headers: string[];
  rows: SheetRow[];
}

const MAX_ROWS = 5000;

export async function readSheet(bytes: Buffer): Promise<Sheet> {
  const workbook = new ExcelJS.Workbook();
  const isWorkbook = bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  try {
    if (isWorkbook) await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    else if (looksLikeText(bytes)) await workbook.csv.read(Readable.from(bytes));
    else throw new Error('not a workbook or text');
  } catch {
    throw new AppError(
      'unsupported_media_type',
      'Throughline imports an Excel workbook (.xlsx) or a CSV file; this file is neither, or it is damaged.',
    );
  }
  const sheet = workbook.worksheets[0];
  if (!sheet || sheet.rowCount < 2)
    throw new AppError('unprocessable', 'The file has no rows below its header row.');
  if (sheet.rowCount > MAX_ROWS + 1)
    throw new AppError('unprocessable', `The file has more than ${MAX_ROWS} rows; split it.`);
  const headers: string[] = [];
  sheet.getRow(1).eachCell({ includeEmpty: true }, (cell, column) => {
    headers[column - 1] = textOf(cell.value).trim();
  });
  const rows: SheetRow[] = [];
  for (let number = 2; number <= sheet.rowCount; number += 1) {
    const cells = new Map<string, Cell>();
    sheet.getRow(number).eachCell({ includeEmpty: false }, (cell, column) => {
      const header = headers[column - 1];
      if (!header) return;
      const value = cell.value;
      if (value && typeof value === 'object' && 'formula' in value) {
        const result = (value as { result?: unknown }).result;
        cells.set(header, {
          formula: String(value.formula),
          ...(typeof result === 'string' || typeof result === 'number' ? { result } : {}),
        });
      } else if (typeof value === 'number') cells.set(header, value);
      else {
        const text = textOf(value).trim();
        if (text) cells.set(header, text);
      }
    });
    if (cells.size > 0) rows.push({ row: number, cells });
  }
  return { headers: headers.filter(Boolean), rows };
}

function textOf(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return String(value.result ?? '');
    return '';
  }
  return String(value);
}

/** UTF-8 text without NUL bytes: what a CSV file is (a PDF or an image is not). */
function looksLikeText(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 4096);
  if (head.includes(0)) return false;
  return !head.toString('utf8').includes('\uFFFD');
}
