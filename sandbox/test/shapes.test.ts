/**
 * The emulator's answers carry every key of the documented examples in
 * sandbox/fixtures (copied from Microsoft's Graph docs, each naming its source).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  CONTOSO_TENANT_ID,
  findSeedDriveItems,
  findSeedMessages,
  shareIdFor,
  type RunningSandbox,
} from '../src';
import { callGraph, person, startReceiver, startTestSandbox, userToken, appToken } from './support';

let sandbox: RunningSandbox;
const diego = person('Diego Siciliani');

beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.stop());

function documented(name: string): Record<string, unknown> {
  const fixture = JSON.parse(
    readFileSync(path.join(__dirname, '..', 'fixtures', `${name}.json`), 'utf8'),
  ) as { source: string; body: Record<string, unknown> };
  expect(fixture.source).toMatch(/^https:\/\/learn\.microsoft\.com\//);
  return fixture.body;
}

/** Keys of the documented object (nested one level into objects) missing from ours. */
function missingKeys(
  ours: Record<string, unknown>,
  theirs: Record<string, unknown>,
  skip: string[] = [],
): string[] {
  const missing: string[] = [];
  for (const [key, value] of Object.entries(theirs)) {
    if (skip.includes(key)) continue;
    if (!(key in ours)) missing.push(key);
    else if (
      value &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      ours[key] &&
      typeof ours[key] === 'object'
    ) {
      for (const nested of Object.keys(value))
        if (!(nested in (ours[key] as object))) missing.push(`${key}.${nested}`);
    }
  }
  return missing;
}

describe('shapes match the documented payloads', () => {
  it('message', async () => {
    const message = findSeedMessages(CONTOSO_TENANT_ID, diego.id)[0]!;
    const ours = await callGraph(
      sandbox,
      await userToken(sandbox, diego),
      `/me/messages/${message.id}`,
    );
    expect(missingKeys(ours.body, documented('message-get'))).toEqual([]);
  });

  it('driveItem (a file instead of the documented root: folder and root are the only differences)', async () => {
    const item = findSeedDriveItems(CONTOSO_TENANT_ID, diego.id)[0]!;
    const ours = await callGraph(
      sandbox,
      await userToken(sandbox, diego),
      `/shares/${shareIdFor(item)}/driveItem`,
    );
    expect(missingKeys(ours.body, documented('driveitem-get'), ['folder', 'root'])).toEqual([]);
    const root = await callGraph(sandbox, await userToken(sandbox, diego), '/me/drive/root');
    expect(
      missingKeys(root.body, documented('driveitem-get'), [
        'createdBy',
        'lastModifiedBy',
        'cTag',
        'eTag',
      ]),
    ).toEqual([]);
  });

  it('user delta page', async () => {
    const ours = await callGraph<{ value: Array<Record<string, unknown>> }>(
      sandbox,
      await appToken(sandbox, CONTOSO_TENANT_ID),
      '/users/delta',
      { headers: { Prefer: 'odata.maxpagesize=5' } },
    );
    const theirs = documented('user-delta') as { value: Array<Record<string, unknown>> };
    expect(missingKeys(ours.body, theirs, ['value'])).toEqual([]);
    expect(missingKeys(ours.body.value[0]!, theirs.value[0]!)).toEqual([]);
  });

  it('subscription and change notification', async () => {
    const endpoint = await startReceiver('echo');
    try {
      const subscription = await callGraph(
        sandbox,
        await userToken(sandbox, diego),
        '/subscriptions',
        {
          method: 'POST',
          body: {
            changeType: 'created',
            notificationUrl: endpoint.url,
            resource: 'me/messages',
            expirationDateTime: new Date(Date.now() + 3_600_000).toISOString(),
            clientState: 'shape',
          },
        },
      );
      expect(missingKeys(subscription.body, documented('subscription'))).toEqual([]);
      await callGraph(
        sandbox,
        undefined,
        `/_sandbox/tenants/${CONTOSO_TENANT_ID}/users/${diego.id}/messages`,
        { method: 'POST', body: { subject: 'Shape check' } },
      );
      const notification = await endpoint.next(
        (candidate) => candidate.subscriptionId === subscription.body.id,
      );
      const theirs = documented('change-notification') as { value: Array<Record<string, unknown>> };
      expect(missingKeys(notification, theirs.value[0]!)).toEqual([]);
    } finally {
      await endpoint.close();
    }
  });

  it('throttling error', async () => {
    sandbox.graph.faults.add({ pathPrefix: '/me', status: 429, retryAfterSeconds: 3, times: 1 });
    const ours = await callGraph<{ error: Record<string, unknown> }>(
      sandbox,
      await userToken(sandbox, diego),
      '/me',
    );
    const theirs = documented('throttling-429') as { error: Record<string, unknown> };
    expect(ours.status).toBe(429);
    expect(ours.headers.get('retry-after')).toBe('3');
    expect(missingKeys(ours.body.error, theirs.error)).toEqual([]);
  });
});
