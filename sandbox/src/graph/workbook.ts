/**
 * The bytes of the drive items that are .xlsx workbooks, made with exceljs as Excel would
 * save them: from a spec when a test creates the item, from the demo specs (pipeline,
 * plan) or as an empty Sheet1 on first use, and saved again when a test changes a cell.
 * Graph serves them as the item's content (`…/items/{id}/content`, see `files.ts` and
 * `download.ts`).
 *
 * Graph's workbook API (`…/workbook/worksheets/{s}/range(…)`) is not emulated: Throughline
 * reads a workbook's file, because Microsoft documents no application permission for that
 * API, and a sandbox that answered it would let a call pass here that fails in a tenant.
 */
import ExcelJS from 'exceljs';
import type { SeedDriveItem } from '../seed/files';

/** The cells of a workbook made for a test or the demo: `{ Sheet1: { B4: 42 } }` and names → `Sheet1!B4`. */
export interface WorkbookSpec {
  sheets: Record<string, Record<string, string | number | boolean | null>>;
  names?: Record<string, string>;
  numberFormats?: Record<string, string>;
  /**
   * Formula cells (`Sheet1!B4`) with the result Excel calculated when it saved the file;
   * without one, a file saved by a tool that does not calculate.
   */
  formulas?: Record<string, { formula: string; result?: number | string | boolean }>;
}

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
  for (const [reference, formula] of Object.entries(spec.formulas ?? {})) {
    const [sheetName, address] = splitReference(reference);
    const sheet = workbook.getWorksheet(sheetName) ?? workbook.addWorksheet(sheetName);
    sheet.getCell(address).value = formula as ExcelJS.CellFormulaValue;
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

  /** The file as saved, or null for an item that is no workbook. */
  async bytes(item: SeedDriveItem): Promise<Buffer | null> {
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
    return bytes;
  }

  private async load(item: SeedDriveItem): Promise<ExcelJS.Workbook | null> {
    const bytes = await this.bytes(item);
    if (!bytes) return null;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as never);
    return workbook;
  }

  /**
   * Sets one cell (`Sheet1!B4`) and saves the workbook again, as an edit saved in Excel
   * would; the new file's length.
   */
  async setCell(
    item: SeedDriveItem,
    reference: string,
    value: string | number | boolean | null,
  ): Promise<number> {
    const workbook = await this.load(item);
    if (!workbook) throw new Error('not a workbook');
    const [sheetName, address] = splitReference(reference);
    const sheet = workbook.getWorksheet(sheetName) ?? workbook.addWorksheet(sheetName);
    sheet.getCell(address).value = value;
    const saved = workbook.xlsx.writeBuffer().then((bytes) => Buffer.from(bytes));
    this.contents.set(item, saved);
    return (await saved).length;
  }
}
