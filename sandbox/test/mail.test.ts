import {
  CONTOSO_TENANT_ID,
  FABRIKAM_TENANT_ID,
  findSeedMessages,
  type RunningSandbox,
  type SeedMessage,
} from '../src';
import { appToken, callGraph, person, startTestSandbox, userToken } from './support';

let sandbox: RunningSandbox;
const diego = person('Diego Siciliani');
const isaiah = person('Isaiah Langer');
const sara = person('Sara Davis');
let signedOrder: SeedMessage;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  signedOrder = findSeedMessages(CONTOSO_TENANT_ID, diego.id).find(
    (message) => message.subject === 'Signed order: Northwind Traders, 240 seats',
  )!;
});
afterAll(() => sandbox.stop());

describe('mail', () => {
  it('seeds every mailbox with about fifteen business messages, threads and attachments included', () => {
    const mailbox = findSeedMessages(CONTOSO_TENANT_ID, diego.id);
    expect(mailbox.length).toBeGreaterThanOrEqual(15);
    expect(mailbox.some((message) => message.attachments.length > 0)).toBe(true);
    expect(new Set(mailbox.map((message) => message.conversationId)).size).toBeLessThan(
      mailbox.length,
    );
    expect(
      mailbox.some(
        (message) => message.from.emailAddress.address === 'procurement@northwind.example',
      ),
    ).toBe(true);
  });

  it('returns a message with its REST id by default and its immutable id when preferred', async () => {
    const token = await userToken(sandbox, diego);
    const plain = await callGraph(sandbox, token, `/me/messages/${signedOrder.id}`);
    expect(plain.body.id).toBe(signedOrder.id);
    expect(plain.headers.get('preference-applied')).toBeNull();
    const immutable = await callGraph(sandbox, token, `/me/messages/${signedOrder.id}`, {
      headers: { Prefer: 'IdType="ImmutableId"' },
    });
    expect(immutable.body.id).toBe(signedOrder.immutableId);
    expect(immutable.body.id).not.toBe(signedOrder.id);
    expect(immutable.headers.get('preference-applied')).toBe('IdType="ImmutableId"');
    const byImmutable = await callGraph(sandbox, token, `/me/messages/${signedOrder.immutableId}`);
    expect(byImmutable.body).toMatchObject({
      id: signedOrder.id,
      internetMessageId: signedOrder.internetMessageId,
      conversationId: signedOrder.conversationId,
    });
  });

  it('returns only the selected properties plus id and @odata.etag, and refuses unknown ones', async () => {
    const token = await userToken(sandbox, diego);
    const selected = await callGraph(
      sandbox,
      token,
      `/me/messages/${signedOrder.id}?$select=subject,from`,
    );
    expect(Object.keys(selected.body).sort()).toEqual([
      '@odata.context',
      '@odata.etag',
      'from',
      'id',
      'subject',
    ]);
    const unknown = await callGraph<{ error: { code: string } }>(
      sandbox,
      token,
      `/me/messages/${signedOrder.id}?$select=subjekt`,
    );
    expect(unknown.status).toBe(400);
  });

  it("answers 404 ErrorItemNotFound for someone else's message id, even a colleague's", async () => {
    const isaiahsMessage = findSeedMessages(CONTOSO_TENANT_ID, isaiah.id)[0]!;
    const answer = await callGraph<{ error: { code: string; innerError: Record<string, string> } }>(
      sandbox,
      await userToken(sandbox, diego),
      `/me/messages/${isaiahsMessage.id}`,
    );
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('ErrorItemNotFound');
    expect(Object.keys(answer.body.error.innerError).sort()).toEqual([
      'client-request-id',
      'date',
      'request-id',
    ]);
  });

  it("refuses a delegated token on another person's mailbox with 403 ErrorAccessDenied", async () => {
    const answer = await callGraph<{ error: { code: string } }>(
      sandbox,
      await userToken(sandbox, diego),
      `/users/${isaiah.id}/messages/${signedOrder.id}`,
    );
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe('ErrorAccessDenied');
  });

  it('lets an app-only token read a mailbox in its tenant, and never one in another tenant', async () => {
    const contoso = await appToken(sandbox, CONTOSO_TENANT_ID);
    expect(
      (await callGraph(sandbox, contoso, `/users/${diego.id}/messages/${signedOrder.id}`)).status,
    ).toBe(200);
    const fabrikam = await appToken(sandbox, FABRIKAM_TENANT_ID);
    expect(
      (await callGraph(sandbox, fabrikam, `/users/${diego.id}/messages/${signedOrder.id}`)).status,
    ).toBe(404);
    expect(
      (await callGraph(sandbox, fabrikam, `/users/${sara.id}/messages/${signedOrder.id}`)).status,
    ).toBe(404);
  });

  it('delivers one message to many mailboxes: one internetMessageId, each copy with its own ids', async () => {
    // Not Diego's or Isaiah's mailbox: other tests here count what the seed put there.
    const [lee, johanna] = [person('Lee Gu'), person('Johanna Lorenz')];
    const sent = await callGraph<{
      internetMessageId: string;
      copies: Array<{ mailboxOwnerId: string; folder: string; id: string; immutableId: string }>;
    }>(sandbox, undefined, `/_sandbox/tenants/${CONTOSO_TENANT_ID}/users/${lee.id}/send`, {
      method: 'POST',
      body: {
        subject: 'Northwind kickoff notes',
        body: 'Notes from the kickoff.',
        toRecipients: [{ emailAddress: { name: johanna.displayName, address: johanna.mail } }],
        ccRecipients: [
          { emailAddress: { name: 'Northwind', address: 'procurement@northwind.example' } },
        ],
      },
    });
    expect(sent.status).toBe(201);
    // The sender's Sent Items and the recipient in the tenant; nobody outside it.
    expect(sent.body.copies.map((copy) => [copy.mailboxOwnerId, copy.folder])).toEqual([
      [lee.id, 'sentitems'],
      [johanna.id, 'inbox'],
    ]);
    const [sentCopy, received] = sent.body.copies;
    expect(received!.id).not.toBe(sentCopy!.id);
    const filter = `/me/messages?$filter=${encodeURIComponent(`internetMessageId eq '${sent.body.internetMessageId}'`)}&$select=id,subject,internetMessageId`;
    for (const [who, copy] of [
      [lee, sentCopy!],
      [johanna, received!],
    ] as const) {
      const found = await callGraph<{ value: Array<{ id: string; internetMessageId: string }> }>(
        sandbox,
        await userToken(sandbox, who),
        filter,
      );
      expect(found.body.value.map((message) => message.id)).toEqual([copy.id]);
    }
    // Each copy is its owner's alone.
    const others = await callGraph(
      sandbox,
      await userToken(sandbox, johanna),
      `/me/messages/${sentCopy!.id}`,
    );
    expect(others.status).toBe(404);
  });

  it('seeds a manager’s team update in each report’s inbox and the manager’s Sent Items, as one message', () => {
    const alex = person('Alex Wilber');
    const copyOf = (name: string) =>
      findSeedMessages(CONTOSO_TENANT_ID, person(name).id).find(
        (message) => message.key === `team-update-fabrikam-pilot-${alex.id}`,
      );
    const copies = ['Diego Siciliani', 'Isaiah Langer', 'Lee Gu', 'Alex Wilber'].map(copyOf);
    expect(new Set(copies.map((copy) => copy?.internetMessageId)).size).toBe(1);
    expect(new Set(copies.map((copy) => copy?.id)).size).toBe(4);
    expect(copies.map((copy) => copy?.folder)).toEqual(['inbox', 'inbox', 'inbox', 'sentitems']);
    expect(copyOf('Megan Bowen')).toBeUndefined();
  });

  it('pages the message list with $top and an @odata.nextLink that walks the whole mailbox', async () => {
    const token = await userToken(sandbox, diego);
    const seen: string[] = [];
    let link: string | undefined = '/me/messages?$top=4&$select=subject';
    let pages = 0;
    while (link) {
      const page: { body: { value: Array<{ id: string }>; '@odata.nextLink'?: string } } =
        await callGraph(sandbox, token, link);
      seen.push(...page.body.value.map((message) => message.id));
      link = page.body['@odata.nextLink'];
      pages += 1;
    }
    expect(pages).toBe(Math.ceil(findSeedMessages(CONTOSO_TENANT_ID, diego.id).length / 4));
    expect(new Set(seen)).toEqual(
      new Set(findSeedMessages(CONTOSO_TENANT_ID, diego.id).map((message) => message.id)),
    );
  });

  it("lists a message's attachments as fileAttachments", async () => {
    const answer = await callGraph<{ value: Array<Record<string, unknown>> }>(
      sandbox,
      await userToken(sandbox, diego),
      `/me/messages/${signedOrder.id}/attachments`,
    );
    expect(answer.body.value).toEqual([
      expect.objectContaining({
        '@odata.type': '#microsoft.graph.fileAttachment',
        name: 'Northwind order form (signed).pdf',
        contentType: 'application/pdf',
        isInline: false,
      }),
    ]);
  });

  it('translates the EWS id the add-in sees into the REST id and the immutable id', async () => {
    const ewsId = signedOrder.id.replace(/-/g, '+').replace(/_/g, '/');
    const token = await userToken(sandbox, diego);
    const toRest = await callGraph<{ value: Array<{ sourceId: string; targetId: string }> }>(
      sandbox,
      token,
      '/me/translateExchangeIds',
      {
        method: 'POST',
        body: { inputIds: [ewsId], sourceIdType: 'ewsId', targetIdType: 'restId' },
      },
    );
    expect(toRest.body.value).toEqual([{ sourceId: ewsId, targetId: signedOrder.id }]);
    const toImmutable = await callGraph<{ value: Array<{ targetId: string }> }>(
      sandbox,
      token,
      '/me/translateExchangeIds',
      {
        method: 'POST',
        body: { inputIds: [ewsId], sourceIdType: 'ewsId', targetIdType: 'restImmutableEntryId' },
      },
    );
    expect(toImmutable.body.value[0]!.targetId).toBe(signedOrder.immutableId);
  });

  it('gives a moved message a new REST id while its immutable id keeps resolving', async () => {
    const token = await userToken(sandbox, diego);
    const message = findSeedMessages(CONTOSO_TENANT_ID, diego.id).find(
      (candidate) => candidate.key === 'litware-invoice',
    )!;
    const moved = await callGraph(
      sandbox,
      undefined,
      `/_sandbox/tenants/${CONTOSO_TENANT_ID}/users/${diego.id}/messages/${message.id}`,
      { method: 'PATCH', body: { folder: 'archive' } },
    );
    expect(moved.body.id).not.toBe(message.id);
    expect((await callGraph(sandbox, token, `/me/messages/${message.id}`)).status).toBe(404);
    expect(
      (await callGraph(sandbox, token, `/me/messages/${message.immutableId}`)).body.subject,
    ).toBe(message.subject);
  });

  it('answers 401 InvalidAuthenticationToken without a token and with a token for another audience', async () => {
    const none = await callGraph<{ error: { code: string } }>(sandbox, undefined, '/me');
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('InvalidAuthenticationToken');
    const apiToken = await sandbox.identity.issueUserToken({
      tenantId: CONTOSO_TENANT_ID,
      userId: diego.id,
    });
    const wrongAudience = await callGraph<{ error: { code: string } }>(sandbox, apiToken, '/me');
    expect(wrongAudience.status).toBe(401);
    expect(wrongAudience.body.error.code).toBe('InvalidAuthenticationToken');
  });
});
