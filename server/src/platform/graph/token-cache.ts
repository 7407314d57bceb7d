/**
 * MSAL's token cache, persisted in MongoDB and encrypted at rest.
 *
 * Every partition (one person of one tenant for on-behalf-of tokens, one tenant for app
 * tokens) is a separate document holding MSAL's serialised cache sealed with AES-256-GCM
 * under TOKEN_CACHE_KEY. The partition key is the GCM additional data, so a sealed blob
 * copied into another partition fails to open instead of handing one person's tokens to
 * another. Without a key nothing is written: tokens then live only as long as the one
 * request that fetched them, which costs token requests but never stores them in clear.
 *
 * Two requests of the same person may write the partition at the same time; the later
 * write wins and the lost entry only costs one more token request, so no lock is needed.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import type { TokenCacheStore } from './token-cache-store';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;

export interface SealedCache {
  iv: string;
  tag: string;
  data: string;
}

export function sealCache(key: Buffer, partition: string, plaintext: string): SealedCache {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv);
  cipher.setAAD(Buffer.from(partition, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
}

/** The plaintext, or null when the blob was sealed under another key or partition (or tampered with). */
export function openCache(key: Buffer, partition: string, sealed: SealedCache): string | null {
  try {
    const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(partition, 'utf8'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([
      decipher.update(Buffer.from(sealed.data, 'base64')),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    return null;
  }
}

/** The document id of a partition: a hash, so ids in the database name no person. */
export function partitionId(partition: string): string {
  return createHash('sha256').update(partition).digest('hex');
}

export const userPartition = (tenantId: string, userId: string) => `user:${tenantId}:${userId}`;
export const appPartition = (tenantId: string) => `app:${tenantId}`;

/** An ICachePlugin bound to one partition; a ConfidentialClientApplication is built per partition. */
export function partitionedCachePlugin(
  store: TokenCacheStore,
  key: Buffer | null,
  tenantId: string,
  partition: string,
): ICachePlugin {
  return {
    async beforeCacheAccess(context: TokenCacheContext) {
      if (!key) return;
      const sealed = await store.read(tenantId, partitionId(partition));
      if (!sealed) return;
      const plaintext = openCache(key, partition, sealed);
      // A blob we cannot open (the key was rotated) is treated as an empty cache.
      if (plaintext) context.tokenCache.deserialize(plaintext);
    },
    async afterCacheAccess(context: TokenCacheContext) {
      if (!key || !context.cacheHasChanged) return;
      await store.write(
        tenantId,
        partitionId(partition),
        sealCache(key, partition, context.tokenCache.serialize()),
      );
    },
  };
}
