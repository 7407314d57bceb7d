/**
 * `excelSources`: one document per key result fed from Excel (`_id` = the key result's
 * id), holding what the job needs to find its work without reading every key result (the
 * cycle, the link's id) and what the last read found (value, time, error). The link itself
 * lives on the key result, where it is versioned; this is a record of what Graph answered,
 * rewritten by every read, like the sync state of evidence.
 */
import type { Db } from 'mongodb';
import type { ExcelSourceState } from '@throughline/contracts';
import { registerIndexes } from '../platform/db/database';
import { isDuplicateKey, TenantStore } from '../platform/db/documents';

export const EXCEL_SOURCES = 'excelSources';
// The job lists a tenant's sources; single reads go by _id.
registerIndexes(EXCEL_SOURCES, [{ key: { tenantId: 1 }, name: 'by_tenant' }]);

export interface StoredExcelSource extends ExcelSourceState {
  /** The key result's id. */
  id: string;
  cycleId: string;
}

export function excelSourcesStore(db: Db, tenantId: string) {
  const store = new TenantStore<StoredExcelSource>(db, EXCEL_SOURCES, tenantId);
  return {
    find: (keyResultId: string) => store.findById(keyResultId),
    /** Every linked key result of the tenant (a few hundred at most: people link by hand). */
    all: () => store.find({}, { limit: 10_000 }),
    /** Writes what a read found (the caller has checked it is the key result's current link). */
    async record(state: StoredExcelSource): Promise<void> {
      const { id, ...rest } = state;
      const write = () =>
        store.collection.replaceOne(
          { _id: id as never, tenantId: store.tenantId },
          { ...rest, tenantId: store.tenantId },
          { upsert: true },
        );
      // Two first writes race on the upsert; FerretDB answers the loser with a duplicate key.
      await write().catch((error: unknown) => {
        if (!isDuplicateKey(error)) throw error;
        return write();
      });
    },
    /**
     * Writes what the job's read found, only while the stored link is the one it read: a link
     * made while the read was under way keeps its own state.
     */
    async recordRead(state: StoredExcelSource): Promise<void> {
      const { id, ...rest } = state;
      await store.collection.replaceOne(
        { _id: id as never, tenantId: store.tenantId, linkId: state.linkId },
        { ...rest, tenantId: store.tenantId },
      );
    },
    async remove(keyResultId: string): Promise<void> {
      await store.collection.deleteOne({ _id: keyResultId as never, tenantId: store.tenantId });
    },
  };
}
