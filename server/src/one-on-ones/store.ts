/**
 * 1-on-1s, their notes and action items. A 1-on-1's `_id` is derived from the tenant and
 * the occurrence's Graph id, so finding the same occurrence twice (two job runs, two
 * servers) inserts once. The prep data and the card are kept as JSON text: the card has
 * keys such as `$schema` that FerretDB does not accept as field names.
 */
import { createHash } from 'node:crypto';
import type { Db } from 'mongodb';
import { ActionItem, OneOnOne, OneOnOneNote, type PrepCardData } from '@throughline/contracts';
import { registerIndexes } from '../platform/db/database';
import { kindStore, recordKind } from '../platform/db/documents';

export const ONE_ON_ONES = 'oneOnOnes';
export const ACTION_ITEMS = 'actionItems';
export const ONE_ON_ONE_NOTES = 'oneOnOneNotes';

registerIndexes(ONE_ON_ONES, [
  { key: { tenantId: 1, managerId: 1, startsAt: 1 }, name: 'by_manager' },
  { key: { tenantId: 1, reportId: 1, startsAt: 1 }, name: 'by_report' },
  { key: { tenantId: 1, eventId: 1 }, name: 'by_event' },
  { key: { tenantId: 1, iCalUId: 1 }, name: 'by_ical' },
  { key: { tenantId: 1, chatThreadId: 1, startsAt: 1 }, name: 'by_chat' },
  { key: { tenantId: 1, startsAt: 1 }, name: 'by_start' },
]);
registerIndexes(ACTION_ITEMS, [
  { key: { tenantId: 1, managerId: 1, reportId: 1, isDone: 1 }, name: 'by_pair' },
]);
registerIndexes(ONE_ON_ONE_NOTES, [
  { key: { tenantId: 1, oneOnOneId: 1, at: 1 }, name: 'by_one_on_one' },
]);

export type StoredOneOnOne = OneOnOne & { prepJson: string | null; cardJson: string | null };

export const oneOnOneId = (tenantId: string, eventId: string) =>
  createHash('sha256').update(`${tenantId}:${eventId}`).digest('hex').slice(0, 32);

/** 1-on-1s come from the calendar and notes are insert-only; action items are versioned. */
export const oneOnOneKind = recordKind({
  name: 'oneOnOne',
  collection: ONE_ON_ONES,
  schema: OneOnOne,
  isVersioned: false,
});
export const actionItemKind = recordKind({
  name: 'actionItem',
  collection: ACTION_ITEMS,
  schema: ActionItem,
  isVersioned: true,
});
export const oneOnOneNoteKind = recordKind({
  name: 'oneOnOneNote',
  collection: ONE_ON_ONE_NOTES,
  schema: OneOnOneNote,
  isVersioned: false,
});

export function oneOnOneStores(db: Db, tenantId: string) {
  const oneOnOnes = kindStore<StoredOneOnOne>(db, oneOnOneKind, tenantId);
  const actionItems = kindStore<ActionItem>(db, actionItemKind, tenantId);
  const notes = kindStore<OneOnOneNote>(db, oneOnOneNoteKind, tenantId);
  return {
    oneOnOnes,
    actionItems,
    notes,

    /** Inserts a newly found occurrence; returns false when it was already there. */
    async insertIfNew(oneOnOne: StoredOneOnOne): Promise<boolean> {
      try {
        await oneOnOnes.insert(oneOnOne);
        return true;
      } catch (error) {
        if ((error as { code?: string }).code === 'already_exists') return false;
        throw error;
      }
    },

    async reschedule(id: string, times: { startsAt: string; endsAt: string; subject: string }) {
      await oneOnOnes.update(id, {
        $set: {
          startsAt: new Date(times.startsAt),
          endsAt: new Date(times.endsAt),
          subject: times.subject,
        },
      });
    },

    async savePrep(id: string, prep: PrepCardData, card: Record<string, unknown>, at: Date) {
      await oneOnOnes.update(id, {
        $set: { prepJson: JSON.stringify(prep), cardJson: JSON.stringify(card), preparedAt: at },
      });
    },

    async markDelivered(id: string, at: Date) {
      await oneOnOnes.update(id, { $set: { deliveredAt: at } });
    },

    async markHeld(id: string, at: Date) {
      await oneOnOnes.update(id, { $set: { heldAt: at } });
    },

    async forPerson(personId: string, from: Date, to: Date): Promise<StoredOneOnOne[]> {
      return oneOnOnes.find(
        {
          $or: [{ managerId: personId }, { reportId: personId }],
          startsAt: { $gte: from, $lt: to },
        },
        { sort: { startsAt: 1 }, limit: 500, projection: { prepJson: 0, cardJson: 0 } },
      );
    },

    async startingBetween(from: Date, to: Date): Promise<StoredOneOnOne[]> {
      return oneOnOnes.find(
        { startsAt: { $gt: from, $lte: to } },
        { sort: { startsAt: 1 }, limit: 5000, projection: { prepJson: 0, cardJson: 0 } },
      );
    },

    async endedUnheld(since: Date, now: Date): Promise<StoredOneOnOne[]> {
      return oneOnOnes.find(
        { endsAt: { $gte: since, $lt: now }, heldAt: null },
        { limit: 5000, projection: { prepJson: 0, cardJson: 0 } },
      );
    },

    /** The pair's latest 1-on-1 that started before the given one. */
    async previousOf(
      oneOnOne: Pick<OneOnOne, 'managerId' | 'reportId' | 'startsAt'>,
    ): Promise<StoredOneOnOne | null> {
      const [previous] = await oneOnOnes.find(
        {
          managerId: oneOnOne.managerId,
          reportId: oneOnOne.reportId,
          startsAt: { $lt: new Date(oneOnOne.startsAt) },
        },
        { sort: { startsAt: -1 }, limit: 1, projection: { prepJson: 0, cardJson: 0 } },
      );
      return previous ?? null;
    },

    async byEventId(eventId: string): Promise<StoredOneOnOne | null> {
      return oneOnOnes.findOne({ $or: [{ eventId }, { iCalUId: eventId }] });
    },

    /** Occurrences of a Teams meeting chat (a series shares one), nearest to `now` first. */
    async byChatThread(chatThreadId: string): Promise<StoredOneOnOne[]> {
      return oneOnOnes.find(
        { chatThreadId },
        { sort: { startsAt: 1 }, limit: 200, projection: { prepJson: 0, cardJson: 0 } },
      );
    },

    async pairItems(managerId: string, reportId: string): Promise<ActionItem[]> {
      return actionItems.find({ managerId, reportId }, { sort: { createdAt: 1 }, limit: 1000 });
    },

    async openItemCounts(
      pairs: { managerId: string; reportId: string }[],
    ): Promise<Map<string, number>> {
      const counts = new Map<string, number>();
      if (pairs.length === 0) return counts;
      const open = await actionItems.find(
        {
          isDone: false,
          $or: pairs.map((pair) => ({ managerId: pair.managerId, reportId: pair.reportId })),
        },
        { projection: { managerId: 1, reportId: 1 }, limit: 10_000 },
      );
      for (const item of open)
        counts.set(
          `${item.managerId}:${item.reportId}`,
          (counts.get(`${item.managerId}:${item.reportId}`) ?? 0) + 1,
        );
      return counts;
    },

    async notesOf(id: string): Promise<OneOnOneNote[]> {
      return notes.find({ oneOnOneId: id }, { sort: { at: 1 }, limit: 1000 });
    },
  };
}
export type OneOnOneStores = ReturnType<typeof oneOnOneStores>;
