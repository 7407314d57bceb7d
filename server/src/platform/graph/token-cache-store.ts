/** The `tokenCache` collection: one sealed MSAL cache per partition (see token-cache.ts). */
import type { Db } from 'mongodb';
import { registerIndexes } from '../db/database';
import type { SealedCache } from './token-cache';

export const TOKEN_CACHE = 'tokenCache';
registerIndexes(TOKEN_CACHE, [{ key: { tenantId: 1, updatedAt: 1 }, name: 'by_tenant_age' }]);

interface TokenCacheDocument extends SealedCache {
  _id: string;
  tenantId: string;
  updatedAt: Date;
}

export interface TokenCacheStore {
  read(tenantId: string, id: string): Promise<SealedCache | null>;
  write(tenantId: string, id: string, sealed: SealedCache): Promise<void>;
}

export function tokenCacheStore(db: Db, clock: () => Date): TokenCacheStore {
  const collection = db.collection<TokenCacheDocument>(TOKEN_CACHE);
  return {
    async read(tenantId, id) {
      const doc = await collection.findOne({ _id: id, tenantId });
      return doc ? { iv: doc.iv, tag: doc.tag, data: doc.data } : null;
    },
    async write(tenantId, id, sealed) {
      await collection.replaceOne(
        { _id: id, tenantId },
        { tenantId, ...sealed, updatedAt: clock() },
        { upsert: true },
      );
    },
  };
}
