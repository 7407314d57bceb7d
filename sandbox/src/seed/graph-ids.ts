/**
 * Ids shaped like the ones Microsoft Graph hands out, derived from stable names so the
 * demo data has the same ids on every run. Exchange has several id forms for one item:
 * the REST id (URL-safe base64), the EWS id (the same bytes in standard base64, which the
 * Outlook add-in sees as `item.itemId`) and the immutable id (stable across moves).
 */
import { createHash } from 'node:crypto';

function digest(...parts: string[]): Buffer {
  return createHash('sha256').update(parts.join('/')).digest();
}

function bytes(count: number, ...parts: string[]): Buffer {
  const chunks: Buffer[] = [];
  for (let round = 0; chunks.length * 32 < count; round += 1)
    chunks.push(digest(String(round), ...parts));
  return Buffer.concat(chunks).subarray(0, count);
}

/** A message's REST id (what Graph returns by default). */
export function restMessageId(...parts: string[]): string {
  return `AAMkAG${bytes(105, 'rest', ...parts).toString('base64url')}AAA=`;
}

/** A message's immutable id (`Prefer: IdType="ImmutableId"`, restImmutableEntryId). */
export function immutableMessageId(...parts: string[]): string {
  return `AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0A${bytes(66, 'immutable', ...parts).toString('base64url')}AAA=`;
}

/** The EWS form of a REST id: standard base64 where REST uses the URL-safe alphabet. */
export function ewsIdFromRestId(restId: string): string {
  return restId.replace(/-/g, '+').replace(/_/g, '/');
}

export function restIdFromEwsId(ewsId: string): string {
  return ewsId.replace(/\+/g, '-').replace(/\//g, '_');
}

/** A mail folder or conversation id. */
export function exchangeId(prefix: 'AAMkAG' | 'AAQkAG', ...parts: string[]): string {
  return `${prefix}${bytes(prefix === 'AAQkAG' ? 30 : 66, 'folder', ...parts).toString('base64url')}=`;
}

/** A OneDrive for Business drive id (`b!…`). */
export function driveId(...parts: string[]): string {
  return `b!${bytes(48, 'drive', ...parts).toString('base64url')}`;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A OneDrive for Business item id: `01` and 32 base32 characters. */
export function driveItemId(...parts: string[]): string {
  const source = bytes(32, 'item', ...parts);
  let id = '01';
  for (let index = 0; index < 32; index += 1) id += BASE32[source[index]! % 32];
  return id;
}

/** An upper-case hex string, as in iCalUId and change keys. */
export function hexId(length: number, ...parts: string[]): string {
  return bytes(Math.ceil(length / 2), 'hex', ...parts)
    .toString('hex')
    .toUpperCase()
    .slice(0, length);
}

/** A GUID from names (for eTags and request ids that should be stable). */
export function guidFrom(...parts: string[]): string {
  const hex = bytes(16, 'guid', ...parts)
    .toString('hex')
    .toUpperCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
