import type { ApiClient, ApiError, KeyResult, Objective } from '@throughline/contracts';
import { runBackfills } from '../../src/platform/db/database';
import { MAX_IN_VALUES } from '../../src/platform/db/documents';
import { startTestApp, type TestApp } from '../../../tests/support/app';
import { openTestDatabase } from '../../../tests/support/database';
import { clientFor, personId, seedPeople, tokenFor } from '../../../tests/support/okr-api';

const now = new Date('2026-11-15T12:00:00Z');
const fail = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (error: unknown) => error as ApiError,
  );

describe('OKR routes', () => {
  const database = openTestDatabase('okrroutes');
  let app: TestApp;
  let megan: ApiClient; // admin and CEO
  let alex: ApiClient; // VP Sales, Diego's manager
  let diego: ApiClient;
  let isaiah: ApiClient; // Diego's peer
  let lidia: ApiClient; // another department
  let cycleId: string;
  let yearId: string;

  beforeAll(async () => {
    await seedPeople(database);
    app = await startTestApp(database, { deps: { clock: () => now } });
    megan = clientFor(app.url, 'Megan Bowen');
    alex = clientFor(app.url, 'Alex Wilber');
    diego = clientFor(app.url, 'Diego Siciliani');
    isaiah = clientFor(app.url, 'Isaiah Langer');
    lidia = clientFor(app.url, 'Lidia Holloway');
    cycleId = (
      await megan.cycles.create({ name: 'FY27 Q2', startsOn: '2026-10-01', endsOn: '2026-12-31' })
    ).id;
    yearId = (
      await megan.cycles.create({
        name: 'FY27',
        kind: 'year',
        startsOn: '2026-07-01',
        endsOn: '2027-06-30',
      })
    ).id;
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  describe('cycles', () => {
    it('lists cycles newest first and picks the quarter containing today for My OKRs', async () => {
      const cycles = await diego.cycles.list();
      expect(cycles.items.map((cycle) => cycle.name)).toEqual(['FY27 Q2', 'FY27']);
      expect((await diego.myOkrs()).cycle?.id).toBe(cycleId);
    });
    it('lets only admins create cycles', async () => {
      expect(
        (
          await fail(
            diego.cycles.create({ name: 'Mine', startsOn: '2026-10-01', endsOn: '2026-12-31' }),
          )
        ).status,
      ).toBe(403);
    });
    it('refuses a cycle that ends before it starts, naming the field', async () => {
      const error = await fail(
        megan.cycles.create({ name: 'Backwards', startsOn: '2026-10-01', endsOn: '2026-09-01' }),
      );
      expect(error.status).toBe(400);
      expect(error.fieldMessage('endsOn')).toBe('must be after startsOn');
    });
  });

  describe('objectives', () => {
    it('validates the body and names each bad field', async () => {
      const error = await fail(
        diego.objectives.create({ cycleId, title: '   ', level: 'galaxy' as never }),
      );
      expect(error.code).toBe('validation_failed');
      expect(error.fieldMessage('title')).toBe('must not be empty');
      expect(error.fieldMessage('level')).toBeDefined();
    });
    it('answers 404 for an unknown cycle and objective id', async () => {
      expect(
        (
          await fail(
            diego.objectives.create({ cycleId: '0123456789abcdef01234567', title: 'Lost' }),
          )
        ).status,
      ).toBe(404);
      expect((await fail(diego.objectives.get('0123456789abcdef01234567'))).code).toBe(
        'objective_not_found',
      );
    });
    it('refuses a malformed id in the path before it reaches a query', async () => {
      const error = await fail(diego.request('GET', '/objectives/%24where'));
      expect(error.status).toBe(400);
    });
    it('lets a manager create an objective for a report but not a peer', async () => {
      const forDiego = await alex.objectives.create({
        cycleId,
        title: 'Coach Diego on enterprise deals',
        ownerId: personId('Diego Siciliani'),
      });
      expect(forDiego.ownerId).toBe(personId('Diego Siciliani'));
      expect(
        (
          await fail(
            isaiah.objectives.create({
              cycleId,
              title: 'For Diego',
              ownerId: personId('Diego Siciliani'),
            }),
          )
        ).status,
      ).toBe(403);
    });
    it('keeps company objectives for leaders and admins', async () => {
      expect(
        (await fail(diego.objectives.create({ cycleId, title: 'Company goal', level: 'company' })))
          .status,
      ).toBe(403);
      expect(
        (
          await megan.objectives.create({
            cycleId,
            title: 'Become the most trusted OKR vendor',
            level: 'company',
          })
        ).level,
      ).toBe('company');
    });
    it('filters by owner, status, level and text, and pages by cursor', async () => {
      for (let index = 0; index < 5; index += 1)
        await isaiah.objectives.create({ cycleId, title: `Pipeline push ${index}` });
      const first = await diego.objectives.list({
        cycleId,
        ownerId: personId('Isaiah Langer'),
        q: 'pipeline push',
        limit: 2,
      });
      expect(first.items).toHaveLength(2);
      expect(first.nextCursor).toBeTruthy();
      const second = await diego.objectives.list({
        cycleId,
        ownerId: personId('Isaiah Langer'),
        q: 'pipeline push',
        limit: 2,
        cursor: first.nextCursor!,
      });
      const third = await diego.objectives.list({
        cycleId,
        ownerId: personId('Isaiah Langer'),
        q: 'pipeline push',
        limit: 2,
        cursor: second.nextCursor!,
      });
      const titles = [...first.items, ...second.items, ...third.items].map(
        (objective) => objective.title,
      );
      expect(new Set(titles).size).toBe(5);
      expect(third.nextCursor).toBeNull();
      expect(
        (await diego.objectives.list({ cycleId, level: 'company' })).items.every(
          (objective) => objective.level === 'company',
        ),
      ).toBe(true);
    });
    it('refuses a cursor it did not issue', async () => {
      expect((await fail(diego.objectives.list({ cursor: 'bm90LWEtY3Vyc29y' }))).code).toBe(
        'validation_failed',
      );
    });
    it('records each edit in the narrative with the fields that changed', async () => {
      const objective = await diego.objectives.create({ cycleId, title: 'Grow Dublin accounts' });
      await diego.objectives.update(objective.id, {
        version: 1,
        title: 'Grow Dublin and Cork accounts',
        description: 'Two cities',
      });
      const timeline = await diego.narrative({ objectiveId: objective.id });
      expect(timeline.items[0]).toMatchObject({
        type: 'objective.edited',
        payload: {
          changes: {
            title: { from: 'Grow Dublin accounts', to: 'Grow Dublin and Cork accounts' },
            description: { from: '', to: 'Two cities' },
          },
        },
      });
    });
    it('does not leak private objectives through lists or the person timeline', async () => {
      const secret = await diego.objectives.create({
        cycleId,
        title: 'Private: negotiate my promotion',
        visibility: 'private',
      });
      const seenByPeer = await isaiah.objectives.list({
        cycleId,
        ownerId: personId('Diego Siciliani'),
        limit: 100,
      });
      expect(seenByPeer.items.map((objective) => objective.id)).not.toContain(secret.id);
      const timeline = await isaiah.narrative({
        personId: personId('Diego Siciliani'),
        limit: 100,
      });
      expect(timeline.items.map((item) => item.objectiveId)).not.toContain(secret.id);
      expect(
        (
          await alex.objectives.list({ cycleId, ownerId: personId('Diego Siciliani'), limit: 100 })
        ).items.map((objective) => objective.id),
      ).toContain(secret.id);
    });
  });

  describe('alignment', () => {
    let company: Objective;
    let salesKr: KeyResult;
    beforeAll(async () => {
      company = await megan.objectives.create({
        cycleId,
        title: 'Double recurring revenue',
        level: 'company',
        includeAlignedInProgress: true,
      });
      const sales = await alex.objectives.create({
        cycleId,
        title: 'Grow enterprise sales',
        level: 'team',
        alignsTo: { kind: 'objective', id: company.id },
        includeAlignedInProgress: true,
      });
      salesKr = await alex.keyResults.create({
        objectiveId: sales.id,
        title: 'New enterprise logos',
        metric: { kind: 'number', start: 0, target: 10 },
      });
    });

    it('aligns to a key result and builds the tree with roll-up progress', async () => {
      const mine = await diego.objectives.create({
        cycleId,
        title: 'Close three enterprise deals',
        alignsTo: { kind: 'keyResult', id: salesKr.id },
      });
      const kr = await diego.keyResults.create({
        objectiveId: mine.id,
        title: 'Deals closed',
        metric: { kind: 'number', start: 0, target: 3 },
      });
      await diego.keyResults.checkIn(kr.id, {
        version: kr.version,
        value: 3,
        confidence: 9,
        status: 'on_track',
      });
      const tree = await diego.cycles.alignmentTree(cycleId);
      const root = tree.roots.find((node) => node.id === company.id)!;
      const sales = root.children.find((node) => node.title === 'Grow enterprise sales')!;
      const krNode = sales.children.find((node) => node.id === salesKr.id)!;
      expect(krNode.children.map((node) => node.id)).toContain(mine.id);
      expect(krNode.children.find((node) => node.id === mine.id)!.progress).toBe(1);
      // Sales counts its key result (0%) and the objective aligned to it (100%); the company counts sales.
      expect(sales.progress).toBe(0.5);
      expect(root.progress).toBe(0.5);
      expect((await megan.objectives.get(company.id)).progress).toBe(0.5);
    });
    it('shows a team its slice of the tree: the company chain above it and everything aligned below it', async () => {
      const marketing = await megan.teams.create({ name: 'Marketing' });
      const teamObjective = await megan.objectives.create({
        cycleId,
        title: 'Fill the funnel',
        level: 'team',
        teamId: marketing.id,
        alignsTo: { kind: 'objective', id: company.id },
      });
      const teamKr = await megan.keyResults.create({
        objectiveId: teamObjective.id,
        title: 'Qualified leads',
        metric: { kind: 'number', target: 900 },
      });
      const individual = await megan.objectives.create({
        cycleId,
        title: 'Run the webinar series',
        alignsTo: { kind: 'keyResult', id: teamKr.id },
      });
      await megan.objectives.create({ cycleId, title: 'Unrelated objective elsewhere' });
      const tree = await diego.cycles.alignmentTree(cycleId, { teamId: marketing.id });
      expect(tree.roots.map((node) => node.id)).toEqual([company.id]);
      const teamNode = tree.roots[0]!.children.find((node) => node.id === teamObjective.id)!;
      expect(
        teamNode.children.find((node) => node.id === teamKr.id)!.children.map((node) => node.id),
      ).toEqual([individual.id]);
      const titles = JSON.stringify(tree);
      expect(titles).not.toContain('Unrelated objective elsewhere');
      expect(titles).not.toContain('Grow enterprise sales');
      const webinars = await megan.keyResults.create({
        objectiveId: individual.id,
        title: 'Webinars held',
        metric: { kind: 'number', target: 4 },
      });
      await megan.keyResults.checkIn(webinars.id, {
        version: 1,
        value: 4,
        confidence: 10,
        status: 'on_track',
      });
      const atRisk = await diego.cycles.alignmentTree(cycleId, {
        teamId: marketing.id,
        atRiskOnly: 'true',
      });
      expect(JSON.stringify(atRisk)).toContain('Fill the funnel');
      expect(JSON.stringify(atRisk)).not.toContain('Run the webinar series');
    });

    it('moves an objective out of a team slice when it is realigned elsewhere or unaligned, and rolls up only where it belongs', async () => {
      const support = await megan.teams.create({ name: 'Support' });
      const supportObjective = await megan.objectives.create({
        cycleId,
        title: 'Answer every ticket in a day',
        level: 'team',
        teamId: support.id,
        includeAlignedInProgress: true,
      });
      const supportKr = await megan.keyResults.create({
        objectiveId: supportObjective.id,
        title: 'Tickets answered within a day',
        metric: { kind: 'percent', target: 100 },
      });
      const moving = await diego.objectives.create({
        cycleId,
        title: 'Staff the help desk',
        alignsTo: { kind: 'keyResult', id: supportKr.id },
      });
      const movingKr = await diego.keyResults.create({
        objectiveId: moving.id,
        title: 'Agents hired',
        metric: { kind: 'number', target: 2 },
      });
      await diego.keyResults.checkIn(movingKr.id, {
        version: 1,
        value: 2,
        confidence: 9,
        status: 'on_track',
      });
      const idsIn = (tree: { roots: unknown[] }) => JSON.stringify(tree);
      expect(idsIn(await diego.cycles.alignmentTree(cycleId, { teamId: support.id }))).toContain(
        moving.id,
      );
      // The support objective counts its key result (0 %) and the objective aligned to it (100 %).
      expect((await megan.objectives.get(supportObjective.id)).progress).toBe(0.5);

      const realigned = await diego.objectives.update(moving.id, {
        version: (await diego.objectives.get(moving.id)).version,
        alignsTo: { kind: 'objective', id: company.id },
      });
      expect(realigned).not.toHaveProperty('parentObjectiveId');
      expect(
        idsIn(await diego.cycles.alignmentTree(cycleId, { teamId: support.id })),
      ).not.toContain(moving.id);
      expect((await megan.objectives.get(supportObjective.id)).progress).toBe(0);
      const companyTree = await diego.cycles.alignmentTree(cycleId);
      const companyNode = companyTree.roots.find((node) => node.id === company.id)!;
      expect(companyNode.children.map((node) => node.id)).toContain(moving.id);

      await diego.objectives.update(moving.id, { version: realigned.version, alignsTo: null });
      const unaligned = await diego.cycles.alignmentTree(cycleId);
      expect(unaligned.roots.map((node) => node.id)).toContain(moving.id);
      expect(
        unaligned.roots.find((node) => node.id === company.id)!.children.map((node) => node.id),
      ).not.toContain(moving.id);
    });

    it('finds objectives stored before they carried their parent and contributors, once the start-up backfill has run', async () => {
      const research = await megan.teams.create({ name: 'Research' });
      const parent = await megan.objectives.create({
        cycleId,
        title: 'Publish the benchmark study',
        level: 'team',
        teamId: research.id,
      });
      const parentKr = await megan.keyResults.create({
        objectiveId: parent.id,
        title: 'Chapters written',
        metric: { kind: 'number', target: 5 },
      });
      const older = await megan.objectives.create({
        cycleId,
        title: 'Write the methods chapter',
        alignsTo: { kind: 'keyResult', id: parentKr.id },
        contributors: [{ kind: 'person', id: personId('Lidia Holloway') }],
      });
      const objectives = database.db.collection('objectives');
      await objectives.updateOne(
        { _id: older.id as never },
        { $unset: { parentObjectiveId: '', contributorIds: '' } },
      );
      const slice = () => diego.cycles.alignmentTree(cycleId, { teamId: research.id });
      const sharedWithLidia = async () =>
        (await lidia.myOkrs()).objectives.map((objective) => objective.id);
      expect(JSON.stringify(await slice())).not.toContain(older.id);
      expect(await sharedWithLidia()).not.toContain(older.id);

      const changed = await runBackfills(database.db);
      expect(changed['objectives.parentObjectiveId']).toBe(1);
      expect(await objectives.findOne({ _id: older.id as never })).toMatchObject({
        parentObjectiveId: parent.id,
        contributorIds: [personId('Lidia Holloway')],
      });
      expect(JSON.stringify(await slice())).toContain(older.id);
      expect(await sharedWithLidia()).toContain(older.id);
      // A second start finds nothing left to fill in.
      expect((await runBackfills(database.db))['objectives.parentObjectiveId']).toBe(0);
    });

    it('takes what is aligned below an objective along when the objective moves to another team', async () => {
      const [web, apps] = await Promise.all([
        megan.teams.create({ name: 'Web' }),
        megan.teams.create({ name: 'Apps' }),
      ]);
      const moving = await megan.objectives.create({
        cycleId,
        title: 'Ship the new checkout',
        level: 'team',
        teamId: web.id,
      });
      const movingKr = await megan.keyResults.create({
        objectiveId: moving.id,
        title: 'Checkout conversion',
        metric: { kind: 'percent', target: 60 },
      });
      const child = await diego.objectives.create({
        cycleId,
        title: 'Cut the payment form to one step',
        alignsTo: { kind: 'keyResult', id: movingKr.id },
      });
      const grandchild = await diego.objectives.create({
        cycleId,
        title: 'Test the one-step form with ten customers',
        alignsTo: { kind: 'objective', id: child.id },
      });
      const slice = async (teamId: string) =>
        JSON.stringify(await megan.cycles.alignmentTree(cycleId, { teamId }));
      const everything = [moving.id, movingKr.id, child.id, grandchild.id];
      for (const id of everything) expect(await slice(web.id)).toContain(id);
      expect(await slice(apps.id)).not.toContain(moving.id);

      await megan.objectives.update(moving.id, { version: moving.version, teamId: apps.id });
      for (const id of everything) expect(await slice(apps.id)).toContain(id);
      for (const id of everything) expect(await slice(web.id)).not.toContain(id);
      expect(
        await database.db.collection('keyResults').findOne({ _id: movingKr.id as never }),
      ).toMatchObject({ teamId: apps.id });
    });

    it('shows in a slice what is aligned below another team’s objectives, and nothing else of that team', async () => {
      const [platform, mobile] = await Promise.all([
        megan.teams.create({ name: 'Platform' }),
        megan.teams.create({ name: 'Mobile' }),
      ]);
      const top = await megan.objectives.create({
        cycleId,
        title: 'A faster product',
        level: 'team',
        teamId: platform.id,
      });
      const mobileObjectives: Objective[] = [];
      for (let index = 0; index < 5; index += 1)
        mobileObjectives.push(
          await megan.objectives.create({
            cycleId,
            title: `Mobile speed-up ${index}`,
            level: 'team',
            teamId: mobile.id,
            alignsTo: { kind: 'objective', id: top.id },
          }),
        );
      const mobileKrs = await Promise.all(
        mobileObjectives.map((objective, index) =>
          megan.keyResults.create({
            objectiveId: objective.id,
            title: `Screen ${index} opens in under a second`,
            metric: { kind: 'percent', target: 95 },
          }),
        ),
      );
      const below = await megan.objectives.create({
        cycleId,
        title: 'Cache the home screen',
        alignsTo: { kind: 'keyResult', id: mobileKrs[2]!.id },
      });
      // Mobile's work that does not roll up into Platform's objective stays out.
      const outside = await megan.objectives.create({
        cycleId,
        title: 'Mobile hiring plan',
        level: 'team',
        teamId: mobile.id,
      });
      const outsideKr = await megan.keyResults.create({
        objectiveId: outside.id,
        title: 'Engineers hired',
        metric: { kind: 'number', target: 3 },
      });
      const outsideChild = await megan.objectives.create({
        cycleId,
        title: 'Run the hiring fair',
        alignsTo: { kind: 'objective', id: outside.id },
      });
      const tree = await diego.cycles.alignmentTree(cycleId, { teamId: platform.id });
      expect(tree.roots.map((node) => node.id)).toEqual([top.id]);
      const children = tree.roots[0]!.children;
      expect(children.map((node) => node.id).sort()).toEqual(
        mobileObjectives.map((objective) => objective.id).sort(),
      );
      for (const [index, objective] of mobileObjectives.entries())
        expect(
          children.find((node) => node.id === objective.id)!.children.map((node) => node.id),
        ).toEqual([mobileKrs[index]!.id]);
      const screenTwo = children.find((node) => node.id === mobileObjectives[2]!.id)!;
      expect(screenTwo.children[0]!.children.map((node) => node.id)).toEqual([below.id]);
      const text = JSON.stringify(tree);
      for (const id of [outside.id, outsideKr.id, outsideChild.id]) expect(text).not.toContain(id);
    });

    it('gives a team whose slice is most of its cycle the same slice, read from the cycle at once', async () => {
      const field = await megan.teams.create({ name: 'Field sales' });
      const teamObjective = await megan.objectives.create({
        cycleId,
        title: 'Cover every territory',
        level: 'team',
        teamId: field.id,
      });
      // More objectives below the team's than one `$in` carries (MAX_IN_VALUES), so the
      // levels below them and the key results come from the cycle read at once: a few
      // through the API, the rest copies of one of them, written as a bulk import would.
      const territories: Objective[] = [];
      for (let index = 0; index < 4; index += 1)
        territories.push(
          await diego.objectives.create({
            cycleId,
            title: `Territory ${index}`,
            alignsTo: { kind: 'objective', id: teamObjective.id },
          }),
        );
      const objectives = database.db.collection('objectives');
      const template = (await objectives.findOne({ _id: territories[0]!.id as never }))!;
      const copies = Array.from({ length: MAX_IN_VALUES }, (_, index) => ({
        ...template,
        _id: `territory-copy-${String(index).padStart(4, '0')}` as never,
        title: `Territory copy ${index}`,
      }));
      await objectives.insertMany(copies);
      const territoryKr = await diego.keyResults.create({
        objectiveId: territories[3]!.id,
        title: 'Accounts visited',
        metric: { kind: 'number', target: 40 },
      });
      const below = await diego.objectives.create({
        cycleId,
        title: 'Book the northern trip',
        alignsTo: { kind: 'keyResult', id: territoryKr.id },
      });
      const elsewhere = await diego.objectives.create({
        cycleId,
        title: 'Not under any territory',
      });
      const tree = await diego.cycles.alignmentTree(cycleId, { teamId: field.id });
      expect(tree.roots.map((node) => node.id)).toEqual([teamObjective.id]);
      const children = tree.roots[0]!.children;
      expect(children.map((node) => node.id).sort()).toEqual(
        [...territories.map((objective) => objective.id), ...copies.map((copy) => copy._id)].sort(),
      );
      const territory = children.find((node) => node.id === territories[3]!.id)!;
      expect(territory.children.map((node) => node.id)).toEqual([territoryKr.id]);
      expect(territory.children[0]!.children.map((node) => node.id)).toEqual([below.id]);
      expect(JSON.stringify(tree)).not.toContain(elsewhere.id);
    });

    it('shows in a year’s team tree the key results of the team’s quarterly objectives below it', async () => {
      const finance = await megan.teams.create({ name: 'Finance operations' });
      const annual = await megan.objectives.create({
        cycleId: yearId,
        title: 'Run a tighter ship',
        level: 'team',
        teamId: finance.id,
      });
      const quarterly = await megan.objectives.create({
        cycleId,
        title: 'Close the books in five days',
        level: 'team',
        teamId: finance.id,
        alignsTo: { kind: 'objective', id: annual.id },
      });
      const daysToClose = await megan.keyResults.create({
        objectiveId: quarterly.id,
        title: 'Days to close',
        metric: { kind: 'number', start: 9, target: 5, direction: 'decrease' },
      });
      const tree = await megan.cycles.alignmentTree(yearId, { teamId: finance.id });
      const annualNode = tree.roots.find((node) => node.id === annual.id)!;
      const quarterNode = annualNode.children.find((node) => node.id === quarterly.id)!;
      expect(quarterNode.children.map((node) => node.id)).toEqual([daysToClose.id]);
    });

    it('refuses an alignment that would loop', async () => {
      const parent = await diego.objectives.create({ cycleId, title: 'Loop parent' });
      const child = await diego.objectives.create({
        cycleId,
        title: 'Loop child',
        alignsTo: { kind: 'objective', id: parent.id },
      });
      const error = await fail(
        diego.objectives.update(parent.id, {
          version: 1,
          alignsTo: { kind: 'objective', id: child.id },
        }),
      );
      expect(error.code).toBe('alignment_cycle');
      expect(error.fieldMessage('alignsTo')).toMatch(/loop/);
    });
    it('refuses alignment across unrelated cycles but allows a containing year', async () => {
      const nextQuarter = (
        await megan.cycles.create({ name: 'FY27 Q3', startsOn: '2027-01-01', endsOn: '2027-03-31' })
      ).id;
      const later = await megan.objectives.create({ cycleId: nextQuarter, title: 'Next quarter' });
      expect(
        (
          await fail(
            diego.objectives.create({
              cycleId,
              title: 'Misaligned',
              alignsTo: { kind: 'objective', id: later.id },
            }),
          )
        ).code,
      ).toBe('alignment_cycle_mismatch');
      const annual = await megan.objectives.create({
        cycleId: yearId,
        title: 'Annual ambition',
        level: 'company',
      });
      expect(
        (
          await diego.objectives.create({
            cycleId,
            title: 'Quarterly step',
            alignsTo: { kind: 'objective', id: annual.id },
          })
        ).alignsTo,
      ).toEqual({ kind: 'objective', id: annual.id });
    });
  });

  describe('key results and check-ins', () => {
    let objective: Objective;
    let keyResult: KeyResult;
    beforeAll(async () => {
      objective = await diego.objectives.create({ cycleId, title: 'Delight Northwind' });
      keyResult = await diego.keyResults.create({
        objectiveId: objective.id,
        title: 'Support tickets per week',
        metric: { kind: 'number', start: 40, target: 10, direction: 'decrease' },
        updaterIds: [personId('Lee Gu')],
      });
    });

    it('validates metric rules per kind', async () => {
      const error = await fail(
        diego.keyResults.create({
          objectiveId: objective.id,
          title: 'Money',
          metric: { kind: 'currency', target: 10 },
        }),
      );
      expect(error.fieldMessage('metric')).toMatch(/currency/);
      const milestones = await fail(
        diego.keyResults.create({
          objectiveId: objective.id,
          title: 'Steps',
          metric: { kind: 'milestone', target: 1 },
        }),
      );
      expect(milestones.fieldMessage('metric')).toMatch(/milestone/);
    });
    it('takes a check-in from someone allowed to update, not from a peer', async () => {
      const lee = clientFor(app.url, 'Lee Gu');
      const checked = await lee.keyResults.checkIn(keyResult.id, {
        version: keyResult.version,
        value: 25,
        confidence: 7,
        status: 'on_track',
        note: 'New macros helped',
      });
      expect(checked.progress).toBeCloseTo(0.5);
      keyResult = checked;
      expect(
        (
          await fail(
            isaiah.keyResults.checkIn(keyResult.id, {
              version: keyResult.version,
              value: 20,
              confidence: 7,
              status: 'on_track',
            }),
          )
        ).status,
      ).toBe(403);
    });
    it('puts server validation next to the field in a check-in', async () => {
      const error = await fail(
        diego.keyResults.checkIn(keyResult.id, {
          version: keyResult.version,
          value: 20,
          confidence: 11,
          status: 'on_track',
        }),
      );
      expect(error.fieldMessage('confidence')).toBe('must be between 1 and 10');
    });
    it('answers a check-in on a stale version with 409', async () => {
      expect(
        (
          await fail(
            diego.keyResults.checkIn(keyResult.id, {
              version: 1,
              value: 20,
              confidence: 6,
              status: 'on_track',
            }),
          )
        ).code,
      ).toBe('version_conflict');
    });
    it('creates one check-in when a POST is retried with its Idempotency-Key', async () => {
      const body = {
        version: keyResult.version,
        value: 22,
        confidence: 6,
        status: 'at_risk' as const,
        note: 'Holiday backlog',
      };
      const first = await diego.keyResults.checkIn(keyResult.id, body, {
        idempotencyKey: 'checkin-retry-0001',
      });
      const replay = await diego.keyResults.checkIn(keyResult.id, body, {
        idempotencyKey: 'checkin-retry-0001',
      });
      expect(replay).toEqual(first);
      expect(
        (await diego.keyResults.checkIns(keyResult.id)).items.filter(
          (checkIn) => checkIn.note === 'Holiday backlog',
        ),
      ).toHaveLength(1);
      expect(
        (
          await fail(
            diego.keyResults.checkIn(
              keyResult.id,
              { ...body, value: 99 },
              { idempotencyKey: 'checkin-retry-0001' },
            ),
          )
        ).code,
      ).toBe('idempotency_key_reused');
      keyResult = first;
    });
    it('takes comments and feedback on a check-in and shows them in the detail', async () => {
      const detail = await diego.keyResults.get(keyResult.id);
      const latest = detail.checkIns[0]!;
      await alex.checkIns.comment(latest.id, {
        kind: 'feedback',
        body: 'Good call flagging the backlog early.',
      });
      const after = await diego.keyResults.get(keyResult.id);
      expect(after.checkIns[0]!.comments[0]).toMatchObject({
        kind: 'feedback',
        authorId: personId('Alex Wilber'),
      });
      expect(after.status).toBe('at_risk');
      expect(after.canCheckIn).toBe(true);
      expect(
        (await fail(diego.checkIns.comment('0123456789abcdef01234567', { body: 'x' }))).status,
      ).toBe(404);
    });
    it('lists the key result in My OKRs and no longer as due for check-in', async () => {
      const mine = await diego.myOkrs({ cycleId });
      expect(mine.objectives.map((item) => item.id)).toContain(objective.id);
      expect(mine.dueForCheckIn).not.toContain(keyResult.id);
    });
    it('edits a key result with its version', async () => {
      const edited = await diego.keyResults.update(keyResult.id, {
        version: keyResult.version,
        title: 'Support tickets per week (all channels)',
        weight: 2,
      });
      expect(edited).toMatchObject({ weight: 2, version: keyResult.version + 1 });
      keyResult = edited;
    });
  });

  describe('shared objectives', () => {
    it("lists the objective of a key result the caller owns, co-owns or updates, once each, and only in that key result's cycle", async () => {
      const objective = await alex.objectives.create({
        cycleId,
        title: 'Renew the three largest accounts',
      });
      const renewals = await alex.keyResults.create({
        objectiveId: objective.id,
        title: 'Renewals signed',
        metric: { kind: 'number', start: 0, target: 3 },
        ownerId: personId('Isaiah Langer'),
        coOwnerIds: [personId('Lidia Holloway')],
        updaterIds: [personId('Diego Siciliani'), personId('Isaiah Langer')],
      });
      await alex.keyResults.create({
        objectiveId: objective.id,
        title: 'Expansion revenue',
        metric: { kind: 'number', start: 0, target: 100 },
        coOwnerIds: [personId('Isaiah Langer')],
      });
      const titlesFor = async (client: ApiClient, cycle = cycleId) =>
        (await client.myOkrs({ cycleId: cycle })).objectives.map((item) => item.title);
      for (const client of [isaiah, lidia, diego])
        expect((await titlesFor(client)).filter((title) => title === objective.title)).toHaveLength(
          1,
        );
      expect(await titlesFor(megan)).not.toContain(objective.title);
      expect(await titlesFor(isaiah, yearId)).not.toContain(objective.title);

      // Who a key result is listed for follows its edits, and key results stored before they
      // carried `personIds` get it at start.
      await alex.keyResults.update(renewals.id, { version: renewals.version, coOwnerIds: [] });
      expect(await titlesFor(lidia)).not.toContain(objective.title);
      await database.db
        .collection('keyResults')
        .updateMany({ objectiveId: objective.id }, { $unset: { personIds: '' } });
      expect(await titlesFor(isaiah)).not.toContain(objective.title);
      expect((await runBackfills(database.db))['keyResults.personIds']).toBe(2);
      expect((await titlesFor(isaiah)).filter((title) => title === objective.title)).toHaveLength(
        1,
      );
      expect(await titlesFor(diego)).toContain(objective.title);
    });

    it('shows an objective in the My OKRs of each person and team member it is shared with', async () => {
      const platform = await megan.teams.create({
        name: 'Platform guild',
        memberIds: [personId('Lidia Holloway')],
      });
      const shared = await alex.objectives.create({
        cycleId,
        title: 'Launch the partner portal together',
        contributors: [
          { kind: 'person', id: personId('Isaiah Langer') },
          { kind: 'team', id: platform.id },
        ],
      });
      const titlesFor = async (client: ApiClient) =>
        (await client.myOkrs({ cycleId })).objectives.map((objective) => objective.title);
      expect(await titlesFor(isaiah)).toContain('Launch the partner portal together');
      expect(await titlesFor(lidia)).toContain('Launch the partner portal together');
      expect(await titlesFor(diego)).not.toContain('Launch the partner portal together');
      expect((await titlesFor(alex)).filter((title) => title === shared.title)).toHaveLength(1);

      // A private objective shared with a team opens to its members, and to nobody else.
      const quiet = await alex.objectives.create({
        cycleId,
        title: 'Quietly rebuild the partner contract',
        visibility: 'private',
        contributors: [{ kind: 'team', id: platform.id }],
      });
      expect(await titlesFor(lidia)).toContain(quiet.title);
      expect((await lidia.objectives.get(quiet.id)).title).toBe(quiet.title);
      expect(await titlesFor(isaiah)).not.toContain(quiet.title);
      const hidden = (await isaiah.objectives
        .get(quiet.id)
        .catch((caught: unknown) => caught)) as ApiError;
      expect(hidden.status).toBe(404);
    });
  });

  describe('deliverables and dependencies', () => {
    it('tracks a deliverable that waits on another team’s key result, from both sides', async () => {
      const salesTeam = await megan.teams.create({ name: 'Sales' });
      const platformTeam = await megan.teams.create({ name: 'Platform' });
      const platformObjective = await lidia.objectives.create({
        cycleId,
        title: 'Ship SSO for enterprise',
        teamId: platformTeam.id,
      });
      const platformKr = await lidia.keyResults.create({
        objectiveId: platformObjective.id,
        title: 'SSO GA',
        metric: { kind: 'boolean', target: 1 },
      });
      const salesObjective = await alex.objectives.create({
        cycleId,
        title: 'Land enterprise pilots',
        teamId: salesTeam.id,
      });
      const deliverable = await alex.deliverables.create({
        objectiveId: salesObjective.id,
        title: 'Pilot contract with SSO clause',
        dueDate: '2026-12-01',
        dependsOn: [{ kind: 'keyResult', id: platformKr.id }],
      });
      expect(deliverable).toMatchObject({ state: 'todo', teamId: salesTeam.id });
      const salesView = await alex.dependencies({ teamId: salesTeam.id });
      expect(salesView.waitingOn).toHaveLength(1);
      expect(salesView.waitingOn[0]!.to).toMatchObject({ id: platformKr.id, kind: 'keyResult' });
      const platformView = await lidia.dependencies({ teamId: platformTeam.id });
      expect(platformView.waitedOnBy[0]!.from.id).toBe(deliverable.id);
      const done = await alex.deliverables.update(deliverable.id, { version: 1, state: 'done' });
      expect(done.state).toBe('done');
      // This suite's clock stands still, so every event shares one instant: look for it, not at its place.
      const timeline = await alex.narrative({ objectiveId: salesObjective.id });
      expect(timeline.items.map((item) => item.type)).toContain('deliverable.done');
    });
    it('leaves work under a private objective out of the dependency view for outsiders', async () => {
      const design = await megan.teams.create({ name: 'Design' });
      const research = await megan.teams.create({ name: 'Research' });
      const secret = await lidia.objectives.create({
        cycleId,
        title: 'Confidential acquisition',
        teamId: research.id,
        visibility: 'private',
      });
      const secretKr = await lidia.keyResults.create({
        objectiveId: secret.id,
        title: 'Due diligence done',
        metric: { kind: 'boolean', target: 1 },
      });
      const designObjective = await lidia.objectives.create({
        cycleId,
        title: 'Rebrand after the deal',
        teamId: design.id,
      });
      await lidia.deliverables.create({
        objectiveId: designObjective.id,
        title: 'New logo',
        dependsOn: [{ kind: 'keyResult', id: secretKr.id }],
      });
      expect((await lidia.dependencies({ teamId: design.id })).waitingOn).toHaveLength(1);
      expect((await isaiah.dependencies({ teamId: design.id })).waitingOn).toEqual([]);
    });

    it('refuses a dependency on something that does not exist', async () => {
      const objective = await diego.objectives.create({ cycleId, title: 'Dependent' });
      const error = await fail(
        diego.deliverables.create({
          objectiveId: objective.id,
          title: 'Waits',
          dependsOn: [{ kind: 'deliverable', id: '0123456789abcdef01234567' }],
        }),
      );
      expect(error.fieldMessage('dependsOn')).toMatch(/not found/);
    });
  });

  describe('closing a cycle', () => {
    it('records computed scores, lets the owner override with a reason, and refuses later check-ins', async () => {
      const quarter = (
        await megan.cycles.create({ name: 'FY27 Q1', startsOn: '2026-07-01', endsOn: '2026-09-30' })
      ).id;
      const objective = await diego.objectives.create({
        cycleId: quarter,
        title: 'Finished quarter',
      });
      const kr = await diego.keyResults.create({
        objectiveId: objective.id,
        title: 'Calls',
        metric: { kind: 'number', start: 0, target: 100 },
      });
      await diego.keyResults.checkIn(kr.id, {
        version: 1,
        value: 66,
        confidence: 5,
        status: 'at_risk',
      });
      expect((await fail(diego.cycles.close(quarter))).status).toBe(403);
      await megan.cycles.close(quarter);
      const scored = await diego.objectives.get(objective.id);
      expect(scored.score).toMatchObject({ computed: 0.7, override: null, final: 0.7 });
      // Each score is a versioned change the narrative holds.
      expect(scored.version).toBe(objective.version + 1);
      const krTimeline = await diego.narrative({ keyResultId: kr.id });
      expect(
        krTimeline.items
          .filter((item) => item.type === 'key_result.scored')
          .map((item) => item.payload.score),
      ).toEqual([0.7]);
      expect((await diego.keyResults.get(kr.id)).version).toBe(3);
      const objectiveTimeline = await diego.narrative({ objectiveId: objective.id });
      expect(objectiveTimeline.items.map((item) => item.type)).toContain('objective.scored');
      const overridden = await diego.objectives.overrideScore(objective.id, {
        version: scored.version,
        score: 0.9,
        reason: 'Two deals slipped by a day into Q2',
      });
      expect(overridden.score).toMatchObject({
        computed: 0.7,
        override: 0.9,
        final: 0.9,
        reason: 'Two deals slipped by a day into Q2',
      });
      const krDetail = await diego.keyResults.get(kr.id);
      expect(
        (
          await fail(
            diego.keyResults.checkIn(kr.id, {
              version: krDetail.version,
              value: 80,
              confidence: 5,
              status: 'on_track',
            }),
          )
        ).code,
      ).toBe('cycle_closed');
    });
  });

  describe('the OpenAPI document', () => {
    it('is served without a token and describes the routes with schemas from the contracts', async () => {
      const response = await fetch(`${app.url}/api/openapi.json`);
      expect(response.status).toBe(200);
      const document = (await response.json()) as {
        openapi: string;
        paths: Record<
          string,
          Record<
            string,
            {
              requestBody?: {
                content: Record<string, { schema: { properties: Record<string, unknown> } }>;
              };
            }
          >
        >;
      };
      expect(document.openapi).toBe('3.1.0');
      const checkIn = document.paths['/api/key-results/{id}/check-ins']!.post!;
      expect(
        Object.keys(checkIn.requestBody!.content['application/json']!.schema.properties),
      ).toEqual(expect.arrayContaining(['version', 'value', 'confidence', 'status', 'note']));
    });
  });

  it('needs a token on every API route', async () => {
    for (const path of [
      '/me',
      '/people',
      '/cycles',
      '/objectives',
      '/my-okrs',
      `/cycles/${cycleId}/alignment-tree`,
      '/narrative?personId=x',
    ]) {
      expect((await fetch(`${app.url}/api${path}`)).status).toBe(401);
    }
    expect(
      (
        await fetch(`${app.url}/api/objectives`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${(await tokenFor('Diego Siciliani')).slice(0, -4)}AAAA`,
            'content-type': 'application/json',
          },
          body: '{}',
        })
      ).status,
    ).toBe(401);
  });
});

describe('idempotency keys', () => {
  const database = openTestDatabase('idemexpiry');
  let app: TestApp;
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('are forgotten a day after first use, so the collection stays small', async () => {
    await seedPeople(database);
    app = await startTestApp(database);
    const megan = clientFor(app.url, 'Megan Bowen');
    await megan.cycles.create(
      { name: 'Expiring', startsOn: '2026-10-01', endsOn: '2026-12-31' },
      { idempotencyKey: 'expiry-key-0001' },
    );
    const keys = database.db.collection('idempotencyKeys');
    expect(await keys.countDocuments()).toBe(1);
    const job = app.features.jobs.find((candidate) => candidate.name === 'idempotency-key-expiry')!;
    await job.run(new Date(Date.now() + 23 * 3600_000));
    expect(await keys.countDocuments()).toBe(1);
    await job.run(new Date(Date.now() + 25 * 3600_000));
    expect(await keys.countDocuments()).toBe(0);
  });
});
