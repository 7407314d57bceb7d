import { ApiError, type ApiClient, type Evidence } from '@throughline/contracts';
import {
  CONTOSO_TENANT_ID,
  findSeedDriveItems,
  findSeedMessages,
  sharingUrlFor,
} from '@throughline/sandbox';
import { startTestApp, type TestApp } from '../../../tests/support/app';
import { openTestDatabase } from '../../../tests/support/database';
import { clientFor, personId, seedPeople, tokenFor } from '../../../tests/support/okr-api';
import { eventually } from '../../../tests/support/eventually';
import { EVIDENCE } from '../../src/evidence/store';

const graphUrl = () => process.env.TEST_GRAPH_URL!;
const control = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${graphUrl()}/_sandbox${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok)
    throw new Error(`sandbox ${method} ${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? null : ((await response.json()) as Record<string, unknown>);
};
const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('evidence from Microsoft 365', () => {
  const database = openTestDatabase('evidence');
  let app: TestApp;
  let diego: ApiClient;
  let alex: ApiClient;
  let isaiah: ApiClient;
  let sara: ApiClient;
  let keyResultId: string;
  let deliverableId: string;
  const diegoId = personId('Diego Siciliani');

  const today = new Date();
  const day = (offset: number) =>
    new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  const target = () => ({ kind: 'keyResult' as const, id: keyResultId });

  beforeAll(async () => {
    await seedPeople(database);
    app = await startTestApp(database);
    const megan = clientFor(app.url, 'Megan Bowen');
    diego = clientFor(app.url, 'Diego Siciliani');
    alex = clientFor(app.url, 'Alex Wilber');
    isaiah = clientFor(app.url, 'Isaiah Langer');
    sara = clientFor(app.url, 'Sara Davis');
    const cycle = await megan.cycles.create({
      name: 'Evidence cycle',
      startsOn: day(-30),
      endsOn: day(60),
    });
    const objective = await diego.objectives.create({
      cycleId: cycle.id,
      title: 'Win the Northwind renewal',
    });
    keyResultId = (
      await diego.keyResults.create({
        objectiveId: objective.id,
        title: 'Signed ARR',
        metric: { kind: 'currency', currency: 'EUR', start: 0, target: 200000 },
      })
    ).id;
    deliverableId = (
      await diego.deliverables.create({ keyResultId, title: 'Send the renewal contract' })
    ).id;
  });
  afterAll(async () => {
    await app.features.notifications.settled();
    await app.close();
    await database.close();
  });

  it('attaches an email from the demo mailbox and keeps a snapshot of it', async () => {
    const message = findSeedMessages(CONTOSO_TENANT_ID, diegoId).find(
      (candidate) => candidate.attachments.length > 0,
    )!;
    const evidence = await diego.evidence.attachEmail({
      target: target(),
      messageId: message.id,
      note: 'The signed order',
    });
    expect(evidence).toMatchObject({
      kind: 'email',
      target: target(),
      keyResultId,
      syncState: 'ok',
      visibility: 'key_result',
      source: {
        messageId: message.id,
        immutableId: message.immutableId,
        internetMessageId: message.internetMessageId,
        conversationId: message.conversationId,
        mailboxOwnerId: diegoId,
      },
      snapshot: {
        title: message.subject,
        subject: message.subject,
        from: { address: message.from.emailAddress.address },
        recipientsCount: message.toRecipients.length + message.ccRecipients.length,
        hasAttachments: true,
      },
      attachedBy: [{ personId: diegoId, note: 'The signed order' }],
    });
    expect(Date.parse(evidence.snapshot.receivedAt!)).toBe(Date.parse(message.receivedDateTime));
    expect(evidence.snapshot.preview).toBe(message.bodyPreview.slice(0, 255));
    // The attacher opens their own copy; the snapshot carries no mailbox link.
    expect(evidence.openLink).toMatch(/^https:\/\//);
    expect(evidence.snapshot.webLink).toBeUndefined();

    const listed = await alex.evidence.list({ keyResultId });
    expect(listed.items.map((item) => item.id)).toContain(evidence.id);
    const byRestId = await diego.evidence.byMessage({ messageId: message.id });
    expect(byRestId.items).toEqual([
      expect.objectContaining({
        id: evidence.id,
        targetTitle: 'Signed ARR',
        keyResultTitle: 'Signed ARR',
      }),
    ]);
    const byInternetId = await alex.evidence.byMessage({
      internetMessageId: message.internetMessageId,
    });
    expect(byInternetId.items.map((item) => item.id)).toEqual([evidence.id]);
    const timeline = await diego.narrative({ keyResultId });
    expect(timeline.items[0]).toMatchObject({
      type: 'evidence.attached',
      subject: { kind: 'evidence', id: evidence.id },
      keyResultId,
    });
  });

  it('keeps one record when the same email is attached twice at once', async () => {
    const message = findSeedMessages(CONTOSO_TENANT_ID, diegoId)[3]!;
    const [first, second] = await Promise.all([
      diego.evidence.attachEmail({ target: target(), messageId: message.id }),
      diego.evidence.attachEmail({ target: target(), messageId: message.immutableId }),
    ]);
    expect(second.id).toBe(first.id);
    const stored = await database.db
      .collection(EVIDENCE)
      .find({ 'source.internetMessageId': message.internetMessageId })
      .toArray();
    expect(stored).toHaveLength(1);
    expect((stored[0] as unknown as Evidence).attachedBy.map((entry) => entry.personId)).toEqual([
      diegoId,
    ]);
  });

  it('puts both people in attachedBy when two attach the same document at once', async () => {
    const item = findSeedDriveItems(CONTOSO_TENANT_ID, diegoId)[1]!;
    const [fromDiego, fromAlex] = await Promise.all([
      diego.evidence.attachDocument({
        target: target(),
        sharingUrl: sharingUrlFor(item),
        note: 'numbers',
      }),
      alex.evidence.attachDocument({
        target: target(),
        driveId: item.driveId,
        itemId: item.id,
        note: 'from the manager',
      }),
    ]);
    expect(fromAlex.id).toBe(fromDiego.id);
    const [listed] = (await diego.evidence.list({ keyResultId })).items.filter(
      (entry) => entry.id === fromDiego.id,
    );
    expect(listed!.attachedBy.map((entry) => entry.personId).sort()).toEqual(
      [diegoId, personId('Alex Wilber')].sort(),
    );
  });

  it('attaches a document by its sharing URL with its file details', async () => {
    const item = findSeedDriveItems(CONTOSO_TENANT_ID, diegoId)[0]!;
    const evidence = await diego.evidence.attachDocument({
      target: { kind: 'deliverable', id: deliverableId },
      sharingUrl: sharingUrlFor(item),
    });
    expect(evidence).toMatchObject({
      kind: 'document',
      target: { kind: 'deliverable', id: deliverableId },
      keyResultId,
      source: { driveId: item.driveId, itemId: item.id, url: sharingUrlFor(item) },
      snapshot: {
        title: item.name,
        fileName: item.name,
        size: item.size,
        mimeType: item.mimeType,
        modifiedBy: item.lastModifiedBy.displayName,
        webLink: item.webUrl,
      },
    });
    expect(evidence.snapshot.eTag).toContain(item.tagGuid);
    expect((await diego.evidence.list({ deliverableId })).items.map((entry) => entry.id)).toEqual([
      evidence.id,
    ]);
    // The deliverable's evidence proves its key result too, and shows on the key result's page.
    const onKeyResult = (await alex.evidence.list({ keyResultId })).items.find(
      (entry) => entry.id === evidence.id,
    );
    expect(onKeyResult?.target).toEqual({ kind: 'deliverable', id: deliverableId });
  });

  it('finds a document by name through Microsoft Search and attaches the one picked', async () => {
    const mine = findSeedDriveItems(CONTOSO_TENANT_ID, diegoId).find((item) =>
      item.name.startsWith('Customer onboarding'),
    )!;
    const before = await database.db.collection(EVIDENCE).countDocuments();
    const found = await diego.evidence.searchDocuments({ q: 'onboarding check' });
    // Diego's own copy and those of the people he works with; every hit matches both words.
    expect(found.items.length).toBeGreaterThan(1);
    for (const hit of found.items) expect(hit.name).toMatch(/onboarding.*check/i);
    const hit = found.items.find((candidate) => candidate.driveId === mine.driveId)!;
    expect(hit).toMatchObject({
      itemId: mine.id,
      name: mine.name,
      webUrl: mine.webUrl,
      size: mine.size,
      lastModifiedBy: mine.lastModifiedBy.displayName,
    });
    expect(await database.db.collection(EVIDENCE).countDocuments()).toBe(before);

    const evidence = await diego.evidence.attachDocument({
      target: target(),
      driveId: hit.driveId,
      itemId: hit.itemId,
      note: 'The onboarding checklist the customer signed off',
    });
    expect(evidence).toMatchObject({
      kind: 'document',
      source: { driveId: mine.driveId, itemId: mine.id, url: mine.webUrl },
      snapshot: { title: mine.name },
    });

    // Another tenant's people find only their own tenant's documents.
    const contosoDrives = new Set(found.items.map((item) => item.driveId));
    const theirs = await sara.evidence.searchDocuments({ q: 'onboarding' });
    expect(theirs.items.length).toBeGreaterThan(0);
    for (const item of theirs.items) expect(contosoDrives.has(item.driveId)).toBe(false);

    const tooShort = (await diego.evidence
      .searchDocuments({ q: ' x ' })
      .catch((caught: unknown) => caught)) as ApiError;
    expect([tooShort.status, tooShort.code, tooShort.message]).toEqual([
      400,
      'validation_failed',
      expect.stringContaining('query.q type at least 2 characters'),
    ]);
    expect((await diego.evidence.searchDocuments({ q: 'no such file anywhere' })).items).toEqual(
      [],
    );
  });

  it('marks evidence deleted, keeping its snapshot, when the source is deleted in Microsoft 365', async () => {
    const created = (await control(
      'POST',
      `/tenants/${CONTOSO_TENANT_ID}/users/${diegoId}/messages`,
      { subject: 'Northwind: purchase order 4711 signed', body: 'Signed and attached.' },
    ))!;
    const evidence = await diego.evidence.attachEmail({
      target: target(),
      messageId: String(created.id),
    });
    const subscriptions = (await control('GET', '/subscriptions'))!.value as Array<{
      resource: string;
      notificationUrl: string;
    }>;
    expect(subscriptions).toContainEqual(
      expect.objectContaining({
        resource: `users/${diegoId}/messages`,
        notificationUrl: `${app.url}/api/graph/notifications`,
      }),
    );

    await control(
      'DELETE',
      `/tenants/${CONTOSO_TENANT_ID}/users/${diegoId}/messages/${String(created.id)}`,
    );
    const after = await eventually(
      async () =>
        (await diego.evidence.list({ keyResultId })).items.find((item) => item.id === evidence.id)!,
      (item) => item.syncState === 'deleted',
    );
    expect(after).toMatchObject({
      syncState: 'deleted',
      snapshot: { subject: 'Northwind: purchase order 4711 signed' },
      removedAt: null,
    });
    const timeline = await diego.narrative({ keyResultId });
    expect(
      timeline.items.filter(
        (item) => item.type === 'evidence.source_deleted' && item.subject.id === evidence.id,
      ),
    ).toHaveLength(1);
  });

  it('notices when a document changes and keeps the new details', async () => {
    const created = (await control(
      'POST',
      `/tenants/${CONTOSO_TENANT_ID}/users/${diegoId}/drive/items`,
      { name: 'Renewal forecast.xlsx', size: 1000 },
    ))!;
    const driveId = (created.parentReference as { driveId: string }).driveId;
    const evidence = await diego.evidence.attachDocument({
      target: target(),
      driveId,
      itemId: String(created.id),
    });
    await control(
      'PATCH',
      `/tenants/${CONTOSO_TENANT_ID}/users/${diegoId}/drive/items/${String(created.id)}`,
      { size: 2048, modifiedBy: personId('Alex Wilber') },
    );
    const changed = await eventually(
      async () =>
        (await diego.evidence.list({ keyResultId })).items.find((item) => item.id === evidence.id)!,
      (item) => item.syncState === 'changed',
    );
    expect(changed.snapshot).toMatchObject({ size: 2048, modifiedBy: 'Alex Wilber' });
    expect(changed.snapshot.eTag).not.toBe(evidence.snapshot.eTag);
  });

  it('answers the subscription handshake by echoing the validation token as text', async () => {
    const deliveries = (await control('GET', '/notifications'))!.value as Array<{
      kind: string;
      url: string;
      status: number;
    }>;
    expect(deliveries).toContainEqual(
      expect.objectContaining({
        kind: 'validation',
        url: `${app.url}/api/graph/notifications`,
        status: 200,
      }),
    );
    const token = 'Validation: Testing client application reachability <&>';
    const response = await fetch(
      `${app.url}/api/graph/notifications?validationToken=${encodeURIComponent(token)}`,
      { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '' },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toBe(token);
  });

  it('refuses a notification with the wrong clientState', async () => {
    const subscriptions = (await control('GET', '/subscriptions'))!.value as Array<{
      id: string;
      notificationUrl: string;
      tenantId: string;
    }>;
    const ours = subscriptions.find((subscription) =>
      subscription.notificationUrl.startsWith(app.url),
    )!;
    const response = await fetch(`${app.url}/api/graph/notifications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        value: [
          {
            subscriptionId: ours.id,
            tenantId: ours.tenantId,
            clientState: 'guessed',
            changeType: 'deleted',
            resource: 'Users/x/Messages/y',
            resourceData: { id: 'y' },
          },
        ],
      }),
    });
    expect(response.status).toBe(403);
  });

  it('still attaches when Graph throttles the first two calls', async () => {
    const message = findSeedMessages(CONTOSO_TENANT_ID, diegoId)[5]!;
    const fault = (await control('POST', '/faults', {
      pathPattern: escapeRegex(message.id.replace(/=+$/, '')),
      status: 429,
      retryAfterSeconds: 1,
      times: 2,
    }))!;
    const evidence = await diego.evidence.attachEmail({ target: target(), messageId: message.id });
    expect(evidence.source.immutableId).toBe(message.immutableId);
    const remaining = (await control('GET', '/faults'))!.value as Array<{ id: string }>;
    expect(remaining.map((rule) => rule.id)).not.toContain(fault.id);
  });

  it('answers 503 and stores nothing when Graph is down', async () => {
    const message = findSeedMessages(CONTOSO_TENANT_ID, diegoId)[6]!;
    const fault = (await control('POST', '/faults', {
      pathPattern: escapeRegex(message.id.replace(/=+$/, '')),
      status: 503,
      retryAfterSeconds: 1,
    }))!;
    try {
      const error = (await diego.evidence
        .attachEmail({ target: target(), messageId: message.id })
        .catch((caught: unknown) => caught)) as ApiError;
      expect(error).toBeInstanceOf(ApiError);
      expect(error.status).toBe(503);
      expect(error.code).toBe('graph_unavailable');
      expect(error.message).toMatch(/nothing was attached/);
    } finally {
      await control('DELETE', `/faults/${String(fault.id)}`);
    }
    expect(
      await database.db
        .collection(EVIDENCE)
        .countDocuments({ 'source.internetMessageId': message.internetMessageId }),
    ).toBe(0);
  });

  it('keeps one email received by two people as one record with both attachers, each opening their own copy', async () => {
    const isaiahId = personId('Isaiah Langer');
    const teamUpdate = (ownerId: string) =>
      findSeedMessages(CONTOSO_TENANT_ID, ownerId).find(
        (message) => message.key === `team-update-fabrikam-pilot-${personId('Alex Wilber')}`,
      )!;
    // Alex sent one message to his team: one internetMessageId, a copy with its own ids in each mailbox.
    const [diegos, isaiahs, alexs] = [diegoId, isaiahId, personId('Alex Wilber')].map(teamUpdate);
    expect(isaiahs!.internetMessageId).toBe(diegos!.internetMessageId);
    expect(alexs!.internetMessageId).toBe(diegos!.internetMessageId);
    expect(alexs!.folder).toBe('sentitems');
    expect(new Set([diegos!.id, isaiahs!.id, alexs!.id]).size).toBe(3);

    const shared = await diego.keyResults.create({
      objectiveId: (await diego.keyResults.get(keyResultId)).objectiveId,
      title: 'Pilot customers live',
      metric: { kind: 'number', start: 0, target: 3 },
      updaterIds: [isaiahId],
    });
    const on = { kind: 'keyResult' as const, id: shared.id };
    const fromDiego = await diego.evidence.attachEmail({
      target: on,
      messageId: diegos!.id,
      note: 'Fabrikam is our first pilot',
    });
    const fromIsaiah = await isaiah.evidence.attachEmail({
      target: on,
      messageId: isaiahs!.id,
      note: 'I ran the pilot onboarding',
    });
    expect(fromIsaiah.id).toBe(fromDiego.id);
    expect(fromIsaiah.attachedBy.map(({ personId: who, note }) => [who, note])).toEqual([
      [diegoId, 'Fabrikam is our first pilot'],
      [isaiahId, 'I ran the pilot onboarding'],
    ]);
    const stored = await database.db
      .collection(EVIDENCE)
      .find({ 'source.internetMessageId': diegos!.internetMessageId, 'target.id': shared.id })
      .toArray();
    expect(stored).toHaveLength(1);

    // Each attacher opens their own mailbox's copy; nobody is handed a link to someone else's.
    const openLinkFor = async (client: ApiClient) =>
      (await client.evidence.list({ keyResultId: shared.id })).items[0]!.openLink;
    expect(await openLinkFor(diego)).toContain(encodeURIComponent(diegos!.immutableId));
    expect(await openLinkFor(isaiah)).toContain(encodeURIComponent(isaiahs!.immutableId));
    expect(await openLinkFor(alex)).toBeNull();
    const megan = clientFor(app.url, 'Megan Bowen');
    expect(await openLinkFor(megan)).toBeNull();
    for (const client of [alex, megan])
      expect(JSON.stringify(await client.evidence.get(fromDiego.id))).not.toContain('owa/?ItemID');
    expect(JSON.stringify(await isaiah.evidence.get(fromDiego.id))).not.toContain(
      encodeURIComponent(diegos!.immutableId),
    );

    // Alex sent it, so his Sent Items hold a copy; Megan never received it.
    expect((await alex.evidence.myCopy(fromDiego.id)).webLink).toContain(
      encodeURIComponent(alexs!.id),
    );
    const absent = (await megan.evidence
      .myCopy(fromDiego.id)
      .catch((caught: unknown) => caught)) as ApiError;
    expect([absent.status, absent.code]).toEqual([404, 'mailbox_copy_not_found']);

    // The snapshot page's facts, for anyone who may see the key result.
    expect(await megan.evidence.get(fromDiego.id)).toMatchObject({
      targetTitle: 'Pilot customers live',
      snapshot: { subject: diegos!.subject, from: { address: alexs!.from.emailAddress.address } },
      attachedBy: [{ personId: diegoId }, { personId: isaiahId }],
    });
    // Either copy's id finds where it is attached.
    for (const copy of [diegos!, isaiahs!])
      expect(
        (await isaiah.evidence.byMessage({ messageId: copy.id })).items.map((item) => item.id),
      ).toEqual([fromDiego.id]);
  });

  it('answers 404 for an email that is not in the caller’s mailbox', async () => {
    const othersMessage = findSeedMessages(CONTOSO_TENANT_ID, personId('Alex Wilber'))[0]!;
    const error = (await diego.evidence
      .attachEmail({ target: target(), messageId: othersMessage.id })
      .catch((caught: unknown) => caught)) as ApiError;
    expect(error.status).toBe(404);
    expect(error.code).toBe('source_not_found');
  });

  it('lets only people who can check in attach evidence', async () => {
    const error = (await isaiah.evidence
      .attachLink({ target: target(), url: 'https://example.com/x', title: 'x' })
      .catch((caught: unknown) => caught)) as ApiError;
    expect(error.status).toBe(403);
  });

  it('shows owner-and-manager evidence to the owner and their manager only', async () => {
    const evidence = await diego.evidence.attachLink({
      target: target(),
      url: 'https://hr.contoso.example/review?id=7#top',
      title: 'Review notes',
      visibility: 'owner_and_manager',
    });
    expect((await alex.evidence.list({ keyResultId })).items.map((item) => item.id)).toContain(
      evidence.id,
    );
    expect(
      (await isaiah.evidence.list({ keyResultId })).items.map((item) => item.id),
    ).not.toContain(evidence.id);
  });

  it('removes evidence softly and restores it when attached again', async () => {
    const evidence = await diego.evidence.attachLink({
      target: target(),
      url: 'https://contoso.example/launch',
      title: 'Launch page',
    });
    const removed = await diego.evidence.remove(evidence.id);
    expect(removed.removedAt).not.toBeNull();
    expect((await diego.evidence.list({ keyResultId })).items.map((item) => item.id)).not.toContain(
      evidence.id,
    );
    expect(
      (await diego.evidence.list({ keyResultId, includeRemoved: 'true' })).items.map(
        (item) => item.id,
      ),
    ).toContain(evidence.id);
    const again = await diego.evidence.attachLink({
      target: target(),
      url: 'HTTPS://Contoso.example/launch/',
      title: 'Launch page',
    });
    expect(again).toMatchObject({ id: evidence.id, removedAt: null });
    const types = (await diego.narrative({ keyResultId })).items
      .filter((item) => item.subject.id === evidence.id)
      .map((item) => item.type);
    expect(types).toEqual(['evidence.attached', 'evidence.removed', 'evidence.attached']);
  });

  it('replays a retried attach with the same Idempotency-Key', async () => {
    const send = async () =>
      fetch(`${app.url}/api/evidence/link`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await tokenFor('Diego Siciliani')}`,
          'idempotency-key': 'evidence-retry-0001',
        },
        body: JSON.stringify({
          target: target(),
          url: 'https://contoso.example/retry',
          title: 'Retry',
        }),
      });
    const first = await send();
    const second = await send();
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(((await second.json()) as Evidence).id).toBe(((await first.json()) as Evidence).id);
  });

  it('keeps one tenant’s evidence invisible and unchangeable from another', async () => {
    const evidence = (await diego.evidence.list({ keyResultId })).items[0]!;
    const listError = (await sara.evidence
      .list({ keyResultId })
      .catch((caught: unknown) => caught)) as ApiError;
    expect(listError.status).toBe(404);
    const removeError = (await sara.evidence
      .remove(evidence.id)
      .catch((caught: unknown) => caught)) as ApiError;
    expect(removeError.status).toBe(404);
    const attachError = (await sara.evidence
      .attachLink({ target: target(), url: 'https://fabrikam.example', title: 'x' })
      .catch((caught: unknown) => caught)) as ApiError;
    expect(attachError.status).toBe(404);
    const message = findSeedMessages(CONTOSO_TENANT_ID, diegoId).find(
      (candidate) => candidate.attachments.length > 0,
    )!;
    expect(
      (await sara.evidence.byMessage({ internetMessageId: message.internetMessageId })).items,
    ).toEqual([]);
    expect(
      (await diego.evidence.list({ keyResultId })).items.find((item) => item.id === evidence.id)
        ?.removedAt,
    ).toBeNull();
  });
});
