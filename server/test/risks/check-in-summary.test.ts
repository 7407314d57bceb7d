/**
 * A key result keeps its newest check-ins beside it, so risk rules and 1-on-1 prep cards read
 * no check-ins: the summary follows every check-in, is never shown by the API, is filled in
 * at start for key results checked in before it existed, and the rules find exactly what
 * they find from the check-ins themselves.
 */
import type { ApiClient, KeyResult, RiskFinding } from '@throughline/contracts';
import { startTestApp, type TestApp } from '../../../tests/support/app';
import { openTestDatabase } from '../../../tests/support/database';
import { clientFor, personId, seedPeople } from '../../../tests/support/okr-api';
import { recentCheckInFields } from '../../src/okrs/store';
import { prepareDatabase } from '../../src/platform/db/database';

const DAY = 86_400_000;

describe('the check-in summary on a key result', () => {
  const database = openTestDatabase('checkinsummary');
  let now = new Date('2026-01-05T09:00:00Z');
  let app: TestApp;
  let ben: ApiClient;
  let patti: ApiClient;
  let steady: KeyResult;
  let quiet: KeyResult;
  const benId = personId('Ben Walters');
  const stored = (id: string) => database.db.collection('keyResults').findOne({ _id: id as never });
  const findingsOf = (findings: RiskFinding[], keyResultId: string) =>
    findings
      .filter((finding) => finding.subject.id === keyResultId)
      .map((finding) => [finding.ruleId, finding.severity, finding.facts]);

  beforeAll(async () => {
    await seedPeople(database);
    app = await startTestApp(database, { deps: { clock: () => now } });
    const megan = clientFor(app.url, 'Megan Bowen');
    ben = clientFor(app.url, 'Ben Walters');
    patti = clientFor(app.url, 'Patti Fernandez');
    const cycleId = (
      await megan.cycles.create({ name: 'Q1', startsOn: '2026-01-01', endsOn: '2026-03-31' })
    ).id;
    const objective = await ben.objectives.create({ cycleId, title: 'Grow the newsletter' });
    steady = await ben.keyResults.create({
      objectiveId: objective.id,
      title: 'Subscribers',
      metric: { kind: 'number', target: 100 },
    });
    quiet = await ben.keyResults.create({
      objectiveId: objective.id,
      title: 'Partner mentions',
      metric: { kind: 'number', target: 10 },
    });
    // Ten daily check-ins: Subscribers moves every day; Partner mentions moves on the first
    // only, then is reported on track without moving, its confidence falling at the end.
    let steadyVersion = steady.version;
    let quietVersion = quiet.version;
    for (let day = 1; day <= 10; day += 1) {
      now = new Date(Date.parse('2026-01-05T09:00:00Z') + day * DAY);
      steadyVersion = (
        await ben.keyResults.checkIn(steady.id, {
          version: steadyVersion,
          value: day * 3,
          confidence: 7,
          status: 'on_track',
        })
      ).version;
      quietVersion = (
        await ben.keyResults.checkIn(quiet.id, {
          version: quietVersion,
          value: 1,
          confidence: day === 10 ? 3 : 8,
          status: 'on_track',
        })
      ).version;
    }
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('keeps the newest four check-ins, newest first, as the check-ins say, and never shows them', async () => {
    const doc = (await stored(steady.id))!;
    const checkIns = await database.db
      .collection('checkIns')
      .find(
        { keyResultId: steady.id },
        { sort: { at: -1 }, limit: 4, projection: { ...recentCheckInFields, _id: 0 } },
      )
      .toArray();
    expect(doc.hasOlderCheckIns).toBe(true);
    expect(doc.recentCheckIns).toEqual(checkIns);
    expect((doc.recentCheckIns as { value: number }[]).map((checkIn) => checkIn.value)).toEqual([
      30, 27, 24, 21,
    ]);
    const shown = (await ben.keyResults.get(steady.id)) as unknown as Record<string, unknown>;
    expect(shown).not.toHaveProperty('recentCheckIns');
    expect(shown).not.toHaveProperty('hasOlderCheckIns');
  });

  it('gives the rules what the check-ins give them, with and without the summary, and the backfill restores it', async () => {
    // Three weeks on: Partner mentions has been on track without moving for longer than the
    // tenant's window, and its confidence fell at the last check-in.
    now = new Date(Date.parse('2026-01-05T09:00:00Z') + 31 * DAY);
    const withSummary = (await patti.risks({ personId: benId })).findings;
    expect(findingsOf(withSummary, quiet.id).map(([rule]) => rule)).toEqual(
      expect.arrayContaining(['confidence_drop', 'green_without_proof']),
    );

    const summaries = await Promise.all([stored(steady.id), stored(quiet.id)]);
    await database.db
      .collection('keyResults')
      .updateMany(
        { _id: { $in: [steady.id, quiet.id] as never[] } },
        { $unset: { recentCheckIns: '', hasOlderCheckIns: '' } },
      );
    const fromCheckIns = (await patti.risks({ personId: benId })).findings;
    for (const id of [steady.id, quiet.id])
      expect(findingsOf(fromCheckIns, id)).toEqual(findingsOf(withSummary, id));

    const backfilled = await prepareDatabase(database.db);
    expect(backfilled['keyResults.recentCheckIns']).toBe(2);
    expect(await Promise.all([stored(steady.id), stored(quiet.id)])).toEqual(summaries);
    expect((await prepareDatabase(database.db))['keyResults.recentCheckIns']).toBe(0);
    const afterBackfill = (await patti.risks({ personId: benId })).findings;
    for (const id of [steady.id, quiet.id])
      expect(findingsOf(afterBackfill, id)).toEqual(findingsOf(withSummary, id));
  });
});
