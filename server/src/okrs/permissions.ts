/**
 * Who may see and change what (DESIGN.md): anyone in the tenant reads public OKRs;
 * owners, their managers and admins edit; private objectives are visible to the owner,
 * their managers, contributors (people, and the members of contributing teams) and admins —
 * to everyone else they do not exist (404).
 */
import type { KeyResult, Objective } from '@throughline/contracts';
import { managerChain } from '../people/service';
import { teamsStore } from '../people/store';
import type { Context } from '../platform/context';

export async function isOwnerOrManager(ctx: Context, ownerId: string): Promise<boolean> {
  if (ctx.principal.isAdmin || ownerId === ctx.principal.userId) return true;
  return (await managerChain(ctx.db, ctx.principal.tenantId, ownerId)).includes(
    ctx.principal.userId,
  );
}

export async function canSeeObjective(ctx: Context, objective: Objective): Promise<boolean> {
  if (objective.visibility === 'public') return true;
  if (
    objective.contributors.some(
      (contributor) => contributor.kind === 'person' && contributor.id === ctx.principal.userId,
    )
  )
    return true;
  if (await isOwnerOrManager(ctx, objective.ownerId)) return true;
  // Shared with a team: its members see it. Read only for a private objective shared so.
  const teamIds = objective.contributors
    .filter((contributor) => contributor.kind === 'team')
    .map((contributor) => contributor.id);
  if (teamIds.length === 0) return false;
  const mine = await teamsStore(ctx.db, ctx.principal.tenantId).find(
    { _id: { $in: teamIds as never[] }, memberIds: ctx.principal.userId },
    { projection: { _id: 1 }, limit: 1 },
  );
  return mine.length > 0;
}

export async function canEditObjective(ctx: Context, objective: Objective): Promise<boolean> {
  return isOwnerOrManager(ctx, objective.ownerId);
}

export async function canEditKeyResult(
  ctx: Context,
  keyResult: KeyResult,
  objective: Objective,
): Promise<boolean> {
  if (keyResult.coOwnerIds.includes(ctx.principal.userId)) return true;
  return (
    (await isOwnerOrManager(ctx, keyResult.ownerId)) ||
    (await isOwnerOrManager(ctx, objective.ownerId))
  );
}

export async function canCheckIn(
  ctx: Context,
  keyResult: KeyResult,
  objective: Objective,
): Promise<boolean> {
  return (
    keyResult.updaterIds.includes(ctx.principal.userId) ||
    canEditKeyResult(ctx, keyResult, objective)
  );
}
