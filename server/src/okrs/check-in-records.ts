/**
 * What OKRs keep for the check-in use case (check-ins/): a key result's check-ins and the
 * comments on them, found by id and committed through the narrative. A key result's change
 * is always committed with the replay of the check-in its event carries.
 */
import type { CheckIn, CheckInWithComments } from '@throughline/contracts';
import { commitChange, narrativeOf, type EventInput } from '../narrative/versioned';
import type { Context } from '../platform/context';
import { okrStoreOf, type StoredComment, type StoredKeyResult } from './store';

export type { StoredComment };

/** A key result's newest check-ins, each with its comments and feedback. */
export async function checkInsWithComments(
  ctx: Context,
  keyResult: StoredKeyResult,
): Promise<CheckInWithComments[]> {
  const store = okrStoreOf(ctx);
  const checkIns = await store.newestCheckInsOf(keyResult);
  const comments = checkIns.length ? await store.commentsOnKeyResult(keyResult.id) : [];
  return checkIns.map((checkIn) => ({
    ...checkIn,
    // Without the stored version, which is not part of a comment as the API shows it.
    comments: comments
      .filter((comment) => comment.checkInId === checkIn.id)
      .map(({ version: _version, ...comment }) => comment),
  }));
}

export function findCheckIn(ctx: Context, id: string): Promise<CheckIn | null> {
  return okrStoreOf(ctx).checkIns.findById(id);
}

/** Commits the next version of a key result; the check-in its event carries is written with it. */
export async function commitKeyResultChange(
  ctx: Context,
  after: StoredKeyResult,
  change: EventInput,
): Promise<void> {
  const store = okrStoreOf(ctx);
  await commitChange(narrativeOf(ctx), store.keyResults, after, change, store.checkInSideEffects);
}

/** Commits a new comment or feedback on a check-in. */
export async function commitComment(
  ctx: Context,
  comment: StoredComment,
  change: EventInput,
): Promise<void> {
  await commitChange(narrativeOf(ctx), okrStoreOf(ctx).comments, comment, change);
}
