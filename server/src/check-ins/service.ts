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
  Metric,
  Page,
} from '@throughline/contracts';
import { editVersioned, event } from '../narrative/versioned';
import { teamIds, unique } from '../okrs/audience';
import {
  checkInsWithComments,
  commitComment,
  commitKeyResultChange,
  findCheckIn,
  type StoredComment,
} from '../okrs/check-in-records';
import { getCycle } from '../okrs/cycles';
import {
  checkInId,
  publicKeyResult,
  withCheckIn,
  withDerived,
  type StoredKeyResult,
} from '../okrs/key-result-record';
import { loadKeyResult } from '../okrs/key-results';
import { canCheckIn, refuse } from '../okrs/permissions';
import { keyResultProgress } from '../okrs/progress';
import { recomputeObjective } from '../okrs/roll-up';
import { viewerOf } from '../okrs/viewer';
import type { Context } from '../platform/context';
import { newId } from '../platform/db/documents';
import { AppError, isNotFound, notFound } from '../platform/http/errors';

/** Where a check-in comes from: a person (the default) or the Excel source job (excel/). */
export interface CheckInOptions {
  origin?: 'person' | 'excel';
}

export async function checkInKeyResult(
  ctx: Context,
  keyResultId: string,
  request: CheckInRequest,
  options: CheckInOptions = {},
): Promise<KeyResult> {
  const viewer = await viewerOf(ctx);
  const {
    loaded,
    checked: cycle,
    after,
  } = await editVersioned({
    load: async () => {
      const { keyResult, objective } = await loadKeyResult(ctx, keyResultId);
      return { before: keyResult, objective };
    },
    authorise: ({ before, objective }) => {
      if (!canCheckIn(viewer, before, objective))
        refuse(
          'Only the key result’s owners, the people allowed to update it, their managers and admins can check in.',
        );
    },
    guard: async ({ before }) => {
      const cycle = await getCycle(ctx, before.cycleId);
      if (cycle.state === 'closed')
        throw new AppError(
          'cycle_closed',
          `The cycle ${cycle.name} is closed; its key results take no more check-ins.`,
        );
      return cycle;
    },
    version: request.version,
    change: ({ before }, cycle) => {
      const metric = reportedMetric(before.metric, request);
      const version = before.version + 1;
      const at = ctx.now.toISOString();
      const summary = withCheckIn(before, {
        value: metric.current,
        previousValue: before.metric.current,
        confidence: request.confidence,
        previousConfidence: before.confidence,
        status: request.status,
        at,
        progress: keyResultProgress(metric),
      });
      return withDerived(
        {
          ...before,
          ...summary,
          metric,
          confidence: request.confidence,
          reportedStatus: request.status,
          lastCheckIn: {
            id: checkInId(keyResultId, version),
            at,
            value: metric.current,
            confidence: request.confidence,
            status: request.status,
            authorId: ctx.principal.userId,
          },
          updatedAt: at,
        },
        cycle,
        ctx.now,
      );
    },
    commit: (after, _changes, { before, objective }) => {
      const checkIn = checkInOf(before, after, request, options);
      const statusChange =
        before.status !== after.status ? { from: before.status, to: after.status } : null;
      const delta = checkIn.value - checkIn.previousValue;
      const unit = after.metric.unit ? ` ${after.metric.unit}` : '';
      return commitKeyResultChange(
        ctx,
        after,
        event(ctx, 'key_result.checked_in', 'keyResult', {
          objectiveId: objective.id,
          keyResultId,
          personIds: unique([before.ownerId, objective.ownerId]),
          teamIds: teamIds(objective.teamId),
          summary: `checked in “${before.title}” at ${checkIn.value}${unit} (${delta >= 0 ? '+' : ''}${Number(delta.toFixed(4))}), confidence ${checkIn.confidence}/10${statusChange ? `, now ${after.status.replace('_', ' ')}` : ''}${checkIn.origin === 'excel' ? ', from Excel' : ''}`,
          payload: {
            checkIn,
            delta,
            progressBefore: before.progress,
            progressAfter: after.progress,
            statusChange,
          },
        }),
      );
    },
  });
  await recomputeObjective(ctx, loaded.objective.id, { objective: loaded.objective, cycle });
  return publicKeyResult(after);
}

/** The metric as the check-in reports it: a value, or which milestones are done. */
function reportedMetric(before: Metric, request: CheckInRequest): Metric {
  const metric = { ...before };
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
    return metric;
  }
  if (metric.kind === 'boolean' && ![0, 1].includes(request.value))
    throw new AppError('validation_failed', 'A yes/no key result takes 1 (done) or 0 (not yet).', [
      { path: 'body.value', message: 'must be 0 or 1' },
    ]);
  if (metric.kind === 'percent' && (request.value < 0 || request.value > 100))
    throw new AppError('validation_failed', 'A percentage must be between 0 and 100.', [
      { path: 'body.value', message: 'must be between 0 and 100' },
    ]);
  metric.current = request.value;
  return metric;
}

/** The check-in document a check-in writes, from the key result before and after it. */
function checkInOf(
  before: StoredKeyResult,
  after: StoredKeyResult,
  request: CheckInRequest,
  options: CheckInOptions,
): CheckIn {
  const last = after.lastCheckIn!;
  return {
    id: last.id,
    keyResultId: before.id,
    objectiveId: before.objectiveId,
    authorId: last.authorId,
    value: last.value,
    previousValue: before.metric.current,
    progress: keyResultProgress(after.metric),
    confidence: request.confidence,
    previousConfidence: before.confidence,
    status: request.status,
    note: request.note ?? '',
    ...(options.origin === 'excel' ? { origin: 'excel' as const } : {}),
    at: last.at,
  };
}

export async function listCheckIns(
  ctx: Context,
  keyResultId: string,
): Promise<Page<CheckInWithComments>> {
  const { keyResult } = await loadKeyResult(ctx, keyResultId);
  return { items: await checkInsWithComments(ctx, keyResult), nextCursor: null };
}

export async function commentOnCheckIn(
  ctx: Context,
  checkInId: string,
  request: CreateCommentRequest,
): Promise<Comment> {
  const checkIn = await findCheckIn(ctx, checkInId);
  if (!checkIn) throw notFound('That check-in', 'check_in_not_found');
  let loaded;
  try {
    loaded = await loadKeyResult(ctx, checkIn.keyResultId);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    throw notFound('That check-in', 'check_in_not_found');
  }
  const comment: StoredComment = {
    id: newId(),
    checkInId,
    keyResultId: checkIn.keyResultId,
    authorId: ctx.principal.userId,
    kind: request.kind ?? 'comment',
    body: request.body,
    at: ctx.now.toISOString(),
    version: 1,
  };
  await commitComment(
    ctx,
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
