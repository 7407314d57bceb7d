/**
 * Settings, risks and the weekly digest over HTTP against the real app, FerretDB and the
 * sandbox (which records the activity feed notifications the digest job sends).
 */
import type { ApiClient, ApiError } from '@throughline/contracts';
import { startTestApp, type TestApp } from '../../../tests/support/app';
import { openTestDatabase } from '../../../tests/support/database';
import { clientFor, personId, seedPeople } from '../../../tests/support/okr-api';

const DAY = 86_400_000;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

async function digestsSentTo(appUrl: string, userId: string, activityType: string) {
  const response = await fetch(
    `${process.env.TEST_GRAPH_URL}/_sandbox/teams/activity-notifications?recipientUserId=${userId}`,
  );
  const { value } = (await response.json()) as {
    value: { activityType: string; topic: { webUrl: string }; previewText: { content: string } }[];
  };
  return value.filter(
    (item) => item.activityType === activityType && item.topic.webUrl.startsWith(appUrl),
  );
}

describe('risks, settings and the weekly digest', () => {
  const database = openTestDatabase('risksapi');
  let app: TestApp;
  let admin: ApiClient;
  let patti: ApiClient;
  let ben: ApiClient;
  let alan: ApiClient;
  let cycleId: string;
  let teamId: string;
  let subTeamId: string;
  const benId = personId('Ben Walters');
  const pattiId = personId('Patti Fernandez');

  beforeAll(async () => {
    await seedPeople(database);
    app = await startTestApp(database);
    admin = clientFor(app.url, 'Megan Bowen');
    patti = clientFor(app.url, 'Patti Fernandez');
    ben = clientFor(app.url, 'Ben Walters');
    alan = clientFor(app.url, 'Alan Steiner');
    const now = Date.now();
    cycleId = (
      await admin.cycles.create({
        name: 'This quarter',
        startsOn: isoDate(now - 60 * DAY),
        endsOn: isoDate(now + 30 * DAY),
      })
    ).id;
    teamId = (await admin.teams.create({ name: 'Marketing' })).id;
    subTeamId = (await admin.teams.create({ name: 'Campaigns', parentId: teamId })).id;
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('gives sensible default settings, which only an admin changes, with optimistic versions', async () => {
    const settings = await ben.settings.get();
    expect(settings).toMatchObject({
      checkInCadenceDays: 7,
      paceTolerance: 0.1,
      confidenceDrop: 2,
      greenWithoutProofWeeks: 3,
      version: 1,
    });
    expect(
      (
        (await ben.settings
          .update({ version: 1, confidenceDrop: 3 })
          .catch((caught: unknown) => caught)) as ApiError
      ).status,
    ).toBe(403);
    const changed = await admin.settings.update({
      version: 1,
      confidenceDrop: 3,
      timeZone: 'Europe/London',
    });
    expect(changed).toMatchObject({ confidenceDrop: 3, timeZone: 'Europe/London', version: 2 });
    expect(
      (
        (await admin.settings
          .update({ version: 1, confidenceDrop: 4 })
          .catch((caught: unknown) => caught)) as ApiError
      ).code,
    ).toBe('version_conflict');
    const invalid = (await admin.settings
      .update({ version: 2, timeZone: 'Mars/Olympus' })
      .catch((caught: unknown) => caught)) as ApiError;
    expect(invalid.status).toBe(400);
    expect(invalid.fieldMessage('timeZone')).toMatch(/IANA/);
    expect((await ben.settings.get()).version).toBe(2);
  });

  it('finds risks for a person and for a team including its sub-teams, each explained', async () => {
    const objective = await ben.objectives.create({
      cycleId,
      title: 'Launch the spring campaign',
      teamId: subTeamId,
    });
    const keyResult = await ben.keyResults.create({
      objectiveId: objective.id,
      title: 'Qualified leads',
      metric: { kind: 'number', start: 0, target: 1000 },
    });
    await ben.keyResults.checkIn(keyResult.id, {
      version: 1,
      value: 100,
      confidence: 8,
      status: 'on_track',
    });
    const after = await ben.keyResults.get(keyResult.id);
    await ben.keyResults.checkIn(keyResult.id, {
      version: after.version,
      value: 120,
      confidence: 4,
      status: 'at_risk',
    });
    await ben.objectives.create({ cycleId, title: 'Refresh the brand book', teamId });

    const forBen = await patti.risks({ personId: benId });
    const rules = forBen.findings.map((finding) => `${finding.ruleId}:${finding.subject.title}`);
    expect(rules).toEqual(
      expect.arrayContaining([
        'behind_pace:Qualified leads',
        'confidence_drop:Qualified leads',
        'objective_without_key_results:Refresh the brand book',
        'objective_not_aligned:Launch the spring campaign',
      ]),
    );
    const drop = forBen.findings.find((finding) => finding.ruleId === 'confidence_drop')!;
    expect(drop).toMatchObject({
      facts: { from: 8, to: 4, drop: 4, threshold: 3 },
      explanation:
        'Confidence in “Qualified leads” fell from 8 to 4 out of 10 at the last check-in.',
    });
    expect(forBen.counts.critical + forBen.counts.warning + forBen.counts.info).toBe(
      forBen.findings.length,
    );

    const forTeam = await patti.risks({ teamId });
    expect(new Set(forTeam.findings.map((finding) => finding.subject.title))).toEqual(
      new Set(['Qualified leads', 'Launch the spring campaign', 'Refresh the brand book']),
    );
    const forSubTeam = await patti.risks({ teamId: subTeamId });
    expect(
      forSubTeam.findings.some((finding) => finding.subject.title === 'Refresh the brand book'),
    ).toBe(false);
    expect(
      (
        (await patti
          .risks({ personId: benId, teamId })
          .catch((caught: unknown) => caught)) as ApiError
      ).status,
    ).toBe(400);
  });

  it('summarises Ben’s week from the narrative, with the new risks', async () => {
    const digest = await ben.digest();
    expect(digest.subject).toMatchObject({ kind: 'person', id: benId, name: 'Ben Walters' });
    expect(
      digest.checkIns.map((item) => [
        item.valueBefore,
        item.valueAfter,
        item.confidenceBefore,
        item.confidence,
      ]),
    ).toEqual([
      [0, 100, null, 8],
      [100, 120, 8, 4],
    ]);
    expect(digest.statusChanges.map((change) => change.to)).toContain('at_risk');
    expect(digest.newRisks.map((risk) => risk.ruleId)).toContain('confidence_drop');
    expect(digest.text).toContain('2 check-ins: “Qualified leads” +120 to 120');
    const team = await patti.digest({ teamId });
    expect(team.subject).toMatchObject({ kind: 'team', name: 'Marketing' });
    expect(team.checkIns).toHaveLength(2);
  });

  it('says which job this server cannot run and what it needs, as a 404', async () => {
    const refused = (await admin
      .runJob('check-in-reminders')
      .catch((caught: unknown) => caught)) as ApiError;
    expect(refused.status).toBe(404);
    expect(refused.message).toBe(
      'This server has no check-in-reminders job: it runs only with Microsoft Graph and the Teams bot configured.',
    );
  });

  it('delivers the digest once per person and week, and the team digest to the manager, however often the job runs', async () => {
    expect(
      ((await ben.runJob('weekly-digest').catch((caught: unknown) => caught)) as ApiError).status,
    ).toBe(403);
    const first = await admin.runJob('weekly-digest');
    expect(first.sent).toBeGreaterThanOrEqual(2);
    const second = await admin.runJob('weekly-digest');
    expect(second).toMatchObject({ sent: 0, failed: 0, skipped: first.sent });
    const toBen = await digestsSentTo(app.url, benId, 'weeklyDigest');
    expect(toBen).toHaveLength(1);
    expect(toBen[0]!.previewText.content).toMatch(/check-ins: “Qualified leads”/);
    const toPatti = await digestsSentTo(app.url, pattiId, 'teamDigest');
    expect(toPatti).toHaveLength(1);
    // Alan owns no OKRs: no personal digest, but nothing breaks.
    expect(await digestsSentTo(app.url, personId('Alan Steiner'), 'weeklyDigest')).toHaveLength(0);
    expect((await alan.digest()).isQuiet).toBe(true);
  });
});
