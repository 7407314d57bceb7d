/**
 * The identity provider keeps its signing key across restarts when given a folder, as Entra
 * ID keeps its keys (a server's cached tokens stay valid after `npm start` again), and a
 * control call rolls it: tokens signed before the roll are refused by Graph and by the
 * on-behalf-of exchange, tokens signed after it are taken.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { CONTOSO_TENANT_ID, type RunningSandbox } from '../src';
import { appToken, callGraph, person, startTestSandbox, userToken } from './support';

const diego = person('Diego Siciliani');

/** Read on a connection of its own: a pooled one may still point at the stopped sandbox. */
function publishedKids(sandbox: RunningSandbox): Promise<string[]> {
  const url = `${sandbox.identityUrl}/${CONTOSO_TENANT_ID}/discovery/v2.0/keys`;
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () =>
          resolve((JSON.parse(text) as { keys: { kid: string }[] }).keys.map((key) => key.kid)),
        );
      })
      .on('error', reject);
  });
}

describe('the identity provider signing keys', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'throughline-sandbox-keys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('signs with the same key after a restart given the same folder, and keeps the key private', async () => {
    const first = await startTestSandbox({ keysDir: dir });
    const token = await appToken(first, CONTOSO_TENANT_ID);
    const kids = await publishedKids(first);
    await first.stop();

    // The same address too, as `npm start` uses fixed ports: the issuer names it.
    const second = await startTestSandbox({
      keysDir: dir,
      identityPort: Number(new URL(first.identityUrl).port),
    });
    try {
      expect(await publishedKids(second)).toEqual(kids);
      // A token the first start issued still opens Graph after the restart.
      expect((await callGraph(second, token, '/users?$top=1')).status).toBe(200);
    } finally {
      await second.stop();
    }
    expect(statSync(path.join(dir, 'signing-key.json')).mode & 0o077).toBe(0);
  });

  it('signs with a fresh key on each start without a folder', async () => {
    const first = await startTestSandbox();
    const kids = await publishedKids(first);
    await first.stop();
    const second = await startTestSandbox();
    try {
      expect(await publishedKids(second)).not.toEqual(kids);
    } finally {
      await second.stop();
    }
  });

  it('refuses tokens signed before a roll and takes those signed after it', async () => {
    const sandbox = await startTestSandbox({ keysDir: dir });
    try {
      const before = await appToken(sandbox, CONTOSO_TENANT_ID);
      const delegatedBefore = await userToken(sandbox, diego);
      const rolled = await callGraph<{ kid: string; previousKid: string }>(
        sandbox,
        undefined,
        '/_sandbox/identity/keys/roll',
        { method: 'POST' },
      );
      expect(rolled.status).toBe(200);
      expect(await publishedKids(sandbox)).toEqual([rolled.body.kid]);

      const refused = await callGraph<{ error: { code: string } }>(
        sandbox,
        before,
        '/users?$top=1',
      );
      expect(refused.status).toBe(401);
      expect(refused.body.error.code).toBe('InvalidAuthenticationToken');
      expect((await callGraph(sandbox, delegatedBefore, '/me')).status).toBe(401);

      const after = await appToken(sandbox, CONTOSO_TENANT_ID);
      expect((await callGraph(sandbox, after, '/users?$top=1')).status).toBe(200);
      expect((await callGraph(sandbox, await userToken(sandbox, diego), '/me')).status).toBe(200);
    } finally {
      await sandbox.stop();
    }
    // The rolled key is the one kept: the next start signs with it.
    const restarted = await startTestSandbox({ keysDir: dir });
    try {
      const token = await appToken(restarted, CONTOSO_TENANT_ID);
      expect((await callGraph(restarted, token, '/users?$top=1')).status).toBe(200);
    } finally {
      await restarted.stop();
    }
  });
});
