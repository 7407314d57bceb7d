/**
 * Check-ins: the weekly 30-second update of a key result, and the feedback on it.
 * A check-in is one versioned change of its key result; the check-in document itself
 * travels in the event, so a crash after the event still produces it on repair.
 */
import type {
  CheckIn,
  CheckInRequest,
  CheckInWithComments,
  Comment,
  CreateCommentRequest,
  KeyResult,
  Page,
} from '@throughline/contracts';
import { commitChange } from '../narrative/versioned';
import { NarrativeStore } from '../narrative/store';
import type { Context } from '../platform/context';
import { newId } from '../platform/db/documents';
import { AppError, notFound } from '../platform/http/errors';
import { canCheckIn } from '../okrs/permissions';
import { keyResultProgress } from '../okrs/progress';
import {
  checkInSideEffects,
  event,
  getCycle,
  loadKeyResult,
  publicKeyResult,
  recentCheckIns,
  recomputeObjective,
  requireVersion,
  teamIds,
  unique,
  withDerived,
} from '../okrs/service';
import { checkInId, MAX_TRACKED_CHECK_INS, okrStores, type StoredKeyResult } from '../okrs/store';

export async function checkInKeyResult(
  ctx: Context,
  keyResultId: string,
  request: CheckInRequest,
): Promise<KeyResult> {
  const stores = okrStores(ctx.db, ctx.principal.tenantId);
  const narrative = new NarrativeStore(ctx.db, ctx.principal.tenantId);
  const { keyResult: before, objective } = await loadKeyResult(ctx, keyResultId);
  if (!(await canCheckIn(ctx, before, objective)))
    throw new AppError(
      'forbidden',
      'Only the key result’s owners, the people allowed to update it, their managers and admins can check in.',
    );
  const cycle = await getCycle(ctx, before.cycleId);
  if (cycle.state === 'closed')
    throw new AppError(
      'cycle_closed',
      `The cycle ${cycle.name} is closed; its key results take no more check-ins.`,
    );
  requireVersion(before, request.version);
  const metric = { ...before.metric };
  if (metric.kind === 'milestone') {
    if (request.milestones && request.milestones.length !== metric.milestones.length) {
      throw new AppError('validation_failed', 'Give one done/not-done value per milestone.', [
        { path: 'body.milestones', message: `must have ${metric.milestones.length} values` },
      ]);
    }
    if (request.milestones)
      metric.milestones = metric.milestones.map((milestone, index) => ({
        ...milestone,
        isDone: request.milestones![index]!,
      }));
    metric.current = metric.milestones.filter((milestone) => milestone.isDone).length;
  } else {
    if (metric.kind === 'boolean' && ![0, 1].includes(request.value))
      throw new AppError(
        'validation_failed',
        'A yes/no key result takes 1 (done) or 0 (not yet).',
        [{ path: 'body.value', message: 'must be 0 or 1' }],
      );
    if (metric.kind === 'percent' && (request.value < 0 || request.value > 100))
      throw new AppError('validation_failed', 'A percentage must be between 0 and 100.', [
        { path: 'body.value', message: 'must be between 0 and 100' },
      ]);
    metric.current = request.value;
  }
  const at = ctx.now.toISOString();
  const checkIn: CheckIn = {
    id: checkInId(keyResultId, before.version + 1),
    keyResultId,
    objectiveId: objective.id,
    authorId: ctx.principal.userId,
    value: metric.current,
    previousValue: before.metric.current,
    progress: keyResultProgress(metric),
    confidence: request.confidence,
    previousConfidence: before.confidence,
    status: request.status,
    note: request.note ?? '',
    at,
  };
  const after: StoredKeyResult = withDerived(
    {
      ...before,
      metric,
      confidence: request.confidence,
      reportedStatus: request.status,
      lastCheckIn: {
        id: checkIn.id,
        at,
        value: checkIn.value,
        confidence: checkIn.confidence,
        status: checkIn.status,
        authorId: checkIn.authorId,
      },
      checkInSeqs: [...(before.checkInSeqs ?? []), before.version + 1].slice(
        -MAX_TRACKED_CHECK_INS,
      ),
      version: before.version + 1,
      updatedAt: at,
    },
    cycle,
    ctx.now,
  );
  const statusChange =
    before.status !== after.status ? { from: before.status, to: after.status } : null;
  const delta = checkIn.value - checkIn.previousValue;
  const unit = metric.unit ? ` ${metric.unit}` : '';
  await commitChange(
    narrative,
    stores.keyResults,
    after,
    event(ctx, 'key_result.checked_in', 'keyResult', {
      objectiveId: objective.id,
      keyResultId,
      personIds: unique([before.ownerId, objective.ownerId]),
      teamIds: teamIds(objective.teamId),
      summary: `checked in “${before.title}” at ${checkIn.value}${unit} (${delta >= 0 ? '+' : ''}${Number(delta.toFixed(4))}), confidence ${checkIn.confidence}/10${statusChange ? `, now ${after.status.replace('_', ' ')}` : ''}`,
      payload: {
        checkIn,
        delta,
        progressBefore: before.progress,
        progressAfter: after.progress,
        statusChange,
      },
    }),
    checkInSideEffects(ctx),
  );
  await recomputeObjective(ctx, objective.id, { objective, cycle });
  return publicKeyResult(after);
}

export async function listCheckIns(
  ctx: Context,
  keyResultId: string,
): Promise<Page<CheckInWithComments>> {
  const stores = okrStores(ctx.db, ctx.principal.tenantId);
  const { keyResult } = await loadKeyResult(ctx, keyResultId);
  const checkIns = await recentCheckIns(ctx, keyResult);
  const comments = checkIns.length
    ? await stores.comments.find({ keyResultId }, { sort: { at: 1 }, limit: 1000 })
    : [];
  return {
    items: checkIns.map((checkIn) => ({
      ...checkIn,
      comments: comments.filter((comment) => comment.checkInId === checkIn.id),
    })),
    nextCursor: null,
  };
}

export async function commentOnCheckIn(
  ctx: Context,
  checkInId: string,
  request: CreateCommentRequest,
): Promise<Comment> {
  const stores = okrStores(ctx.db, ctx.principal.tenantId);
  const narrative = new NarrativeStore(ctx.db, ctx.principal.tenantId);
  const checkIn = await stores.checkIns.findById(checkInId);
  if (!checkIn) throw notFound('That check-in', 'check_in_not_found');
  let loaded;
  try {
    loaded = await loadKeyResult(ctx, checkIn.keyResultId);
  } catch {
    throw notFound('That check-in', 'check_in_not_found');
  }
  const comment: Comment & { version: number } = {
    id: newId(),
    checkInId,
    keyResultId: checkIn.keyResultId,
    authorId: ctx.principal.userId,
    kind: request.kind ?? 'comment',
    body: request.body,
    at: ctx.now.toISOString(),
    version: 1,
  };
  await commitChange(
    narrative,
    stores.comments as never,
    comment,
    event(
      ctx,
      comment.kind === 'feedback' ? 'check_in.feedback_given' : 'check_in.commented',
      'comment',
      {
        objectiveId: loaded.objective.id,
        keyResultId: checkIn.keyResultId,
        personIds: unique([checkIn.authorId, loaded.keyResult.ownerId]),
        teamIds: teamIds(loaded.objective.teamId),
        summary: `${comment.kind === 'feedback' ? 'gave feedback on' : 'commented on'} a check-in of “${loaded.keyResult.title}”: ${comment.body.slice(0, 140)}`,
        payload: { checkInId, body: comment.body, kind: comment.kind },
      },
    ),
  );
  const { version: _version, ...rest } = comment;
  return rest;
}
