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
