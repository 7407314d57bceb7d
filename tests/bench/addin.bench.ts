/**
 * How much the Outlook task pane downloads before it can show anything: the gzip size of
 * the JavaScript and CSS that read.html and compose.html reference (entry scripts,
 * modulepreloads, stylesheets), from outlook-addin/dist — built first when missing.
 * Office.js itself comes from Microsoft's CDN and is not counted. Chunks loaded on
 * demand (MSAL for nested app authentication, the check-in dialog) are listed apart.
 * Prints figures; never fails on a size.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const repoRoot = path.resolve(__dirname, '..', '..');
const dist = path.join(repoRoot, 'outlook-addin', 'dist');
const pages = ['read.html', 'compose.html'];

if (!pages.every((page) => existsSync(path.join(dist, page)))) {
  console.log('outlook-addin/dist is missing: building it…');
  const build = spawnSync('npm', ['run', 'build', '-w', 'outlook-addin'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const sizeOf = (file: string) => {
  const content = readFileSync(path.join(dist, file));
  return { raw: content.length, gzip: gzipSync(content, { level: 9 }).length };
};
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

/** The /addin/assets/… files an HTML page loads up front. */
function initialAssetsOf(page: string): string[] {
  const html = readFileSync(path.join(dist, page), 'utf8');
  const references = [
    ...html.matchAll(
      /<(?:script[^>]*\ssrc|link[^>]*\shref)="\/addin\/(assets\/[^"]+\.(?:js|css))"/g,
    ),
  ].map((match) => match[1]!);
  return [...new Set(references)];
}

const rows: Array<{ name: string; raw: number; gzip: number }> = [];
const everyInitial = new Set<string>();
for (const page of pages) {
  const assets = initialAssetsOf(page);
  assets.forEach((asset) => everyInitial.add(asset));
  const sizes = assets.map(sizeOf);
  rows.push({
    name: `${page} initial (${assets.length} files)`,
    raw: sizes.reduce((sum, size) => sum + size.raw, 0),
    gzip: sizes.reduce((sum, size) => sum + size.gzip, 0),
  });
}
const union = [...everyInitial].map(sizeOf);
rows.push({
  name: 'both panes, shared files once',
  raw: union.reduce((sum, size) => sum + size.raw, 0),
  gzip: union.reduce((sum, size) => sum + size.gzip, 0),
});

const lazy = readdirSync(path.join(dist, 'assets'))
  .filter((file) => /\.(js|css)$/.test(file) && !everyInitial.has(`assets/${file}`))
  .map((file) => ({ name: `on demand: ${file}`, ...sizeOf(`assets/${file}`) }))
  .sort((a, b) => b.gzip - a.gzip);

console.log('Outlook add-in: what a pane downloads (Office.js from the CDN not counted)');
console.log(`${'bundle'.padEnd(64)} ${'raw'.padStart(10)} ${'gzip'.padStart(10)}`);
for (const row of [...rows, ...lazy])
  console.log(`${row.name.padEnd(64)} ${kb(row.raw).padStart(10)} ${kb(row.gzip).padStart(10)}`);
