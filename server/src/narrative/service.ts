import type { z } from 'zod';
import type { NarrativeEvent, NarrativeQuery, Page } from '@throughline/contracts';
import { getVisibleObjective, loadKeyResult } from '../okrs/service';
import type { Context } from '../platform/context';
import { decodeCursor, encodeCursor } from '../platform/db/documents';
import { AppError } from '../platform/http/errors';
import { NarrativeStore, type EventRow, type StoredEvent, type Timeline } from './store';
import { visibleEventsFor } from './visibility';

export type { EventRow } from './store';

/**
 * Appends an event whose id is its own lock (seq 1 of a subject that is never versioned,
 * such as a 1-on-1 being held): true when this call recorded it, false when it was already
 * there.
 */
export async function recordEventOnce(
  ctx: Context,
  event: Omit<StoredEvent, 'id'>,
): Promise<boolean> {
  try {
    await new NarrativeStore(ctx.db, ctx.principal.tenantId).append(event);
    return true;
  } catch (error) {
    if (error instanceof AppError && error.code === 'version_conflict') return false;
    throw error;
  }
}

/** The timeline of an objective, a key result, a person or a team, newest first, paged by cursor. */
export async function readNarrative(
  ctx: Context,
  query: z.infer<typeof NarrativeQuery>,
): Promise<Page<NarrativeEvent>> {
  let timeline: Timeline;
  if (query.keyResultId) {
    await loadKeyResult(ctx, query.keyResultId);
    timeline = { keyResultId: query.keyResultId };
  } else if (query.objectiveId) {
    await getVisibleObjective(ctx, query.objectiveId);
    timeline = { objectiveId: query.objectiveId };
  } else if (query.personId) timeline = { personId: query.personId };
  else if (query.teamId) timeline = { teamId: query.teamId };
  else
    throw new AppError(
      'validation_failed',
      'Say whose timeline: keyResultId, objectiveId, personId or teamId.',
      [
        {
          path: 'query.keyResultId',
          message: 'one of keyResultId, objectiveId, personId, teamId is required',
        },
      ],
    );
  const cursor = decodeCursor(query.cursor);
  const before = cursor ? { at: String(cursor[0]), id: String(cursor[1]) } : null;
  const limit = query.limit ?? 25;
  const store = new NarrativeStore(ctx.db, ctx.principal.tenantId);
  const events = await store.list(timeline, limit + 1, before);
  const visible = await visibleEventsFor(ctx, events.slice(0, limit));
  const last = events[Math.min(limit, events.length) - 1];
  return {
    items: visible.map(toNarrativeEvent),
    nextCursor: events.length > limit && last ? encodeCursor([last.at, last.id]) : null,
  };
}

/** Evidence attached to any of the key results at or after `since`, oldest first. */
export async function evidenceAttachedSince(
  ctx: Context,
  keyResultIds: string[],
  since: Date,
): Promise<EventRow[]> {
  return new NarrativeStore(ctx.db, ctx.principal.tenantId).evidenceAttachedSince(
    keyResultIds,
    since,
  );
}

export async function evidenceRemovedSince(
  ctx: Context,
  keyResultIds: string[],
  since: Date,
): Promise<EventRow[]> {
  return new NarrativeStore(ctx.db, ctx.principal.tenantId).evidenceRemovedSince(
    keyResultIds,
    since,
  );
}

/** Events in [from, to) naming any of the people, teams or key results, oldest first. */
export async function eventsBetween(
  ctx: Context,
  scope: { personIds?: string[]; teamIds?: string[]; keyResultIds?: string[] },
  from: Date,
  to: Date,
): Promise<EventRow[]> {
  return new NarrativeStore(ctx.db, ctx.principal.tenantId).eventsBetween(scope, from, to);
}

export function toNarrativeEvent(item: StoredEvent): NarrativeEvent {
  return {
    id: item.id,
    type: item.type,
    subject: item.subject as NarrativeEvent['subject'],
    seq: item.seq,
    actorId: item.actorId,
    at: item.at,
    objectiveId: item.objectiveId,
    keyResultId: item.keyResultId,
    summary: item.summary,
    payload: item.payload,
  };
}
