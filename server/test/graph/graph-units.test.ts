import { encodeSharingUrl as sandboxEncoding } from '@throughline/sandbox';
import { evidenceId, normaliseUrl, sourceKey } from '../../src/evidence/source-key';
import {
  hashClientState,
  isClientStateValid,
  newClientState,
} from '../../src/notifications/client-state';
import { msalConfiguration } from '../../src/platform/graph/msal';
import { encodeSharingUrl } from '../../src/platform/graph/sharing-url';
import { openCache, sealCache } from '../../src/platform/graph/token-cache';
import { loadConfig } from '../../src/config';

describe('sharing URL encoding', () => {
  it('encodes as Graph documents it: u! + unpadded base64url', () => {
    const url = 'https://contoso-my.sharepoint.com/personal/diego/Documents/Q3 forecast?.xlsx';
    expect(encodeSharingUrl(url)).toBe(sandboxEncoding(url));
    expect(encodeSharingUrl(url)).toMatch(/^u![A-Za-z0-9_-]+$/);
    expect(Buffer.from(encodeSharingUrl(url).slice(2), 'base64url').toString()).toBe(url);
  });
});

describe('source keys', () => {
  it('normalises links so the same page is one source', () => {
    expect(normaliseUrl('HTTPS://Contoso.example:443/launch/?b=2&a=1#top')).toBe(
      'https://contoso.example/launch?a=1&b=2',
    );
    expect(normaliseUrl('https://contoso.example/')).toBe('https://contoso.example/');
  });

  it('keys an email by internetMessageId, so every mailbox copy is one source', () => {
    expect(sourceKey({ kind: 'email', internetMessageId: '<a@b>', immutableId: 'X' })).toBe(
      sourceKey({ kind: 'email', internetMessageId: ' <a@b> ', immutableId: 'Y' }),
    );
    expect(sourceKey({ kind: 'email', internetMessageId: null, immutableId: 'X' })).toBe(
      'email:id:X',
    );
    expect(sourceKey({ kind: 'document', driveId: 'b!1', itemId: '01A' })).toBe('document:b!1:01A');
    expect(sourceKey({ kind: 'meeting', iCalUId: 'ICAL', eventId: 'E1' })).toBe(
      sourceKey({ kind: 'meeting', iCalUId: 'ICAL', eventId: 'E2' }),
    );
  });

  it('derives one id per tenant, target and source', () => {
    const target = { kind: 'keyResult' as const, id: 'kr1' };
    const id = evidenceId('t1', target, 'link:https://a/');
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(evidenceId('t1', target, 'link:https://a/')).toBe(id);
    expect(evidenceId('t2', target, 'link:https://a/')).not.toBe(id);
    expect(evidenceId('t1', { kind: 'deliverable', id: 'kr1' }, 'link:https://a/')).not.toBe(id);
  });
});

describe('clientState', () => {
  it('accepts exactly the subscription’s own clientState', () => {
    const clientState = newClientState();
    const stored = hashClientState(clientState);
    expect(clientState.length).toBeLessThanOrEqual(128);
    expect(isClientStateValid(clientState, stored)).toBe(true);
    expect(isClientStateValid(`${clientState}x`, stored)).toBe(false);
    expect(isClientStateValid('', stored)).toBe(false);
    expect(isClientStateValid(undefined, stored)).toBe(false);
    expect(isClientStateValid(clientState, null)).toBe(false);
    expect(isClientStateValid(clientState, 'not-a-hash')).toBe(false);
  });
});

describe('the token cache at rest', () => {
  const key = Buffer.alloc(32, 7);

  it('round-trips, and refuses another partition, another key or a changed byte', () => {
    const sealed = sealCache(key, 'user:t:alice', '{"AccessToken":{"secret":"eyJ..."}}');
    expect(JSON.stringify(sealed)).not.toContain('eyJ');
    expect(openCache(key, 'user:t:alice', sealed)).toBe('{"AccessToken":{"secret":"eyJ..."}}');
    expect(openCache(key, 'user:t:bob', sealed)).toBeNull();
    expect(openCache(Buffer.alloc(32, 8), 'user:t:alice', sealed)).toBeNull();
    const data = Buffer.from(sealed.data, 'base64');
    data[0]! ^= 1;
    expect(openCache(key, 'user:t:alice', { ...sealed, data: data.toString('base64') })).toBeNull();
  });
});

describe('msal authority settings', () => {
  const base = {
    MONGODB_URI: 'mongodb://localhost/',
    AUTH_CLIENT_ID: 'client',
    AUTH_CLIENT_SECRET: 's',
  };

  it('leaves Entra ID to msal', () => {
    const auth = msalConfiguration(loadConfig(base), 'tid');
    expect(auth).toMatchObject({
      authority: 'https://login.microsoftonline.com/tid',
      clientId: 'client',
    });
    expect(auth.authorityMetadata).toBeUndefined();
  });

  it('keeps the production authority and points its metadata at a local stand-in', () => {
    const auth = msalConfiguration(
      loadConfig({ ...base, AUTH_AUTHORITY: 'http://127.0.0.1:4010' }),
      'tid',
    );
    expect(auth.authority).toBe('https://login.microsoftonline.com/tid');
    expect(JSON.parse(auth.authorityMetadata!)).toEqual({
      issuer: 'https://login.microsoftonline.com/tid/v2.0',
      token_endpoint: 'http://127.0.0.1:4010/tid/oauth2/v2.0/token',
      authorization_endpoint: 'http://127.0.0.1:4010/tid/oauth2/v2.0/authorize',
      jwks_uri: 'http://127.0.0.1:4010/tid/discovery/v2.0/keys',
    });
  });

  it('refuses an http Graph URL, which would silently lose the token', () => {
    expect(() => loadConfig({ ...base, GRAPH_BASE_URL: 'http://localhost:4443' })).toThrow(
      /GRAPH_BASE_URL/,
    );
  });
});
