/** Builds the tab and add-in pages when their sources are newer than their last build. */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './ferretdb';

function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

export function buildPagesIfStale(): void {
  const shared = Math.max(
    newestMtime(path.join(repoRoot, 'ui')),
    newestMtime(path.join(repoRoot, 'contracts', 'src')),
  );
  for (const part of ['teams-app', 'outlook-addin']) {
    const dir = path.join(repoRoot, part);
    const builtAt = existsSync(path.join(dir, 'dist', 'index.html'))
      ? statSync(path.join(dir, 'dist', 'index.html')).mtimeMs
      : 0;
    if (builtAt > Math.max(shared, newestMtime(dir))) continue;
    console.log(`Building ${part}...`);
    const result = spawnSync('npm', ['run', 'build', '-w', part], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
    if (result.status !== 0) throw new Error(`Building ${part} failed.`);
  }
}

/** Where Office requires add-ins to load Office.js from; the built pane pages name it. */
export const MICROSOFT_OFFICE_JS_URL = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

/**
 * The add-in's production build (`outlook-addin/dist`) copied to `outDir`, with the pane
 * pages loading Office.js from `officeJsUrl` instead of Microsoft's CDN: how the local suite
 * serves them to the workbench's Outlook. Only that one address differs, so what runs there
 * is what production serves; a page that does not name the CDN exactly once is refused.
 */
export function addinPagesLoadingOfficeJsFrom(officeJsUrl: string, outDir: string): void {
  if (!/^https?:\/\//.test(officeJsUrl))
    throw new Error(`Office.js must come from an http(s) address: ${officeJsUrl}`);
  const built = path.join(repoRoot, 'outlook-addin', 'dist');
  if (!existsSync(path.join(built, 'read.html')))
    throw new Error('The add-in pages are not built (npm run build -w outlook-addin).');
  cpSync(built, outDir, { recursive: true });
  for (const page of ['read.html', 'compose.html']) {
    const file = path.join(outDir, page);
    const html = readFileSync(file, 'utf8');
    const script = `<script src="${MICROSOFT_OFFICE_JS_URL}"></script>`;
    if (html.split(script).length !== 2)
      throw new Error(`${page} should load Office.js from Microsoft's CDN exactly once`);
    writeFileSync(file, html.replace(script, `<script src="${officeJsUrl}"></script>`));
  }
}
