/**
 * Every versioned edit runs through one pipeline: load, authorise, guard, check the
 * version, change, diff, commit. Here it is raced and refused over HTTP on the real
 * database, for OKRs and for the tenant's settings.
 */
import type { ApiClient, ApiError } from '@throughline/contracts';
import { startTestApp, type TestApp } from '../../../tests/support/app';
import { openTestDatabase } from '../../../tests/support/database';
import { clientFor, seedPeople } from '../../../tests/support/okr-api';

const now = new Date('2026-11-25T12:00:00Z');

describe('the versioned edit pipeline', () => {
  const database = openTestDatabase('editpipeline');
  let app: TestApp;
  let admin: ApiClient;
  let cycleId: string;

  beforeAll(async () => {
    await seedPeople(database);
    app = await startTestApp(database, { deps: { clock: () => now } });
    admin = clientFor(app.url, 'Megan Bowen');
    cycleId = (
      await admin.cycles.create({ name: 'FY27 Q2', startsOn: '2026-10-01', endsOn: '2026-12-31' })
    ).id;
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  /** How many won, how many got 409 `version_conflict`, and what any other failure said. */
  const outcomesOf = (attempts: PromiseSettledResult<unknown>[]) => {
    const failures = attempts
      .filter((attempt): attempt is PromiseRejectedResult => attempt.status === 'rejected')
      .map((attempt) => attempt.reason as ApiError);
    const isConflict = (error: ApiError) =>
      error.status === 409 && error.code === 'version_conflict';
    return {
      won: attempts.length - failures.length,
      conflicts: failures.filter(isConflict).length,
      others: failures.filter((error) => !isConflict(error)).map((error) => error.message),
    };
  };

  it('lets exactly one of twenty concurrent edits on the same version win, with one event', async () => {
    const diego = clientFor(app.url, 'Diego Siciliani');
    const objective = await diego.objectives.create({ cycleId, title: 'Contended title' });
    const attempts = await Promise.allSettled(
      Array.from({ length: 20 }, (_, index) =>
        diego.objectives.update(objective.id, { version: 1, title: `Title ${index}` }),
      ),
    );
    expect(outcomesOf(attempts)).toEqual({ won: 1, conflicts: 19, others: [] });
    expect((await diego.objectives.get(objective.id)).version).toBe(2);
    expect(
      await database.db
        .collection('narrative')
        .countDocuments({ objectiveId: objective.id, type: 'objective.edited' }),
    ).toBe(1);
  });

  it('lets exactly one of twenty concurrent settings changes on the same version win', async () => {
    const { version } = await admin.settings.get();
    const attempts = await Promise.allSettled(
      Array.from({ length: 20 }, (_, index) =>
        admin.settings.update({ version, digestHour: index }),
      ),
    );
    expect(outcomesOf(attempts)).toEqual({ won: 1, conflicts: 19, others: [] });
    expect((await admin.settings.get()).version).toBe(version + 1);
  });

  it('answers a stale settings change with the settings as they stand', async () => {
    const current = await admin.settings.get();
    const error = (await admin.settings
      .update({ version: current.version - 1, digestHour: 9 })
      .catch((caught: unknown) => caught)) as ApiError;
    expect(error).toMatchObject({ status: 409, code: 'version_conflict' });
    expect(error.message).toMatch(/Someone changed the settings in the meantime/);
    expect(error.details).toMatchObject({ current: { version: current.version } });
  });

  it('writes nothing for an edit that changes nothing', async () => {
    const diego = clientFor(app.url, 'Diego Siciliani');
    const objective = await diego.objectives.create({ cycleId, title: 'Unchanged' });
    const answer = await diego.objectives.update(objective.id, { version: 1, title: 'Unchanged' });
    expect(answer.version).toBe(1);
    expect(
      await database.db.collection('narrative').countDocuments({ objectiveId: objective.id }),
    ).toBe(1);
  });

  it('refuses a caller who may not edit before it looks at the version', async () => {
    const diego = clientFor(app.url, 'Diego Siciliani');
    const objective = await diego.objectives.create({ cycleId, title: 'Not yours' });
    const error = (await clientFor(app.url, 'Isaiah Langer')
      .objectives.update(objective.id, { version: 7, title: 'Mine now' })
      .catch((caught: unknown) => caught)) as ApiError;
    expect(error).toMatchObject({ status: 403, code: 'forbidden' });
  });

  it('lets a manager two levels up see and edit a private objective, and not the owner’s peers', async () => {
    const henrietta = clientFor(app.url, 'Henrietta Mueller');
    const objective = await henrietta.objectives.create({
      cycleId,
      title: 'Quiet migration',
      visibility: 'private',
    });
    const lidia = clientFor(app.url, 'Lidia Holloway');
    expect((await lidia.objectives.get(objective.id)).canEdit).toBe(true);
    expect(
      (await lidia.objectives.update(objective.id, { version: 1, title: 'Quiet migration, done' }))
        .version,
    ).toBe(2);
    for (const outsider of ['Joni Sherman', 'Grady Archie'])
      await expect(clientFor(app.url, outsider).objectives.get(objective.id)).rejects.toMatchObject(
        {
          status: 404,
        },
      );
  });
});
