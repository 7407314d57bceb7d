/**
 * The add-in pages the local suite serves to the workbench's Outlook are the production
 * build with one address changed: Office.js from the sandbox instead of Microsoft's CDN.
 * `npm test` builds the pages first, so this reads the real `outlook-addin/dist`.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  MICROSOFT_OFFICE_JS_URL,
  addinPagesLoadingOfficeJsFrom,
} from '../../scripts/lib/build-pages';
import { repoRoot } from '../../scripts/lib/ferretdb';

const built = path.join(repoRoot, 'outlook-addin', 'dist');
const standIn = 'http://127.0.0.1:4010/workbench/office.js';

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? filesUnder(path.join(dir, entry.name), `${prefix}${entry.name}/`)
      : [`${prefix}${entry.name}`],
  );
}

let copy: string;
beforeAll(() => {
  copy = mkdtempSync(path.join(os.tmpdir(), 'addin-pages-'));
  addinPagesLoadingOfficeJsFrom(standIn, copy);
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

it('names Microsoft’s CDN for Office.js in the production pane pages', () => {
  for (const page of ['read.html', 'compose.html'])
    expect(readFileSync(path.join(built, page), 'utf8')).toContain(
      `<script src="${MICROSOFT_OFFICE_JS_URL}"></script>`,
    );
});

it('differs from the production build only in where the pane pages load Office.js from', () => {
  expect(filesUnder(copy).sort()).toEqual(filesUnder(built).sort());
  for (const file of filesUnder(built)) {
    const production = readFileSync(path.join(built, file), 'utf8');
    const served = readFileSync(path.join(copy, file), 'utf8');
    if (file === 'read.html' || file === 'compose.html') {
      expect(served).not.toContain(MICROSOFT_OFFICE_JS_URL);
      expect(served.replace(standIn, MICROSOFT_OFFICE_JS_URL)).toBe(production);
    } else {
      expect(served).toBe(production);
    }
  }
});

it('refuses an address that is not http(s)', () => {
  const target = mkdtempSync(path.join(os.tmpdir(), 'addin-pages-'));
  try {
    expect(() => addinPagesLoadingOfficeJsFrom('javascript:alert(1)', target)).toThrow(
      /http\(s\)/,
    );
  } finally {
    rmSync(target, { recursive: true, force: true });
  }
});
