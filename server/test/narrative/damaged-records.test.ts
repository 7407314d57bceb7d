/**
 * Records that do not parse as their kind, as an older version could leave them: lists
 * skip them (and log each once), a single read answers a clear error, and
 * `npm run db:check` finds them and, with --fix, repairs what the narrative supports.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { ApiClient, ApiError } from '@throughline/contracts';
import { createLogger } from '../../src/platform/log/logger';
import { checkDatabase } from '../../src/narrative/check';
import { startTestApp, type TestApp } from '../../../tests/support/app';
import { openTestDatabase } from '../../../tests/support/database';
import { clientFor, seedPeople } from '../../../tests/support/okr-api';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

/**
 * Runs the command as a person would. Asynchronously: a synchronous spawn would stall this
 * process's event loop, and the test server would then close its idle keep-alive sockets
 * under the client's feet.
 */
function runDbCheck(
  databaseName: string,
  ...args: string[]
): Promise<{ status: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [require.resolve('tsx/cli'), path.join(repoRoot, 'scripts', 'db-check.ts'), ...args],
      {
        cwd: repoRoot,
        encoding: 'utf8',
        env: { ...process.env, MONGODB_URI: process.env.MONGODB_URI, MONGODB_DB: databaseName },
      },
      (error, stdout, stderr) =>
        resolve({
          status: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          output: `${stdout}${stderr}`,
        }),
    );
  });
}

describe('records that do not parse as their kind', () => {
  const database = openTestDatabase('damaged');
  const logLines: string[] = [];
  let app: TestApp;
  let diego: ApiClient;
  let cycleId: string;
  let keyResultId: string;
  let damagedId: string;
  let oldStyleId: string;
  let underDamagedId: string;

  beforeAll(async () => {
    await seedPeople(database);
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    app = await startTestApp(database, { deps: { log: createLogger('warn', sink) } });
    diego = clientFor(app.url, 'Diego Siciliani');
    cycleId = (
      await clientFor(app.url, 'Megan Bowen').cycles.create({
        name: 'Q',
        startsOn: '2026-01-01',
        endsOn: '2027-12-31',
      })
    ).id;
    const objective = await diego.objectives.create({ cycleId, title: 'Renew Northwind' });
    const keyResult = await diego.keyResults.create({
      objectiveId: objective.id,
      title: 'Signed renewals',
      metric: { kind: 'number', target: 10 },
    });
    keyResultId = keyResult.id;
    damagedId = (await diego.objectives.create({ cycleId, title: 'Keep this title' })).id;
    oldStyleId = (await diego.objectives.create({ cycleId, title: 'Written long ago' })).id;
    underDamagedId = (
      await diego.keyResults.create({
        objectiveId: damagedId,
        title: 'Kept renewals',
        metric: { kind: 'number', target: 5 },
      })
    ).id;

    const db = database.db;
    // What an older version wrote when a key result's id was read as an objective's.
    const keyResultDoc = await db.collection('keyResults').findOne({ _id: keyResultId as never });
    await db.collection('objectives').insertOne({ ...keyResultDoc! });
    // A record whose title was broken by hand.
    await db
      .collection('objectives')
      .updateOne({ _id: damagedId as never }, { $set: { title: 42 } });
    // Events stored under the identity of an older version, without the kind.
    const events = await db.collection('narrative').find({ 'subject.id': oldStyleId }).toArray();
    await db.collection('narrative').deleteMany({ 'subject.id': oldStyleId });
    await db
      .collection('narrative')
      .insertMany(
        events.map((event) => ({ ...event, _id: `${oldStyleId}-${event.seq}` as never })),
      );
    // An event the key result record never caught up with (a crash between the two writes).
    await db.collection('narrative').insertOne({
      _id: `keyResult-${keyResultId}-2` as never,
      tenantId: keyResultDoc!.tenantId,
      type: 'key_result.edited',
      subject: { kind: 'keyResult', id: keyResultId },
      seq: 2,
      actorId: keyResultDoc!.ownerId,
      at: new Date(),
      objectiveId: objective.id,
      keyResultId,
      personIds: [keyResultDoc!.ownerId],
      teamIds: [],
      summary: 'edited “Signed renewals” (title)',
      payload: {},
      state: {
        ...keyResult,
        teamId: null,
        reportedStatus: null,
        title: 'Signed renewals (edited)',
        version: 2,
      },
    });
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('leaves them out of lists, and logs each once with its id', async () => {
    for (let round = 0; round < 2; round += 1) {
      const listed = await diego.objectives.list({ cycleId });
      expect(listed.items.map((item) => item.title).sort()).toEqual([
        'Renew Northwind',
        'Written long ago',
      ]);
      const mine = await diego.myOkrs({ cycleId });
      expect(mine.objectives.map((item) => item.title)).not.toContain('Keep this title');
    }
    const reports = logLines
      .map((line) => JSON.parse(line) as { damagedRecord?: { id: string; collection: string } })
      .filter((line) => line.damagedRecord?.collection === 'objectives');
    expect(reports.map((line) => line.damagedRecord!.id).sort()).toEqual(
      [damagedId, keyResultId].sort(),
    );
  });

  it('answers a single read of one with a clear error', async () => {
    const error = (await diego.objectives
      .get(damagedId)
      .catch((caught: unknown) => caught)) as ApiError;
    expect(error.status).toBe(500);
    expect(error.code).toBe('record_damaged');
    expect(error.message).toContain('db:check');
  });

  it('answers a read of a key result under a damaged objective with that error, not as not found', async () => {
    // Only a missing or invisible objective hides its key result; any other failure (this
    // damage, a database that is down) is told as what it is.
    const error = (await diego.keyResults
      .get(underDamagedId)
      .catch((caught: unknown) => caught)) as ApiError;
    expect(error.status).toBe(500);
    expect(error.code).toBe('record_damaged');
  });

  it('finds each problem, changes nothing without --fix, and repairs with it', async () => {
    const countsBefore = await database.db.collection('objectives').countDocuments();
    const report = await checkDatabase(database.db, { fix: false });
    const found = report.findings.map((item) => `${item.problem} ${item.collection}/${item.id}`);
    expect(found).toEqual(
      expect.arrayContaining([
        `phantom objectives/${keyResultId}`,
        `damaged objectives/${damagedId}`,
        `old_event_id narrative/${oldStyleId}-1`,
        `behind_events keyResults/${keyResultId}`,
      ]),
    );
    expect(found).toHaveLength(4);
    expect(await database.db.collection('objectives').countDocuments()).toBe(countsBefore);

    const dryRun = await runDbCheck(database.name);
    expect(dryRun.output).toContain(`phantom  objectives/${keyResultId}`);
    expect(dryRun.output).toContain('Run again with --fix');
    expect(dryRun.status).toBe(1);

    const fixed = await runDbCheck(database.name, '--fix');
    expect(fixed.output).toContain('4 found; 4 fixed, 0 left to look at by hand.');
    expect(fixed.status).toBe(0);

    const again = await runDbCheck(database.name);
    expect(again.output).toContain(
      'Every record parses as its kind and agrees with the narrative.',
    );
    expect(again.status).toBe(0);
  }, 60_000);

  it('leaves a tenant that reads as it did before the damage', async () => {
    expect((await diego.objectives.get(damagedId)).title).toBe('Keep this title');
    expect(
      await database.db.collection('objectives').countDocuments({ _id: keyResultId as never }),
    ).toBe(0);
    expect((await diego.keyResults.get(keyResultId)).title).toBe('Signed renewals (edited)');
    const oldStyle = await diego.objectives.get(oldStyleId);
    expect(oldStyle.title).toBe('Written long ago');
    const edited = await diego.objectives.update(oldStyleId, {
      version: oldStyle.version,
      title: 'Written long ago, edited today',
    });
    expect(edited.version).toBe(oldStyle.version + 1);
    const timeline = await diego.narrative({ objectiveId: oldStyleId });
    expect(timeline.items.map((item) => item.id)).toEqual(
      expect.arrayContaining([`objective-${oldStyleId}-1`, `objective-${oldStyleId}-2`]),
    );
  });
});
