/**
 * A stored document that does not parse as its collection's kind (a record written by an
 * older version, or corrupted by hand) must never take a list down. Stores skip such a
 * document and report it here; the report is logged once per document and process, so a
 * busy list does not flood the log. `npm run db:check` finds and fixes them.
 *
 * The logger is attached to the database handle the app was built with (a WeakMap keyed
 * by that handle, not a module-wide logger), so two apps in one process keep their own.
 */
import type { Db } from 'mongodb';
import type { Logger } from '../log/logger';

interface Watcher {
  log: Logger;
  seen: Set<string>;
}

const watchers = new WeakMap<Db, Watcher>();

export function reportDamagedRecordsTo(db: Db, log: Logger): void {
  watchers.set(db, { log, seen: new Set() });
}

export interface DamagedRecord {
  collection: string;
  kind: string;
  tenantId: string;
  id: string;
  problems: string[];
}

export function reportDamagedRecord(db: Db, record: DamagedRecord): void {
  const watcher = watchers.get(db);
  if (!watcher) return;
  const key = `${record.collection}/${record.tenantId}/${record.id}`;
  if (watcher.seen.has(key)) return;
  watcher.seen.add(key);
  watcher.log.warn(
    { damagedRecord: record },
    `skipped a stored ${record.kind} that does not parse (run npm run db:check)`,
  );
}
