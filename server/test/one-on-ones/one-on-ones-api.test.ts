/**
 * 1-on-1s against the real app, FerretDB and the sandbox Graph: the sandbox's calendar
 * holds a weekly 1-on-1 between every manager and each report (dated from today), and
 * records what was sent to Teams. The server runs on the real clock for that reason.
 */
import { ApiError, type ApiClient, type OneOnOneSummary } from '@throughline/contracts';
import { validateAdaptiveCard } from '../../src/one-on-ones/card-schema';
import { startTestApp, type TestApp } from '../../../tests/support/app';
import { openTestDatabase } from '../../../tests/support/database';
import { clientFor, personId, seedPeople, openThisQuarter } from '../../../tests/support/okr-api';
import { makeThisWeeksOneOnOnesDue } from '../../../tests/support/one-on-ones';

const DAY = 86_400_000;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

interface RecordedNotification {
  recipientUserId: string;
  activityType: string;
  topic: { webUrl: string; value: string };
  previewText: { content: string };
}

async function prepCardsSentTo(appUrl: string, userId: string): Promise<RecordedNotification[]> {
  const response = await fetch(
    `${process.env.TEST_GRAPH_URL}/_sandbox/teams/activity-notifications?recipientUserId=${userId}`,
  );
  const { value } = (await response.json()) as { value: RecordedNotification[] };
  // Other test files share the sandbox: this app's links start with its own address.
  return value.filter(
    (item) => item.activityType === 'oneOnOnePrepCard' && item.topic.webUrl.startsWith(appUrl),
  );
}

describe('1-on-1 prep cards', () => {
  const database = openTestDatabase('oneonones');
  let app: TestApp;
  let admin: ApiClient;
  let alex: ApiClient;
  let diego: ApiClient;
  let isaiah: ApiClient;
  const alexId = personId('Alex Wilber');
  const diegoId = personId('Diego Siciliani');
  let mine: OneOnOneSummary[];

  beforeAll(async () => {
    await seedPeople(database);
    app = await startTestApp(database);
    admin = clientFor(app.url, 'Megan Bowen');
    alex = clientFor(app.url, 'Alex Wilber');
    diego = clientFor(app.url, 'Diego Siciliani');
    isaiah = clientFor(app.url, 'Isaiah Langer');
    const cycle = await openThisQuarter(admin);
    const objective = await diego.objectives.create({
      cycleId: cycle.id,
      title: 'Win the Northwind renewal',
    });
    const keyResult = await diego.keyResults.create({
      objectiveId: objective.id,
      title: 'Signed ARR',
      metric: { kind: 'currency', currency: 'EUR', start: 0, target: 200000 },
    });
    await diego.keyResults.checkIn(keyResult.id, {
      version: keyResult.version,
      value: 60000,
      confidence: 6,
      status: 'at_risk',
      note: 'Legal review pending',
    });
    await diego.deliverables.create({
      keyResultId: keyResult.id,
      title: 'Legal review of the order form',
      state: 'blocked',
    });
    await makeThisWeeksOneOnOnesDue(admin);
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('finds the weekly 1-on-1s in the manager’s calendar, one per report', async () => {
    const upcoming = (await alex.oneOnOnes.list()).items.filter(
      (item) => Date.parse(item.startsAt) > Date.now(),
    );
    mine = upcoming.filter((item) => item.role === 'manager');
    expect(new Set(mine.map((item) => item.reportId))).toEqual(
      new Set(
        ['Diego Siciliani', 'Isaiah Langer', 'Johanna Lorenz', 'Lee Gu', 'Lynne Robbins'].map(
          personId,
        ),
      ),
    );
    expect(
      mine.every((item) => item.managerId === alexId && item.managerName === 'Alex Wilber'),
    ).toBe(true);
    // Alex is also a report: the 1-on-1 with Megan comes from Megan's calendar.
    expect(
      upcoming
        .filter((item) => item.role === 'report')
        .map((item) => [item.managerName, item.reportName]),
    ).toContainEqual(['Megan Bowen', 'Alex Wilber']);
    // A team sync with five reports is in the same calendar and is not a 1-on-1.
    expect(mine.some((item) => /team sync/i.test(item.subject))).toBe(false);
  });

  it('sends the manager exactly one card per occurrence, even when the job runs twice', async () => {
    const first = await admin.runJob('prep-cards');
    expect(first.sent).toBeGreaterThanOrEqual(5);
    const afterFirst = await prepCardsSentTo(app.url, alexId);
    const second = await admin.runJob('prep-cards');
    expect(second.sent).toBe(0);
    expect(second.skipped).toBe(first.sent);
    const afterSecond = await prepCardsSentTo(app.url, alexId);
    expect(afterSecond).toHaveLength(afterFirst.length);
    const upcoming = (await alex.oneOnOnes.list()).items.filter(
      (item) =>
        item.managerId === alexId &&
        Date.parse(item.startsAt) > Date.now() &&
        Date.parse(item.startsAt) <= Date.now() + 7 * DAY,
    );
    expect(afterSecond).toHaveLength(upcoming.length);
    expect(new Set(afterSecond.map((item) => item.topic.webUrl)).size).toBe(afterSecond.length);
    expect(upcoming.every((item) => item.deliveredAt !== null)).toBe(true);
    const diegoCard = afterSecond.find(
      (item) => item.topic.value === '1-on-1 with Diego Siciliani',
    )!;
    expect(diegoCard.previewText.content).toMatch(/^Prep card ready: /);
    expect(diegoCard.topic.webUrl).toContain('/tab/#/one-on-ones?event=');
  });

  it('serves the card, valid against the Adaptive Card 1.5 schema, to the manager and to the report', async () => {
    const meeting = mine.find((item) => item.reportId === diegoId)!;
    const detail = await alex.oneOnOnes.get(meeting.id);
    expect(validateAdaptiveCard(detail.card)).toEqual({ isValid: true, errors: [] });
    expect(detail.prep.keyResults.map((item) => [item.title, item.progress])).toEqual([
      ['Signed ARR', 0.3],
    ]);
    expect(detail.prep.deliverables.map((item) => item.title)).toEqual([
      'Legal review of the order form',
    ]);
    expect(detail.prep.risks.map((risk) => risk.ruleId)).toContain('deliverable_blocked');
    expect(detail.prep.talkingPoints).toHaveLength(3);
    expect(JSON.stringify(detail.card)).toContain('Signed ARR');
    const asReport = await diego.oneOnOnes.get(meeting.id);
    expect(asReport.role).toBe('report');
    expect(asReport.card).toEqual(detail.card);
  });

  it('refuses anyone who is neither the manager nor the report with 404, admins too', async () => {
    const meeting = mine.find((item) => item.reportId === diegoId)!;
    for (const outsider of [isaiah, admin]) {
      const error = (await outsider.oneOnOnes
        .get(meeting.id)
        .catch((caught: unknown) => caught)) as ApiError;
      expect(error).toBeInstanceOf(ApiError);
      expect(error.status).toBe(404);
      expect(error.code).toBe('one_on_one_not_found');
    }
    const noteError = (await isaiah.oneOnOnes
      .addNote(meeting.id, { body: 'sneaky' })
      .catch((caught: unknown) => caught)) as ApiError;
    expect(noteError.status).toBe(404);
    expect((await isaiah.oneOnOnes.list()).items.some((item) => item.id === meeting.id)).toBe(
      false,
    );
  });

  it('finds the 1-on-1 from its calendar event and from its Teams meeting chat', async () => {
    const meeting = mine.find((item) => item.reportId === diegoId)!;
    expect((await alex.oneOnOnes.byEvent(meeting.eventId)).id).toBe(meeting.id);
    expect(meeting.chatThreadId).toMatch(/^19:meeting_.+@thread\.v2$/);
    expect((await diego.oneOnOnes.byChat(meeting.chatThreadId!)).id).toBe(meeting.id);
    expect(
      (
        (await isaiah.oneOnOnes
          .byChat(meeting.chatThreadId!)
          .catch((caught: unknown) => caught)) as ApiError
      ).status,
    ).toBe(404);
  });

  it('carries open action items over to the next occurrence, and shares notes', async () => {
    const now = Date.now();
    const twoWeeks = (
      await alex.oneOnOnes.list({
        from: new Date(now).toISOString(),
        to: new Date(now + 14 * DAY).toISOString(),
      })
    ).items.filter((item) => item.reportId === diegoId && Date.parse(item.startsAt) > now);
    expect(twoWeeks.length).toBeGreaterThanOrEqual(2);
    const [first, next] = twoWeeks;
    const item = await alex.oneOnOnes.addActionItem(first!.id, {
      text: 'Send Northwind the revised order form',
    });
    expect(item).toMatchObject({
      ownerId: diegoId,
      oneOnOneId: first!.id,
      isDone: false,
      version: 1,
    });
    await diego.oneOnOnes.addNote(first!.id, { body: 'Legal wants the liability cap reworded.' });
    expect((await alex.oneOnOnes.get(first!.id)).notes.map((note) => note.body)).toEqual([
      'Legal wants the liability cap reworded.',
    ]);

    const nextDetail = await diego.oneOnOnes.get(next!.id);
    expect(nextDetail.actionItems.map((entry) => entry.text)).toEqual([
      'Send Northwind the revised order form',
    ]);
    expect(nextDetail.prep.openActionItems.map((entry) => entry.text)).toEqual([
      'Send Northwind the revised order form',
    ]);
    expect(nextDetail.prep.sinceIsPreviousMeeting).toBe(true);
    expect(JSON.stringify(nextDetail.card)).toContain('Send Northwind the revised order form');

    const done = await diego.oneOnOnes.updateActionItem(next!.id, item.id, {
      version: 1,
      isDone: true,
    });
    expect(done).toMatchObject({
      isDone: true,
      doneBy: diegoId,
      doneInOneOnOneId: next!.id,
      version: 2,
    });
    const stale = (await alex.oneOnOnes
      .updateActionItem(next!.id, item.id, { version: 1, isDone: false })
      .catch((caught: unknown) => caught)) as ApiError;
    expect(stale.status).toBe(409);
    const timeline = await diego.narrative({ personId: diegoId, limit: 10 });
    expect(timeline.items.map((entry) => entry.type)).toEqual(
      expect.arrayContaining(['action_item.created', 'action_item.completed']),
    );
    // The person timeline is readable tenant-wide, so it names no 1-on-1 text.
    expect(JSON.stringify(timeline.items)).not.toContain('Northwind the revised');
  });

  it('refuses an action item owner outside the pair', async () => {
    const meeting = mine.find((item) => item.reportId === diegoId)!;
    const error = (await alex.oneOnOnes
      .addActionItem(meeting.id, { text: 'x', ownerId: personId('Isaiah Langer') })
      .catch((caught: unknown) => caught)) as ApiError;
    expect(error.status).toBe(400);
    expect(error.fieldMessage('ownerId')).toMatch(/manager or the report/);
  });

  it('shows the report’s scores in the first 1-on-1 after a cycle closed, and a talking point about them', async () => {
    const now = Date.now();
    const last = await admin.cycles.create({
      name: 'Last quarter',
      startsOn: isoDate(now - 140 * DAY),
      endsOn: isoDate(now - 46 * DAY),
    });
    const objective = await diego.objectives.create({ cycleId: last.id, title: 'Land Fabrikam' });
    const keyResult = await diego.keyResults.create({
      objectiveId: objective.id,
      title: 'Fabrikam pilot seats',
      metric: { kind: 'number', start: 0, target: 50 },
    });
    await diego.keyResults.checkIn(keyResult.id, {
      version: keyResult.version,
      value: 15,
      confidence: 4,
      status: 'off_track',
    });
    await admin.cycles.close(last.id);
    const scored = await diego.keyResults.get(keyResult.id);
    await diego.keyResults.overrideScore(keyResult.id, {
      version: scored.version,
      score: 0.5,
      reason: 'The pilot moved to January at Fabrikam’s request',
    });
    const meeting = (await alex.oneOnOnes.list()).items.find(
      (item) => item.reportId === diegoId && Date.parse(item.startsAt) > Date.now(),
    )!;
    const detail = await alex.oneOnOnes.get(meeting.id);
    expect(detail.prep.closedCycle).toMatchObject({
      name: 'Last quarter',
      averageScore: 0.5,
      keyResults: [
        {
          title: 'Fabrikam pilot seats',
          final: 0.5,
          computed: 0.3,
          reason: 'The pilot moved to January at Fabrikam’s request',
        },
      ],
    });
    expect(detail.prep.talkingPoints.join(' ')).toContain('Look back at Last quarter');
    const card = JSON.stringify(detail.card);
    expect(card).toContain('Scores of Last quarter');
    expect(card).toContain(
      'Fabrikam pilot seats: 0.5 (computed 0.3; The pilot moved to January at Fabrikam’s request)',
    );
    expect(validateAdaptiveCard(detail.card).isValid).toBe(true);
    // Isaiah's card has none of Diego's scores.
    const isaiahsMeeting = (await alex.oneOnOnes.list()).items.find(
      (item) =>
        item.reportId === personId('Isaiah Langer') && Date.parse(item.startsAt) > Date.now(),
    )!;
    expect((await alex.oneOnOnes.get(isaiahsMeeting.id)).prep.closedCycle ?? null).toBeNull();
  });
});
