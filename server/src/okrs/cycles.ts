/**
 * Cycles: the named periods OKRs are set for. Admins set them up, rename or move an open
 * one, and close one, which records every score. A closed cycle's OKRs no longer change.
 */
import type { CreateCycleRequest, Cycle, Page, UpdateCycleRequest } from '@throughline/contracts';
import {
  commitChange,
  editVersioned,
  event,
  loadVersioned,
  narrativeOf,
  requestedChanges,
} from '../narrative/versioned';
import type { Context } from '../platform/context';
import { newId } from '../platform/db/documents';
import { AppError, notFound } from '../platform/http/errors';
import { teamIds } from './audience';
import { requireAdmin } from './permissions';
import { recordedScore } from './scores';
import { okrStoreOf } from './store';

const CYCLE_FIELDS = ['name', 'kind', 'startsOn', 'endsOn'] as const;

const cycleFieldNames: Record<string, string> = {
  name: 'name',
  kind: 'kind',
  startsOn: 'start date',
  endsOn: 'end date',
};

export async function listCycles(ctx: Context): Promise<Page<Cycle>> {
  return { items: await okrStoreOf(ctx).cyclesNewestFirst(), nextCursor: null };
}

export async function getCycle(ctx: Context, id: string): Promise<Cycle> {
  const cycle = await loadVersioned(narrativeOf(ctx), okrStoreOf(ctx).cycles, id);
  if (!cycle) throw notFound('That cycle', 'cycle_not_found');
  return cycle;
}

/** The cycle, refused when it is closed: what every change of an OKR checks first. */
export async function requireOpenCycle(ctx: Context, cycleId: string): Promise<Cycle> {
  const cycle = await getCycle(ctx, cycleId);
  if (cycle.state === 'closed')
    throw new AppError(
      'cycle_closed',
      `The cycle ${cycle.name} is closed; its OKRs can no longer change.`,
    );
  return cycle;
}

/** The open cycle that contains today, else the most recent one. */
export async function currentCycle(ctx: Context): Promise<Cycle | null> {
  const cycles = (await listCycles(ctx)).items;
  const day = ctx.now.toISOString().slice(0, 10);
  return (
    cycles.find(
      (cycle) =>
        cycle.state === 'open' &&
        cycle.startsOn <= day &&
        day <= cycle.endsOn &&
        cycle.kind !== 'year',
    ) ??
    cycles.find((cycle) => cycle.startsOn <= day && day <= cycle.endsOn) ??
    cycles[0] ??
    null
  );
}

export async function createCycle(ctx: Context, request: CreateCycleRequest): Promise<Cycle> {
  requireAdmin(ctx, 'Only an admin can set up cycles.');
  const cycle: Cycle = {
    id: newId(),
    name: request.name,
    kind: request.kind ?? 'quarter',
    startsOn: request.startsOn,
    endsOn: request.endsOn,
    state: 'open',
    closedAt: null,
    version: 1,
  };
  await commitChange(
    narrativeOf(ctx),
    okrStoreOf(ctx).cycles,
    cycle,
    event(ctx, 'cycle.created', 'cycle', {
      summary: `created the cycle ${cycle.name}`,
      payload: { name: cycle.name },
    }),
  );
  return cycle;
}

/**
 * Renames an open cycle or moves its dates, on top of the version the admin read. Pace and
 * status are computed from the dates at every read, so nothing else needs rewriting; a
 * closed cycle keeps the dates its scores were recorded against.
 */
export async function updateCycle(
  ctx: Context,
  id: string,
  request: UpdateCycleRequest,
): Promise<Cycle> {
  requireAdmin(ctx, 'Only an admin can change a cycle.');
  const { after } = await editVersioned({
    load: async () => ({ before: await getCycle(ctx, id) }),
    guard: ({ before }) => {
      if (before.state === 'closed')
        throw new AppError(
          'cycle_closed',
          `The cycle ${before.name} is closed; its name and dates can no longer change.`,
        );
    },
    version: request.version,
    change: ({ before }) => {
      const after: Cycle = { ...before, ...requestedChanges(request) };
      if (after.endsOn <= after.startsOn)
        throw new AppError(
          'validation_failed',
          `The cycle must end after it starts (${after.startsOn} – ${after.endsOn}).`,
          request.endsOn !== undefined
            ? [{ path: 'body.endsOn', message: 'must be after startsOn' }]
            : [{ path: 'body.startsOn', message: 'must be before endsOn' }],
        );
      return after;
    },
    fields: [...CYCLE_FIELDS],
    commit: (after, changes, { before }) =>
      commitChange(
        narrativeOf(ctx),
        okrStoreOf(ctx).cycles,
        after,
        event(ctx, 'cycle.updated', 'cycle', {
          summary:
            'name' in changes && Object.keys(changes).length === 1
              ? `renamed the cycle ${before.name} to ${after.name}`
              : `edited the cycle ${after.name} (${Object.keys(changes)
                  .map((field) => cycleFieldNames[field] ?? field)
                  .join(', ')})`,
          payload: { changes },
        }),
      ),
  });
  return after;
}

/**
 * Closes a cycle and records the score of each of its key results and objectives. Each
 * score is a versioned change with its own event, so the narrative holds the scores and a
 * concurrent check-in either lands before the score or gets 409. A close that stopped
 * half-way is run again: what already has a score keeps it.
 */
export async function closeCycle(ctx: Context, id: string): Promise<Cycle> {
  requireAdmin(ctx, 'Only an admin can close a cycle.');
  const store = okrStoreOf(ctx);
  const narrative = narrativeOf(ctx);
  const cycle = await getCycle(ctx, id);
  if (cycle.state === 'closed') throw new AppError('cycle_closed', 'This cycle is already closed.');
  const scoredAt = ctx.now.toISOString();
  for (const keyResultId of await store.keyResultIdsInCycle(id)) {
    const keyResult = await loadVersioned(
      narrative,
      store.keyResults,
      keyResultId,
      store.checkInSideEffects,
    );
    if (!keyResult || keyResult.score) continue;
    const score = recordedScore(keyResult.progress, scoredAt, keyResult.proposedScore ?? null);
    await commitChange(
      narrative,
      store.keyResults,
      { ...keyResult, score, version: keyResult.version + 1, updatedAt: scoredAt },
      event(ctx, 'key_result.scored', 'keyResult', {
        objectiveId: keyResult.objectiveId,
        keyResultId,
        personIds: [keyResult.ownerId],
        teamIds: teamIds(keyResult.teamId),
        summary: `scored “${keyResult.title}” ${score.final.toFixed(1)} as ${cycle.name} closed${score.override === null ? '' : ` (computed ${score.computed.toFixed(1)})`}`,
        payload: { score: score.final, computed: score.computed, progress: keyResult.progress },
      }),
      store.checkInSideEffects,
    );
  }
  for (const objectiveId of await store.objectiveIdsInCycle(id)) {
    const objective = await loadVersioned(
      narrative,
      store.objectives,
      objectiveId,
      store.objectiveSideEffects,
    );
    if (!objective || objective.score) continue;
    const score = recordedScore(objective.progress, scoredAt, objective.proposedScore ?? null);
    await commitChange(
      narrative,
      store.objectives,
      { ...objective, score, version: objective.version + 1, updatedAt: scoredAt },
      event(ctx, 'objective.scored', 'objective', {
        objectiveId,
        personIds: [objective.ownerId],
        teamIds: teamIds(objective.teamId),
        summary: `scored “${objective.title}” ${score.final.toFixed(1)} as ${cycle.name} closed${score.override === null ? '' : ` (computed ${score.computed.toFixed(1)})`}`,
        payload: { score: score.final, computed: score.computed, progress: objective.progress },
      }),
    );
  }
  const closed: Cycle = {
    ...cycle,
    state: 'closed',
    closedAt: scoredAt,
    version: cycle.version + 1,
  };
  await commitChange(
    narrative,
    store.cycles,
    closed,
    event(ctx, 'cycle.closed', 'cycle', {
      summary: `closed the cycle ${cycle.name} and recorded scores`,
      payload: {},
    }),
  );
  return closed;
}
