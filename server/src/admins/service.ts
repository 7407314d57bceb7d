/**
 * Who runs Throughline in a tenant, and its first day.
 *
 * An admin is whoever holds the `OKR.Admin` app role (assigned in Entra) or is on the
 * tenant's roster. On a new tenant nobody is either, so the first person who opens
 * Throughline and is a directory admin (Global Administrator or Privileged Role
 * Administrator, read from their own `memberOf` with the delegated `User.Read`) may put
 * themselves on the roster; everyone else is told who to ask. Admins then add others.
 */
import type { AdminRoster, SetupState } from '@throughline/contracts';
import { commitChange, isVersionRace, loadVersioned, narrativeOf } from '../narrative/versioned';
import { event } from '../okrs/service';
import { okrRecords } from '../okrs/records';
import { countTeams, findPerson } from '../people/service';
import type { Principal } from '../platform/auth/principal';
import type { Context } from '../platform/context';
import type { Db } from 'mongodb';
import type { GraphClients } from '../platform/graph/client';
import { AppError, notFound } from '../platform/http/errors';
import { rosterStore } from './store';

/** Entra's fixed role template ids of the directory roles that may set Throughline up. */
const SETUP_ROLES = new Map([
  ['62e90394-69f5-4237-9190-012177145e10', 'Global Administrator'],
  ['e8611ab8-c189-46e8-94e1-60213ab1f814', 'Privileged Role Administrator'],
]);

export interface AdminsContext extends Context {
  graph: GraphClients;
}

/** The caller as the API sees them: an admin by app role or by the roster (one `_id` read). */
export async function withRosterAdmin(db: Db, principal: Principal): Promise<Principal> {
  if (principal.isAdmin) return principal;
  const roster = await rosterStore(db, principal.tenantId).findById(principal.tenantId);
  return roster?.personIds.includes(principal.userId) ? { ...principal, isAdmin: true } : principal;
}

/** The caller's directory admin role, from Graph; null when they hold none or Graph cannot say. */
async function directoryRoleOf(ctx: AdminsContext): Promise<string | null> {
  try {
    const roles = await ctx.graph.forUser(ctx.principal).get<{
      value: Array<{ roleTemplateId?: string }>;
    }>('/me/memberOf/microsoft.graph.directoryRole?$select=displayName,roleTemplateId');
    for (const role of roles.value) {
      const name = role.roleTemplateId && SETUP_ROLES.get(role.roleTemplateId);
      if (name) return name;
    }
    return null;
  } catch {
    return null;
  }
}

export async function setupState(ctx: AdminsContext): Promise<SetupState> {
  const { tenantId } = ctx.principal;
  const [roster, hasCycle, teams] = await Promise.all([
    rosterStore(ctx.db, tenantId).findById(tenantId),
    okrRecords(ctx).hasAnyCycle(),
    countTeams(ctx),
  ]);
  const adminIds = roster?.personIds ?? [];
  // Throughline cannot list who Entra assigned the app role to (that needs a directory
  // permission it does not ask for); a cycle exists only if an admin created it.
  const hasAdmin = adminIds.length > 0 || ctx.principal.isAdmin || hasCycle;
  const directoryRole = hasAdmin ? null : await directoryRoleOf(ctx);
  return {
    hasAdmin,
    isAdmin: ctx.principal.isAdmin,
    canBecomeFirstAdmin: !hasAdmin && directoryRole !== null,
    directoryRole,
    adminIds,
    hasCycle,
    hasTeam: teams > 0,
  };
}

export async function becomeFirstAdmin(ctx: AdminsContext): Promise<AdminRoster> {
  const state = await setupState(ctx);
  if (state.hasAdmin) throw alreadySetUp();
  if (!state.canBecomeFirstAdmin)
    throw new AppError(
      'forbidden',
      'Only a Global Administrator or Privileged Role Administrator of your organisation can set up Throughline. Ask one of them to open Throughline, or to assign you the Throughline admin role in Entra ID.',
    );
  const roster: AdminRoster = {
    id: ctx.principal.tenantId,
    personIds: [ctx.principal.userId],
    version: 1,
    updatedAt: ctx.now.toISOString(),
  };
  try {
    await commitChange(
      narrativeOf(ctx),
      rosterStore(ctx.db, ctx.principal.tenantId),
      roster,
      event(ctx, 'admins.first_admin', 'admins', {
        summary: `set up Throughline as its first admin (${state.directoryRole})`,
        payload: { personId: ctx.principal.userId, directoryRole: state.directoryRole },
      }),
    );
  } catch (error) {
    // Someone else set it up a moment earlier: their version 1 won.
    if (isVersionRace(error)) throw alreadySetUp();
    throw error;
  }
  return roster;
}

export async function listAdmins(ctx: Context): Promise<AdminRoster> {
  const { tenantId } = ctx.principal;
  return (
    (await rosterStore(ctx.db, tenantId).findById(tenantId)) ?? {
      id: tenantId,
      personIds: [],
      version: 0,
      updatedAt: ctx.now.toISOString(),
    }
  );
}

export async function addAdmin(ctx: Context, personId: string): Promise<AdminRoster> {
  requireAdmin(ctx, 'make someone an admin');
  const person = await findPerson(ctx, personId);
  if (!person || person.isActive === false) throw notFound('That person', 'person_not_found');
  return change(ctx, (ids) => (ids.includes(personId) ? null : [...ids, personId]), {
    type: 'admins.granted',
    summary: `made ${person.displayName} a Throughline admin`,
    personId,
  });
}

export async function removeAdmin(ctx: Context, personId: string): Promise<AdminRoster> {
  requireAdmin(ctx, 'remove an admin');
  const person = await findPerson(ctx, personId);
  return change(
    ctx,
    (ids) => {
      if (!ids.includes(personId)) throw notFound('That admin', 'admin_not_found');
      if (ids.length === 1)
        throw new AppError(
          'last_admin',
          'Throughline needs at least one admin on its list: add another before removing this one.',
        );
      return ids.filter((id) => id !== personId);
    },
    {
      type: 'admins.revoked',
      summary: `removed ${person?.displayName ?? 'someone'} from the Throughline admins`,
      personId,
    },
  );
}

async function change(
  ctx: Context,
  next: (ids: string[]) => string[] | null,
  what: { type: string; summary: string; personId: string },
): Promise<AdminRoster> {
  const { tenantId } = ctx.principal;
  const narrative = narrativeOf(ctx);
  const store = rosterStore(ctx.db, tenantId);
  const before = (await loadVersioned(narrative, store, tenantId)) ?? {
    id: tenantId,
    personIds: [],
    version: 0,
    updatedAt: ctx.now.toISOString(),
  };
  const personIds = next(before.personIds);
  if (!personIds) return before;
  const after: AdminRoster = {
    ...before,
    personIds,
    version: before.version + 1,
    updatedAt: ctx.now.toISOString(),
  };
  try {
    await commitChange(
      narrative,
      store,
      after,
      event(ctx, what.type, 'admins', {
        summary: what.summary,
        personIds: [what.personId],
        payload: { personId: what.personId, personIds },
      }),
    );
  } catch (error) {
    if (isVersionRace(error))
      throw new AppError(
        'version_conflict',
        'Someone changed the admins at the same moment. Look again and retry.',
      );
    throw error;
  }
  return after;
}

function requireAdmin(ctx: Context, what: string) {
  if (!ctx.principal.isAdmin) throw new AppError('forbidden', `Only an admin can ${what}.`);
}

const alreadySetUp = () =>
  new AppError('already_set_up', 'Throughline is already set up here: its admins can add you.');
