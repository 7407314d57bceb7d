/**
 * Property-based fuzzing of the whole API with Schemathesis, from the OpenAPI document the
 * server serves: every operation gets the document's own examples, the boundary values of
 * every schema (coverage), random valid and invalid requests (fuzzing) and chains of calls
 * that follow the document's links (stateful: create → read → update → …), all under
 * `--checks all` — no 5xx, every answer a declared status with its declared schema and
 * headers, valid requests accepted, invalid ones refused, undeclared methods 405 with
 * `Allow`. The run is deterministic: derandomized generation, a fixed number of examples,
 * one worker and a fresh database.
 *
 * Schemathesis comes from the Python package index into a virtual environment under
 * `.tools/` (made once, reused while it holds the pinned version). The rules that depend on
 * stored data, which no schema can state, are in `api-fuzzing-hooks.py`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { findSeedPersonByName, seedTenants } from '@throughline/sandbox';
import { repoRoot } from '../../scripts/lib/ferretdb';
import { startTestApp, type TestApp } from '../support/app';
import { openTestDatabase } from '../support/database';
import { seedPeople, tokenFor } from '../support/okr-api';

const SCHEMATHESIS_VERSION = '4.32.5';
/** Per operation and phase (`FUZZ_MAX_EXAMPLES`, 10 unless set, which CI runs too). */
const MAX_EXAMPLES = Number(process.env.FUZZ_MAX_EXAMPLES ?? 10);
/** Every phase unless `FUZZ_PHASES` names fewer. */
const PHASES = process.env.FUZZ_PHASES ?? 'examples,coverage,fuzzing,stateful';
const venv = path.join(repoRoot, '.tools', `schemathesis-${SCHEMATHESIS_VERSION}`);
const schemathesis = path.join(venv, 'bin', 'schemathesis');
const here = path.join(repoRoot, 'tests', 'security');

function ensureSchemathesis(): void {
  const installed = existsSync(schemathesis)
    ? spawnSync(schemathesis, ['--version'], { encoding: 'utf8' }).stdout
    : '';
  if (installed.includes(`version ${SCHEMATHESIS_VERSION}`)) return;
  mkdirSync(path.dirname(venv), { recursive: true });
  const steps: [string, string[]][] = [
    ['python3.11', ['-m', 'venv', '--clear', venv]],
    [
      path.join(venv, 'bin', 'pip'),
      [
        'install',
        '--quiet',
        '--disable-pip-version-check',
        `schemathesis==${SCHEMATHESIS_VERSION}`,
      ],
    ],
  ];
  for (const [command, args] of steps) {
    const result = spawnSync(command, args, { encoding: 'utf8' });
    if (result.status !== 0)
      throw new Error(`${command} ${args.join(' ')}: ${result.stderr || result.error?.message}`);
  }
}

interface Run {
  exitCode: number | null;
  output: string;
  seconds: number;
}

/** Runs Schemathesis as a child process, so this process keeps serving the app it calls. */
function runSchemathesis(args: string[], env: Record<string, string>): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(schemathesis, args, {
      cwd: repoRoot,
      env: { ...process.env, ...env, NO_COLOR: '1', COLUMNS: '120' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (exitCode) =>
      resolve({ exitCode, output, seconds: (Date.now() - started) / 1000 }),
    );
  });
}

describe('property-based fuzzing of the API (Schemathesis)', () => {
  const database = openTestDatabase('fuzzing');
  let app: TestApp;
  let run: Run;

  beforeAll(async () => {
    ensureSchemathesis();
    await seedPeople(database);
    app = await startTestApp(database);
    const token = await tokenFor('Megan Bowen');
    const caller = findSeedPersonByName('Megan Bowen');
    const organisation = seedTenants.find((tenant) => tenant.id === caller.tenantId)!;
    run = await runSchemathesis(
      [
        '--config-file',
        path.join(here, 'api-fuzzing.toml'),
        'run',
        `${app.url}/api/openapi.json`,
        '--header',
        `Authorization: Bearer ${token}`,
        '--checks',
        'all',
        '--phases',
        PHASES,
        '--max-examples',
        String(MAX_EXAMPLES),
        // Derandomized, and no examples saved from run to run: each run is the same run.
        '--generation-deterministic',
        // The document says no string holds NUL (a 400); JSON Schema cannot, so none is sent.
        '--generation-allow-x00',
        'false',
        '--workers',
        '1',
        '--no-color',
      ],
      {
        SCHEMATHESIS_HOOKS: path.join(here, 'api-fuzzing-hooks.py'),
        // The ids of people in the caller's organisation, for bodies that name people.
        THROUGHLINE_PEOPLE: organisation.people.map((person) => person.id).join(','),
      },
    );
  }, 600_000);
  afterAll(async () => {
    await app?.close();
    await database.close();
  });

  it('finds no failure in any phase, stateful included, under every check', () => {
    // The phases (with the stateful scenarios and links covered) and the summary.
    const phases = run.output.slice(
      run.output.indexOf('Examples (in'),
      run.output.search(/\n=+ (FAILURES|ERRORS|WARNINGS|SUMMARY) =+/),
    );
    const summary = run.output.slice(run.output.lastIndexOf('SUMMARY') - 40);
    console.log(
      `Schemathesis ${SCHEMATHESIS_VERSION} in ${run.seconds.toFixed(0)} s\n${phases}\n${summary}`,
    );
    if (run.exitCode !== 0) console.log(run.output);
    expect(run.output).toMatch(/Stateful/);
    expect(run.output).not.toMatch(/No test cases|Tested: 0/);
    expect(run.exitCode).toBe(0);
  });
});
