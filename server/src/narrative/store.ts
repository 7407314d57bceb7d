/**
 * The append-only timeline. An event's `_id` is `{subjectId}-{seq}`, so inserting the
 * event for version N+1 of a subject is the one serialisation point of every change:
 * two writers based on version N race for the same `_id` and exactly one wins, on
 * FerretDB (where conditional updates are not atomic) as on MongoDB. Events are never
 * updated or deleted.
 */
import type { Db, Document } from 'mongodb';
import { registerIndexes } from '../platform/db/database';
import { fromStored, isDuplicateKey } from '../platform/db/documents';
import { AppError } from '../platform/http/errors';

export const NARRATIVE = 'narrative';

registerIndexes(NARRATIVE, [
  { key: { tenantId: 1, keyResultId: 1, at: -1 }, name: 'by_key_result' },
  { key: { tenantId: 1, objectiveId: 1, at: -1 }, name: 'by_objective' },
  { key: { tenantId: 1, personIds: 1, at: -1 }, name: 'by_person' },
  { key: { tenantId: 1, teamIds: 1, at: -1 }, name: 'by_team' },
  { key: { tenantId: 1, at: -1 }, name: 'by_time' },
]);

export interface StoredEvent<State = unknown> {
  id: string;
  type: string;
  subject: { kind: string; id: string };
  seq: number;
  actorId: string;
  at: string;
  objectiveId: string | null;
  keyResultId: string | null;
  personIds: string[];
  teamIds: string[];
  summary: string;
  payload: Record<string, unknown>;
  /** The subject's state after this event, so a crash before the entity write can be repaired. */
  state: State | null;
}

export const eventId = (subjectId: string, seq: number) => `${subjectId}-${seq}`;

export class NarrativeStore {
  private readonly collection;
  constructor(
    db: Db,
    private readonly tenantId: string,
  ) {
    this.collection = db.collection<Document>(NARRATIVE);
  }

  async append(event: Omit<StoredEvent, 'id'>): Promise<StoredEvent> {
    const id = eventId(event.subject.id, event.seq);
    try {
      await this.collection.insertOne({
        ...event,
        _id: id,
        tenantId: this.tenantId,
        at: new Date(event.at),
      } as Document);
    } catch (error) {
      if (isDuplicateKey(error))
        throw new AppError(
          'version_conflict',
          'Someone changed this in the meantime. Reload to see their change, then try again.',
        );
      throw error;
    }
    return { ...event, id };
  }

  async get<State>(subjectId: string, seq: number): Promise<StoredEvent<State> | null> {
    return fromStored<StoredEvent<State>>(
      await this.collection.findOne({
        _id: eventId(subjectId, seq),
        tenantId: this.tenantId,
      } as Document),
    );
  }

  /** Newest first; `before` is the (at, id) of the last event already shown. */
  async list(
    filter: Record<string, string>,
    limit: number,
    before: { at: string; id: string } | null,
  ): Promise<StoredEvent[]> {
    const query: Document = { ...filter, tenantId: this.tenantId };
    if (before) {
      const at = new Date(before.at);
      query.$or = [{ at: { $lt: at } }, { at, _id: { $lt: before.id } }];
    }
    const docs = await this.collection
      .find(query, { projection: { state: 0 } })
      .sort({ at: -1, _id: -1 })
      .limit(limit)
      .toArray();
    return docs.map((doc) => fromStored<StoredEvent>(doc)!);
  }
}
