/** Builds the tab and add-in pages when their sources are newer than their last build. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
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

/**
 * `vite build` of the add-in's pages into `outDir`. Without `officeJsUrl` the pages load
 * Office.js from Microsoft's CDN, as production's; with it, from there (OFFICE_JS_URL in
 * outlook-addin/vite.config.ts), as the local suite's do.
 */
export function buildAddinPages(
  outDir: string,
  options: { officeJsUrl?: string } = {},
): Promise<void> {
  const vite = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  const env: NodeJS.ProcessEnv = { ...process.env, OFFICE_JS_URL: options.officeJsUrl };
  if (!options.officeJsUrl) delete env.OFFICE_JS_URL;
  return new Promise((resolve, reject) => {
    const build = spawn(
      process.execPath,
      [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'],
      { cwd: path.join(repoRoot, 'outlook-addin'), env, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let errors = '';
    build.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    build.once('error', reject);
    build.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`building the add-in pages failed (${code}): ${errors.trim()}`)),
    );
  });
}
