/**
 * The weekly digest as an Adaptive Card in the person's chat with the bot, through the real
 * path: servers on FerretDB with the Teams SDK bot, the job forced through the admin route,
 * and what the sandbox's Bot Framework connector and Teams activity feed received.
 *
 * Diego (a report of Alex) has a public objective, and a private one whose key result is
 * owned by his peer Isaiah, with evidence only its owner and their manager may see. Isaiah
 * may not see Diego's private objective at all: none of it may reach his card, his feed
 * item or his digest in the tab, though the events and risks of that key result name him.
 */
import { SANDBOX_BOT_HOME_TENANT_ID, type PostedActivity } from '@throughline/sandbox';
import type { ApiClient, JobRunResult } from '@throughline/contracts';
import { validateAdaptiveCard } from '../../src/one-on-ones/card-schema';
import { recordRiskSightings } from '../../src/risks/service';
import { systemContext } from '../../src/platform/auth/system-context';
import { sandboxBotConfig } from '../../../tests/support/bot';
import { startTestApp, type TestApp } from '../../../tests/support/app';
import { openTestDatabase } from '../../../tests/support/database';
import { clientFor, personId, seedPeople, openThisQuarter } from '../../../tests/support/okr-api';

const CONTOSO = SANDBOX_BOT_HOME_TENANT_ID;

const botConfig = sandboxBotConfig();

interface Card {
  version: string;
  body: unknown[];
  actions: { type: string; title: string; url?: string }[];
}
const cardOf = (posted: PostedActivity) =>
  (posted.activity.attachments as { contentType: string; content: Card }[] | undefined)?.[0];

const mentions = (text: string, url: string) =>
  text.includes(url) || text.includes(encodeURIComponent(url));

/** The digest cards these servers posted into a person's chat (other files share the sandbox). */
async function digestCardsTo(name: string, servers: TestApp[]): Promise<Card[]> {
  const response = await fetch(
    `${process.env.TEST_GRAPH_URL}/_sandbox/bot/activities?tenantId=${CONTOSO}&userId=${personId(name)}`,
  );
  const { value } = (await response.json()) as { value: PostedActivity[] };
  return value
    .map(cardOf)
    .filter((attachment) => {
      const text = JSON.stringify(attachment?.content ?? {});
      return text.includes('week in OKRs') && servers.some((server) => mentions(text, server.url));
    })
    .map((attachment) => attachment!.content);
}

interface FeedItem {
  activityType: string;
  topic: { webUrl: string };
  previewText: { content: string };
}
/** The digest items these servers sent to a person's activity feed. */
async function digestFeedTo(name: string, servers: TestApp[]): Promise<FeedItem[]> {
  const response = await fetch(
    `${process.env.TEST_GRAPH_URL}/_sandbox/teams/activity-notifications?recipientUserId=${personId(name)}`,
  );
  const { value } = (await response.json()) as { value: FeedItem[] };
  return value.filter(
    (item) =>
      ['weeklyDigest', 'teamDigest'].includes(item.activityType) &&
      servers.some((server) => mentions(item.topic.webUrl, server.url)),
  );
}

const textOf = (card: Card) => JSON.stringify(card);

describe('the weekly digest card in the chat with the bot', () => {
  const database = openTestDatabase('digestcard');
  let first: TestApp;
  let second: TestApp;
  let admin: ApiClient;
  let isaiah: ApiClient;
  const servers = () => [first, second];
  /** The job forced on both servers at the same moment, then once more. */
  let runs: Record<'one' | 'two' | 'again', JobRunResult>;

  beforeAll(async () => {
    await seedPeople(database);
    first = await startTestApp(database, { config: botConfig });
    second = await startTestApp(database, { config: botConfig });
    admin = clientFor(first.url, 'Megan Bowen');
    const diego = clientFor(first.url, 'Diego Siciliani');
    isaiah = clientFor(first.url, 'Isaiah Langer');
    const cycle = await openThisQuarter(admin);

    const renewal = await diego.objectives.create({
      cycleId: cycle.id,
      title: 'Win the Northwind renewal ${quarter}',
    });
    const arr = await diego.keyResults.create({
      objectiveId: renewal.id,
      title: 'Signed ARR',
      metric: { kind: 'number', start: 0, target: 200, unit: 'k€' },
    });
    await diego.keyResults.checkIn(arr.id, {
      version: arr.version,
      value: 60,
      confidence: 6,
      status: 'at_risk',
      note: 'Procurement wants a second quote',
    });
    await diego.keyResults.create({
      objectiveId: renewal.id,
      title: 'Reference customers',
      metric: { kind: 'number', start: 0, target: 3 },
    });
    await diego.evidence.attachLink({
      target: { kind: 'keyResult', id: arr.id },
      url: 'https://contoso.example/finance/northwind-pricing',
      title: 'Northwind pricing memo',
      visibility: 'owner_and_manager',
    });

    // Diego's private objective, with a key result he gave his peer Isaiah to own.
    const falcon = await diego.objectives.create({
      cycleId: cycle.id,
      title: 'Project Falcon',
      visibility: 'private',
    });
    const pilots = await diego.keyResults.create({
      objectiveId: falcon.id,
      title: 'Falcon pilots',
      ownerId: personId('Isaiah Langer'),
      metric: { kind: 'number', start: 0, target: 10 },
    });
    await diego.keyResults.checkIn(pilots.id, {
      version: pilots.version,
      value: 1,
      confidence: 3,
      status: 'off_track',
      note: 'Falcon board is nervous',
    });
    await diego.evidence.attachLink({
      target: { kind: 'keyResult', id: pilots.id },
      url: 'https://contoso.example/falcon/term-sheet',
      title: 'Falcon term sheet',
      visibility: 'owner_and_manager',
    });

    const retail = await isaiah.objectives.create({
      cycleId: cycle.id,
      title: 'Grow Contoso Retail',
    });
    const signed = await isaiah.keyResults.create({
      objectiveId: retail.id,
      title: 'Retail pilots signed',
      metric: { kind: 'number', start: 0, target: 8 },
    });
    await isaiah.keyResults.checkIn(signed.id, {
      version: signed.version,
      value: 4,
      confidence: 8,
      status: 'on_track',
    });
    // Their manager, who sees both, makes Isaiah's launch kit wait on Falcon's blocked contract.
    const contract = await diego.deliverables.create({
      objectiveId: falcon.id,
      title: 'Falcon contract',
      state: 'blocked',
    });
    await clientFor(first.url, 'Alex Wilber').deliverables.create({
      objectiveId: retail.id,
      title: 'Retail launch kit',
      ownerId: personId('Isaiah Langer'),
      dependsOn: [{ kind: 'deliverable', id: contract.id }],
    });
    // The risk-sightings job (which sees everything) records this week's findings first.
    await recordRiskSightings(systemContext(database.db, CONTOSO, new Date()));

    const [one, two] = await Promise.all([
      admin.runJob('weekly-digest'),
      clientFor(second.url, 'Megan Bowen').runJob('weekly-digest'),
    ]);
    runs = { one, two, again: await admin.runJob('weekly-digest') };
  });
  afterAll(async () => {
    await first.close();
    await second.close();
    await database.close();
  });

  it('posts one card per person and week, with two servers running the job at once and again', async () => {
    const { one, two, again } = runs;
    expect(one.failed + two.failed + again.failed).toBe(0);
    expect(again.sent).toBe(0);
    // Every recipient's feed item and card: each sent by one server, skipped by every later run.
    expect(one.sent + two.sent).toBeGreaterThanOrEqual(6);
    expect((one.sent + two.sent) % 2).toBe(0);
    expect(again.skipped).toBe(one.sent + two.sent);
    expect(await digestCardsTo('Diego Siciliani', servers())).toHaveLength(1);
    expect(await digestCardsTo('Isaiah Langer', servers())).toHaveLength(1);
    expect(await digestCardsTo('Alex Wilber', servers())).toHaveLength(1);
  });

  it('sends the feed item as well, once, linking where the card’s “Open in Throughline” goes', async () => {
    const [feed] = await digestFeedTo('Diego Siciliani', servers());
    expect(await digestFeedTo('Diego Siciliani', servers())).toHaveLength(1);
    expect(feed!.activityType).toBe('weeklyDigest');
    const [card] = await digestCardsTo('Diego Siciliani', servers());
    // Either server may have sent either delivery: the same page of the tab, on its address.
    const page = (url: string) => url.replace(/^http:\/\/127\.0\.0\.1:\d+/, '');
    expect(card!.actions).toEqual([
      { type: 'Action.OpenUrl', title: 'Open in Throughline', url: expect.any(String) },
    ]);
    expect(page(card!.actions[0]!.url!)).toBe(page(feed!.topic.webUrl));
    expect(page(feed!.topic.webUrl)).toMatch(/^\/tab\/#\/digest\?weekOf=\d{4}-\d{2}-\d{2}$/);
  });

  it('is a valid Adaptive Card 1.5 with the week, the check-ins, the key results due and the objectives’ progress', async () => {
    const [card] = await digestCardsTo('Diego Siciliani', servers());
    expect(card!.version).toBe('1.5');
    expect(validateAdaptiveCard(card)).toEqual({ isValid: true, errors: [] });
    const text = textOf(card!);
    const weekOf = (await clientFor(first.url, 'Diego Siciliani').digest()).weekOf;
    expect(text).toContain(`Week of ${weekOf} · Diego Siciliani`);
    expect(text).toContain(
      'Diego Siciliani checked in “Signed ARR”: 60 k€ (+60 k€), confidence 6/10',
    );
    expect(text).toContain('“Procurement wants a second quote”');
    expect(text).toContain('Due for a check-in');
    expect(text).toContain('“Reference customers” in “Win the Northwind renewal ${quarter}”');
    expect(text).toContain('never checked in');
    expect(text).toContain('Your objectives');
    // A title with template syntax in it comes through as written.
    expect(text).toContain('Win the Northwind renewal ${quarter}');
    // His own restricted evidence is his to see.
    expect(text).toContain('Northwind pricing memo');
  });

  it('gives the manager the team card, with his reports’ check-ins and objectives', async () => {
    const [card] = await digestCardsTo('Alex Wilber', servers());
    expect(validateAdaptiveCard(card)).toEqual({ isValid: true, errors: [] });
    const text = textOf(card!);
    expect(text).toContain('Your team’s week in OKRs');
    expect(text).toContain('Alex Wilber’s reports');
    expect(text).toContain('Diego Siciliani checked in “Signed ARR”');
    expect(text).toContain(
      'Isaiah Langer checked in “Retail pilots signed”: 4 (+4), confidence 8/10',
    );
    expect(text).toContain('Grow Contoso Retail');
    // A manager may see his report's private objective and restricted evidence.
    expect(text).toContain('Project Falcon');
    expect(text).toContain('Northwind pricing memo');
    expect(text).toContain('“Retail launch kit” depends on “Falcon contract”, which is blocked.');
    const feed = await digestFeedTo('Alex Wilber', servers());
    expect(feed.map((item) => item.activityType)).toEqual(['teamDigest']);
  });

  it('shows a peer nothing of a private objective or restricted evidence he may not see', async () => {
    const [card] = await digestCardsTo('Isaiah Langer', servers());
    const text = textOf(card!);
    expect(text).toContain('Isaiah Langer checked in “Retail pilots signed”');
    // His work waits on Falcon's: he learns that it is in trouble, not what it is.
    expect(text).toContain(
      '“Retail launch kit” depends on “a deliverable you cannot see”, which is blocked.',
    );
    for (const secret of [
      'Falcon',
      'Northwind pricing memo',
      'Procurement wants a second quote',
      'Signed ARR',
    ])
      expect([secret, text.includes(secret)]).toEqual([secret, false]);
    const [feed] = await digestFeedTo('Isaiah Langer', servers());
    expect(feed!.previewText.content).not.toContain('Falcon');
    // The tab's digest, read by Isaiah himself, keeps the recorded risks of it out too.
    const digest = JSON.stringify(await isaiah.digest());
    expect(digest).toContain('Retail pilots signed');
    expect(digest).not.toContain('Falcon');
    const risks = JSON.stringify(await isaiah.risks({ personId: personId('Isaiah Langer') }));
    expect(risks).toContain('a deliverable you cannot see');
    expect(risks).not.toContain('Falcon');
  });

  it('sends nothing to someone with no OKRs and no reports', async () => {
    expect(await digestCardsTo('Lee Gu', servers())).toHaveLength(0);
    expect(await digestFeedTo('Lee Gu', servers())).toHaveLength(0);
  });
});

describe('a digest card the connector did not take', () => {
  const database = openTestDatabase('digestretry');
  let down: TestApp;
  let later: TestApp;

  beforeAll(async () => {
    await seedPeople(database);
    // This server's Bot Connector address is a path the stand-in does not serve (400): every post fails.
    down = await startTestApp(database, {
      config: {
        ...botConfig,
        BOT_SERVICE_URL: (process.env.TEST_BOT_SERVICE_URL ?? '').replace(/teams\/?$/, 'down/'),
      },
    });
    // A server running past the ledger's back-off (2 minutes after a first failure).
    later = await startTestApp(database, {
      config: botConfig,
      deps: { clock: () => new Date(Date.now() + 5 * 60_000) },
    });
    const admin = clientFor(down.url, 'Megan Bowen');
    const diego = clientFor(down.url, 'Diego Siciliani');
    const cycle = await openThisQuarter(admin);
    const objective = await diego.objectives.create({ cycleId: cycle.id, title: 'Open Oslo' });
    const keyResult = await diego.keyResults.create({
      objectiveId: objective.id,
      title: 'Oslo ARR',
      metric: { kind: 'currency', currency: 'EUR', start: 0, target: 100000 },
    });
    await diego.keyResults.checkIn(keyResult.id, {
      version: keyResult.version,
      value: 20000,
      confidence: 7,
      status: 'on_track',
    });
  });
  afterAll(async () => {
    await down.close();
    await later.close();
    await database.close();
  });

  it('is posted on the next run, and the feed item is not sent again', async () => {
    const failing = await clientFor(down.url, 'Megan Bowen').runJob('weekly-digest');
    // Diego's card and Alex's (and every other recipient's) failed; their feed items went out.
    expect(failing.failed).toBeGreaterThanOrEqual(2);
    expect(failing.sent).toBe(failing.failed);
    expect(await digestFeedTo('Diego Siciliani', [down, later])).toHaveLength(1);
    expect(await digestCardsTo('Diego Siciliani', [down, later])).toHaveLength(0);
    const ledger = database.db.collection<{ _id: string; state: string; lastError?: string }>(
      'deliveries',
    );
    const diegos = async (kind: string) => {
      const key = `${CONTOSO}:${personId('Diego Siciliani')}:`;
      const found = await ledger.find({ tenantId: CONTOSO, kind }).toArray();
      return found.filter((entry) => entry._id.startsWith(key) && !entry._id.includes('#'));
    };
    expect((await diegos('weekly-digest')).map((entry) => entry.state)).toEqual(['sent']);
    expect((await diegos('weekly-digest-chat')).map((entry) => entry.state)).toEqual(['failed']);

    const retried = await clientFor(later.url, 'Megan Bowen').runJob('weekly-digest');
    expect(retried).toMatchObject({ failed: 0, sent: failing.failed, skipped: failing.sent });
    const [card] = await digestCardsTo('Diego Siciliani', [down, later]);
    expect(validateAdaptiveCard(card)).toEqual({ isValid: true, errors: [] });
    expect(textOf(card!)).toContain('“Oslo ARR”: 20,000 EUR (+20,000 EUR), confidence 7/10');
    expect(await digestCardsTo('Alex Wilber', [down, later])).toHaveLength(1);
    expect(await digestFeedTo('Diego Siciliani', [down, later])).toHaveLength(1);
    expect((await diegos('weekly-digest-chat')).map((entry) => entry.state)).toEqual(['sent']);

    const after = await clientFor(later.url, 'Megan Bowen').runJob('weekly-digest');
    expect(after).toMatchObject({ sent: 0, failed: 0 });
    expect(await digestCardsTo('Diego Siciliani', [down, later])).toHaveLength(1);
  });
});
