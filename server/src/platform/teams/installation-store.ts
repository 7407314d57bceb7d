/**
 * The `bot_installations` collection: the chats (a 1-on-1's meeting chat, a group chat, a
 * team) that Throughline's app has been added to, as Teams tells the bot with an
 * `installationUpdate`. The prep-card job posts into a meeting's own chat only while the
 * app is there; elsewhere it uses the manager's personal chat with the bot.
 *
 * One record per tenant and conversation under an `_id` derived from both, so "is it
 * installed here" is an `_id` read, and the same event twice writes the same record.
 */
import { createHash } from 'node:crypto';
import type { Db } from 'mongodb';
import { isDuplicateKey } from '../db/documents';

export const BOT_INSTALLATIONS = 'bot_installations';

interface InstallationRecord {
  _id: string;
  tenantId: string;
  conversationId: string;
  conversationType: string;
  isInstalled: boolean;
  /** Who added (or removed) it, and when. */
  byId: string;
  at: Date;
}

const installationId = (tenantId: string, conversationId: string) =>
  createHash('sha256').update(`${tenantId}\n${conversationId}`).digest('hex').slice(0, 32);

const installations = (db: Db) => db.collection<InstallationRecord>(BOT_INSTALLATIONS);

export async function recordInstallation(
  db: Db,
  change: {
    tenantId: string;
    conversationId: string;
    conversationType: string;
    isInstalled: boolean;
    byId: string;
    at: Date;
  },
): Promise<void> {
  const _id = installationId(change.tenantId, change.conversationId);
  try {
    await installations(db).replaceOne({ _id }, change, { upsert: true });
  } catch (error) {
    // The same event twice at once: FerretDB lets one upsert insert and refuses the other.
    if (!isDuplicateKey(error)) throw error;
    await installations(db).replaceOne({ _id }, change);
  }
}

export async function isInstalledIn(
  db: Db,
  tenantId: string,
  conversationId: string,
): Promise<boolean> {
  const record = await installations(db).findOne({ _id: installationId(tenantId, conversationId) });
  return record?.isInstalled === true && record.tenantId === tenantId;
}
