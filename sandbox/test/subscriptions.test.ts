import {
  CONTOSO_TENANT_ID,
  findSeedDriveItems,
  findSeedMessages,
  type RunningSandbox,
} from '../src';
import {
  appToken,
  callGraph,
  person,
  startReceiver,
  startTestSandbox,
  userToken,
  type Receiver,
  type ValidationBehaviour,
} from './support';

let sandbox: RunningSandbox;
const receivers: Receiver[] = [];
const diego = person('Diego Siciliani');
const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

beforeAll(async () => {
  // A short validation timeout keeps the "endpoint never answers" spec quick.
  sandbox = await startTestSandbox({
    subscriptions: { validationTimeoutMs: 500, lifecycleCheckIntervalMs: 3_600_000 },
  });
});
afterAll(async () => {
  await Promise.all(receivers.map((receiver) => receiver.close()));
  await sandbox.stop();
});

async function receiver(behaviour: ValidationBehaviour = 'echo') {
  const started = await startReceiver(behaviour);
  receivers.push(started);
  return started;
}

async function subscribe(token: string, body: Record<string, unknown>) {
  return callGraph<Record<string, string> & { error: { code: string; message: string } }>(
    sandbox,
    token,
    '/subscriptions',
    { method: 'POST', body },
  );
}

describe('subscriptions and change notifications', () => {
  it('validates the endpoint by echoing the token, then creates the subscription', async () => {
    const endpoint = await receiver('echo');
    const answer = await subscribe(await userToken(sandbox, diego), {
      changeType: 'created,updated,deleted',
      notificationUrl: endpoint.url,
      resource: 'me/messages',
      expirationDateTime: inMinutes(60),
      clientState: 'secret-1',
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      resource: 'me/messages',
      changeType: 'created,updated,deleted',
      clientState: 'secret-1',
      creatorId: diego.id,
    });
    expect(endpoint.validations).toHaveLength(1);
    expect(endpoint.validations[0]).toMatch(/^Validation: /);
  });

  it('refuses the subscription when the endpoint echoes something else', async () => {
    const endpoint = await receiver('wrong-echo');
    const answer = await subscribe(await userToken(sandbox, diego), {
      changeType: 'created',
      notificationUrl: endpoint.url,
      resource: 'me/messages',
      expirationDateTime: inMinutes(60),
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('ValidationError');
    expect(answer.body.error.message).toMatch(/^Subscription validation request failed/);
  });

  it('refuses the subscription when the token comes back as JSON instead of text/plain', async () => {
    const endpoint = await receiver('json-echo');
    const answer = await subscribe(await userToken(sandbox, diego), {
      changeType: 'created',
      notificationUrl: endpoint.url,
      resource: 'me/messages',
      expirationDateTime: inMinutes(60),
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('ValidationError');
  });

  it('refuses the subscription when the endpoint does not answer within the timeout', async () => {
    const endpoint = await receiver('hang');
    const answer = await subscribe(await userToken(sandbox, diego), {
      changeType: 'created',
      notificationUrl: endpoint.url,
      resource: 'me/messages',
      expirationDateTime: inMinutes(60),
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toMatch(/timed out/);
  });

  it('validates the lifecycle URL too', async () => {
    const good = await receiver('echo');
    const bad = await receiver('wrong-echo');
    const answer = await subscribe(await userToken(sandbox, diego), {
      changeType: 'created',
      notificationUrl: good.url,
      lifecycleNotificationUrl: bad.url,
      resource: 'me/messages',
      expirationDateTime: inMinutes(60),
    });
    expect(answer.status).toBe(400);
    expect(bad.validations).toHaveLength(1);
  });

  it('caps mail subscriptions at 4230 minutes and drive subscriptions at 42300, and PATCH extends', async () => {
    const endpoint = await receiver('echo');
    const token = await userToken(sandbox, diego);
    const tooLong = await subscribe(token, {
      changeType: 'created',
      notificationUrl: endpoint.url,
      resource: 'me/messages',
      expirationDateTime: inMinutes(4300),
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toBe(
      'Subscription expiration can only be 4230 minutes in the future.',
    );
    const drive = await subscribe(token, {
      changeType: 'updated',
      notificationUrl: endpoint.url,
      resource: 'me/drive/root',
      expirationDateTime: inMinutes(40000),
    });
    expect(drive.status).toBe(201);
    const mail = await subscribe(token, {
      changeType: 'created',
      notificationUrl: endpoint.url,
      resource: 'me/messages',
      expirationDateTime: inMinutes(30),
    });
    const later = inMinutes(4000);
    const renewed = await callGraph(sandbox, token, `/subscriptions/${mail.body.id}`, {
      method: 'PATCH',
      body: { expirationDateTime: later },
    });
    expect(renewed.status).toBe(200);
    expect(Date.parse(String(renewed.body.expirationDateTime))).toBeGreaterThan(
      Date.parse(mail.body.expirationDateTime!),
    );
  });

  it('notifies the subscriber when a message in the mailbox is deleted, with clientState and resourceData', async () => {
    const endpoint = await receiver('echo');
    const created = await subscribe(await userToken(sandbox, diego), {
      changeType: 'deleted',
      notificationUrl: endpoint.url,
      resource: 'me/messages',
      expirationDateTime: inMinutes(60),
      clientState: 'delete-watch',
    });
    const message = findSeedMessages(CONTOSO_TENANT_ID, diego.id).find(
      (candidate) => candidate.key === 'customer-thanks',
    )!;
    await callGraph(
      sandbox,
      undefined,
      `/_sandbox/tenants/${CONTOSO_TENANT_ID}/users/${diego.id}/messages/${message.id}`,
      { method: 'DELETE' },
    );
    const notification = await endpoint.next(
      (candidate) => candidate.subscriptionId === created.body.id,
    );
    expect(notification).toMatchObject({
      changeType: 'deleted',
      clientState: 'delete-watch',
      tenantId: CONTOSO_TENANT_ID,
      resource: `Users/${diego.id}/Messages/${message.id}`,
      resourceData: { '@odata.type': '#Microsoft.Graph.Message', id: message.id },
    });
  });

  it("sends nothing to a subscription on someone else's mailbox", async () => {
    const endpoint = await receiver('echo');
    const app = await appToken(sandbox, CONTOSO_TENANT_ID);
    const lee = person('Lee Gu');
    const leeSub = await subscribe(app, {
      changeType: 'created',
      notificationUrl: endpoint.url,
      resource: `users/${lee.id}/messages`,
      expirationDateTime: inMinutes(60),
    });
    const diegoSub = await subscribe(app, {
      changeType: 'created',
      notificationUrl: endpoint.url,
      resource: `users/${diego.id}/messages`,
      expirationDateTime: inMinutes(60),
    });
    await callGraph(
      sandbox,
      undefined,
      `/_sandbox/tenants/${CONTOSO_TENANT_ID}/users/${diego.id}/messages`,
      { method: 'POST', body: { subject: 'PO 4471 approved' } },
    );
    await endpoint.next((candidate) => candidate.subscriptionId === diegoSub.body.id);
    expect(
      endpoint.deliveries
        .flatMap((delivery) => delivery.value)
        .filter((candidate) => candidate.subscriptionId === leeSub.body.id),
    ).toEqual([]);
  });

  it('reports a change under a drive root as "updated" on the root, as OneDrive does', async () => {
    const endpoint = await receiver('echo');
    const created = await subscribe(await userToken(sandbox, diego), {
      changeType: 'updated',
      notificationUrl: endpoint.url,
      resource: 'me/drive/root',
      expirationDateTime: inMinutes(60),
    });
    const item = findSeedDriveItems(CONTOSO_TENANT_ID, diego.id)[2]!;
    await callGraph(
      sandbox,
      undefined,
      `/_sandbox/tenants/${CONTOSO_TENANT_ID}/users/${diego.id}/drive/items/${item.id}`,
      { method: 'DELETE' },
    );
    const notification = await endpoint.next(
      (candidate) => candidate.subscriptionId === created.body.id,
    );
    expect(notification).toMatchObject({
      changeType: 'updated',
      resource: 'me/drive/root',
      resourceData: { id: item.id },
    });
  });

  it('sends lifecycle notifications on demand and removes the subscription on subscriptionRemoved', async () => {
    const endpoint = await receiver('echo');
    const lifecycle = await receiver('echo');
    const token = await userToken(sandbox, diego);
    const created = await subscribe(token, {
      changeType: 'created',
      notificationUrl: endpoint.url,
      lifecycleNotificationUrl: lifecycle.url,
      resource: 'me/messages',
      expirationDateTime: inMinutes(60),
      clientState: 'life',
    });
    await callGraph(sandbox, undefined, `/_sandbox/subscriptions/${created.body.id}/lifecycle`, {
      method: 'POST',
      body: { lifecycleEvent: 'reauthorizationRequired' },
    });
    expect(
      await lifecycle.next((candidate) => candidate.lifecycleEvent === 'reauthorizationRequired'),
    ).toMatchObject({
      subscriptionId: created.body.id,
      clientState: 'life',
      tenantId: CONTOSO_TENANT_ID,
    });
    await callGraph(sandbox, undefined, `/_sandbox/subscriptions/${created.body.id}/lifecycle`, {
      method: 'POST',
      body: { lifecycleEvent: 'subscriptionRemoved' },
    });
    await lifecycle.next((candidate) => candidate.lifecycleEvent === 'subscriptionRemoved');
    expect((await callGraph(sandbox, token, `/subscriptions/${created.body.id}`)).status).toBe(404);
  });

  it('asks for reauthorization when expiry is within the window', async () => {
    const lifecycle = await receiver('echo');
    const endpoint = await receiver('echo');
    const sandboxWithWindow = await startTestSandbox({
      subscriptions: { lifecycleWindowMs: 30 * 60_000, lifecycleCheckIntervalMs: 3_600_000 },
    });
    try {
      const token = await userToken(sandboxWithWindow, diego);
      const soon = await callGraph<Record<string, string>>(
        sandboxWithWindow,
        token,
        '/subscriptions',
        {
          method: 'POST',
          body: {
            changeType: 'created',
            notificationUrl: endpoint.url,
            lifecycleNotificationUrl: lifecycle.url,
            resource: 'me/messages',
            expirationDateTime: inMinutes(10),
          },
        },
      );
      const far = await callGraph<Record<string, string>>(
        sandboxWithWindow,
        token,
        '/subscriptions',
        {
          method: 'POST',
          body: {
            changeType: 'created',
            notificationUrl: endpoint.url,
            lifecycleNotificationUrl: lifecycle.url,
            resource: 'me/messages',
            expirationDateTime: inMinutes(120),
          },
        },
      );
      await callGraph(sandboxWithWindow, undefined, '/_sandbox/subscriptions/check-expiry', {
        method: 'POST',
      });
      await lifecycle.next(
        (candidate) =>
          candidate.subscriptionId === soon.body.id &&
          candidate.lifecycleEvent === 'reauthorizationRequired',
      );
      expect(
        lifecycle.deliveries
          .flatMap((delivery) => delivery.value)
          .filter((candidate) => candidate.subscriptionId === far.body.id),
      ).toEqual([]);
    } finally {
      await sandboxWithWindow.stop();
    }
  });

  it("does not show one tenant's subscriptions to another", async () => {
    const endpoint = await receiver('echo');
    const created = await subscribe(await userToken(sandbox, diego), {
      changeType: 'created',
      notificationUrl: endpoint.url,
      resource: 'me/messages',
      expirationDateTime: inMinutes(60),
    });
    const fabrikam = await userToken(sandbox, person('Sara Davis'));
    expect((await callGraph(sandbox, fabrikam, `/subscriptions/${created.body.id}`)).status).toBe(
      404,
    );
    expect(
      (
        await callGraph(sandbox, fabrikam, `/subscriptions/${created.body.id}`, {
          method: 'DELETE',
        })
      ).status,
    ).toBe(404);
  });
});
