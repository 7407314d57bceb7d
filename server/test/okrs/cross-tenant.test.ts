/**
 * A person of Fabrikam calls every route with Contoso's ids: nothing comes back and
 * nothing changes.
 */
import type { ApiClient, ApiError } from '@throughline/contracts';
import { startTestApp, type TestApp } from '../../../tests/support/app';
import { openTestDatabase } from '../../../tests/support/database';
import { clientFor, personId, seedPeople } from '../../../tests/support/okr-api';

describe('tenant isolation', () => {
  const database = openTestDatabase('tenants');
  let app: TestApp;
  let contoso: ApiClient;
  let fabrikam: ApiClient;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    await seedPeople(database);
    app = await startTestApp(database);
    const megan = clientFor(app.url, 'Megan Bowen');
    contoso = clientFor(app.url, 'Diego Siciliani');
    fabrikam = clientFor(app.url, 'Sara Davis'); // Fabrikam's admin
    ids.cycle = (
      await megan.cycles.create({
        name: 'Contoso Q2',
        startsOn: '2026-10-01',
        endsOn: '2026-12-31',
      })
    ).id;
    ids.team = (await megan.teams.create({ name: 'Contoso Sales' })).id;
    const objective = await contoso.objectives.create({
      cycleId: ids.cycle,
      title: 'Contoso secret plan',
      teamId: ids.team,
    });
    ids.objective = objective.id;
    const keyResult = await contoso.keyResults.create({
      objectiveId: objective.id,
      title: 'Contoso KR',
      metric: { kind: 'number', target: 10 },
    });
    ids.keyResult = keyResult.id;
    const checked = await contoso.keyResults.checkIn(keyResult.id, {
      version: 1,
      value: 5,
      confidence: 6,
      status: 'on_track',
    });
    ids.checkIn = checked.lastCheckIn!.id;
    ids.deliverable = (
      await contoso.deliverables.create({ keyResultId: keyResult.id, title: 'Contoso deliverable' })
    ).id;
    ids.person = personId('Diego Siciliani');
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const refused = async (call: Promise<unknown>) => {
    const error = (await call.then(
      () => null,
      (caught: unknown) => caught,
    )) as ApiError | null;
    expect(error).not.toBeNull();
    expect([403, 404]).toContain(error!.status);
    return error!;
  };

  it('sees none of the other tenant’s data through any read route', async () => {
    await refused(fabrikam.objectives.get(ids.objective!));
    await refused(fabrikam.keyResults.get(ids.keyResult!));
    await refused(fabrikam.keyResults.checkIns(ids.keyResult!));
    await refused(fabrikam.people.get(ids.person!));
    await refused(fabrikam.teams.get(ids.team!));
    await refused(fabrikam.cycles.alignmentTree(ids.cycle!));
    await refused(fabrikam.narrative({ objectiveId: ids.objective! }));
    await refused(fabrikam.narrative({ keyResultId: ids.keyResult! }));
    await refused(fabrikam.myOkrs({ cycleId: ids.cycle! }));
    expect((await fabrikam.objectives.list({ limit: 100 })).items).toEqual([]);
    expect((await fabrikam.objectives.list({ cycleId: ids.cycle!, limit: 100 })).items).toEqual([]);
    expect((await fabrikam.cycles.list()).items).toEqual([]);
    expect((await fabrikam.teams.list()).items).toEqual([]);
    expect(
      (await fabrikam.people.list({ limit: 100 })).items.every(
        (person) => person.id !== ids.person,
      ),
    ).toBe(true);
    expect((await fabrikam.narrative({ personId: ids.person! })).items).toEqual([]);
    expect((await fabrikam.narrative({ teamId: ids.team! })).items).toEqual([]);
    expect(await fabrikam.dependencies({ teamId: ids.team! })).toEqual({
      waitingOn: [],
      waitedOnBy: [],
    });
  });

  it('changes none of the other tenant’s data through any write route', async () => {
    await refused(fabrikam.objectives.update(ids.objective!, { version: 1, title: 'Hijacked' }));
    await refused(
      fabrikam.objectives.overrideScore(ids.objective!, {
        version: 1,
        score: 1,
        reason: 'because',
      }),
    );
    await refused(
      fabrikam.keyResults.create({
        objectiveId: ids.objective!,
        title: 'Injected',
        metric: { kind: 'number', target: 1 },
      }),
    );
    await refused(fabrikam.keyResults.update(ids.keyResult!, { version: 2, title: 'Hijacked' }));
    await refused(
      fabrikam.keyResults.checkIn(ids.keyResult!, {
        version: 2,
        value: 0,
        confidence: 1,
        status: 'off_track',
      }),
    );
    await refused(
      fabrikam.keyResults.overrideScore(ids.keyResult!, {
        version: 2,
        score: 0,
        reason: 'because',
      }),
    );
    await refused(fabrikam.checkIns.comment(ids.checkIn!, { body: 'Injected comment' }));
    await refused(fabrikam.deliverables.create({ keyResultId: ids.keyResult!, title: 'Injected' }));
    await refused(fabrikam.deliverables.update(ids.deliverable!, { version: 1, state: 'done' }));
    await refused(fabrikam.cycles.close(ids.cycle!));
    await refused(fabrikam.objectives.create({ cycleId: ids.cycle!, title: 'In their cycle' }));
    const fabrikamCycle = (
      await fabrikam.cycles.create({
        name: 'Fabrikam Q2',
        startsOn: '2026-10-01',
        endsOn: '2026-12-31',
      })
    ).id;
    const alignError = (await fabrikam.objectives
      .create({
        cycleId: fabrikamCycle,
        title: 'Aligned across',
        alignsTo: { kind: 'objective', id: ids.objective! },
      })
      .catch((caught: unknown) => caught)) as ApiError;
    expect(alignError.fieldMessage('alignsTo')).toMatch(/not found/);

    const objective = await contoso.objectives.get(ids.objective!);
    expect(objective).toMatchObject({ title: 'Contoso secret plan', version: 1 });
    expect(objective.keyResults).toHaveLength(1);
    expect(objective.keyResults[0]).toMatchObject({ title: 'Contoso KR', version: 2 });
    expect(objective.deliverables[0]).toMatchObject({ state: 'todo', version: 1 });
    expect((await contoso.keyResults.get(ids.keyResult!)).checkIns[0]!.comments).toEqual([]);
    expect((await contoso.cycles.list()).items.find((cycle) => cycle.id === ids.cycle)!.state).toBe(
      'open',
    );
  });

  it('stores every document with its tenant', async () => {
    for (const name of [
      'objectives',
      'keyResults',
      'checkIns',
      'deliverables',
      'narrative',
      'cycles',
      'teams',
    ]) {
      expect(
        await database.db.collection(name).countDocuments({ tenantId: { $exists: false } }),
      ).toBe(0);
    }
  });
});
