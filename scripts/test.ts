/**
 * `npm test`: every test of every part. Builds FerretDB and the pages when needed, runs
 * Jest (unit, integration against the real database, component and browser tests), and
 * ends with a one-line summary. Extra arguments go to Jest.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildPagesIfStale } from './lib/build-pages';
import { ensureFerretDbBinary, repoRoot } from './lib/ferretdb';

// Sandbox Graph emulator: make its TLS files before Jest starts; Node reads NODE_EXTRA_CA_CERTS only at start.
const sandboxCa = spawnSync(
  process.execPath,
  [require.resolve('tsx/cli'), path.join(repoRoot, 'sandbox', 'src', 'tls-cli.ts')],
  { encoding: 'utf8' },
);
if (sandboxCa.status !== 0) throw new Error(`sandbox certificate: ${sandboxCa.stderr}`);
if (!process.env.MONGODB_URI) ensureFerretDbBinary();
buildPagesIfStale();
const artifacts = path.join(repoRoot, 'artifacts');
mkdirSync(artifacts, { recursive: true });
const resultsFile = path.join(artifacts, 'jest-results.json');
const jest = spawnSync(
  process.execPath,
  [
    require.resolve('jest/bin/jest'),
    '--json',
    `--outputFile=${resultsFile}`,
    ...process.argv.slice(2),
  ],
  {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: sandboxCa.stdout.trim() },
  },
);
try {
  const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numFailedTestSuites: number;
  };
  console.log(`\ntests: ${results.numPassedTests} passed, ${results.numFailedTests} failed`);
  if (results.numFailedTestSuites > 0 && results.numFailedTests === 0)
    console.log(`(${results.numFailedTestSuites} test files failed to run)`);
} catch {
  console.log('\ntests: no results were written (Jest failed before running tests)');
}
process.exit(jest.status ?? 1);
