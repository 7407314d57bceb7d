/** Owners, co-owners and leaders are people of the caller's organisation. */
import { findPerson } from '../people/service';
import type { Context } from '../platform/context';
import { AppError } from '../platform/http/errors';

export async function requirePerson(ctx: Context, personId: string, field: string) {
  if (!(await findPerson(ctx, personId))) {
    throw new AppError('validation_failed', 'That person is not in your organisation.', [
      { path: `body.${field}`, message: 'is not a person in your organisation' },
    ]);
  }
}

/** A leader is at the top of the org chart: nobody is their manager. */
export async function isLeader(ctx: Context) {
  const me = await findPerson(ctx, ctx.principal.userId);
  return !!me && !me.managerId;
}
