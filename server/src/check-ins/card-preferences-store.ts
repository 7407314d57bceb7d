/**
 * A person's own say over the weekly check-in card, in `personPreferences`: two small
 * documents per person, each read by `_id` and written whole, so the card's "Snooze until
 * Monday" and the API's switch never overwrite each other (FerretDB's updates are a read
 * and a write, not atomic):
 *
 *   `{tenantId}:{personId}:checkInCards` — `{ personId, checkInCards, updatedAt }`
 *   `{tenantId}:{personId}:checkInSnooze` — `{ personId, until, snoozedAt }`
 *
 * No document is the default: cards on, no snooze. Only `_id` look-ups: no index needed.
 */
import type { Db } from 'mongodb';
import { isDuplicateKey, TenantStore } from '../platform/db/documents';

export const PERSON_PREFERENCES = 'personPreferences';

interface CardSwitch {
  id: string;
  personId: string;
  checkInCards: boolean;
  updatedAt: string;
}
interface CardSnooze {
  id: string;
  personId: string;
  until: string;
  snoozedAt: string;
}

export interface CheckInCardPreferences {
  checkInCards: boolean;
  snoozedUntil: string | null;
}

export class CardPreferencesStore {
  private readonly store: TenantStore<CardSwitch | CardSnooze>;
  constructor(
    db: Db,
    private readonly tenantId: string,
  ) {
    this.store = new TenantStore(db, PERSON_PREFERENCES, tenantId);
  }

  private key(personId: string, what: 'checkInCards' | 'checkInSnooze') {
    return `${this.tenantId}:${personId}:${what}`;
  }

  async read(personId: string): Promise<CheckInCardPreferences> {
    const [cards, snooze] = await Promise.all([
      this.store.findById(this.key(personId, 'checkInCards')) as Promise<CardSwitch | null>,
      this.store.findById(this.key(personId, 'checkInSnooze')) as Promise<CardSnooze | null>,
    ]);
    return {
      checkInCards: typeof cards?.checkInCards === 'boolean' ? cards.checkInCards : true,
      snoozedUntil: typeof snooze?.until === 'string' ? snooze.until : null,
    };
  }

  async setCheckInCards(personId: string, checkInCards: boolean, at: Date): Promise<void> {
    await this.write(this.key(personId, 'checkInCards'), {
      personId,
      checkInCards,
      updatedAt: at,
    });
  }

  async snooze(personId: string, until: Date, at: Date): Promise<void> {
    await this.write(this.key(personId, 'checkInSnooze'), { personId, until, snoozedAt: at });
  }

  /** The whole document, last writer wins: it is one person's own choice. */
  private async write(id: string, fields: Record<string, unknown>) {
    const write = () =>
      this.store.collection.replaceOne(
        { _id: id as never, tenantId: this.tenantId },
        { ...fields, tenantId: this.tenantId },
        { upsert: true },
      );
    // Two first writes race on the upsert; FerretDB answers the loser with a duplicate key,
    // and then the document is there to replace.
    await write().catch((error: unknown) => {
      if (!isDuplicateKey(error)) throw error;
      return write();
    });
  }
}
