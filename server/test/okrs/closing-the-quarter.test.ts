/**
 * Closing the quarter through the API, against the real database: the review of a cycle
 * (scores closing would record, then the recorded ones with overrides), scoring per metric
 * kind, carrying unfinished objectives to the next cycle, the retrospective's learnings,
 * and the business review with its deck — each seen by a peer who may not see everything.
 */
import JSZip from 'jszip';
import type { ApiClient, ApiError, KeyResult, MetricInput } from '@throughline/contracts';
import { startTestApp, type TestApp } from '../../../tests/support/app';
import { openTestDatabase } from '../../../tests/support/database';
import { clientFor, personId, seedPeople, tokenFor } from '../../../tests/support/okr-api';

const now = new Date('2026-12-20T12:00:00Z');
const fail = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (error: unknown) => error as ApiError,
  );

describe('closing the quarter', () => {
  const database = openTestDatabase('closingquarter');
  let app: TestApp;
  let megan: ApiClient; // admin
  let alex: ApiClient; // Diego's manager
  let diego: ApiClient;
  let isaiah: ApiClient; // Diego's peer
  let lidia: ApiClient; // another department
  let quarterId: string;
  let nextQuarterId: string;
  let teamId: string;

  beforeAll(async () => {
    await seedPeople(database);
    app = await startTestApp(database, { deps: { clock: () => now } });
    megan = clientFor(app.url, 'Megan Bowen');
    alex = clientFor(app.url, 'Alex Wilber');
    diego = clientFor(app.url, 'Diego Siciliani');
    isaiah = clientFor(app.url, 'Isaiah Langer');
    lidia = clientFor(app.url, 'Lidia Holloway');
    quarterId = (
      await megan.cycles.create({ name: 'Q4 2026', startsOn: '2026-10-01', endsOn: '2026-12-31' })
    ).id;
    nextQuarterId = (
      await megan.cycles.create({ name: 'Q1 2027', startsOn: '2027-01-01', endsOn: '2027-03-31' })
    ).id;
    teamId = (
      await megan.teams.create({
        name: 'Sales',
        leadId: personId('Alex Wilber'),
        memberIds: [personId('Diego Siciliani'), personId('Isaiah Langer')],
      })
    ).id;
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  async function checkIn(
    client: ApiClient,
    keyResult: KeyResult,
    value: number,
    milestones?: boolean[],
  ) {
    const current = await client.keyResults.get(keyResult.id);
    return client.keyResults.checkIn(keyResult.id, {
      version: current.version,
      value,
      confidence: 7,
      status: 'on_track',
      ...(milestones ? { milestones } : {}),
    });
  }

  it('scores every metric kind from its progress when the cycle closes, as the review promised', async () => {
    const cycle = await megan.cycles.create({
      name: 'Scoring quarter',
      startsOn: '2026-09-01',
      endsOn: '2026-11-30',
    });
    const objective = await diego.objectives.create({ cycleId: cycle.id, title: 'Every kind' });
    const cases: { metric: MetricInput; value: number; milestones?: boolean[]; score: number }[] = [
      { metric: { kind: 'number', start: 0, target: 40 }, value: 26, score: 0.7 }, // 0.65
      { metric: { kind: 'percent', start: 20, target: 80 }, value: 50, score: 0.5 },
      {
        metric: { kind: 'currency', start: 0, target: 1000, currency: 'EUR' },
        value: 1200,
        score: 1,
      },
      {
        metric: { kind: 'number', start: 100, target: 20, direction: 'decrease' },
        value: 60,
        score: 0.5,
      },
      { metric: { kind: 'boolean', start: 0, target: 1 }, value: 0, score: 0 },
      {
        metric: {
          kind: 'milestone',
          target: 3,
          milestones: [{ title: 'Design' }, { title: 'Build' }, { title: 'Launch' }],
        },
        value: 2,
        milestones: [true, true, false],
        score: 0.7, // two of three
      },
      { metric: { kind: 'stay_above', target: 95, start: 0 }, value: 97, score: 1 },
      { metric: { kind: 'stay_below', target: 5, start: 0 }, value: 8, score: 0 },
    ];
    const keyResults: KeyResult[] = [];
    for (const [index, item] of cases.entries()) {
      const keyResult = await diego.keyResults.create({
        objectiveId: objective.id,
        title: `${item.metric.kind} ${index}`,
        metric: item.metric,
      });
      await checkIn(diego, keyResult, item.value, item.milestones);
      keyResults.push(keyResult);
    }
    const before = await diego.cycles.review(cycle.id);
    expect(before.canClose).toBe(false);
    expect((await megan.cycles.review(cycle.id)).canClose).toBe(true);
    const suggested = before.objectives[0]!.keyResults.map((keyResult) => keyResult.suggestedScore);
    expect(suggested).toEqual(cases.map((item) => item.score));
    expect(before.objectives[0]!.keyResults.every((keyResult) => keyResult.score === null)).toBe(
      true,
    );

    await megan.cycles.close(cycle.id);
    const after = await diego.cycles.review(cycle.id);
    expect(after.cycle.state).toBe('closed');
    expect(after.canClose).toBe(false);
    expect(after.objectives[0]!.keyResults.map((keyResult) => keyResult.score?.final)).toEqual(
      suggested,
    );
    expect(after.objectives[0]!.score?.computed).toBe(after.objectives[0]!.suggestedScore);
    expect(after.objectives[0]!.keyResults.every((keyResult) => keyResult.canScore)).toBe(true);
  });

  it('lets an owner set a key result’s score before the close, recorded as the override beside the computed one', async () => {
    const cycle = await megan.cycles.create({
      name: 'Proposal quarter',
      startsOn: '2026-08-01',
      endsOn: '2026-10-31',
    });
    const objective = await diego.objectives.create({ cycleId: cycle.id, title: 'Set early' });
    const keyResult = await diego.keyResults.create({
      objectiveId: objective.id,
      title: 'Pilot seats',
      metric: { kind: 'number', start: 0, target: 10 },
    });
    await checkIn(diego, keyResult, 3);
    const open = await diego.cycles.review(cycle.id);
    const row = open.objectives[0]!.keyResults[0]!;
    expect(row).toMatchObject({
      suggestedScore: 0.3,
      score: null,
      proposedScore: null,
      canScore: true,
    });
    expect((await isaiah.cycles.review(cycle.id)).objectives[0]!.keyResults[0]!.canScore).toBe(
      false,
    );
    const refused = await fail(
      isaiah.keyResults.overrideScore(keyResult.id, {
        version: row.version,
        score: 1,
        reason: 'Not mine to say',
      }),
    );
    expect(refused.status).toBe(403);
    const proposed = await diego.keyResults.overrideScore(keyResult.id, {
      version: row.version,
      score: 0.6,
      reason: 'Seven seats are signed and wait for IT',
    });
    expect(proposed.score).toBeNull();
    expect(proposed.proposedScore).toMatchObject({
      score: 0.6,
      reason: 'Seven seats are signed and wait for IT',
      byId: personId('Diego Siciliani'),
    });
    // Progress moves on after the owner's score; the close computes from it, and keeps the owner's.
    await checkIn(diego, keyResult, 4);
    await megan.cycles.close(cycle.id);
    const closed = (await diego.cycles.review(cycle.id)).objectives[0]!.keyResults[0]!;
    expect(closed.score).toMatchObject({
      computed: 0.4,
      override: 0.6,
      final: 0.6,
      reason: 'Seven seats are signed and wait for IT',
    });
    const types = (await diego.narrative({ keyResultId: keyResult.id, limit: 50 })).items.map(
      (item) => item.type,
    );
    expect(types).toEqual(
      expect.arrayContaining(['key_result.score_proposed', 'key_result.scored']),
    );
  });

  describe('a closed quarter', () => {
    let objectiveId: string;
    let signed: KeyResult;
    let calls: KeyResult;
    let privateObjectiveId: string;

    beforeAll(async () => {
      const objective = await diego.objectives.create({
        cycleId: quarterId,
        title: 'Win the London accounts',
        level: 'individual',
        teamId,
        contributors: [{ kind: 'person', id: personId('Lidia Holloway') }],
      });
      objectiveId = objective.id;
      signed = await diego.keyResults.create({
        objectiveId,
        title: 'Sign 5 enterprise customers',
        metric: { kind: 'number', start: 0, target: 5, unit: 'customers' },
      });
      calls = await diego.keyResults.create({
        objectiveId,
        title: 'Run 20 discovery calls',
        metric: { kind: 'number', start: 0, target: 20 },
      });
      await checkIn(diego, signed, 3);
      await checkIn(diego, calls, 20);
      await diego.evidence.attachLink({
        target: { kind: 'keyResult', id: signed.id },
        url: 'https://contoso.example/orders/northwind',
        title: 'Northwind order form',
      });
      await diego.evidence.attachLink({
        target: { kind: 'keyResult', id: signed.id },
        url: 'https://contoso.example/hr/commission-dispute',
        title: 'Commission dispute with Northwind',
        visibility: 'owner_and_manager',
      });
      privateObjectiveId = (
        await diego.objectives.create({
          cycleId: quarterId,
          title: 'Find a new role',
          visibility: 'private',
          teamId,
        })
      ).id;
      await megan.cycles.close(quarterId);
    });

    it('shows a peer the scores of what they may see, and nothing of a private objective', async () => {
      const review = await isaiah.cycles.review(quarterId, { teamId });
      const titles = review.objectives.map((objective) => objective.title);
      expect(titles).toContain('Win the London accounts');
      expect(titles).not.toContain('Find a new role');
      const objective = review.objectives.find((item) => item.id === objectiveId)!;
      expect(objective.keyResults.map((keyResult) => keyResult.score?.final)).toEqual([0.6, 1]);
      expect(objective.canScore).toBe(false);
      expect(objective.canCarryOver).toBe(false);
      expect(
        (await diego.cycles.review(quarterId, { teamId })).objectives.map((o) => o.id),
      ).toContain(privateObjectiveId);
    });

    it('keeps the computed score beside an owner’s override and its reason, and refuses a peer', async () => {
      const current = await diego.keyResults.get(signed.id);
      const refused = await fail(
        isaiah.keyResults.overrideScore(signed.id, {
          version: current.version,
          score: 1,
          reason: 'I think so',
        }),
      );
      expect(refused.status).toBe(403);
      const missingReason = await fail(
        diego.keyResults.overrideScore(signed.id, {
          version: current.version,
          score: 0.8,
          reason: '',
        }),
      );
      expect(missingReason.status).toBe(400);
      await diego.keyResults.overrideScore(signed.id, {
        version: current.version,
        score: 0.8,
        reason: 'The fifth customer signed on 2 January',
      });
      const review = await alex.cycles.review(quarterId, { teamId });
      const keyResult = review.objectives
        .find((objective) => objective.id === objectiveId)!
        .keyResults.find((item) => item.id === signed.id)!;
      expect(keyResult.score).toMatchObject({
        computed: 0.6,
        override: 0.8,
        final: 0.8,
        reason: 'The fifth customer signed on 2 January',
      });
      const stale = await fail(
        diego.keyResults.overrideScore(signed.id, {
          version: current.version,
          score: 0.9,
          reason: 'Another try on an old version',
        }),
      );
      expect(stale.code).toBe('version_conflict');
    });

    it('takes learnings from the owner and contributors after the close, and refuses anyone else', async () => {
      await diego.objectives.addLearning(objectiveId, {
        text: 'Procurement needs the SSO terms before legal review, not after.',
      });
      await lidia.objectives.addLearning(objectiveId, {
        text: 'Engineering should join the second call.',
      });
      const refused = await fail(
        isaiah.objectives.addLearning(objectiveId, { text: 'Not my objective' }),
      );
      expect(refused.status).toBe(403);
      expect((await fail(diego.objectives.addLearning(objectiveId, { text: '' }))).status).toBe(
        400,
      );
      const detail = await isaiah.objectives.get(objectiveId);
      expect(detail.learnings.map((learning) => learning.text)).toEqual([
        'Procurement needs the SSO terms before legal review, not after.',
        'Engineering should join the second call.',
      ]);
      expect(detail.canAddLearning).toBe(false);
      expect((await diego.objectives.get(objectiveId)).canAddLearning).toBe(true);
      const narrative = await diego.narrative({ objectiveId });
      expect(
        narrative.items.filter((item) => item.type === 'objective.learning_noted'),
      ).toHaveLength(2);
    });

    it('carries an unfinished objective over once, with only what is left to do', async () => {
      expect(
        (await fail(isaiah.objectives.carryOver(objectiveId, { cycleId: nextQuarterId }))).status,
      ).toBe(403);
      // Twice at once: one copy, the same answer.
      const [first, second] = await Promise.all([
        diego.objectives.carryOver(objectiveId, { cycleId: nextQuarterId }),
        diego.objectives.carryOver(objectiveId, { cycleId: nextQuarterId }),
      ]);
      expect(second.id).toBe(first.id);
      expect(first.cycleId).toBe(nextQuarterId);
      expect(first.carriedFrom).toEqual({ objectiveId, cycleId: quarterId });
      const copy = await diego.objectives.get(first.id);
      // The finished key result stays behind; the unfinished one starts where it ended.
      expect(copy.keyResults.map((keyResult) => keyResult.title)).toEqual([
        'Sign 5 enterprise customers',
      ]);
      expect(copy.keyResults[0]!.metric).toMatchObject({ start: 3, current: 3, target: 5 });
      expect(copy.contributors).toEqual([{ kind: 'person', id: personId('Lidia Holloway') }]);
      const original = await diego.objectives.get(objectiveId);
      expect(original.carriedTo).toEqual({ objectiveId: first.id, cycleId: nextQuarterId });
      expect(original.score).not.toBeNull();
      // Again, later: the same copy, nothing new.
      expect((await diego.objectives.carryOver(objectiveId, { cycleId: nextQuarterId })).id).toBe(
        first.id,
      );
      expect(
        await database.db
          .collection('objectives')
          .countDocuments({ cycleId: nextQuarterId, title: 'Win the London accounts' }),
      ).toBe(1);
      expect(
        await database.db.collection('keyResults').countDocuments({ cycleId: nextQuarterId }),
      ).toBe(1);
      const review = await diego.cycles.review(quarterId, { teamId });
      const reviewed = review.objectives.find((objective) => objective.id === objectiveId)!;
      expect(reviewed.carriedTo?.objectiveId).toBe(first.id);
      expect(reviewed.canCarryOver).toBe(false);
    });

    it('refuses to carry to an earlier or closed cycle, a second cycle, or a finished objective', async () => {
      const done = await diego.objectives.create({ cycleId: nextQuarterId, title: 'Done already' });
      const keyResult = await diego.keyResults.create({
        objectiveId: done.id,
        title: 'One thing',
        metric: { kind: 'boolean', start: 0, target: 1 },
      });
      await checkIn(diego, keyResult, 1);
      const later = await megan.cycles.create({
        name: 'Q2 2027',
        startsOn: '2027-04-01',
        endsOn: '2027-06-30',
      });
      expect((await fail(diego.objectives.carryOver(done.id, { cycleId: later.id }))).code).toBe(
        'objective_finished',
      );
      expect(
        (await fail(diego.objectives.carryOver(objectiveId, { cycleId: later.id }))).code,
      ).toBe('already_carried_over');
      const unfinished = await diego.objectives.create({ cycleId: later.id, title: 'Not yet' });
      const earlier = await fail(
        diego.objectives.carryOver(unfinished.id, { cycleId: nextQuarterId }),
      );
      expect(earlier.status).toBe(400);
      expect(earlier.fieldMessage('cycleId')).toMatch(/later/);
      const stillOpen = await diego.objectives.create({ cycleId: nextQuarterId, title: 'Open' });
      expect(
        (await fail(diego.objectives.carryOver(stillOpen.id, { cycleId: quarterId }))).code,
      ).toBe('cycle_closed');
      expect(
        (await fail(diego.objectives.carryOver(objectiveId, { cycleId: objectiveId }))).status,
      ).toBe(404);
    });

    it('builds the team’s business review with scores, trends, learnings and only the evidence the reader may see', async () => {
      const forManager = await alex.businessReview.get({ cycleId: quarterId, teamId });
      expect(forManager.scope).toEqual({ kind: 'team', id: teamId, name: 'Sales' });
      const objective = forManager.objectives.find((item) => item.id === objectiveId)!;
      expect(objective.ownerName).toBe('Diego Siciliani');
      expect(objective.teamName).toBe('Sales');
      const keyResult = objective.keyResults.find((item) => item.id === signed.id)!;
      expect(keyResult.score?.final).toBe(0.8);
      expect(keyResult.trend).toEqual([
        { on: '2026-10-01', value: 0 },
        { on: '2026-12-20', value: 3 },
      ]);
      expect(forManager.footnotes.map((note) => note.title).sort()).toEqual([
        'Commission dispute with Northwind',
        'Northwind order form',
      ]);
      expect(keyResult.footnotes).toHaveLength(2);
      expect(objective.learnings.map((learning) => learning.authorName)).toEqual([
        'Diego Siciliani',
        'Lidia Holloway',
      ]);
      expect(forManager.summary.averageScore).not.toBeNull();

      const forPeer = await isaiah.businessReview.get({ cycleId: quarterId, teamId });
      expect(forPeer.footnotes.map((note) => note.title)).toEqual(['Northwind order form']);
      expect(JSON.stringify(forPeer)).not.toContain('Commission dispute');
      expect(JSON.stringify(forPeer)).not.toContain('Find a new role');
    });

    it('exports the deck as a .pptx that holds the review and leaves out what the reader may not see', async () => {
      const response = await fetch(
        `${app.url}/api/business-review/deck?cycleId=${quarterId}&teamId=${teamId}`,
        { headers: { authorization: `Bearer ${await tokenFor('Isaiah Langer')}` } },
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(
        'application/vnd.openxmlformats-officedocument.presentationml.presentation',
      );
      expect(response.headers.get('content-disposition')).toMatch(
        /^attachment; filename="Sales _ Q4 2026 business review.pptx"; filename\*=UTF-8''Sales%20%E2%80%93%20Q4%202026%20business%20review.pptx$/,
      );
      const zip = await JSZip.loadAsync(await response.arrayBuffer());
      const slides = Object.keys(zip.files).filter((name) =>
        /^ppt\/slides\/slide\d+\.xml$/.test(name),
      );
      expect(slides.length).toBeGreaterThanOrEqual(5);
      const text = (await Promise.all(slides.map((name) => zip.file(name)!.async('string')))).join(
        '\n',
      );
      expect(text).toContain('Win the London accounts');
      expect(text).toContain('Sign 5 enterprise customers [1]');
      expect(text).toContain('0.8 (computed 0.6)');
      expect(text).toContain('Northwind order form');
      expect(text).toContain('Procurement needs the SSO terms');
      expect(text).not.toContain('Commission dispute');
      expect(text).not.toContain('Find a new role');
      expect(Object.keys(zip.files).some((name) => name.startsWith('ppt/charts/'))).toBe(true);
    });

    it('gives a person their own quarter, their manager too, and refuses a peer', async () => {
      const mine = await diego.businessReview.get({
        cycleId: quarterId,
        personId: personId('Diego Siciliani'),
      });
      expect(mine.scope).toMatchObject({ kind: 'person', name: 'Diego Siciliani' });
      expect(mine.objectives.map((objective) => objective.title)).toEqual(
        expect.arrayContaining(['Win the London accounts', 'Find a new role']),
      );
      expect(
        (
          await alex.businessReview.get({
            cycleId: quarterId,
            personId: personId('Diego Siciliani'),
          })
        ).objectives.length,
      ).toBeGreaterThan(0);
      const refused = await fail(
        isaiah.businessReview.get({ cycleId: quarterId, personId: personId('Diego Siciliani') }),
      );
      expect(refused.status).toBe(403);
      const both = await fail(
        diego.businessReview.get({
          cycleId: quarterId,
          teamId,
          personId: personId('Diego Siciliani'),
        }),
      );
      expect(both.status).toBe(400);
    });

    it('shows scores in the alignment tree of the closed cycle', async () => {
      const tree = await diego.cycles.alignmentTree(quarterId, { teamId });
      const node = tree.roots.find((root) => root.id === objectiveId)!;
      expect(node.score).toBe((await diego.objectives.get(objectiveId)).score!.final);
      expect(node.children.find((child) => child.id === signed.id)?.score).toBe(0.8);
    });
  });

  it('reminds each listed admin once that a cycle ended and is still open, with a link to its review', async () => {
    const ended = await megan.cycles.create({
      name: 'Q3 2026',
      startsOn: '2026-07-01',
      endsOn: '2026-09-30',
    });
    await megan.admins.add({ personId: personId('Alex Wilber') });
    const first = await megan.runJob('cycle-ended');
    expect(first).toMatchObject({ job: 'cycle-ended', failed: 0 });
    expect(first.sent).toBeGreaterThanOrEqual(1);
    const second = await megan.runJob('cycle-ended');
    expect(second.sent).toBe(0);
    const response = await fetch(
      `${process.env.TEST_GRAPH_URL}/_sandbox/teams/activity-notifications?recipientUserId=${personId('Alex Wilber')}`,
    );
    const { value } = (await response.json()) as {
      value: {
        activityType: string;
        topic: { webUrl: string };
        previewText: { content: string };
      }[];
    };
    const reminders = value.filter(
      (item) => item.activityType === 'cycleEnded' && item.topic.webUrl.startsWith(app.url),
    );
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.topic.webUrl).toContain(`#/cycles/${ended.id}/review`);
    expect(reminders[0]!.previewText.content).toMatch(/^Q3 2026 ended on 2026-09-30/);
    // Closed and future cycles are no reminder.
    expect(value.some((item) => item.topic.webUrl.includes(quarterId))).toBe(false);
    expect(value.some((item) => item.topic.webUrl.includes(nextQuarterId))).toBe(false);
  });

  it('closes a cycle once when two admins close it at the same moment, each score recorded once', async () => {
    await megan.admins.add({ personId: personId('Alex Wilber') }).catch(() => undefined);
    const cycle = await megan.cycles.create({
      name: 'Race quarter',
      startsOn: '2026-06-01',
      endsOn: '2026-08-31',
    });
    const objective = await diego.objectives.create({ cycleId: cycle.id, title: 'Raced' });
    for (const title of ['One', 'Two', 'Three'])
      await diego.keyResults.create({
        objectiveId: objective.id,
        title,
        metric: { kind: 'number', start: 0, target: 10 },
      });
    const answers = await Promise.allSettled([
      megan.cycles.close(cycle.id),
      alex.cycles.close(cycle.id),
    ]);
    const refused = answers.filter((answer) => answer.status === 'rejected');
    for (const answer of refused)
      expect(((answer as PromiseRejectedResult).reason as ApiError).status).toBe(409);
    expect(answers.some((answer) => answer.status === 'fulfilled')).toBe(true);
    const review = await diego.cycles.review(cycle.id);
    expect(review.cycle.state).toBe('closed');
    expect(review.objectives[0]!.keyResults.every((keyResult) => keyResult.score)).toBe(true);
    const events = await diego.narrative({ objectiveId: objective.id, limit: 100 });
    expect(events.items.filter((item) => item.type === 'key_result.scored')).toHaveLength(3);
    expect(events.items.filter((item) => item.type === 'objective.scored')).toHaveLength(1);
  });

  it('answers ids of another kind in a business review with 404, and an empty team with an empty deck', async () => {
    const objective = (await diego.cycles.review(quarterId)).objectives[0]!;
    expect((await fail(diego.businessReview.get({ cycleId: objective.id, teamId }))).code).toBe(
      'cycle_not_found',
    );
    expect(
      (await fail(diego.businessReview.get({ cycleId: quarterId, teamId: objective.id }))).code,
    ).toBe('team_not_found');
    expect(
      (await fail(diego.businessReview.get({ cycleId: quarterId, personId: teamId }))).code,
    ).toBe('person_not_found');
    const empty = await megan.teams.create({ name: 'Brand new team', memberIds: [] });
    const review = await megan.businessReview.get({ cycleId: quarterId, teamId: empty.id });
    expect(review.objectives).toEqual([]);
    expect(review.summary).toMatchObject({ objectives: 0, keyResults: 0, averageScore: null });
    const deck = await megan.businessReview.deck({ cycleId: quarterId, teamId: empty.id });
    const zip = await JSZip.loadAsync(await deck.arrayBuffer());
    const text = (
      await Promise.all(
        Object.keys(zip.files)
          .filter((name) => /^ppt\/slides\/slide\d+\.xml$/.test(name))
          .map((name) => zip.file(name)!.async('string')),
      )
    ).join('');
    expect(text).toContain('No objectives in this review.');
  });
});
