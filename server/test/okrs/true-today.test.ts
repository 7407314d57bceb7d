/**
 * What every view says is true on the day it is read: the clock moves, nothing is saved,
 * and pace, status and the at-risk filter follow in every view, agreeing with /api/risks.
 * Roll-ups follow a change three levels down.
 */
import type { ApiClient, KeyResult, Objective } from '@throughline/contracts';
import { startTestApp, type TestApp } from '../../../tests/support/app';
import { openTestDatabase } from '../../../tests/support/database';
import { clientFor, personId, seedPeople } from '../../../tests/support/okr-api';

const DAY = 86_400_000;

describe('true today', () => {
  const database = openTestDatabase('truetoday');
  let now = new Date('2026-01-05T09:00:00Z');
  let app: TestApp;
  let megan: ApiClient;
  let diego: ApiClient;
  let cycleId: string;
  let objective: Objective;
  let untouched: KeyResult;
  let reported: KeyResult;

  beforeAll(async () => {
    await seedPeople(database);
    app = await startTestApp(database, { deps: { clock: () => now } });
    megan = clientFor(app.url, 'Megan Bowen');
    diego = clientFor(app.url, 'Diego Siciliani');
    cycleId = (
      await megan.cycles.create({ name: 'Q1', startsOn: '2026-01-01', endsOn: '2026-03-31' })
    ).id;
    objective = await diego.objectives.create({ cycleId, title: 'Renew Northwind' });
    untouched = await diego.keyResults.create({
      objectiveId: objective.id,
      title: 'Signed renewals',
      metric: { kind: 'number', target: 100 },
    });
    reported = await diego.keyResults.create({
      objectiveId: objective.id,
      title: 'Upsell pipeline',
      metric: { kind: 'number', target: 100 },
    });
    await diego.keyResults.checkIn(reported.id, {
      version: reported.version,
      value: 5,
      confidence: 8,
      status: 'on_track',
      note: 'Early days',
    });
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  /** What each view says about the two key results and their objective, read now. */
  async function everyView() {
    const [untouchedDetail, reportedDetail, objectiveDetail, mine, tree, listed] =
      await Promise.all([
        diego.keyResults.get(untouched.id),
        diego.keyResults.get(reported.id),
        diego.objectives.get(objective.id),
        diego.myOkrs({ cycleId }),
        diego.cycles.alignmentTree(cycleId),
        diego.objectives.list({ cycleId }),
      ]);
    const node = tree.roots.find((item) => item.id === objective.id)!;
    const pick = (keyResult: { status: string; paceStatus: string }) => [
      keyResult.status,
      keyResult.paceStatus,
    ];
    return {
      keyResultPage: [pick(untouchedDetail), pick(reportedDetail)],
      objectivePage: objectiveDetail.keyResults.map(pick),
      myOkrs: mine.objectives[0]!.keyResults.map(pick),
      treeStatuses: [untouched.id, reported.id].map(
        (id) => node.children.find((child) => child.id === id)!.status,
      ),
      objectiveStatus: {
        page: objectiveDetail.status,
        myOkrs: mine.objectives[0]!.status,
        tree: node.status,
        list: listed.items.find((item) => item.id === objective.id)!.status,
      },
      dueForCheckIn: mine.dueForCheckIn,
    };
  }

  it('reports pace from the day it is read in every view, the owner’s status as theirs', async () => {
    const early = await everyView();
    expect(early.keyResultPage).toEqual([
      ['on_track', 'on_track'],
      ['on_track', 'on_track'],
    ]);

    // Half the cycle gone, nothing saved since.
    now = new Date(Date.parse('2026-01-01T00:00:00Z') + 45 * DAY);
    const later = await everyView();
    // Nobody reported on the first, so its status is its pace; the second keeps what Diego said.
    const expected = [
      ['off_track', 'off_track'],
      ['on_track', 'off_track'],
    ];
    expect(later.keyResultPage).toEqual(expected);
    expect(later.objectivePage).toEqual(expected);
    expect(later.myOkrs).toEqual(expected);
    expect(later.treeStatuses).toEqual(['off_track', 'on_track']);
    expect(later.objectiveStatus).toEqual({
      page: 'off_track',
      myOkrs: 'off_track',
      tree: 'off_track',
      list: 'off_track',
    });
    expect(later.dueForCheckIn.sort()).toEqual([untouched.id, reported.id].sort());
    expect(
      (await diego.objectives.list({ cycleId, status: 'off_track' })).items.map((item) => item.id),
    ).toContain(objective.id);
  });

  it('keeps in the at-risk tree exactly what the risk rules flag', async () => {
    now = new Date(Date.parse('2026-01-01T00:00:00Z') + 45 * DAY);
    const risks = await diego.risks({ personId: personId('Diego Siciliani') });
    const behind = risks.findings.filter((finding) => finding.ruleId === 'behind_pace');
    expect(behind.map((finding) => [finding.subject.id, finding.severity]).sort()).toEqual(
      [
        [untouched.id, 'critical'],
        [reported.id, 'critical'],
      ].sort(),
    );
    const flagged = new Set(
      risks.findings
        .filter((finding) => finding.severity !== 'info' && finding.subject.kind === 'keyResult')
        .map((finding) => finding.subject.id),
    );
    const tree = await diego.cycles.alignmentTree(cycleId, { atRiskOnly: 'true' });
    const keyResultNodes = tree.roots
      .flatMap((root) => root.children)
      .filter((node) => node.kind === 'keyResult')
      .map((node) => node.id);
    expect(new Set(keyResultNodes)).toEqual(flagged);
    // Diego said “on track”; the rules say it is behind, and the filter keeps it.
    expect(keyResultNodes).toContain(reported.id);
    // The week's digest tells of the same risks, with the same severity and words.
    const digest = await diego.digest({});
    const inDigest = (findings: typeof risks.findings) =>
      findings
        .filter((finding) => finding.ruleId === 'behind_pace')
        .map((finding) => [finding.subject.id, finding.severity, finding.explanation])
        .sort();
    expect(inDigest(digest.newRisks)).toEqual(inDigest(risks.findings));
  });

  it('rolls a grandchild’s change up to every ancestor that counts its aligned children', async () => {
    now = new Date('2026-01-20T09:00:00Z');
    const company = await megan.objectives.create({
      cycleId,
      title: 'Be the trusted choice',
      level: 'company',
      includeAlignedInProgress: true,
    });
    const team = await megan.objectives.create({
      cycleId,
      title: 'Win the mid-market',
      level: 'team',
      alignsTo: { kind: 'objective', id: company.id },
      includeAlignedInProgress: true,
    });
    const individual = await diego.objectives.create({
      cycleId,
      title: 'Close the Fabrikam deal',
      alignsTo: { kind: 'objective', id: team.id },
    });
    const signed = await diego.keyResults.create({
      objectiveId: individual.id,
      title: 'Contract signed',
      metric: { kind: 'boolean', target: 1 },
    });
    expect((await megan.objectives.get(company.id)).progress).toBe(0);

    await diego.keyResults.checkIn(signed.id, {
      version: signed.version,
      value: 1,
      confidence: 10,
      status: 'on_track',
    });
    expect((await diego.objectives.get(individual.id)).progress).toBe(1);
    expect((await megan.objectives.get(team.id)).progress).toBe(1);
    expect((await megan.objectives.get(company.id)).progress).toBe(1);
    const tree = await megan.cycles.alignmentTree(cycleId);
    const companyNode = tree.roots.find((node) => node.id === company.id)!;
    const teamNode = companyNode.children.find((node) => node.id === team.id)!;
    expect([companyNode.progress, teamNode.progress]).toEqual([1, 1]);
  });

  it('counts as proof only evidence that is still attached', async () => {
    now = new Date(Date.parse('2026-01-01T00:00:00Z') + 45 * DAY);
    const isGreenWithoutProof = async () =>
      (await diego.risks({ personId: personId('Diego Siciliani') })).findings.some(
        (finding) => finding.ruleId === 'green_without_proof' && finding.subject.id === reported.id,
      );
    expect(await isGreenWithoutProof()).toBe(true);
    const attached = await diego.evidence.attachLink({
      target: { kind: 'keyResult', id: reported.id },
      url: 'https://contoso.example/pipeline-review',
      title: 'Pipeline review',
    });
    expect(await isGreenWithoutProof()).toBe(false);
    await diego.evidence.remove(attached.id);
    expect(await isGreenWithoutProof()).toBe(true);
  });
});
