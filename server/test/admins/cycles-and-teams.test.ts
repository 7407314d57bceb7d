/**
 * An admin of a new tenant (Northwind Traders in the sandbox, set up as on day one) edits
 * its cycles and teams, and makes teams from the manager hierarchy the org sync brought
 * in: over HTTP against the real server, FerretDB and the sandbox. Every edit is versioned
 * and leaves its narrative event; nobody but an admin may make any of these changes.
 */
import { ApiError, type ApiClient, type Team } from '@throughline/contracts';
import { NORTHWIND_TENANT_ID } from '@throughline/sandbox';
import { startTestApp, type TestApp } from '../../../tests/support/app';
import { openTestDatabase } from '../../../tests/support/database';
import { clientFor, personId, seedPeople } from '../../../tests/support/okr-api';
import { NARRATIVE } from '../../src/narrative/store';
import { hierarchyTeamId } from '../../src/people/hierarchy-teams';

const refusal = async (call: Promise<unknown>) => {
  const error = await call.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
};
const statusAndCode = async (call: Promise<unknown>) => {
  const error = await refusal(call);
  return [error.status, error.code];
};

const day = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

let cycleNumber = 0;
const buildCycle = (overrides: { name?: string; startsOn?: string; endsOn?: string } = {}) => ({
  name: `Cycle ${(cycleNumber += 1)}`,
  startsOn: day(-10),
  endsOn: day(80),
  ...overrides,
});

/** Northwind on its first day, with Tom Becker (its Global Administrator) as first admin. */
function northwindOnDayOne(label: string) {
  const database = openTestDatabase(label);
  const state = {} as { app: TestApp; tom: ApiClient; samir: ApiClient };
  beforeAll(async () => {
    await seedPeople(database);
    state.app = await startTestApp(database);
    state.tom = clientFor(state.app.url, 'Tom Becker');
    state.samir = clientFor(state.app.url, 'Samir Haddad');
    await state.tom.setup.becomeFirstAdmin();
  });
  afterAll(async () => {
    await state.app.close();
    await database.close();
  });
  const eventsOf = (subjectId: string) =>
    database.db
      .collection(NARRATIVE)
      .find({ tenantId: NORTHWIND_TENANT_ID, 'subject.id': subjectId })
      .sort({ seq: 1 })
      .toArray();
  const count = (collection: string) =>
    database.db.collection(collection).countDocuments({ tenantId: NORTHWIND_TENANT_ID });
  return { database, state, eventsOf, count };
}

describe('editing cycles and teams in the admin console', () => {
  const { state, eventsOf, count } = northwindOnDayOne('cyclesteams');

  it('refuses every one of these changes to someone who is not an admin, and writes nothing', async () => {
    const { tom, samir } = state;
    const cycle = await tom.cycles.create(buildCycle());
    const team = await tom.teams.create({ name: 'Sales' });
    const before = [await count('cycles'), await count('teams'), await count(NARRATIVE)];

    expect(
      await statusAndCode(samir.cycles.update(cycle.id, { version: 1, name: 'Mine' })),
    ).toEqual([403, 'forbidden']);
    expect(await statusAndCode(samir.teams.update(team.id, { version: 1, name: 'Mine' }))).toEqual([
      403,
      'forbidden',
    ]);
    expect(await statusAndCode(samir.teams.fromHierarchy({ dryRun: 'true' }))).toEqual([
      403,
      'forbidden',
    ]);
    expect(await statusAndCode(samir.teams.fromHierarchy({ dryRun: 'false' }))).toEqual([
      403,
      'forbidden',
    ]);

    expect([await count('cycles'), await count('teams'), await count(NARRATIVE)]).toEqual(before);
    expect((await tom.cycles.list()).items.find((item) => item.id === cycle.id)).toEqual(cycle);
    expect(await tom.teams.get(team.id)).toMatchObject({ name: 'Sales', version: 1 });
  });

  it('renames a cycle and moves its end, recording the change in the narrative with it', async () => {
    const { tom } = state;
    const cycle = await tom.cycles.create(buildCycle({ name: 'Q1', endsOn: day(80) }));

    const updated = await tom.cycles.update(cycle.id, {
      version: 1,
      name: 'Q1 FY27',
      endsOn: day(90),
    });

    expect(updated).toEqual({ ...cycle, name: 'Q1 FY27', endsOn: day(90), version: 2 });
    expect((await tom.cycles.list()).items.find((item) => item.id === cycle.id)).toEqual(updated);
    const events = await eventsOf(cycle.id);
    expect(events.map((item) => [item.type, item.seq])).toEqual([
      ['cycle.created', 1],
      ['cycle.updated', 2],
    ]);
    expect(events[1]).toMatchObject({
      actorId: personId('Tom Becker'),
      summary: 'edited the cycle Q1 FY27 (name, end date)',
      payload: {
        changes: {
          name: { from: 'Q1', to: 'Q1 FY27' },
          endsOn: { from: day(80), to: day(90) },
        },
      },
      // The event carries the state it made, so a crash before the cycle's write is repaired.
      state: updated,
    });
  });

  it('refuses an edit based on a version someone else already changed, with the current cycle', async () => {
    const { tom } = state;
    const cycle = await tom.cycles.create(buildCycle({ name: 'Q2' }));
    await tom.cycles.update(cycle.id, { version: 1, name: 'Q2 FY27' });

    const error = await refusal(
      tom.cycles.update(cycle.id, { version: 1, name: 'Second quarter' }),
    );

    expect([error.status, error.code]).toEqual([409, 'version_conflict']);
    expect(error.details).toMatchObject({ current: { name: 'Q2 FY27', version: 2 } });
    expect((await tom.cycles.list()).items.find((item) => item.id === cycle.id)?.name).toBe(
      'Q2 FY27',
    );
    expect((await eventsOf(cycle.id)).map((item) => item.type)).toEqual([
      'cycle.created',
      'cycle.updated',
    ]);
  });

  it('refuses to edit a closed cycle', async () => {
    const { tom } = state;
    const cycle = await tom.cycles.create(buildCycle({ name: 'Q3' }));
    const closed = await tom.cycles.close(cycle.id);

    const error = await refusal(
      tom.cycles.update(cycle.id, { version: closed.version, name: 'Q3 again' }),
    );

    expect([error.status, error.code]).toEqual([409, 'cycle_closed']);
    expect(error.message).toBe('The cycle Q3 is closed; its name and dates can no longer change.');
    expect((await tom.cycles.list()).items.find((item) => item.id === cycle.id)).toEqual(closed);
  });

  it('refuses dates that end a cycle before it starts, once merged with the stored dates', async () => {
    const { tom } = state;
    const cycle = await tom.cycles.create(buildCycle({ startsOn: day(-10), endsOn: day(80) }));

    const endsEarly = await refusal(tom.cycles.update(cycle.id, { version: 1, endsOn: day(-20) }));
    expect([endsEarly.status, endsEarly.code]).toEqual([400, 'validation_failed']);
    expect(endsEarly.fieldMessage('endsOn')).toBe('must be after startsOn');

    const startsLate = await refusal(
      tom.cycles.update(cycle.id, { version: 1, startsOn: day(80) }),
    );
    expect([startsLate.status, startsLate.code]).toEqual([400, 'validation_failed']);
    expect(startsLate.fieldMessage('startsOn')).toBe('must be before endsOn');

    const both = await refusal(
      tom.cycles.update(cycle.id, { version: 1, startsOn: day(5), endsOn: day(1) }),
    );
    expect([both.status, both.fieldMessage('endsOn')]).toEqual([400, 'must be after startsOn']);

    expect(
      await statusAndCode(tom.cycles.update(cycle.id, { version: 1, state: 'closed' } as never)),
    ).toEqual([400, 'validation_failed']);
    expect((await tom.cycles.list()).items.find((item) => item.id === cycle.id)).toEqual(cycle);
    expect(await eventsOf(cycle.id)).toHaveLength(1);
  });

  it('renames a team, sets its lead and its parent, each version recorded in the narrative', async () => {
    const { tom } = state;
    const company = await tom.teams.create({ name: 'Northwind' });
    const team = await tom.teams.create({ name: 'Sales' });

    const renamed = await tom.teams.update(team.id, { version: 1, name: 'Sales Europe' });
    const moved = await tom.teams.update(team.id, {
      version: renamed.version,
      leadId: personId('Lucia Romano'),
      parentId: company.id,
      memberIds: [personId('Samir Haddad'), personId('Ewa Nowak')],
    });

    expect(renamed).toMatchObject({ name: 'Sales Europe', version: 2 });
    expect(moved).toMatchObject({
      id: team.id,
      name: 'Sales Europe',
      leadId: personId('Lucia Romano'),
      parentId: company.id,
      memberIds: [personId('Samir Haddad'), personId('Ewa Nowak')],
      version: 3,
    });
    expect(await tom.teams.get(team.id)).toMatchObject(moved);
    const events = await eventsOf(team.id);
    expect(events.map((item) => [item.type, item.seq, item.summary])).toEqual([
      ['team.created', 1, 'created the team Sales'],
      ['team.updated', 2, 'renamed the team Sales to Sales Europe'],
      ['team.updated', 3, 'edited the team Sales Europe (lead, parent team, members)'],
    ]);
    expect(events[2]!.payload.changes).toEqual({
      leadId: { from: null, to: personId('Lucia Romano') },
      parentId: { from: null, to: company.id },
      memberIds: { from: [], to: [personId('Samir Haddad'), personId('Ewa Nowak')] },
    });
    expect(events[2]!.teamIds).toEqual(expect.arrayContaining([team.id, company.id]));

    const stale = await refusal(tom.teams.update(team.id, { version: 2, name: 'Sales' }));
    expect([stale.status, stale.code]).toEqual([409, 'version_conflict']);
    expect((await tom.teams.get(team.id)).name).toBe('Sales Europe');
  });

  it('refuses a parent that would make a team its own ancestor', async () => {
    const { tom } = state;
    const operations = await tom.teams.create({ name: 'Operations' });
    const logistics = await tom.teams.create({ name: 'Logistics', parentId: operations.id });
    const planning = await tom.teams.create({ name: 'Planning', parentId: logistics.id });

    const loop = await refusal(
      tom.teams.update(operations.id, { version: 1, parentId: planning.id }),
    );
    expect([loop.status, loop.code]).toEqual([400, 'team_parent_loop']);
    expect(loop.message).toBe(
      'Planning is part of Operations, so it cannot be its parent: a team cannot be its own ancestor.',
    );
    expect(loop.fieldMessage('parentId')).toBe('would make the team part of itself');

    const itself = await refusal(
      tom.teams.update(operations.id, { version: 1, parentId: operations.id }),
    );
    expect([itself.status, itself.code, itself.message]).toEqual([
      400,
      'team_parent_loop',
      'A team cannot be its own parent.',
    ]);

    expect(await tom.teams.get(operations.id)).toMatchObject({ parentId: null, version: 1 });
    expect(await eventsOf(operations.id)).toHaveLength(1);
  });

  it('refuses a lead, a member or a parent that is not in the organisation, naming the field', async () => {
    const { tom } = state;
    const team = await tom.teams.create({ name: 'Finance' });
    const unknown = '0123456789abcdef01234567';

    const noSuchLead = await refusal(tom.teams.update(team.id, { version: 1, leadId: unknown }));
    expect([noSuchLead.status, noSuchLead.code, noSuchLead.message]).toEqual([
      400,
      'validation_failed',
      'The lead is not a person in your organisation.',
    ]);
    expect(noSuchLead.fieldMessage('leadId')).toBe('is not a person in your organisation');

    // A person of another tenant is not a person of this one.
    const otherTenant = await refusal(
      tom.teams.update(team.id, { version: 1, leadId: personId('Megan Bowen') }),
    );
    expect(otherTenant.fieldMessage('leadId')).toBe('is not a person in your organisation');

    const noSuchMember = await refusal(
      tom.teams.update(team.id, { version: 1, memberIds: [personId('Grace Liu'), unknown] }),
    );
    expect([noSuchMember.status, noSuchMember.fieldMessage('memberIds')]).toEqual([
      400,
      `${unknown} is not a person in your organisation`,
    ]);

    const noSuchParent = await refusal(
      tom.teams.update(team.id, { version: 1, parentId: unknown }),
    );
    expect([noSuchParent.status, noSuchParent.fieldMessage('parentId')]).toEqual([
      400,
      'is not a team in your organisation',
    ]);

    expect(await statusAndCode(tom.teams.update(unknown, { version: 1, name: 'X' }))).toEqual([
      404,
      'team_not_found',
    ]);
    expect(await tom.teams.get(team.id)).toMatchObject({ leadId: null, memberIds: [], version: 1 });
  });
});

describe('editing with an id of another kind', () => {
  const { state, count } = northwindOnDayOne('editwrongkind');

  it('answers a cycle or team edit aimed at an id of another kind as not found, and writes nothing', async () => {
    const { tom } = state;
    const cycle = await tom.cycles.create(buildCycle());
    const team = await tom.teams.create({ name: 'Sales' });
    const objective = await tom.objectives.create({ cycleId: cycle.id, title: 'Open Milan' });
    const before = [await count('cycles'), await count('teams'), await count(NARRATIVE)];

    for (const id of [team.id, objective.id, personId('Samir Haddad')])
      expect(await statusAndCode(tom.cycles.update(id, { version: 1, name: 'X' }))).toEqual([
        404,
        'cycle_not_found',
      ]);
    for (const id of [cycle.id, objective.id, personId('Samir Haddad')])
      expect(await statusAndCode(tom.teams.update(id, { version: 1, name: 'X' }))).toEqual([
        404,
        'team_not_found',
      ]);

    expect([await count('cycles'), await count('teams'), await count(NARRATIVE)]).toEqual(before);
  });
});

describe('teams from the manager hierarchy', () => {
  const { database, state, count } = northwindOnDayOne('hierarchy');
  const collections = ['teams', NARRATIVE, 'people', 'cycles'];
  const counts = async () =>
    Object.fromEntries(
      await Promise.all(collections.map(async (name) => [name, await count(name)] as const)),
    );
  const teamIdOf = (name: string) => hierarchyTeamId(NORTHWIND_TENANT_ID, personId(name));
  const byName = (teams: Team[]) => [...teams].sort((a, b) => a.name.localeCompare(b.name));
  let sales: Team;

  beforeAll(async () => {
    // Lucia already leads a team made by hand; someone reports to a manager who was never synced.
    sales = await state.tom.teams.create({ name: 'Sales', leadId: personId('Lucia Romano') });
    await database.db.collection('people').insertOne({
      _id: 'b2c0d1e2-0000-4000-8000-000000000001' as never,
      tenantId: NORTHWIND_TENANT_ID,
      displayName: 'Priya Shah',
      mail: null,
      jobTitle: 'Buyer',
      department: 'Operations',
      managerId: 'b2c0d1e2-0000-4000-8000-00000000ffff',
      isActive: true,
    });
  });

  const expectedNewTeams = () => [
    {
      id: teamIdOf('Daniel Kim'),
      name: "Daniel Kim's team",
      leadId: personId('Daniel Kim'),
      memberIds: [personId('Grace Liu')],
      parentId: teamIdOf('Nia Okafor'),
      version: 1,
      origin: { kind: 'hierarchy', managerId: personId('Daniel Kim') },
    },
    {
      id: teamIdOf('Nia Okafor'),
      name: "Nia Okafor's team",
      leadId: personId('Nia Okafor'),
      memberIds: [personId('Daniel Kim'), personId('Lucia Romano'), personId('Tom Becker')],
      parentId: null,
      version: 1,
      origin: { kind: 'hierarchy', managerId: personId('Nia Okafor') },
    },
  ];

  it('shows in a dry run what it would create, and writes nothing', async () => {
    const before = await counts();

    const report = await state.tom.teams.fromHierarchy({ dryRun: 'true' });

    expect(report.dryRun).toBe(true);
    expect(byName(report.created)).toEqual(expectedNewTeams());
    expect(report.matched).toEqual([expect.objectContaining({ id: sales.id, name: 'Sales' })]);
    expect(report.skipped).toEqual([
      {
        managerId: 'b2c0d1e2-0000-4000-8000-00000000ffff',
        displayName: null,
        reason: 'manager_not_found',
        message:
          '1 person reports to someone who is not in the directory Throughline has; run the org sync.',
      },
    ]);
    expect(report.counts).toEqual({ created: 2, matched: 1, skipped: 1 });
    expect(await counts()).toEqual(before);
    // A dry run is the default.
    expect((await state.tom.teams.fromHierarchy()).dryRun).toBe(true);
    expect(await counts()).toEqual(before);
  });

  it('creates what the dry run showed, each team with its narrative event', async () => {
    const teamsBefore = await count('teams');

    const report = await state.tom.teams.fromHierarchy({ dryRun: 'false' });

    expect(report.dryRun).toBe(false);
    expect(byName(report.created)).toEqual(expectedNewTeams());
    expect(report.counts).toEqual({ created: 2, matched: 1, skipped: 1 });
    expect(await count('teams')).toBe(teamsBefore + 2);
    const listed = (await state.tom.teams.list()).items;
    expect(byName(listed.filter((team) => team.origin))).toEqual(expectedNewTeams());
    // The team Lucia leads was already there: left as the admin made it.
    expect(listed.find((team) => team.id === sales.id)).toMatchObject({
      name: 'Sales',
      parentId: null,
      memberIds: [],
      version: 1,
    });
    const created = await database.db
      .collection(NARRATIVE)
      .find({
        tenantId: NORTHWIND_TENANT_ID,
        type: 'team.created',
        'subject.id': teamIdOf('Nia Okafor'),
      })
      .toArray();
    expect(created).toEqual([
      expect.objectContaining({
        seq: 1,
        actorId: personId('Tom Becker'),
        summary: "created the team Nia Okafor's team from the manager hierarchy",
      }),
    ]);
  });

  it('creates nothing new when run again', async () => {
    const before = await counts();

    const report = await state.tom.teams.fromHierarchy({ dryRun: 'false' });

    expect(report.created).toEqual([]);
    expect(byName(report.matched).map((team) => team.id)).toEqual([
      teamIdOf('Daniel Kim'),
      teamIdOf('Nia Okafor'),
      sales.id,
    ]);
    expect(report.counts).toEqual({ created: 0, matched: 3, skipped: 1 });
    expect(await counts()).toEqual(before);
  });
});
