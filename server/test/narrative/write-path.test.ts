/**
 * The write path without transactions: the narrative event is inserted first and carries
 * the entity's new state; the entity write follows. These tests break the second write
 * and race writers against each other on the real database.
 */
import { Collection } from 'mongodb';
import type { ApiClient, ApiError } from '@throughline/contracts';
import { startTestApp, type TestApp } from '../../../tests/support/app';
import { openTestDatabase } from '../../../tests/support/database';
import { clientFor, seedPeople } from '../../../tests/support/okr-api';

describe('the narrative write path', () => {
  const database = openTestDatabase('writepath');
  let app: TestApp;
  let diego: ApiClient;
  let cycleId: string;

  beforeAll(async () => {
    await seedPeople(database);
    app = await startTestApp(database);
    diego = clientFor(app.url, 'Diego Siciliani');
    cycleId = (
      await clientFor(app.url, 'Megan Bowen').cycles.create({
        name: 'Q',
        startsOn: '2026-01-01',
        endsOn: '2027-12-31',
      })
    ).id;
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });
  afterEach(() => jest.restoreAllMocks());

  /** Makes the next replaceOne on `collection` fail, as if the process died after the event insert. */
  function failNextEntityWrite(collection: string) {
    const original = Collection.prototype.replaceOne;
    const spy = jest.spyOn(Collection.prototype, 'replaceOne').mockImplementation(function (
      this: Collection,
      ...args: Parameters<Collection['replaceOne']>
    ) {
      if (this.collectionName === collection) {
        spy.mockRestore();
        return Promise.reject(new Error('simulated crash after the event was written'));
      }
      return original.apply(this, args);
    } as never);
  }

  it('loses no check-in when the key result write fails after its event', async () => {
    const objective = await diego.objectives.create({ cycleId, title: 'Crash-safe objective' });
    const keyResult = await diego.keyResults.create({
      objectiveId: objective.id,
      title: 'Crash-safe KR',
      metric: { kind: 'number', target: 10 },
    });

    failNextEntityWrite('keyResults');
    const error = (await diego.keyResults
      .checkIn(keyResult.id, {
        version: 1,
        value: 4,
        confidence: 7,
        status: 'on_track',
        note: 'survives',
      })
      .catch((caught: unknown) => caught)) as ApiError;
    expect(error.status).toBe(500);

    const stored = await database.db
      .collection('keyResults')
      .findOne({ _id: keyResult.id as never });
    expect(stored!.version).toBe(1);
    expect(
      await database.db
        .collection('narrative')
        .countDocuments({ _id: `keyResult-${keyResult.id}-2` as never }),
    ).toBe(1);

    const repaired = await diego.keyResults.get(keyResult.id);
    expect(repaired).toMatchObject({ version: 2, lastCheckIn: { value: 4 } });
    expect(repaired.checkIns.map((checkIn) => checkIn.note)).toEqual(['survives']);
    expect(
      (await database.db.collection('keyResults').findOne({ _id: keyResult.id as never }))!.version,
    ).toBe(2);
  });

  it('rebuilds an objective whose creation event was written but whose document was not', async () => {
    failNextEntityWrite('objectives');
    const error = (await diego.objectives
      .create({ cycleId, title: 'Born in a crash' }, { idempotencyKey: 'crash-create-0001' })
      .catch((caught: unknown) => caught)) as ApiError;
    expect(error.status).toBe(500);
    const event = await database.db
      .collection('narrative')
      .findOne({ type: 'objective.created', 'payload.title': 'Born in a crash' });
    expect(event).not.toBeNull();
    const objectiveId = String(event!.subject.id);
    expect(
      await database.db.collection('objectives').countDocuments({ _id: objectiveId as never }),
    ).toBe(0);
    expect((await diego.objectives.get(objectiveId)).title).toBe('Born in a crash');
  });

  it('carries a moved objective’s team to its key results, even when that write failed after the event', async () => {
    const megan = clientFor(app.url, 'Megan Bowen');
    const [from, to] = await Promise.all([
      megan.teams.create({ name: 'Moving from' }),
      megan.teams.create({ name: 'Moving to' }),
    ]);
    const objective = await megan.objectives.create({
      cycleId,
      title: 'Objective that changes team',
      level: 'team',
      teamId: from.id,
    });
    const keyResult = await megan.keyResults.create({
      objectiveId: objective.id,
      title: 'Its key result',
      metric: { kind: 'number', target: 3 },
    });
    const child = await diego.objectives.create({
      cycleId,
      title: 'Aligned below it',
      alignsTo: { kind: 'objective', id: objective.id },
    });
    // The write that follows the event fails, as if the process died there.
    const original = Collection.prototype.updateMany;
    const spy = jest.spyOn(Collection.prototype, 'updateMany').mockImplementation(function (
      this: Collection,
      ...args: Parameters<Collection['updateMany']>
    ) {
      if (this.collectionName === 'keyResults') {
        spy.mockRestore();
        return Promise.reject(new Error('simulated crash while the team followed'));
      }
      return original.apply(this, args);
    } as never);
    const error = (await megan.objectives
      .update(objective.id, { version: 1, teamId: to.id })
      .catch((caught: unknown) => caught)) as ApiError;
    expect(error.status).toBe(500);
    const stored = (collection: string, id: string) =>
      database.db.collection(collection).findOne({ _id: id as never });
    expect(await stored('objectives', objective.id)).toMatchObject({ version: 1, teamId: from.id });
    expect(await stored('keyResults', keyResult.id)).toMatchObject({ teamId: from.id });

    // The next read of the objective replays its event, and what follows it.
    expect(await megan.objectives.get(objective.id)).toMatchObject({ version: 2, teamId: to.id });
    expect(await stored('keyResults', keyResult.id)).toMatchObject({ teamId: to.id });
    const tree = JSON.stringify(await megan.cycles.alignmentTree(cycleId, { teamId: to.id }));
    for (const id of [objective.id, keyResult.id, child.id]) expect(tree).toContain(id);
  });

  it('lets exactly one of several concurrent check-ins on the same version win', async () => {
    const objective = await diego.objectives.create({ cycleId, title: 'Contended objective' });
    const keyResult = await diego.keyResults.create({
      objectiveId: objective.id,
      title: 'Contended KR',
      metric: { kind: 'number', target: 100 },
    });
    const attempts = await Promise.allSettled(
      Array.from({ length: 8 }, (_, index) =>
        diego.keyResults.checkIn(keyResult.id, {
          version: 1,
          value: index * 10,
          confidence: 5,
          status: 'on_track',
        }),
      ),
    );
    const won = attempts.filter((attempt) => attempt.status === 'fulfilled');
    const lost = attempts.filter(
      (attempt): attempt is PromiseRejectedResult => attempt.status === 'rejected',
    );
    expect(won).toHaveLength(1);
    expect(lost.every((attempt) => (attempt.reason as ApiError).code === 'version_conflict')).toBe(
      true,
    );
    const detail = await diego.keyResults.get(keyResult.id);
    expect(detail.version).toBe(2);
    expect(detail.checkIns).toHaveLength(1);
    expect(detail.metric.current).toBe(
      (won[0] as PromiseFulfilledResult<{ metric: { current: number } }>).value.metric.current,
    );
    expect(
      await database.db
        .collection('narrative')
        .countDocuments({ keyResultId: keyResult.id, type: 'key_result.checked_in' }),
    ).toBe(1);
  });

  it('never edits or deletes an event: corrections are new events', async () => {
    const objective = await diego.objectives.create({ cycleId, title: 'Typo objectve' });
    await diego.objectives.update(objective.id, { version: 1, title: 'Typo objective' });
    const events = await database.db
      .collection('narrative')
      .find({ objectiveId: objective.id })
      .sort({ seq: 1 })
      .toArray();
    expect(events.map((item) => [item.seq, item.type])).toEqual([
      [1, 'objective.created'],
      [2, 'objective.edited'],
    ]);
    expect(events[0]!.payload.title).toBe('Typo objectve');
  });
});
