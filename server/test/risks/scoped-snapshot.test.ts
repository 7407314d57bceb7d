/**
 * One person's or team's risks are read from that scope's own documents
 * (`loadScopedSnapshot`), not from the whole cycle. They must be exactly what the rules
 * find in the whole cycle's snapshot for that scope — for every person and team of the
 * Contoso demo, seen by an admin, a manager, a report and a peer (who may not see a
 * private objective).
 */
import type { Db } from 'mongodb';
import { CONTOSO_TENANT_ID, seedTenants } from '@throughline/sandbox';
import { seedDemoOkrs } from '../../src/dev/demo-okrs';
import { createKeyResult, createObjective, currentCycle } from '../../src/okrs/service';
import { ADMIN_ROLE } from '../../src/platform/auth/principal';
import { teamWithDescendants } from '../../src/people/service';
import type { Context } from '../../src/platform/context';
import { prepareDatabase } from '../../src/platform/db/database';
import {
  evaluateScope,
  loadCycleSnapshot,
  loadScopedSnapshot,
  type RiskScope,
} from '../../src/risks/service';
import { getSettings } from '../../src/settings/service';
import { openTestDatabase } from '../../../tests/support/database';

const contoso = seedTenants.find((tenant) => tenant.id === CONTOSO_TENANT_ID)!;
const now = new Date();

function contextOf(db: Db, name: string): Context {
  const person = contoso.people.find((candidate) => candidate.displayName === name)!;
  return {
    db,
    now,
    principal: {
      tenantId: contoso.id,
      userId: person.id,
      name,
      username: person.mail,
      roles: person.isAdmin ? [ADMIN_ROLE] : [],
      isAdmin: person.isAdmin,
      assertion: '',
    },
  };
}

describe('risks of one scope', () => {
  const database = openTestDatabase('scopedrisks');
  let secretId = '';
  beforeAll(async () => {
    await prepareDatabase(database.db);
    await seedDemoOkrs(database.db, contoso.id, contoso.people, now);
    // A private objective of Diego's, with a key result nobody checked in: risks a peer may not see.
    const diego = contextOf(database.db, 'Diego Siciliani');
    const cycle = (await currentCycle(diego))!;
    const secret = await createObjective(diego, {
      cycleId: cycle.id,
      title: 'Land the confidential partner deal',
      visibility: 'private',
    });
    secretId = secret.id;
    await createKeyResult(diego, {
      objectiveId: secret.id,
      title: 'Partner contract signed',
      metric: { kind: 'boolean', target: 1 },
    });
  });
  afterAll(() => database.close());

  it.each(['Megan Bowen', 'Alex Wilber', 'Diego Siciliani', 'Isaiah Langer'])(
    'are what the whole cycle shows for each person and team, as %s sees them',
    async (viewer) => {
      const ctx = contextOf(database.db, viewer);
      const cycle = (await currentCycle(ctx))!;
      const settings = await getSettings(ctx);
      const whole = await loadCycleSnapshot(ctx, cycle);
      const teams = await database.db.collection('teams').find({ tenantId: contoso.id }).toArray();
      const scopes: RiskScope[] = [
        ...contoso.people.map((person) => ({ personId: person.id })),
        ...(await Promise.all(
          teams.map(async (team) => ({
            teamIds: [
              String(team._id),
              ...(await teamWithDescendants(database.db, contoso.id, String(team._id))).map(
                (descendant) => descendant.id,
              ),
            ],
          })),
        )),
      ];
      let findings = 0;
      for (const scope of scopes) {
        const ids = (list: { id: string }[]) => list.map((finding) => finding.id).sort();
        const expected = await evaluateScope(ctx, whole, settings, scope);
        const scoped = await loadScopedSnapshot(ctx, cycle, scope);
        const actual = await evaluateScope(ctx, scoped, settings, scope);
        expect({ scope, findings: ids(actual) }).toEqual({ scope, findings: ids(expected) });
        expect(actual).toEqual(expect.arrayContaining(expected));
        findings += expected.length;
      }
      // The demo has risks to find: the comparison is not between two empty lists.
      expect(findings).toBeGreaterThan(5);
      // Diego's private objective is flagged to those who may see it, and to no one else.
      const diegosScope = {
        personId: contoso.people.find((p) => p.displayName === 'Diego Siciliani')!.id,
      };
      const aboutSecret = (
        await evaluateScope(
          ctx,
          await loadScopedSnapshot(ctx, cycle, diegosScope),
          settings,
          diegosScope,
        )
      ).filter((finding) => JSON.stringify(finding).includes(secretId));
      if (viewer === 'Isaiah Langer') expect(aboutSecret).toEqual([]);
      else expect(aboutSecret.length).toBeGreaterThan(0);
    },
  );
});
