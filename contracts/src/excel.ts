/**
 * Excel-fed key results: a key result linked to one cell or named range of a workbook in
 * OneDrive or SharePoint, read from the workbook's file content through Microsoft Graph
 * on the check-in cadence. The addresses are checked here, strictly, so a link that could
 * never be read is refused when it is made, not found out by the job a week later.
 */
import { z } from 'zod';
import { Id, IsoDateTime, Version, anyOfRequired, oneOfRequired } from './common';

/** A Graph drive or item id (letters, digits and the few marks Graph uses). */
const DriveItemId = z.string().regex(/^[A-Za-z0-9!._~-]{1,200}$/, 'must be a drive or item id');

/** Excel's largest column (XFD) and row. */
export const MAX_EXCEL_COLUMN = 16_384;
export const MAX_EXCEL_ROW = 1_048_576;

/** A worksheet name as Excel allows it: 1–31 characters, none of : \ / ? * [ ], not starting or ending with '. */
const SHEET_NAME = /^[^:\\/?*[\]']([^:\\/?*[\]]{0,29}[^:\\/?*[\]'])?$/;
const CELL = /^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$/;

export interface CellReference {
  kind: 'cell';
  sheet: string;
  /** The cell without `$`, upper case: `B4`. */
  cell: string;
}

export function columnNumber(letters: string): number {
  return [...letters.toUpperCase()].reduce(
    (sum, letter) => sum * 26 + letter.charCodeAt(0) - 64,
    0,
  );
}

/** A single cell `B4` (or `$B$4`) normalised to `B4`, or null when it is not one inside Excel's grid. */
export function parseCell(text: string): string | null {
  const match = CELL.exec(text);
  if (!match) return null;
  const [, letters, digits] = match;
  const row = Number(digits);
  if (columnNumber(letters!) > MAX_EXCEL_COLUMN || row < 1 || row > MAX_EXCEL_ROW) return null;
  return `${letters!.toUpperCase()}${row}`;
}

/**
 * `Sheet1!B4`, `'Q4 pipeline'!$B$4` (a quoted name may hold spaces; '' is a quote): one
 * cell of one worksheet, or null. A range of several cells is refused: a key result takes
 * one number.
 */
export function parseCellReference(text: string): CellReference | null {
  const bang = text.lastIndexOf('!');
  if (bang <= 0) return null;
  const rawSheet = text.slice(0, bang);
  const cell = parseCell(text.slice(bang + 1));
  if (!cell) return null;
  let sheet = rawSheet;
  if (rawSheet.startsWith("'")) {
    if (rawSheet.length < 3 || !rawSheet.endsWith("'")) return null;
    const inner = rawSheet.slice(1, -1);
    if (/(^|[^'])'([^']|$)/.test(inner)) return null;
    sheet = inner.replace(/''/g, "'");
  } else if (!/^[A-Za-z0-9_.]+$/.test(rawSheet)) return null;
  if (!SHEET_NAME.test(sheet)) return null;
  return { kind: 'cell', sheet, cell };
}

/** How a reference is written back: the sheet quoted when Excel would quote it. */
export function formatCellReference(reference: Pick<CellReference, 'sheet' | 'cell'>): string {
  const sheet = /^[A-Za-z0-9_.]+$/.test(reference.sheet)
    ? reference.sheet
    : `'${reference.sheet.replace(/'/g, "''")}'`;
  return `${sheet}!${reference.cell}`;
}

/**
 * An Excel defined name: starts with a letter or _, then letters, digits, _ and .; at most
 * 255 characters; never something Excel would read as a cell (`B4`, `R1C1`) or TRUE/FALSE.
 */
export function isDefinedName(text: string): boolean {
  if (!/^[A-Za-z_][A-Za-z0-9_.]{0,254}$/.test(text)) return false;
  if (parseCell(text) || /^[Rr]([0-9]+)?[Cc]([0-9]+)?$/.test(text) || /^[RrCc]$/.test(text))
    return false;
  return !['TRUE', 'FALSE'].includes(text.toUpperCase());
}

export const ExcelReference = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('cell'), sheet: z.string(), cell: z.string() }),
  z.object({ kind: z.literal('name'), name: z.string() }),
]);
export type ExcelReference = z.infer<typeof ExcelReference>;

/** The link itself, part of the key result (a versioned change with its own narrative event). */
export const ExcelSource = z.object({
  /** Changes with every new link, so a re-link is read again in the same cadence period. */
  linkId: Id,
  driveId: z.string(),
  itemId: z.string(),
  fileName: z.string(),
  webUrl: z.string().nullable(),
  reference: ExcelReference,
  /** `Sheet1!B4` or the name, as a person reads it. */
  label: z.string(),
  linkedBy: Id,
  linkedAt: IsoDateTime,
});
export type ExcelSource = z.infer<typeof ExcelSource>;

export const ExcelReadErrorCode = z.enum([
  'workbook_not_found',
  /** The file is over the size Throughline reads (its content is downloaded whole). */
  'workbook_too_large',
  /** The file's bytes are no .xlsx workbook (an old .xls renamed, an encrypted or damaged file). */
  'not_a_workbook',
  'access_lost',
  'sheet_not_found',
  'name_not_found',
  'not_a_number',
  'not_one_cell',
  'check_in_refused',
  'graph_unavailable',
]);
export type ExcelReadErrorCode = z.infer<typeof ExcelReadErrorCode>;

/** What the last read of the source found: its value, or why there was none (shown until a read succeeds). */
export const ExcelSourceState = z.object({
  linkId: Id,
  lastReadAt: IsoDateTime.nullable(),
  /** The number read last (null before the first successful read). */
  lastValue: z.number().nullable(),
  /** The cell as Excel shows it (`€ 1,200`). */
  lastText: z.string().nullable(),
  lastError: z
    .object({ code: ExcelReadErrorCode, message: z.string(), at: IsoDateTime })
    .nullable(),
});
export type ExcelSourceState = z.infer<typeof ExcelSourceState>;

/**
 * For the OpenAPI document, the checks above as patterns: every reference they match is one
 * `parseCellReference` takes (columns to ZZ and rows to 999999 are inside Excel's grid), and
 * the name pattern is `isDefinedName`'s rule.
 */
const CELL_REFERENCE_PATTERN =
  "^([A-Za-z0-9_.]{1,31}|'[^:\\\\/?*\\[\\]']{1,31}')!\\$?[A-Za-z]{1,2}\\$?[1-9][0-9]{0,5}$";
const DEFINED_NAME_PATTERN =
  '^(?![A-Za-z]{1,3}[0-9]{1,7}$)(?![Rr][0-9]*[Cc][0-9]*$)(?![RrCc]$)(?![Tt][Rr][Uu][Ee]$)(?![Ff][Aa][Ll][Ss][Ee]$)[A-Za-z_][A-Za-z0-9_.]{0,254}$';

export const LinkExcelSourceRequest = z
  .strictObject({
    version: Version,
    /** A OneDrive/SharePoint sharing URL of the workbook, or its drive and item ids. */
    sharingUrl: z.url({ protocol: /^https$/ }).optional(),
    driveId: DriveItemId.optional(),
    itemId: DriveItemId.optional(),
    /** One cell: `Sheet1!B4`, `'Q4 pipeline'!B4`. */
    cell: z.string().trim().max(300).meta({ pattern: CELL_REFERENCE_PATTERN }).optional(),
    /** Or a defined name of the workbook that refers to one cell. */
    name: z.string().trim().max(255).meta({ pattern: DEFINED_NAME_PATTERN }).optional(),
  })
  .superRefine((request, issues) => {
    if (!request.sharingUrl && !(request.driveId && request.itemId))
      issues.addIssue({
        code: 'custom',
        path: ['sharingUrl'],
        message: 'sharingUrl, or driveId with itemId, is required',
      });
    if ((request.cell === undefined) === (request.name === undefined))
      issues.addIssue({
        code: 'custom',
        path: ['cell'],
        message: 'give either cell (like Sheet1!B4) or name (a named range), not both',
      });
    if (request.cell !== undefined && !parseCellReference(request.cell))
      issues.addIssue({
        code: 'custom',
        path: ['cell'],
        message: "must be one cell of one worksheet, like Sheet1!B4 or 'Q4 pipeline'!B4",
      });
    if (request.name !== undefined && !isDefinedName(request.name))
      issues.addIssue({
        code: 'custom',
        path: ['name'],
        message:
          'must be an Excel defined name: a letter or _ first, then letters, digits, _ or ., and not a cell address',
      });
  })
  .meta({
    allOf: [anyOfRequired(['sharingUrl'], ['driveId', 'itemId']), oneOfRequired('cell', 'name')],
  });
export type LinkExcelSourceRequest = z.input<typeof LinkExcelSourceRequest>;

export const UnlinkExcelSourceQuery = z.strictObject({
  version: z.coerce.number().int().min(1),
});
