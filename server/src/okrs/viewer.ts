/**
 * The caller as the permission rules see them: who they are, whether they are an admin,
 * whom they manage and which teams they belong to. It is read once per request — the
 * first rule that needs it loads it for the request's Context, every later rule reuses it
 * — so checking a list of a hundred objectives costs no more reads than checking one.
 *
 * Loading it costs reads in proportion to the caller, not to the tenant: their teams and
 * whether anyone reports to them, each one indexed equality read. Only someone who manages people
 * reads the tenant's manager links (one projection of id and manager), and their reporting
 * line is walked in memory.
 */
import type { Person } from '@throughline/contracts';
import { managersAndStates, managesAnyone, teamIdsOf } from '../people/service';
import type { Context } from '../platform/context';

export interface Viewer {
  id: string;
  tenantId: string;
  isAdmin: boolean;
  /** Everyone who reports to the viewer, directly or through the managers below them. */
  reportingLine: ReadonlySet<string>;
  /** The teams the viewer is a member of. */
  teamIds: ReadonlySet<string>;
}

/** As far down as `managerChain` (people/service.ts) looks up. */
const MAX_LEVELS = 12;

const viewers = new WeakMap<Context, Promise<Viewer>>();

/** The viewer of this request, loaded on first use. */
export function viewerOf(ctx: Context): Promise<Viewer> {
  let viewer = viewers.get(ctx);
  if (!viewer) {
    viewer = loadViewer(ctx);
    viewers.set(ctx, viewer);
    // A failed read is not remembered: the next rule asked in this request reads again.
    viewer.catch(() => viewers.delete(ctx));
  }
  return viewer;
}

/**
 * A job acting for many people reads the org chart once and works out each person's viewer
 * from it (`reportingLineIn`); this makes that the viewer every rule of the context uses,
 * rather than each person's first rule reading the chart again.
 */
export function withViewer(ctx: Context, viewer: Viewer): Context {
  viewers.set(ctx, Promise.resolve(viewer));
  return ctx;
}

/**
 * The viewers of the people a job acts for (none of them an admin), from the org chart the
 * job read once (`managersAndStates`) and one read of each person's teams, each person's
 * worked out once.
 */
export function viewersIn(
  ctx: Context,
  orgChart: Pick<Person, 'id' | 'managerId'>[],
): (id: string) => Promise<Viewer> {
  const viewers = new Map<string, Promise<Viewer>>();
  return (id) => {
    if (!viewers.has(id))
      viewers.set(
        id,
        teamIdsOf(ctx, id).then((teamIds) => ({
          id,
          tenantId: ctx.principal.tenantId,
          isAdmin: false,
          reportingLine: reportingLineIn(orgChart, id),
          teamIds: new Set(teamIds),
        })),
      );
    return viewers.get(id)!;
  };
}

async function loadViewer(ctx: Context): Promise<Viewer> {
  const { principal } = ctx;
  const [isManager, teamIds] = await Promise.all([
    managesAnyone(ctx, principal.userId),
    teamIdsOf(ctx, principal.userId),
  ]);
  return {
    id: principal.userId,
    tenantId: principal.tenantId,
    isAdmin: principal.isAdmin,
    reportingLine: isManager
      ? reportingLineIn(await managersAndStates(ctx), principal.userId)
      : new Set(),
    teamIds: new Set(teamIds),
  };
}

/**
 * Everyone below the person in the org chart, level by level over `managerId`, at most 12
 * levels down. A loop in the org data ends the walk where it closes.
 */
export function reportingLineIn(
  people: Pick<Person, 'id' | 'managerId'>[],
  personId: string,
): Set<string> {
  const reportsOf = new Map<string, string[]>();
  for (const person of people) {
    if (!person.managerId) continue;
    reportsOf.set(person.managerId, [...(reportsOf.get(person.managerId) ?? []), person.id]);
  }
  const below = new Set<string>();
  let level = [personId];
  for (let depth = 0; depth < MAX_LEVELS && level.length > 0; depth += 1) {
    level = level
      .flatMap((managerId) => reportsOf.get(managerId) ?? [])
      .filter((id) => id !== personId && !below.has(id));
    for (const id of level) below.add(id);
  }
  return below;
}
