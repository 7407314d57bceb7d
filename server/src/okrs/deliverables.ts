/**
 * Deliverables: the actions that move a key result (or an objective), each with an owner,
 * a due date, a state and what it waits on. Those who may edit the key result or
 * objective add them; the deliverable's owner may also change it.
 */
import type {
  CreateDeliverableRequest,
  Deliverable,
  Objective,
  UpdateDeliverableRequest,
} from '@throughline/contracts';
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
import { AppError, isNotFound, notFound } from '../platform/http/errors';
import { teamIds, unique } from './audience';
import { requireOpenCycle } from './cycles';
import { loadKeyResult } from './key-results';
import { fromOrigin, getVisibleObjective, type CreateOptions } from './objectives';
import { requirePerson } from './owners';
import { canEditKeyResult, canEditObjective, isOwnerOrManager, refuse } from './permissions';
import { okrStoreOf } from './store';
import { viewerOf } from './viewer';

const DELIVERABLE_FIELDS = ['title', 'ownerId', 'teamId', 'dueDate', 'state', 'dependsOn'] as const;

export async function createDeliverable(
  ctx: Context,
  request: CreateDeliverableRequest,
  options: CreateOptions = {},
): Promise<Deliverable> {
  const viewer = await viewerOf(ctx);
  let objective: Objective;
  let keyResultId: string | null = null;
  if (request.keyResultId) {
    const loaded = await loadKeyResult(ctx, request.keyResultId);
    if (request.objectiveId && request.objectiveId !== loaded.objective.id)
      throw new AppError('validation_failed', 'The key result belongs to another objective.', [
        { path: 'body.objectiveId', message: 'does not match the key result’s objective' },
      ]);
    objective = loaded.objective;
    keyResultId = loaded.keyResult.id;
    if (!canEditKeyResult(viewer, loaded.keyResult, objective))
      refuse('Only the key result’s owners, their managers and admins can add deliverables.');
  } else {
    objective = await getVisibleObjective(ctx, request.objectiveId!);
    if (!canEditObjective(viewer, objective))
      refuse('Only the objective’s owner, their managers and admins can add deliverables.');
  }
  await requireOpenCycle(ctx, objective.cycleId);
  const ownerId = request.ownerId ?? ctx.principal.userId;
  await requirePerson(ctx, ownerId, 'ownerId');
  for (const dependency of request.dependsOn ?? []) await requireDependencyTarget(ctx, dependency);
  const at = ctx.now.toISOString();
  const deliverable: Deliverable = {
    id: options.id ?? newId(),
    objectiveId: objective.id,
    keyResultId,
    cycleId: objective.cycleId,
    title: request.title,
    ownerId,
    teamId: request.teamId ?? objective.teamId,
    dueDate: request.dueDate ?? null,
    state: request.state ?? 'todo',
    dependsOn: request.dependsOn ?? [],
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  await commitChange(
    narrativeOf(ctx),
    okrStoreOf(ctx).deliverables,
    deliverable,
    event(ctx, 'deliverable.created', 'deliverable', {
      objectiveId: objective.id,
      keyResultId,
      personIds: unique([ownerId, objective.ownerId]),
      teamIds: teamIds(deliverable.teamId),
      summary: `added the deliverable “${deliverable.title}”${fromOrigin(options)}`,
      payload: {
        title: deliverable.title,
        dueDate: deliverable.dueDate,
        dependsOn: deliverable.dependsOn,
      },
    }),
  );
  return deliverable;
}

/** A deliverable and its objective, both visible to the caller; otherwise the deliverable is not found. */
export async function loadDeliverable(
  ctx: Context,
  id: string,
): Promise<{ deliverable: Deliverable; objective: Objective }> {
  const deliverable = await loadVersioned(narrativeOf(ctx), okrStoreOf(ctx).deliverables, id);
  if (!deliverable) throw notFound('That deliverable', 'deliverable_not_found');
  try {
    return { deliverable, objective: await getVisibleObjective(ctx, deliverable.objectiveId) };
  } catch (error) {
    if (!isNotFound(error)) throw error;
    throw notFound('That deliverable', 'deliverable_not_found');
  }
}

export async function updateDeliverable(
  ctx: Context,
  id: string,
  request: UpdateDeliverableRequest,
): Promise<Deliverable> {
  const viewer = await viewerOf(ctx);
  const { after } = await editVersioned({
    load: async () => {
      const { deliverable, objective } = await loadDeliverable(ctx, id);
      return { before: deliverable, objective };
    },
    authorise: ({ before, objective }) => {
      if (!isOwnerOrManager(viewer, before.ownerId) && !canEditObjective(viewer, objective))
        refuse(
          'Only the deliverable’s owner, the objective’s owner, their managers and admins can change it.',
        );
    },
    guard: ({ before }) => requireOpenCycle(ctx, before.cycleId),
    version: request.version,
    change: async ({ before }) => {
      if (request.ownerId && request.ownerId !== before.ownerId)
        await requirePerson(ctx, request.ownerId, 'ownerId');
      for (const dependency of request.dependsOn ?? [])
        await requireDependencyTarget(ctx, dependency);
      return { ...before, ...requestedChanges(request), updatedAt: ctx.now.toISOString() };
    },
    fields: [...DELIVERABLE_FIELDS],
    commit: (after, changes, { before, objective }) => {
      const isDone = after.state === 'done' && before.state !== 'done';
      const type = isDone
        ? 'deliverable.done'
        : 'state' in changes
          ? 'deliverable.state_changed'
          : 'deliverable.edited';
      const summary = isDone
        ? `finished “${after.title}”`
        : 'state' in changes
          ? `moved “${after.title}” from ${before.state} to ${after.state}`
          : `edited “${after.title}” (${Object.keys(changes).join(', ')})`;
      return commitChange(
        narrativeOf(ctx),
        okrStoreOf(ctx).deliverables,
        after,
        event(ctx, type, 'deliverable', {
          objectiveId: objective.id,
          keyResultId: after.keyResultId,
          personIds: unique([after.ownerId, objective.ownerId]),
          teamIds: teamIds(after.teamId),
          summary,
          payload: { changes },
        }),
      );
    },
  });
  return after;
}

async function requireDependencyTarget(
  ctx: Context,
  dependency: { kind: 'deliverable' | 'keyResult'; id: string },
) {
  try {
    if (dependency.kind === 'deliverable') await loadDeliverable(ctx, dependency.id);
    else await loadKeyResult(ctx, dependency.id);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    throw new AppError(
      'validation_failed',
      `The ${dependency.kind === 'deliverable' ? 'deliverable' : 'key result'} this depends on was not found.`,
      [{ path: 'body.dependsOn', message: `${dependency.id} was not found` }],
    );
  }
}
