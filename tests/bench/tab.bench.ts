/**
 * The Teams tab's first screen: how much it downloads before anything is lazy, and how
 * long from navigation until a person with 30 key results sees the first one.
 *
 * Prints the gzip size of every JS and CSS file teams-app/dist/index.html references
 * directly (the entry script, its modulepreloads and stylesheets) and, for comparison,
 * of the chunks loaded on demand; then the median, min and max of "navigation start →
 * first key result row in the DOM" over several runs in headless Chromium — cold (a fresh
 * profile each run, nothing cached) and warm (a reload in the same profile). The person
 * is signed in through the development sign-in, which the page does itself on load.
 * Never fails on a timing.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildPagesIfStale } from '../../scripts/lib/build-pages';
import { repoRoot, startFerretDb, type RunningDatabase } from '../../scripts/lib/ferretdb';
import { launchBrowser } from '../e2e/support/browser';
import { currentQuarter, startTestStack, type TestStack } from '../e2e/support/stack';

const runs = Number(process.env.BENCH_TAB_RUNS ?? 7);
const keyResultCount = 30;
const dist = path.join(repoRoot, 'teams-app', 'dist');

function kb(bytes: number) {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

function initialAssets(): { js: string[]; css: string[] } {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref)="([^"]+)"/g)]
    .map((match) => match[1]!)
    .filter((ref) => ref.startsWith('/tab/'));
  return {
    js: refs.filter((ref) => ref.endsWith('.js')),
    css: refs.filter((ref) => ref.endsWith('.css')),
  };
}

function gzipSize(ref: string): number {
  return gzipSync(readFileSync(path.join(dist, ref.replace(/^\/tab\//, '')))).length;
}

/** The gzip size of the JS a bare React + Fluent UI v9 + teams-js page loads, built the same way. */
async function floorBytes(): Promise<number> {
  const { build } = await import('vite');
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'throughline-tab-floor-'));
  try {
    await build({
      root: path.join(__dirname, 'support', 'tab-floor'),
      logLevel: 'silent',
      build: { outDir, emptyOutDir: true, target: 'es2022' },
    });
    return readdirSync(path.join(outDir, 'assets'))
      .filter((file) => file.endsWith('.js'))
      .reduce(
        (sum, file) => sum + gzipSync(readFileSync(path.join(outDir, 'assets', file))).length,
        0,
      );
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

async function printBundleSizes() {
  const { js, css } = initialAssets();
  const jsBytes = js.reduce((sum, ref) => sum + gzipSize(ref), 0);
  const cssBytes = css.reduce((sum, ref) => sum + gzipSize(ref), 0);
  const initial = new Set([...js, ...css].map((ref) => path.basename(ref)));
  const lazy = readdirSync(path.join(dist, 'assets')).filter(
    (file) => (file.endsWith('.js') || file.endsWith('.css')) && !initial.has(file),
  );
  const lazyBytes = lazy.reduce(
    (sum, file) => sum + gzipSync(readFileSync(path.join(dist, 'assets', file))).length,
    0,
  );
  const floor = await floorBytes();
  console.log(
    `initial JS  (gzip): ${kb(jsBytes)} in ${js.length} files referenced by index.html; ${(jsBytes / floor).toFixed(2)}× the floor`,
  );
  console.log(
    `floor       (gzip): ${kb(floor)} for React, a Fluent UI v9 provider and button and teams-js (tests/bench/support/tab-floor)`,
  );
  console.log(
    `initial CSS (gzip): ${kb(cssBytes)} in ${css.length} files (Fluent's styles are generated at run time by Griffel)`,
  );
  console.log(
    `on demand   (gzip): ${kb(lazyBytes)} in ${lazy.length} chunks (detail, team, 1-on-1s views, dialogs, chart, teams-js, config page)`,
  );
}

async function seedThirtyKeyResults(stack: TestStack) {
  const admin = await stack.apiAs('Megan Bowen');
  const diego = await stack.apiAs('Diego Siciliani');
  const quarter = currentQuarter();
  const cycle = await admin.cycles.create({
    name: quarter.name,
    kind: 'quarter',
    startsOn: quarter.startsOn,
    endsOn: quarter.endsOn,
  });
  for (let objectiveIndex = 0; objectiveIndex < 6; objectiveIndex += 1) {
    const objective = await diego.objectives.create({
      cycleId: cycle.id,
      title: `Objective ${objectiveIndex + 1}: grow the London accounts`,
    });
    for (let index = 0; index < keyResultCount / 6; index += 1) {
      await diego.keyResults.create({
        objectiveId: objective.id,
        title: `Key result ${objectiveIndex * 5 + index + 1}`,
        metric: { kind: 'number', start: 0, target: 10 + index, unit: 'deals' },
      });
    }
  }
}

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const median =
    sorted.length % 2
      ? sorted[(sorted.length - 1) / 2]!
      : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
  return `median ${median.toFixed(0)} ms (min ${sorted[0]!.toFixed(0)}, max ${sorted[sorted.length - 1]!.toFixed(0)}, n=${values.length})`;
}

async function measure(stack: TestStack): Promise<{ cold: number[]; warm: number[] }> {
  const diego = await stack.person('Diego Siciliani');
  const identity = JSON.stringify({
    tenantId: diego.tenantId,
    userId: diego.id,
    displayName: diego.displayName,
  });
  const cold: number[] = [];
  const warm: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      // Signed in as Diego before the page runs (as after a first sign-in), and a clock on
      // the moment the first key result row is attached, relative to navigation start.
      // A string, not a function: tsx's esbuild wraps named functions in a __name helper
      // that does not exist inside the page.
      await page.addInitScript(`
        sessionStorage.setItem('throughline.devSignIn', ${JSON.stringify(identity)});
        const observer = new MutationObserver(() => {
          if (window.__firstKeyResultAt === undefined && document.querySelector('[data-testid="key-result-row"]')) {
            window.__firstKeyResultAt = performance.now();
            observer.disconnect();
          }
        });
        observer.observe(document, { childList: true, subtree: true });
      `);
      const firstKeyResult = async () => {
        await page.waitForSelector('[data-testid="key-result-row"]', { timeout: 60000 });
        const rows = await page.locator('[data-testid="key-result-row"]').count();
        if (rows !== keyResultCount)
          throw new Error(`expected ${keyResultCount} key results on the page, saw ${rows}`);
        return page.evaluate(
          () => (globalThis as unknown as { __firstKeyResultAt: number }).__firstKeyResultAt,
        );
      };
      await page.goto(`${stack.tabUrl}#/my`);
      cold.push(await firstKeyResult());
      await page.reload();
      warm.push(await firstKeyResult());
    } finally {
      await browser.close();
    }
  }
  return { cold, warm };
}

async function main() {
  buildPagesIfStale();
  await printBundleSizes();
  let database: RunningDatabase | undefined;
  let dataDir: string | undefined;
  if (!process.env.MONGODB_URI) {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'throughline-bench-tab-'));
    database = await startFerretDb({ dataDir, quiet: true });
    process.env.MONGODB_URI = database.uri;
  }
  const stack = await startTestStack('benchtab');
  try {
    await seedThirtyKeyResults(stack);
    const { cold, warm } = await measure(stack);
    console.log(
      `navigation → first of ${keyResultCount} key results, cold profile: ${stats(cold)}`,
    );
    console.log(
      `navigation → first of ${keyResultCount} key results, warm reload:  ${stats(warm)}`,
    );
  } finally {
    await stack.stop();
    await database?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
