/**
 * The append-only timeline. An event's `_id` is `{subjectKind}-{subjectId}-{seq}`, so
 * inserting the event for version N+1 of a subject is the one serialisation point of
 * every change: two writers based on version N race for the same `_id` and exactly one
 * wins, on FerretDB (where conditional updates are not atomic) as on MongoDB. The kind is
 * part of the identity: the events of a key result can never be read as an objective's,
 * whatever its id looks like. Events are never updated or deleted.
 */
import type { Db, Document } from 'mongodb';
import { registerIndexes } from '../platform/db/database';
import { findEachOf, fromStored, isDuplicateKey } from '../platform/db/documents';
import { AppError } from '../platform/http/errors';

export const NARRATIVE = 'narrative';

registerIndexes(NARRATIVE, [
  { key: { tenantId: 1, keyResultId: 1, at: -1 }, name: 'by_key_result' },
  { key: { tenantId: 1, objectiveId: 1, at: -1 }, name: 'by_objective' },
  { key: { tenantId: 1, personIds: 1, at: -1 }, name: 'by_person' },
  { key: { tenantId: 1, teamIds: 1, at: -1 }, name: 'by_team' },
  { key: { tenantId: 1, at: -1 }, name: 'by_time' },
  { key: { tenantId: 1, type: 1, at: -1 }, name: 'by_type' },
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

/** Whose timeline: one key result, one objective, one person or one team. */
export type Timeline =
  { keyResultId: string } | { objectiveId: string } | { personId: string } | { teamId: string };

/** An event as lists show it: without the subject state it carries for repairs. */
export type EventRow = Omit<StoredEvent, 'state'>;

/** Kinds are camelCase words, so the first `-` ends the kind and the last one starts the seq. */
export const eventId = (subjectKind: string, subjectId: string, seq: number) =>
  `${subjectKind}-${subjectId}-${seq}`;

export class NarrativeStore {
  private readonly collection;
  constructor(
    db: Db,
    private readonly tenantId: string,
  ) {
    this.collection = db.collection<Document>(NARRATIVE);
  }

  async append(event: Omit<StoredEvent, 'id'>): Promise<StoredEvent> {
    const id = eventId(event.subject.kind, event.subject.id, event.seq);
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

  /** The event that made version `seq` of a subject of this kind; never another kind's. */
  async get<State>(
    subjectKind: string,
    subjectId: string,
    seq: number,
  ): Promise<StoredEvent<State> | null> {
    const found = fromStored<StoredEvent<State>>(
      await this.collection.findOne({
        _id: eventId(subjectKind, subjectId, seq),
        tenantId: this.tenantId,
      } as Document),
    );
    // The id says the kind; the stored subject must agree, or the event is not this subject's.
    return found?.subject?.kind === subjectKind && found.subject.id === subjectId ? found : null;
  }

  /** A timeline, newest first; `before` is the (at, id) of the last event already shown. */
  async list(
    timeline: Timeline,
    limit: number,
    before: { at: string; id: string } | null,
  ): Promise<StoredEvent[]> {
    const query: Document = { ...timelineFilter(timeline), tenantId: this.tenantId };
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

  /** Evidence attached to any of the key results at or after `since`, oldest first. */
  async evidenceAttachedSince(keyResultIds: string[], since: Date): Promise<EventRow[]> {
    return this.rowsAmong(
      'keyResultId',
      keyResultIds,
      { type: 'evidence.attached', at: { $gte: since } },
      5000,
    );
  }

  /** Evidence removed from any of the key results at or after `since`. */
  async evidenceRemovedSince(keyResultIds: string[], since: Date): Promise<EventRow[]> {
    return this.rowsAmong(
      'keyResultId',
      keyResultIds,
      { type: 'evidence.removed', at: { $gte: since } },
      5000,
    );
  }

  /** Events in [from, to) naming any of the people, teams or key results, oldest first. */
  async eventsBetween(
    scope: { personIds?: string[]; teamIds?: string[]; keyResultIds?: string[] },
    from: Date,
    to: Date,
  ): Promise<EventRow[]> {
    const window = { at: { $gte: from, $lt: to } };
    const lists = await Promise.all([
      this.rowsAmong('personIds', scope.personIds ?? [], window, 10_000),
      this.rowsAmong('teamIds', scope.teamIds ?? [], window, 10_000),
      this.rowsAmong('keyResultId', scope.keyResultIds ?? [], window, 10_000),
    ]);
    const byId = new Map(lists.flat().map((row) => [row.id, row]));
    return [...byId.values()].sort((a, b) => a.at.localeCompare(b.at)).slice(0, 10_000);
  }

  /** Events whose `field` is (or contains) one of `values`, oldest first, without their states. */
  private async rowsAmong(
    field: string,
    values: string[],
    filter: Document,
    limit: number,
  ): Promise<EventRow[]> {
    const docs = await findEachOf(
      this.collection,
      field,
      values,
      { ...filter, tenantId: this.tenantId },
      { projection: { state: 0 }, sort: { at: 1 }, limit },
    );
    return docs
      .map((doc) => fromStored<EventRow>(doc)!)
      .sort((a, b) => a.at.localeCompare(b.at))
      .slice(0, limit);
  }
}

function timelineFilter(timeline: Timeline): Record<string, string> {
  if ('keyResultId' in timeline) return { keyResultId: timeline.keyResultId };
  if ('objectiveId' in timeline) return { objectiveId: timeline.objectiveId };
  if ('personId' in timeline) return { personIds: timeline.personId };
  return { teamIds: timeline.teamId };
}
