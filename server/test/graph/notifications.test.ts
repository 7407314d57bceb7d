import type { ApiClient } from '@throughline/contracts';
import { CONTOSO_TENANT_ID, findSeedDriveItems } from '@throughline/sandbox';
import { startTestApp, TEST_TOKEN_CACHE_KEY, type TestApp } from '../../../tests/support/app';
import { openTestDatabase } from '../../../tests/support/database';
import { clientFor, personId, seedPeople } from '../../../tests/support/okr-api';
import { GRAPH_STATE } from '../../src/platform/graph/state-store';
import { TOKEN_CACHE } from '../../src/platform/graph/token-cache-store';
import { openCache, userPartition, type SealedCache } from '../../src/platform/graph/token-cache';

const control = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${process.env.TEST_GRAPH_URL}/_sandbox${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`sandbox ${method} ${path}: ${response.status}`);
  return response.status === 204 ? null : ((await response.json()) as Record<string, unknown>);
};

interface SandboxSubscription {
  id: string;
  resource: string;
  notificationUrl: string;
  expirationDateTime: string;
}

describe('Graph subscriptions and the token cache', () => {
  const database = openTestDatabase('graphsubs');
  let app: TestApp;
  let lee: ApiClient;
  let keyResultId: string;
  const leeId = personId('Lee Gu');
  const ours = async () =>
    ((await control('GET', '/subscriptions'))!.value as SandboxSubscription[]).filter(
      (subscription) => subscription.notificationUrl.startsWith(app.url),
    );
  const narrativeTypes = async () =>
    (await lee.narrative({ keyResultId })).items.map((item) => item.type);

  beforeAll(async () => {
    await seedPeople(database);
    app = await startTestApp(database);
    lee = clientFor(app.url, 'Lee Gu');
    const megan = clientFor(app.url, 'Megan Bowen');
    const day = (offset: number) =>
      new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const cycle = await megan.cycles.create({
      name: 'Subscriptions',
      startsOn: day(-10),
      endsOn: day(80),
    });
    const objective = await lee.objectives.create({
      cycleId: cycle.id,
      title: 'Delight Woodgrove',
    });
    keyResultId = (
      await lee.keyResults.create({
        objectiveId: objective.id,
        title: 'Renewal signed',
        metric: { kind: 'boolean', target: 1 },
      })
    ).id;
    const item = findSeedDriveItems(CONTOSO_TENANT_ID, leeId)[0]!;
    await lee.evidence.attachDocument({
      target: { kind: 'keyResult', id: keyResultId },
      driveId: item.driveId,
      itemId: item.id,
    });
  });
  afterAll(async () => {
    await app.features.notifications.settled();
    await app.close();
    await database.close();
  });

  it('keeps the token cache encrypted at rest, one partition per person', async () => {
    const docs = await database.db
      .collection(TOKEN_CACHE)
      .find({ tenantId: CONTOSO_TENANT_ID })
      .toArray();
    expect(docs.length).toBeGreaterThan(0);
    const raw = JSON.stringify(docs);
    const sealed = await database.db.collection(TOKEN_CACHE).find().toArray();
    const opened = sealed
      .map((doc) =>
        openCache(
          Buffer.from(TEST_TOKEN_CACHE_KEY, 'base64'),
          userPartition(CONTOSO_TENANT_ID, leeId),
          doc as unknown as SealedCache,
        ),
      )
      .filter((text): text is string => !!text);
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatch(/"AccessToken"/);
    // Decrypted, the cache holds the tokens; stored, none of them appears (random
    // ciphertext is not matched against token-like patterns: it may look like one).
    const secrets = [...opened[0]!.matchAll(/"secret":"([^"]{16,})"/g)].map((match) => match[1]!);
    expect(secrets.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(raw).not.toContain(secret);
    // JSON keys need quotes, which base64 ciphertext never contains.
    expect(raw).not.toMatch(/"(AccessToken|RefreshToken|IdToken|secret)"/);
  });

  it('renews a subscription when Graph asks for reauthorization', async () => {
    const [subscription] = await ours();
    const before = await database.db
      .collection(GRAPH_STATE)
      .findOne({ subscriptionId: subscription!.id });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await control('POST', `/subscriptions/${subscription!.id}/lifecycle`, {
      lifecycleEvent: 'reauthorizationRequired',
    });
    await app.features.notifications.settled();
    const after = await database.db
      .collection(GRAPH_STATE)
      .findOne({ subscriptionId: subscription!.id });
    expect((after!.expiresAt as Date).getTime()).toBeGreaterThan(
      (before!.expiresAt as Date).getTime(),
    );
    const renewed = (await ours()).find((candidate) => candidate.id === subscription!.id)!;
    expect(Date.parse(renewed.expirationDateTime)).toBeGreaterThan(
      Date.parse(subscription!.expirationDateTime),
    );
  });

  it('renews a subscription once when two servers run the renewal job at the same moment', async () => {
    const other = await startTestApp(database);
    try {
      const [subscription] = await ours();
      const stored = await database.db
        .collection(GRAPH_STATE)
        .findOne({ subscriptionId: subscription!.id });
      // An hour before it expires: due for renewal on both servers.
      const now = new Date((stored!.expiresAt as Date).getTime() - 60 * 60_000);
      const path = `/v1.0/subscriptions/${subscription!.id}`;
      const requests = async () =>
        ((await control('GET', '/requests'))!.byPath as Record<string, number>)[path] ?? 0;
      const before = await requests();
      // Graph keeps expiry times to the second: let one pass, so the renewal shows.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const [mine, theirs] = await Promise.all([
        app.features.notifications.renewSubscriptions(now),
        other.features.notifications.renewSubscriptions(now),
      ]);
      expect(mine.failed + theirs.failed).toBe(0);
      expect((await requests()) - before).toBe(1);
      const after = await database.db
        .collection(GRAPH_STATE)
        .findOne({ subscriptionId: subscription!.id });
      expect((after!.expiresAt as Date).getTime()).toBeGreaterThan(
        (stored!.expiresAt as Date).getTime(),
      );
    } finally {
      await other.close();
    }
  });

  it('creates a new subscription when Graph removes one', async () => {
    const [subscription] = await ours();
    await control('POST', `/subscriptions/${subscription!.id}/lifecycle`, {
      lifecycleEvent: 'subscriptionRemoved',
    });
    await app.features.notifications.settled();
    const now = await ours();
    expect(now.map((candidate) => candidate.id)).not.toContain(subscription!.id);
    expect(now.map((candidate) => candidate.resource)).toContain(subscription!.resource);
  });

  it('changes nothing twice for a duplicate or replayed notification, and resyncs after missed ones', async () => {
    const item = findSeedDriveItems(CONTOSO_TENANT_ID, leeId)[0]!;
    await control('PATCH', `/tenants/${CONTOSO_TENANT_ID}/users/${leeId}/drive/items/${item.id}`, {
      size: 4242,
    });
    const deadline = Date.now() + 10_000;
    while (!(await narrativeTypes()).includes('evidence.source_changed') && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    const deliveries = (await control('GET', '/notifications'))!.value as Array<{
      kind: string;
      url: string;
      payload: { value: Array<{ resource: string }> };
    }>;
    const delivered = deliveries
      .filter((delivery) => delivery.kind === 'change' && delivery.url.startsWith(app.url))
      .pop()!;
    const countBefore = (await narrativeTypes()).length;
    // Graph may deliver the same notification again; send it twice at once, then once more.
    const replay = () =>
      fetch(`${app.url}/api/graph/notifications`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(delivered.payload),
      });
    expect((await Promise.all([replay(), replay()])).map((response) => response.status)).toEqual([
      202, 202,
    ]);
    expect((await replay()).status).toBe(202);
    const [subscription] = await ours();
    await control('POST', `/subscriptions/${subscription!.id}/lifecycle`, {
      lifecycleEvent: 'missed',
    });
    await app.features.notifications.settled();
    expect((await narrativeTypes()).length).toBe(countBefore);
    expect(
      (await narrativeTypes()).filter((type) => type === 'evidence.source_changed'),
    ).toHaveLength(1);
    const [evidence] = (await lee.evidence.list({ keyResultId })).items;
    expect(evidence).toMatchObject({ syncState: 'changed', snapshot: { size: 4242 } });
  });
});
