/**
 * A tenant on its first day (Northwind Traders in the sandbox: people, managers and mail,
 * a Global Administrator, no OKRs and nobody assigned the OKR.Admin app role): the
 * directory admin sets Throughline up and becomes its first admin, nobody else can, and
 * the admins they add can then run it — every change recorded in the narrative.
 */
import { ApiError, type ApiClient } from '@throughline/contracts';
import { NORTHWIND_TENANT_ID } from '@throughline/sandbox';
import { startTestApp, type TestApp } from '../../../tests/support/app';
import { openTestDatabase } from '../../../tests/support/database';
import { clientFor, personId, seedPeople } from '../../../tests/support/okr-api';
import { NARRATIVE } from '../../src/narrative/store';

const refusal = async (call: Promise<unknown>) => {
  const error = await call.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return [error.status, error.code];
};

describe('day one in a new tenant', () => {
  const database = openTestDatabase('dayone');
  let app: TestApp;
  let tom: ApiClient;
  let nia: ApiClient;
  let samir: ApiClient;
  const day = (offset: number) =>
    new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    await seedPeople(database);
    app = await startTestApp(database);
    tom = clientFor(app.url, 'Tom Becker');
    nia = clientFor(app.url, 'Nia Okafor');
    samir = clientFor(app.url, 'Samir Haddad');
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('offers setup to the Global Administrator only, and tells everyone else', async () => {
    expect(await tom.setup.get()).toEqual({
      hasAdmin: false,
      isAdmin: false,
      canBecomeFirstAdmin: true,
      directoryRole: 'Global Administrator',
      adminIds: [],
      hasCycle: false,
      hasTeam: false,
    });
    expect(await nia.setup.get()).toMatchObject({
      hasAdmin: false,
      canBecomeFirstAdmin: false,
      directoryRole: null,
    });
    expect(await refusal(nia.setup.becomeFirstAdmin())).toEqual([403, 'forbidden']);
    // Before setup nobody can create a cycle, not even the directory admin.
    const cycle = { name: 'Q1', startsOn: day(-10), endsOn: day(80) };
    expect(await refusal(tom.cycles.create(cycle))).toEqual([403, 'forbidden']);
  });

  it('makes one first admin when the same request races itself', async () => {
    const outcomes = await Promise.allSettled([
      tom.setup.becomeFirstAdmin(),
      tom.setup.becomeFirstAdmin(),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find(
      (outcome) => outcome.status === 'rejected',
    ) as PromiseRejectedResult;
    expect([refused.reason.status, refused.reason.code]).toEqual([409, 'already_set_up']);
    expect((await tom.admins.list()).personIds).toEqual([personId('Tom Becker')]);
    expect(await tom.setup.get()).toMatchObject({ hasAdmin: true, isAdmin: true });
    expect(await nia.setup.get()).toMatchObject({
      hasAdmin: true,
      isAdmin: false,
      canBecomeFirstAdmin: false,
      adminIds: [personId('Tom Becker')],
    });
    expect(await refusal(nia.setup.becomeFirstAdmin())).toEqual([409, 'already_set_up']);
  });

  it('starts the org sync by itself once the first admin finished setup', async () => {
    const deadline = Date.now() + 20_000;
    let status = await tom.orgSync.status();
    while (['idle', 'running'].includes(status.state) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = await tom.orgSync.status();
    }
    expect(status).toMatchObject({ state: 'succeeded', mode: 'full', error: null });
    expect(status.seen).toBeGreaterThanOrEqual(7);
    expect(status.nextRunAt).not.toBeNull();
  });

  it('lets the first admin create a cycle and a team, and make others admins', async () => {
    const cycle = await tom.cycles.create({ name: 'Q1', startsOn: day(-10), endsOn: day(80) });
    await tom.teams.create({ name: 'Sales', leadId: personId('Lucia Romano') });
    expect(await samir.setup.get()).toMatchObject({ hasCycle: true, hasTeam: true });
    // Samir can now set and see his own objectives.
    const objective = await samir.objectives.create({ cycleId: cycle.id, title: 'Open Milan' });
    expect((await samir.myOkrs({ cycleId: cycle.id })).objectives.map((item) => item.id)).toEqual([
      objective.id,
    ]);

    expect(await refusal(samir.admins.add({ personId: personId('Samir Haddad') }))).toEqual([
      403,
      'forbidden',
    ]);
    await tom.admins.add({ personId: personId('Nia Okafor') });
    expect((await nia.me()).isAdmin).toBe(true);
    await nia.teams.create({ name: 'Operations' });

    const events = await database.db
      .collection(NARRATIVE)
      .find({ tenantId: NORTHWIND_TENANT_ID, 'subject.kind': 'admins' })
      .sort({ seq: 1 })
      .toArray();
    expect(events.map((item) => [item.type, item.actorId])).toEqual([
      ['admins.first_admin', personId('Tom Becker')],
      ['admins.granted', personId('Tom Becker')],
    ]);
    expect(events[1]!.summary).toBe('made Nia Okafor a Throughline admin');
  });

  it('never removes the last admin on the list', async () => {
    await nia.admins.remove(personId('Tom Becker'));
    expect((await tom.me()).isAdmin).toBe(false);
    expect(await refusal(nia.admins.remove(personId('Nia Okafor')))).toEqual([409, 'last_admin']);
    expect(await refusal(tom.admins.remove(personId('Nia Okafor')))).toEqual([403, 'forbidden']);
    expect(await refusal(nia.admins.add({ personId: '0123456789abcdef01234567' }))).toEqual([
      404,
      'person_not_found',
    ]);
  });
});
