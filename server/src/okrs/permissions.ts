/**
 * Who may see and change what (DESIGN.md): anyone in the tenant reads public OKRs;
 * owners, their managers and admins edit; private objectives are visible to the owner,
 * their managers, contributors (people, and the members of contributing teams) and admins —
 * to everyone else they do not exist (404). A manager is anyone above the owner in the
 * org chart, however many levels up.
 *
 * Each rule is a pure function of a `Viewer` and the records it is about. A caller that
 * holds only the request's Context may pass that instead and await the answer: the
 * request's viewer is loaded once and every later rule uses it.
 */
import type { KeyResult, Objective } from '@throughline/contracts';
import type { Context } from '../platform/context';
import { AppError } from '../platform/http/errors';
import { viewerOf, type Viewer } from './viewer';

type Rule<Args extends unknown[]> = {
  (viewer: Viewer, ...args: Args): boolean;
  (ctx: Context, ...args: Args): Promise<boolean>;
};

function rule<Args extends unknown[]>(
  decide: (viewer: Viewer, ...args: Args) => boolean,
): Rule<Args> {
  return ((who: Viewer | Context, ...args: Args) =>
    'principal' in who
      ? viewerOf(who).then((viewer) => decide(viewer, ...args))
      : decide(who, ...args)) as Rule<Args>;
}

/** The viewer is an admin, the person, or one of the person's managers. */
export const isOwnerOrManager = rule(
  (viewer, personId: string) =>
    viewer.isAdmin || personId === viewer.id || viewer.reportingLine.has(personId),
);

export const canSeeObjective = rule((viewer, objective: Objective) => {
  if (objective.visibility === 'public') return true;
  if (
    objective.contributors.some(
      (contributor) => contributor.kind === 'person' && contributor.id === viewer.id,
    )
  )
    return true;
  if (isOwnerOrManager(viewer, objective.ownerId)) return true;
  // Shared with a team: its members see it. Read only for a private objective shared so.
  return objective.contributors.some(
    (contributor) => contributor.kind === 'team' && viewer.teamIds.has(contributor.id),
  );
});

export const canEditObjective = rule((viewer, objective: Objective) =>
  isOwnerOrManager(viewer, objective.ownerId),
);

/** The owner, their managers, admins, and the people and teams contributing to the objective. */
export const isObjectivesPeople = rule(
  (viewer, objective: Objective) =>
    isOwnerOrManager(viewer, objective.ownerId) ||
    objective.contributors.some((contributor) =>
      contributor.kind === 'person'
        ? contributor.id === viewer.id
        : viewer.teamIds.has(contributor.id),
    ),
);

export const canEditKeyResult = rule(
  (viewer, keyResult: KeyResult, objective: Objective) =>
    keyResult.coOwnerIds.includes(viewer.id) ||
    isOwnerOrManager(viewer, keyResult.ownerId) ||
    isOwnerOrManager(viewer, objective.ownerId),
);

export const canCheckIn = rule(
  (viewer, keyResult: KeyResult, objective: Objective) =>
    keyResult.updaterIds.includes(viewer.id) || canEditKeyResult(viewer, keyResult, objective),
);

/** Refuses the caller, saying who may do it instead. */
export function refuse(message: string): never {
  throw new AppError('forbidden', message);
}

/** Cycles and settings are the admins'. */
export function requireAdmin(ctx: Context, message: string): void {
  if (!ctx.principal.isAdmin) refuse(message);
}
