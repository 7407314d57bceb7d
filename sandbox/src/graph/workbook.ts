/**
 * Excel's workbook API on the drive items that are .xlsx workbooks, answered from the
 * workbook's own bytes (parsed with exceljs), in Graph's shapes:
 *
 *   GET /drives/{d}/items/{i}/workbook/worksheets/{name}/range(address='B4')
 *   GET /drives/{d}/items/{i}/workbook/names/{name}/range
 *   (and the same under /me/drive/items/{i} and /users/{id}/drive/items/{i})
 *
 * A `workbookRange` carries `address`, `values`, `text`, `numberFormat`, `valueTypes`…;
 * an unknown sheet or name is 404 `ItemNotFound`, a malformed address 400 `InvalidArgument`,
 * a deleted item 404 `itemNotFound` (the drive's code), a missing permission 403.
 * The permission is the one file reads need; nothing is granted that consent did not give.
 */
import ExcelJS from 'exceljs';
import { Router, type Request, type Response } from 'express';
import type { SeedDrive, SeedDriveItem } from '../seed/files';
import { permissions, requirePermission } from './auth';
import { callerOf, type GraphContext } from './context';
import { errors, GraphError } from './errors';
import { contextUrl } from './odata';

/** The cells of a workbook made for a test or the demo: `{ Sheet1: { B4: 42 } }` and names → `Sheet1!B4`. */
export interface WorkbookSpec {
  sheets: Record<string, Record<string, string | number | boolean | null>>;
  names?: Record<string, string>;
  numberFormats?: Record<string, string>;
}

const invalidArgument = () =>
  new GraphError(
    400,
    'InvalidArgument',
    'The argument is invalid or missing or has an incorrect format.',
  );
const workbookItemNotFound = () =>
  new GraphError(404, 'ItemNotFound', "The requested resource doesn't exist.");

/** The xlsx bytes of a workbook spec, as Excel would save them. */
export async function buildWorkbook(spec: WorkbookSpec): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Throughline sandbox';
  for (const [sheetName, cells] of Object.entries(spec.sheets)) {
    const sheet = workbook.addWorksheet(sheetName);
    for (const [address, value] of Object.entries(cells)) {
      sheet.getCell(address).value = value;
      const format = spec.numberFormats?.[`${sheetName}!${address}`];
      if (format) sheet.getCell(address).numFmt = format;
    }
  }
  for (const [name, reference] of Object.entries(spec.names ?? {})) {
    const [sheetName, address] = splitReference(reference);
    const sheet = workbook.getWorksheet(sheetName);
    if (!sheet) throw new Error(`no sheet ${sheetName} for the name ${name}`);
    sheet.getCell(address.replace(/\$/g, '')).name = name;
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function splitReference(reference: string): [string, string] {
  const bang = reference.lastIndexOf('!');
  const sheet = reference
    .slice(0, bang)
    .replace(/^'(.*)'$/, '$1')
    .replace(/''/g, "'");
  return [sheet, reference.slice(bang + 1)];
}

/** The demo workbook every seeded drive holds: a sales pipeline whose total is in Sheet1!B4 (named SignedARR). */
export const PIPELINE_WORKBOOK: WorkbookSpec = {
  sheets: {
    Sheet1: {
      A1: 'Pipeline',
      A3: 'Stage',
      B3: 'ARR (EUR)',
      A4: 'Signed',
      B4: 120000,
      A5: 'Negotiation',
      B5: 80000,
      A6: 'Qualified',
      B6: 150000,
      A8: 'Forecast note',
      B8: 'n/a',
    },
  },
  names: { SignedARR: 'Sheet1!$B$4' },
  numberFormats: { 'Sheet1!B4': '#,##0 [$€-x-euro2]', 'Sheet1!B5': '#,##0', 'Sheet1!B6': '#,##0' },
};

/** The department plan every seeded drive holds: a few targets by quarter. */
export const PLAN_WORKBOOK: WorkbookSpec = {
  sheets: {
    Plan: {
      A1: 'FY27 plan',
      A3: 'Quarter',
      B3: 'Target',
      A4: 'Q1',
      B4: 400000,
      A5: 'Q2',
      B5: 450000,
    },
  },
};

/**
 * The bytes of each .xlsx item: made from a spec when a test creates the item, from the
 * demo specs (pipeline, plan) or as an empty Sheet1 on first use, and replaced when a test
 * changes a cell.
 */
export class WorkbookContents {
  private readonly contents = new WeakMap<SeedDriveItem, Promise<Buffer>>();

  isWorkbook(item: SeedDriveItem): boolean {
    return item.name.toLowerCase().endsWith('.xlsx');
  }

  set(item: SeedDriveItem, spec: WorkbookSpec) {
    this.contents.set(item, buildWorkbook(spec));
  }

  async load(item: SeedDriveItem): Promise<ExcelJS.Workbook | null> {
    if (!this.isWorkbook(item)) return null;
    let bytes = this.contents.get(item);
    if (!bytes) {
      const spec =
        item.key === 'pipeline'
          ? PIPELINE_WORKBOOK
          : item.key === 'plan'
            ? PLAN_WORKBOOK
            : { sheets: { Sheet1: {} } };
      bytes = buildWorkbook(spec);
      this.contents.set(item, bytes);
    }
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await bytes) as never);
    return workbook;
  }

  /** Sets one cell (`Sheet1!B4`) and saves the workbook again, as an edit in Excel would. */
  async setCell(item: SeedDriveItem, reference: string, value: string | number | boolean | null) {
    const workbook = await this.load(item);
    if (!workbook) throw new Error('not a workbook');
    const [sheetName, address] = splitReference(reference);
    const sheet = workbook.getWorksheet(sheetName) ?? workbook.addWorksheet(sheetName);
    sheet.getCell(address).value = value;
    this.contents.set(
      item,
      workbook.xlsx.writeBuffer().then((bytes) => Buffer.from(bytes)),
    );
  }
}

interface CellView {
  value: string | number | boolean;
  text: string;
  numberFormat: string;
  valueType: 'Empty' | 'String' | 'Double' | 'Boolean' | 'Error';
}

function cellView(cell: ExcelJS.Cell): CellView {
  const numberFormat = cell.numFmt || 'General';
  let raw: unknown = cell.value;
  if (raw && typeof raw === 'object' && 'result' in raw) raw = (raw as { result: unknown }).result;
  if (raw && typeof raw === 'object' && 'richText' in raw)
    raw = (raw as { richText: { text: string }[] }).richText.map((part) => part.text).join('');
  if (raw && typeof raw === 'object' && 'error' in raw) {
    const error = String((raw as { error: string }).error);
    return { value: error, text: error, numberFormat, valueType: 'Error' };
  }
  if (raw === null || raw === undefined || raw === '')
    return { value: '', text: '', numberFormat, valueType: 'Empty' };
  if (typeof raw === 'number')
    return { value: raw, text: cell.text, numberFormat, valueType: 'Double' };
  if (typeof raw === 'boolean')
    return { value: raw, text: raw ? 'TRUE' : 'FALSE', numberFormat, valueType: 'Boolean' };
  if (raw instanceof Date) {
    // Excel keeps dates as serial numbers; Graph answers the number.
    const serial = raw.getTime() / 86_400_000 + 25569;
    return { value: serial, text: cell.text, numberFormat, valueType: 'Double' };
  }
  return { value: String(raw), text: String(raw), numberFormat, valueType: 'String' };
}

const CELL = /^\$?([A-Z]{1,3})\$?([0-9]{1,7})$/i;
const RANGE = /^\$?([A-Z]{1,3})\$?([0-9]{1,7})(?::\$?([A-Z]{1,3})\$?([0-9]{1,7}))?$/i;

const columnNumber = (letters: string) =>
  [...letters.toUpperCase()].reduce((sum, letter) => sum * 26 + letter.charCodeAt(0) - 64, 0);
const columnLetters = (column: number): string => {
  let letters = '';
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26))
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
};
const quoteSheet = (name: string) =>
  /^[A-Za-z0-9_.]+$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;

/** The `workbookRange` Graph answers for a rectangle of a worksheet. */
function rangeResource(
  sheet: ExcelJS.Worksheet,
  address: string,
  odataId: string,
  serviceRoot: string,
): Record<string, unknown> {
  const match = RANGE.exec(address);
  if (!match || !CELL.test(address.split(':')[0]!)) throw invalidArgument();
  const [, fromColumn, fromRow, toColumn = fromColumn, toRow = fromRow] = match;
  const columns = [columnNumber(fromColumn!), columnNumber(toColumn!)].sort((a, b) => a - b);
  const rows = [Number(fromRow), Number(toRow)].sort((a, b) => a - b);
  if (rows[0]! < 1 || rows[1]! > 1_048_576 || columns[1]! > 16_384) throw invalidArgument();
  const grid: CellView[][] = [];
  for (let row = rows[0]!; row <= rows[1]!; row += 1) {
    const line: CellView[] = [];
    for (let column = columns[0]!; column <= columns[1]!; column += 1)
      line.push(cellView(sheet.getCell(row, column)));
    grid.push(line);
  }
  const first = `${columnLetters(columns[0]!)}${rows[0]}`;
  const last = `${columnLetters(columns[1]!)}${rows[1]}`;
  const local = first === last ? first : `${first}:${last}`;
  const values = grid.map((line) => line.map((cell) => cell.value));
  return {
    '@odata.context': contextUrl(serviceRoot, 'workbookRange'),
    '@odata.type': '#microsoft.graph.workbookRange',
    '@odata.id': odataId,
    address: `${quoteSheet(sheet.name)}!${local}`,
    addressLocal: `${quoteSheet(sheet.name)}!${local}`,
    cellCount: grid.length * grid[0]!.length,
    columnCount: grid[0]!.length,
    columnHidden: false,
    columnIndex: columns[0]! - 1,
    formulas: values,
    formulasLocal: values,
    formulasR1C1: values,
    hidden: false,
    numberFormat: grid.map((line) => line.map((cell) => cell.numberFormat)),
    rowCount: grid.length,
    rowHidden: false,
    rowIndex: rows[0]! - 1,
    text: grid.map((line) => line.map((cell) => cell.text)),
    valueTypes: grid.map((line) => line.map((cell) => cell.valueType)),
    values,
  };
}

/** `worksheets/{name}/range(address='B4')`, `worksheets('{name}')/range(address='B4')` or `names/{name}/range`. */
const WORKSHEET_RANGE =
  /^worksheets(?:\/([^/()]+)|\('([^']*)'\))\/range\(address='((?:[^']|'')*)'\)$/;
const NAME_RANGE = /^names(?:\/([^/()]+)|\('([^']*)'\))\/range$/;
const ITEM_PATH =
  /^\/(?:drives\/([^/]+)|me\/drive|users\/([^/]+)\/drive)\/items\/([^/]+)\/workbook\/(.+)$/;

export function workbookRoutes(ctx: GraphContext, contents: WorkbookContents): Router {
  const router = Router();

  router.get(/\/workbook\//, async (req: Request, res: Response, next) => {
    const path = decodeURIComponent(req.path);
    const match = ITEM_PATH.exec(path);
    if (!match) {
      next();
      return;
    }
    const [, driveIdParam, userIdParam, itemId, rest] = match;
    const { principal, tenant } = callerOf(ctx, res);
    requirePermission(principal, permissions.filesRead);
    let drive: SeedDrive | undefined;
    if (driveIdParam) drive = ctx.store.driveById(tenant, driveIdParam);
    else if (userIdParam) {
      const user = ctx.store.findUser(tenant, userIdParam);
      drive = user ? ctx.store.drive(tenant, user.id) : undefined;
    } else {
      if (principal.isApp) throw errors.meNeedsDelegated();
      drive = ctx.store.drive(tenant, principal.userId ?? '');
    }
    const item = drive?.items.find((candidate) => candidate.id === itemId);
    if (!drive || !item) throw errors.itemNotFound();
    if (!contents.isWorkbook(item))
      throw new GraphError(
        400,
        'NotSupported',
        'The workbook format is not supported. The Excel REST API supports only Office Open XML (.xlsx) workbooks.',
      );
    const workbook = await contents.load(item);
    if (!workbook) throw workbookItemNotFound();
    const odataId = `/drives('${drive.id}')/items('${item.id}')/workbook/${rest}`;

    const sheetMatch = WORKSHEET_RANGE.exec(rest!);
    if (sheetMatch) {
      const sheetName = sheetMatch[1] ?? sheetMatch[2]!;
      const sheet = workbook.worksheets.find(
        (candidate) => candidate.name.toLowerCase() === sheetName.toLowerCase(),
      );
      if (!sheet) throw workbookItemNotFound();
      res.json(
        rangeResource(sheet, sheetMatch[3]!.replace(/''/g, "'"), odataId, ctx.serviceRoot()),
      );
      return;
    }
    const nameMatch = NAME_RANGE.exec(rest!);
    if (nameMatch) {
      const name = (nameMatch[1] ?? nameMatch[2]!).toLowerCase();
      const entry = workbook.definedNames.model.find(
        (candidate) => candidate.name.toLowerCase() === name,
      );
      const reference = entry?.ranges[0];
      const [sheetName, address] = reference ? splitReference(reference) : ['', ''];
      const sheet = reference ? workbook.getWorksheet(sheetName) : undefined;
      if (sheet) {
        res.json(rangeResource(sheet, address.replace(/\$/g, ''), odataId, ctx.serviceRoot()));
        return;
      }
      throw workbookItemNotFound();
    }
    throw errors.noResource(rest!);
  });
  return router;
}
