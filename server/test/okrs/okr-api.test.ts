import { ApiError, type ApiClient } from '@throughline/contracts';
import { startTestApp, type TestApp } from '../../../tests/support/app';
import { openTestDatabase } from '../../../tests/support/database';
import { clientFor, personId, seedPeople } from '../../../tests/support/okr-api';

const now = new Date('2026-11-25T12:00:00Z');

describe('the OKR API', () => {
  const database = openTestDatabase('okrapi');
  let app: TestApp;
  let admin: ApiClient;
  let diego: ApiClient;
  let alex: ApiClient;
  let isaiah: ApiClient;
  let cycleId: string;

  beforeAll(async () => {
    await seedPeople(database);
    app = await startTestApp(database, { deps: { clock: () => now } });
    admin = clientFor(app.url, 'Megan Bowen');
    diego = clientFor(app.url, 'Diego Siciliani');
    alex = clientFor(app.url, 'Alex Wilber');
    isaiah = clientFor(app.url, 'Isaiah Langer');
    cycleId = (
      await admin.cycles.create({ name: 'FY27 Q2', startsOn: '2026-10-01', endsOn: '2026-12-31' })
    ).id;
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('creates an objective with a key result, checks in, and rolls progress up', async () => {
    const objective = await diego.objectives.create({
      cycleId,
      title: 'Win the Northwind renewal',
    });
    expect(objective).toMatchObject({
      ownerId: personId('Diego Siciliani'),
      version: 1,
      progress: 0,
    });
    const keyResult = await diego.keyResults.create({
      objectiveId: objective.id,
      title: 'Signed ARR',
      metric: { kind: 'currency', currency: 'EUR', start: 0, target: 200000 },
    });
    const checkedIn = await diego.keyResults.checkIn(keyResult.id, {
      version: keyResult.version,
      value: 150000,
      confidence: 8,
      status: 'on_track',
      note: 'PO received',
    });
    expect(checkedIn.progress).toBeCloseTo(0.75);
    expect(checkedIn.lastCheckIn).toMatchObject({ value: 150000, confidence: 8 });
    const detail = await diego.objectives.get(objective.id);
    expect(detail.progress).toBeCloseTo(0.75);
    expect(detail.keyResults).toHaveLength(1);
    const timeline = await diego.narrative({ keyResultId: keyResult.id });
    expect(timeline.items.map((item) => item.type)).toEqual([
      'key_result.checked_in',
      'key_result.created',
    ]);
  });

  it('answers a stale version with 409 and the current document', async () => {
    const objective = await diego.objectives.create({ cycleId, title: 'Shorten sales cycle' });
    await diego.objectives.update(objective.id, { version: 1, title: 'Shorten the sales cycle' });
    const error = await diego.objectives
      .update(objective.id, { version: 1, title: 'Other' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(409);
    expect((error as ApiError).code).toBe('version_conflict');
    expect(((error as ApiError).details as { current: { title: string } }).current.title).toBe(
      'Shorten the sales cycle',
    );
  });

  it('lets a manager edit a report’s objective but not a peer', async () => {
    const objective = await diego.objectives.create({ cycleId, title: 'Expand in the Nordics' });
    const edited = await alex.objectives.update(objective.id, {
      version: 1,
      description: 'Manager note',
    });
    expect(edited.version).toBe(2);
    const error = (await isaiah.objectives
      .update(objective.id, { version: 2, title: 'Mine now' })
      .catch((caught: unknown) => caught)) as ApiError;
    expect(error.status).toBe(403);
  });

  it('hides a private objective from others with 404', async () => {
    const objective = await diego.objectives.create({
      cycleId,
      title: 'Private development goal',
      visibility: 'private',
    });
    const error = (await isaiah.objectives
      .get(objective.id)
      .catch((caught: unknown) => caught)) as ApiError;
    expect(error.status).toBe(404);
    expect((await alex.objectives.get(objective.id)).title).toBe('Private development goal');
  });

  it('returns the first result for a retried POST with the same Idempotency-Key', async () => {
    const first = await diego.objectives.create(
      { cycleId, title: 'Idempotent objective' },
      { idempotencyKey: 'key-0000000001' },
    );
    const second = await diego.objectives.create(
      { cycleId, title: 'Idempotent objective' },
      { idempotencyKey: 'key-0000000001' },
    );
    expect(second.id).toBe(first.id);
    const all = await diego.objectives.list({ cycleId, q: 'Idempotent objective' });
    expect(all.items).toHaveLength(1);
  });

  it('creates one objective when the same request arrives twice at once, and says so to the second', async () => {
    const request = () =>
      diego.objectives.create(
        { cycleId, title: 'Sent twice at once' },
        { idempotencyKey: 'key-at-once-0001' },
      );
    const outcomes = await Promise.allSettled([request(), request(), request()]);
    // Each answer is the first result replayed, or "still being processed" while it runs.
    for (const outcome of outcomes)
      if (outcome.status === 'rejected')
        expect([outcome.reason.status, outcome.reason.code]).toEqual([409, 'request_in_progress']);
    expect(outcomes.some((outcome) => outcome.status === 'fulfilled')).toBe(true);
    // The retry a client makes with the same key then gets the first result.
    const retried = await request();
    const all = await diego.objectives.list({ cycleId, q: 'Sent twice at once' });
    expect(all.items.map((item) => item.id)).toEqual([retried.id]);
  });

  it('refuses unknown fields and operator-shaped values with field details', async () => {
    const error = (await diego
      .request('POST', '/objectives', { body: { cycleId: { $gt: '' }, title: 'x', extra: 1 } })
      .catch((caught: unknown) => caught)) as ApiError;
    expect(error.status).toBe(400);
    expect(error.code).toBe('validation_failed');
    expect(Array.isArray(error.details) && error.details.map((detail) => detail.path)).toEqual(
      expect.arrayContaining(['body.cycleId', 'body']),
    );
  });
});
