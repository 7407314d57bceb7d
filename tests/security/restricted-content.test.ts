/**
 * Restricted content never reaches a person who may not see it, on any read route. Diego
 * plants marker strings in a private objective (title, description, key result, check-in
 * note, deliverable), in evidence restricted to him and his manager (title, note, address)
 * on a public key result, and in an email attached to the private key result with
 * organisation visibility. A key result of the private objective is owned by Isaiah, his
 * peer, who may still not see it (events and risks of it name him), and the risk-sightings
 * job has recorded this week's findings. Isaiah then calls every GET operation of the OpenAPI
 * document with every id in every path and query parameter that takes one, and every marker
 * in every search parameter; no answer may
 * contain a marker. Diego making the same calls sees the markers, so the sweep can fail.
 */
import { randomBytes } from 'node:crypto';
import { CONTOSO_TENANT_ID } from '@throughline/sandbox';
import { openApiDocument, queryParameterNames } from '../../server/src/platform/http/openapi';
import { systemContext } from '../../server/src/platform/auth/system-context';
import { recordRiskSightings } from '../../server/src/risks/service';
import { startTestApp, type TestApp } from '../support/app';
import { openTestDatabase } from '../support/database';
import { clientFor, personId, seedPeople, tokenFor } from '../support/okr-api';

const tag = randomBytes(4).toString('hex');
const marker = (what: string) => `Mk${tag}${what}`;
const markers = [
  'PrivateObjective',
  'PrivateDescription',
  'PrivateKeyResult',
  'PrivateCheckIn',
  'PrivateDeliverable',
  'RestrictedTitle',
  'RestrictedNote',
  'RestrictedUrl',
  'EmailSubject',
  'PeerKeyResult',
  'PeerCheckIn',
].map(marker);

interface Operation {
  path: string;
  pathParams: string[];
  queryIds: string[];
  /** Free-text search parameters: each is asked for every marker. */
  searchParams: string[];
}

function getOperations(): Operation[] {
  const document = openApiDocument('http://localhost') as {
    paths: Record<
      string,
      Record<string, { parameters?: Parameters<typeof queryParameterNames>[0] }>
    >;
  };
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    methods.get
      ? [
          {
            path,
            pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!),
            queryIds: queryParameterNames(methods.get.parameters).filter((name) =>
              /Id$/.test(name),
            ),
            searchParams: queryParameterNames(methods.get.parameters).filter(
              (name) => name === 'q',
            ),
          },
        ]
      : [],
  );
}

describe('restricted content', () => {
  const database = openTestDatabase('restricted');
  let app: TestApp;
  const ids: string[] = [];

  /** Every GET with every id in each id-taking place; the bodies of all answers, joined. */
  async function readEverything(name: string): Promise<{ text: string; calls: number }> {
    const token = await tokenFor(name);
    const bodies: string[] = [];
    // A search for a marker names it in its path, so only the answer is searched for markers.
    const get = async (path: string, shownAs = path) => {
      const response = await fetch(`${app.url}${path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      bodies.push(`${shownAs} → ${response.status} ${await response.text()}`);
    };
    for (const operation of getOperations()) {
      if (operation.pathParams.length === 0) {
        await get(operation.path);
        for (const query of operation.queryIds)
          for (const id of ids) await get(`${operation.path}?${query}=${encodeURIComponent(id)}`);
        for (const query of operation.searchParams)
          for (const [index, item] of markers.entries())
            await get(
              `${operation.path}?${query}=${encodeURIComponent(item)}`,
              `${operation.path}?${query}=<marker ${index}>`,
            );
        continue;
      }
      for (const id of ids) {
        let path = operation.path;
        for (const param of operation.pathParams)
          path = path.replace(`{${param}}`, encodeURIComponent(id));
        await get(path);
      }
    }
    return { text: bodies.join('\n'), calls: bodies.length };
  }

  beforeAll(async () => {
    await seedPeople(database);
    app = await startTestApp(database);
    const diego = clientFor(app.url, 'Diego Siciliani');
    const now = Date.now();
    const day = (offset: number) => new Date(now + offset * 86_400_000).toISOString().slice(0, 10);
    const cycle = await clientFor(app.url, 'Megan Bowen').cycles.create({
      name: 'This quarter',
      startsOn: day(-30),
      endsOn: day(60),
    });
    const open = await diego.objectives.create({ cycleId: cycle.id, title: 'Renew Northwind' });
    const openKr = await diego.keyResults.create({
      objectiveId: open.id,
      title: 'Signed renewals',
      metric: { kind: 'number', target: 10 },
    });
    const restricted = await diego.evidence.attachLink({
      target: { kind: 'keyResult', id: openKr.id },
      url: `https://contoso.example/${marker('RestrictedUrl')}`,
      title: marker('RestrictedTitle'),
      note: marker('RestrictedNote'),
      visibility: 'owner_and_manager',
    });
    const hidden = await diego.objectives.create({
      cycleId: cycle.id,
      title: marker('PrivateObjective'),
      description: marker('PrivateDescription'),
      visibility: 'private',
    });
    const hiddenKr = await diego.keyResults.create({
      objectiveId: hidden.id,
      title: marker('PrivateKeyResult'),
      metric: { kind: 'number', target: 10 },
    });
    await diego.keyResults.checkIn(hiddenKr.id, {
      version: hiddenKr.version,
      value: 3,
      confidence: 6,
      status: 'at_risk',
      note: marker('PrivateCheckIn'),
    });
    const deliverable = await diego.deliverables.create({
      keyResultId: hiddenKr.id,
      title: marker('PrivateDeliverable'),
      dueDate: day(-3),
    });
    const created = await fetch(
      `${process.env.TEST_GRAPH_URL}/_sandbox/tenants/${CONTOSO_TENANT_ID}/users/${personId('Diego Siciliani')}/messages`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ subject: marker('EmailSubject'), body: 'Signed.' }),
      },
    );
    const message = (await created.json()) as { id: string };
    const email = await diego.evidence.attachEmail({
      target: { kind: 'keyResult', id: hiddenKr.id },
      messageId: message.id,
      visibility: 'organisation',
    });
    // Isaiah owns a key result of the private objective; owning it lets him see none of it.
    const peerKr = await diego.keyResults.create({
      objectiveId: hidden.id,
      title: marker('PeerKeyResult'),
      ownerId: personId('Isaiah Langer'),
      metric: { kind: 'number', target: 10 },
    });
    await diego.keyResults.checkIn(peerKr.id, {
      version: peerKr.version,
      value: 1,
      confidence: 3,
      status: 'off_track',
      note: marker('PeerCheckIn'),
    });
    // Findings recorded by the job, which sees everything, are what digests call new risks.
    await recordRiskSightings(systemContext(database.db, CONTOSO_TENANT_ID, new Date()));
    const checkIn = (await diego.keyResults.checkIns(hiddenKr.id)).items[0]!;
    ids.push(
      cycle.id,
      open.id,
      openKr.id,
      restricted.id,
      hidden.id,
      hiddenKr.id,
      checkIn.id,
      deliverable.id,
      email.id,
      message.id,
      email.source.internetMessageId ?? message.id,
      peerKr.id,
      personId('Diego Siciliani'),
      personId('Alex Wilber'),
      personId('Isaiah Langer'),
    );
  }, 120_000);
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('shows no marker to a peer on any read route', async () => {
    const { text, calls } = await readEverything('Isaiah Langer');
    expect(calls).toBeGreaterThan(150);
    const leaks = markers.flatMap((item) =>
      text
        .split('\n')
        .filter((line) => line.includes(item))
        .map((line) => `${item}: ${line.slice(0, 240)}`),
    );
    expect(leaks).toEqual([]);
  }, 300_000);

  it('shows the markers to their owner through the same routes', async () => {
    const { text } = await readEverything('Diego Siciliani');
    expect(markers.filter((item) => !text.includes(item))).toEqual([]);
  }, 300_000);
});
