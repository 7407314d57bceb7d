import type { Db } from 'mongodb';
import { ADMIN_ROLE } from './principal';
import type { Context } from '../context';

/** Background jobs act as the tenant's own system identity: they see everything and are named in events as `system`. */
export function systemContext(db: Db, tenantId: string, now: Date): Context {
  return {
    db,
    now,
    principal: {
      tenantId,
      userId: 'system',
      name: 'Throughline',
      username: '',
      roles: [ADMIN_ROLE],
      isAdmin: true,
      assertion: '',
    },
  };
}

/**
 * A job's work for one person, seen as that person would see it: their id, no roles, not an
 * admin. What a job builds for someone (their digest) is read through this, so it holds
 * nothing the tab would not show them; the narrower view is the safe one for an admin too.
 */
export function recipientContext(ctx: Context, personId: string): Context {
  return {
    ...ctx,
    principal: { ...ctx.principal, userId: personId, name: '', roles: [], isAdmin: false },
  };
}
