import type { z } from 'zod';
import type { NarrativeEvent, NarrativeQuery, Page } from '@throughline/contracts';
import { getVisibleObjective, loadKeyResult } from '../okrs/service';
import type { Context } from '../platform/context';
import { decodeCursor, encodeCursor } from '../platform/db/documents';
import { AppError } from '../platform/http/errors';
import { NarrativeStore, type StoredEvent } from './store';
import { visibleEventsFor } from './visibility';

/** The timeline of an objective, a key result, a person or a team, newest first, paged by cursor. */
export async function readNarrative(
  ctx: Context,
  query: z.infer<typeof NarrativeQuery>,
): Promise<Page<NarrativeEvent>> {
  const filter: Record<string, string> = {};
  if (query.keyResultId) {
    await loadKeyResult(ctx, query.keyResultId);
    filter.keyResultId = query.keyResultId;
  } else if (query.objectiveId) {
    await getVisibleObjective(ctx, query.objectiveId);
    filter.objectiveId = query.objectiveId;
  } else if (query.personId) filter.personIds = query.personId;
  else if (query.teamId) filter.teamIds = query.teamId;
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
  const events = await store.list(filter, limit + 1, before);
  const visible = await visibleEventsFor(ctx, events.slice(0, limit));
  const last = events[Math.min(limit, events.length) - 1];
  return {
    items: visible.map(toNarrativeEvent),
    nextCursor: events.length > limit && last ? encodeCursor([last.at, last.id]) : null,
  };
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
