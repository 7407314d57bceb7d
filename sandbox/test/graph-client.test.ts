/**
 * Production code talks to Graph through @microsoft/microsoft-graph-client. These specs
 * drive the emulator with that client, configured as production configures it (only the
 * base URL and customHosts differ), to prove the emulator meets its demands.
 */
import {
  BatchRequestContent,
  BatchResponseContent,
  GraphError,
} from '@microsoft/microsoft-graph-client';
import { CONTOSO_TENANT_ID, findSeedMessages, type RunningSandbox } from '../src';
import { callGraph, graphClient, person, startTestSandbox, userToken } from './support';

let sandbox: RunningSandbox;
const diego = person('Diego Siciliani');

beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.stop());
afterEach(() => {
  sandbox.graph.faults.clear();
  sandbox.graph.counter.reset();
});

describe('the Graph client against the emulator', () => {
  it('sends the bearer token to the https emulator and reads /me', async () => {
    const client = graphClient(sandbox, await userToken(sandbox, diego));
    const me = (await client.api('/me').select('displayName,mail').get()) as Record<
      string,
      unknown
    >;
    expect(me).toMatchObject({ id: diego.id, displayName: 'Diego Siciliani', mail: diego.mail });
    expect(String(me['@odata.context'])).toMatch(
      /\/v1\.0\/\$metadata#users\(displayName,mail\)\/\$entity$/,
    );
  });

  it('reads a message by id with the immutable-id preference', async () => {
    const signed = findSeedMessages(CONTOSO_TENANT_ID, diego.id).find((message) =>
      message.subject.startsWith('Signed order'),
    )!;
    const client = graphClient(sandbox, await userToken(sandbox, diego));
    const message = (await client
      .api(`/me/messages/${signed.id}`)
      .header('Prefer', 'IdType="ImmutableId"')
      .select('subject,internetMessageId')
      .get()) as Record<string, unknown>;
    expect(message).toMatchObject({
      id: signed.immutableId,
      subject: signed.subject,
      internetMessageId: signed.internetMessageId,
    });
  });

  it("retries a throttled request after the emulator's Retry-After and then succeeds", async () => {
    sandbox.graph.faults.add({
      method: 'GET',
      pathPrefix: '/me',
      status: 429,
      retryAfterSeconds: 1,
      times: 1,
    });
    const client = graphClient(sandbox, await userToken(sandbox, diego));
    const me = (await client.api('/me').get()) as Record<string, unknown>;
    expect(me.id).toBe(diego.id);
    expect(sandbox.graph.counter.snapshot().byMethodAndPath['GET /v1.0/me']).toBe(2);
  });

  it('gives up after its retries with a GraphError carrying 429 and the Graph error code', async () => {
    sandbox.graph.faults.add({
      method: 'GET',
      pathPrefix: '/me',
      status: 429,
      retryAfterSeconds: 0,
    });
    const client = graphClient(sandbox, await userToken(sandbox, diego));
    const error = (await client
      .api('/me')
      .get()
      .catch((caught: unknown) => caught)) as GraphError;
    expect(error).toBeInstanceOf(GraphError);
    expect(error.statusCode).toBe(429);
    expect(error.code).toBe('TooManyRequests');
    expect(sandbox.graph.counter.snapshot().byMethodAndPath['GET /v1.0/me']).toBe(4);
  });

  it('sends a $batch built with BatchRequestContent and parses the answers with BatchResponseContent', async () => {
    const messages = findSeedMessages(CONTOSO_TENANT_ID, diego.id);
    const base = sandbox.graphUrl;
    const batch = new BatchRequestContent([
      { id: '1', request: new Request(`${base}/v1.0/me?$select=displayName`, { method: 'GET' }) },
      {
        id: '2',
        request: new Request(`${base}/v1.0/me/messages/${messages[0]!.id}?$select=subject`, {
          method: 'GET',
        }),
      },
      {
        id: '3',
        request: new Request(`${base}/v1.0/me/messages/AAMkAGdoesnotexist=`, { method: 'GET' }),
      },
    ]);
    const client = graphClient(sandbox, await userToken(sandbox, diego));
    const answer = new BatchResponseContent(
      await client.api('/$batch').post(await batch.getContent()),
    );
    const me = answer.getResponseById('1');
    expect(me.status).toBe(200);
    expect(((await me.json()) as Record<string, unknown>).displayName).toBe('Diego Siciliani');
    expect(((await answer.getResponseById('2').json()) as Record<string, unknown>).subject).toBe(
      messages[0]!.subject,
    );
    const missing = answer.getResponseById('3');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe(
      'ErrorItemNotFound',
    );
  });

  it('refuses more than 20 requests in one $batch, as Graph does', async () => {
    const token = await userToken(sandbox, diego);
    const requests = Array.from({ length: 21 }, (_unused, index) => ({
      id: String(index + 1),
      method: 'GET',
      url: '/me',
    }));
    const answer = await callGraph<{ error: { code: string; message: string } }>(
      sandbox,
      token,
      '/$batch',
      { method: 'POST', body: { requests } },
    );
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({
      code: 'BadRequest',
      message: 'Number of requests exceeds the limit of 20.',
    });
  });

  it('answers 424 to a batch request whose dependency failed, and runs the ones whose dependency succeeded', async () => {
    const token = await userToken(sandbox, diego);
    const answer = await callGraph<{ responses: Array<{ id: string; status: number }> }>(
      sandbox,
      token,
      '/$batch',
      {
        method: 'POST',
        body: {
          requests: [
            { id: 'a', method: 'GET', url: '/me/messages/AAMkAGmissing=' },
            { id: 'b', method: 'GET', url: '/me', dependsOn: ['a'] },
            { id: 'c', method: 'GET', url: '/v1.0/me?$select=id' },
            { id: 'd', method: 'GET', url: '/me/manager', dependsOn: ['c'] },
          ],
        },
      },
    );
    const statuses = Object.fromEntries(
      answer.body.responses.map((response) => [response.id, response.status]),
    );
    expect(statuses).toEqual({ a: 404, b: 424, c: 200, d: 200 });
  });

  it('answers a throttled inner request with 429 and Retry-After inside a successful batch', async () => {
    sandbox.graph.faults.add({
      pathPattern: '/manager$',
      status: 429,
      retryAfterSeconds: 7,
      times: 1,
    });
    const token = await userToken(sandbox, diego);
    const answer = await callGraph<{
      responses: Array<{ id: string; status: number; headers: Record<string, string> }>;
    }>(sandbox, token, '/$batch', {
      method: 'POST',
      body: {
        requests: [
          { id: '1', method: 'GET', url: '/me/manager' },
          { id: '2', method: 'GET', url: '/me' },
        ],
      },
    });
    expect(answer.status).toBe(200);
    const throttled = answer.body.responses.find((response) => response.id === '1')!;
    expect(throttled.status).toBe(429);
    expect(throttled.headers['Retry-After']).toBe('7');
  });
});
