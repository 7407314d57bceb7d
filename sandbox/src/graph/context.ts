import type { Request, Response } from 'express';
import { principalOf, requirePermission, type Permission, type Principal } from './auth';
import type { GraphError } from './errors';
import { errors } from './errors';
import type { GraphStore, TenantState, UserRecord } from './store';

/** What every route module gets: the data and where the emulator is reachable. */
export interface GraphContext {
  store: GraphStore;
  /** `https://localhost:PORT/v1.0` */
  serviceRoot(): string;
}

export interface Caller {
  principal: Principal;
  tenant: TenantState;
}

export function callerOf(ctx: GraphContext, res: Response): Caller {
  const principal = principalOf(res);
  const tenant = ctx.store.tenant(principal.tenantId);
  if (!tenant) throw errors.invalidToken('The tenant is not known to the sandbox.');
  return { principal, tenant };
}

export type NotFound = (id: string) => GraphError;

/**
 * The user a `/me/...` or `/users/{id}/...` request is about. `/me` needs a delegated
 * token; a delegated caller may only reach its own data (`/users/{self}` is fine); an
 * app-only caller may reach anyone in its tenant. Someone in another tenant is simply
 * not found.
 */
export function targetUser(
  ctx: GraphContext,
  req: Request,
  res: Response,
  permission: Permission,
  notFound: NotFound,
  isOthersAllowedDelegated = false,
): Caller & { user: UserRecord } {
  const caller = callerOf(ctx, res);
  const { principal, tenant } = caller;
  const param = req.params.userId as string | undefined;
  let user: UserRecord | undefined;
  if (param === undefined) {
    if (principal.isApp) throw errors.meNeedsDelegated();
    user = tenant.users.get(principal.userId ?? '');
    if (!user) throw notFound(principal.userId ?? 'me');
  } else {
    user = ctx.store.findUser(tenant, param);
    if (!user) throw notFound(param);
    if (!principal.isApp && user.id !== principal.userId && !isOthersAllowedDelegated)
      throw permission.denied();
  }
  requirePermission(principal, permission);
  return { ...caller, user };
}
