/**
 * The `evidence` collection. A record's `_id` is derived from tenant, target and source
 * (source-key.ts), and every change to it goes through the narrative's insert-keyed
 * events (`commitChange`), so concurrent attaches and notifications never lose a write.
 */
import type { Db } from 'mongodb';
import { Evidence } from '@throughline/contracts';
import { registerIndexes } from '../platform/db/database';
import { kindStore, recordKind } from '../platform/db/documents';

export const EVIDENCE = 'evidence';

registerIndexes(EVIDENCE, [
  { key: { tenantId: 1, 'target.id': 1, createdAt: -1 }, name: 'by_target' },
  { key: { tenantId: 1, keyResultId: 1, createdAt: -1 }, name: 'by_key_result' },
  { key: { tenantId: 1, messageIds: 1 }, name: 'by_message_id' },
  { key: { tenantId: 1, 'source.internetMessageId': 1 }, name: 'by_internet_message_id' },
  { key: { tenantId: 1, 'source.driveId': 1 }, name: 'by_drive' },
  { key: { tenantId: 1, 'source.mailboxOwnerId': 1 }, name: 'by_mailbox' },
]);

/** One attacher's own copy of an email: the same message has another REST id and Outlook link in each mailbox. */
export interface MailboxCopy {
  personId: string;
  messageId: string;
  immutableId: string;
  webLink: string | null;
}

/** What is stored besides the API shape: the version (for commitChange), the source key and every id a message is known by. */
export type StoredEvidence = Omit<Evidence, 'openLink'> & {
  /** Each attacher's copy of an email (records from before copies were kept have none: the source is the first one). */
  mailboxCopies?: MailboxCopy[];
  version: number;
  sourceKey: string;
  /** REST and immutable ids of every attacher's copy, so "where is this email attached?" finds each. */
  messageIds: string[];
  /** The Graph resource whose change notifications cover this source (`users/{id}/messages`, `drives/{id}/root`), if any. */
  watchResource: string | null;
};

export const evidenceKind = recordKind({
  name: 'evidence',
  collection: EVIDENCE,
  // Who may open what is worked out for each reader, never stored.
  schema: Evidence.omit({ openLink: true }),
  isVersioned: true,
});

export const evidenceStore = (db: Db, tenantId: string) =>
  kindStore<StoredEvidence>(db, evidenceKind, tenantId);

export async function findEvidenceOfTarget(
  db: Db,
  tenantId: string,
  targetId: string,
): Promise<StoredEvidence[]> {
  return evidenceStore(db, tenantId).find(
    { 'target.id': targetId },
    { sort: { createdAt: -1 }, limit: 500 },
  );
}

/** What proves a key result: evidence on it and on its deliverables (which carry its id). */
export async function findEvidenceOfKeyResult(
  db: Db,
  tenantId: string,
  keyResultId: string,
): Promise<StoredEvidence[]> {
  return (await findEvidenceOfKeyResults(db, tenantId, [keyResultId])).get(keyResultId)!;
}

/**
 * The evidence of these key results, as `findEvidenceOfKeyResult` gives each, in one read
 * (up to 500 items each). Newest first within each key result.
 */
export async function findEvidenceOfKeyResults(
  db: Db,
  tenantId: string,
  keyResultIds: string[],
): Promise<Map<string, StoredEvidence[]>> {
  const items = await evidenceStore(db, tenantId).findAmong(
    'keyResultId',
    keyResultIds,
    {},
    { limit: 500 },
  );
  const byKeyResult = new Map<string, StoredEvidence[]>(keyResultIds.map((id) => [id, []]));
  for (const item of items.sort((a, b) => b.createdAt.localeCompare(a.createdAt)))
    if (item.keyResultId) byKeyResult.get(item.keyResultId)?.push(item);
  return byKeyResult;
}

export async function findEvidenceByMessage(
  db: Db,
  tenantId: string,
  ids: { messageId?: string; internetMessageId?: string },
): Promise<StoredEvidence[]> {
  const or: Record<string, string>[] = [];
  if (ids.messageId) or.push({ messageIds: ids.messageId });
  if (ids.internetMessageId) or.push({ 'source.internetMessageId': ids.internetMessageId });
  return evidenceStore(db, tenantId).find(
    { kind: 'email', removedAt: null, $or: or },
    { sort: { createdAt: -1 }, limit: 200 },
  );
}

/** Which of these evidence items are attached now (not removed). */
export async function attachedEvidenceIdsAmong(
  db: Db,
  tenantId: string,
  evidenceIds: string[],
): Promise<Set<string>> {
  const ids = [...new Set(evidenceIds)];
  if (ids.length === 0) return new Set();
  const rows = await evidenceStore(db, tenantId).findAmong(
    '_id',
    ids,
    { removedAt: null },
    { projection: { removedAt: 1 }, limit: 1 },
  );
  return new Set(rows.filter((row) => !row.removedAt).map((row) => row.id));
}

export async function findWatchedEvidence(
  db: Db,
  tenantId: string,
  watchResource: string,
): Promise<StoredEvidence[]> {
  return evidenceStore(db, tenantId).find({ watchResource, removedAt: null }, { limit: 1000 });
}
