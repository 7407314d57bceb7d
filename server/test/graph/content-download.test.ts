/**
 * The Graph client's one binary read, against the running sandbox: a drive item's content
 * through Graph's 302 to a pre-authenticated URL (which refuses a request that brings the
 * token), the bytes capped while they arrive, and Graph's failures as `GraphFailure`s.
 */
import {
  CONTOSO_TENANT_ID,
  findSeedDriveItems,
  findSeedPersonByName,
  sandboxApp,
} from '@throughline/sandbox';
import {
  ContentTooLarge,
  createGraphClients,
  GraphFailure,
  type GraphApi,
} from '../../src/platform/graph/client';
import { createLogger } from '../../src/platform/log/logger';

const graphUrl = () => process.env.TEST_GRAPH_URL!;

async function appToken(): Promise<string> {
  const response = await fetch(
    `${process.env.TEST_IDENTITY_URL}/${CONTOSO_TENANT_ID}/oauth2/v2.0/token`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: sandboxApp.clientId,
        client_secret: sandboxApp.clientSecret,
        scope: 'https://graph.microsoft.com/.default',
      }),
    },
  );
  return ((await response.json()) as { access_token: string }).access_token;
}

describe('downloading a drive item’s content', () => {
  let graph: GraphApi;
  const diego = findSeedPersonByName('Diego Siciliani');
  const pipeline = findSeedDriveItems(CONTOSO_TENANT_ID, diego.id).find(
    (item) => item.name === 'Pipeline.xlsx',
  )!;
  const path = `/drives/${pipeline.driveId}/items/${pipeline.id}/content`;

  beforeAll(async () => {
    const token = await appToken();
    graph = createGraphClients({
      config: {
        GRAPH_BASE_URL: graphUrl(),
        GRAPH_MAX_RETRIES: 2,
        GRAPH_RETRY_DELAY_SECONDS: 0,
        GRAPH_MAX_RETRY_AFTER_SECONDS: 5,
        GRAPH_TIMEOUT_MS: 10_000,
      },
      tokens: {
        forApp: async () => token,
        onBehalfOf: async () => {
          throw new Error('not used');
        },
      },
      log: createLogger('silent'),
    }).forApp(CONTOSO_TENANT_ID);
  });

  it('follows the redirect without the token and answers the .xlsx bytes', async () => {
    const bytes = await graph.getContent(path, { maxBytes: 1024 * 1024 });
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('stops reading past the limit', async () => {
    await expect(graph.getContent(path, { maxBytes: 100 })).rejects.toBeInstanceOf(ContentTooLarge);
  });

  it('throws Graph’s failure for an item that does not exist', async () => {
    const failure = await graph
      .getContent(`/drives/${pipeline.driveId}/items/01NOSUCHITEM/content`, { maxBytes: 1024 })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GraphFailure);
    expect([(failure as GraphFailure).status, (failure as GraphFailure).code]).toEqual([
      404,
      'itemNotFound',
    ]);
  });
});
