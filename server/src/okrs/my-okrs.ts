/**
 * My OKRs: the caller's page for a cycle — the objectives they own, those shared with them
 * or one of their teams, and those holding key results they own, co-own or update — and
 * which of their key results are due for a check-in.
 */
import type { MyOkrs, Objective } from '@throughline/contracts';
import type { Context } from '../platform/context';
import { unique } from './audience';
import { currentCycle, getCycle } from './cycles';
import { objectiveDetailsFor } from './objectives';
import { canSeeObjective } from './permissions';
import { okrStoreOf } from './store';
import { viewerOf } from './viewer';

const WEEK_MS = 7 * 86_400_000;

export async function getMyOkrs(ctx: Context, cycleId?: string): Promise<MyOkrs> {
  const store = okrStoreOf(ctx);
  const cycle = cycleId ? await getCycle(ctx, cycleId) : await currentCycle(ctx);
  if (!cycle) return { cycle: null, objectives: [], dueForCheckIn: [] };
  const viewer = await viewerOf(ctx);
  const me = viewer.id;
  const myTeamIds = [...viewer.teamIds];
  const [owned, myKeyResults, shared] = await Promise.all([
    store.activeObjectivesOwnedBy(me, cycle.id),
    store.keyResultsOfPerson(me, cycle.id),
    // Shared objectives: me or one of my teams among the contributors (horizontal alignment).
    store.activeObjectivesSharedWith([me, ...myTeamIds], cycle.id),
  ]);
  const ownedIds = new Set(owned.map((objective) => objective.id));
  const contributedTo = shared.filter(
    (objective) =>
      !ownedIds.has(objective.id) &&
      objective.contributors.some(
        (contributor) =>
          (contributor.kind === 'person' && contributor.id === me) ||
          (contributor.kind === 'team' && viewer.teamIds.has(contributor.id)),
      ),
  );
  const listedIds = new Set([...ownedIds, ...contributedTo.map((objective) => objective.id)]);
  const others = await Promise.all(
    unique(
      myKeyResults.map((keyResult) => keyResult.objectiveId).filter((id) => !listedIds.has(id)),
    ).map((id) => store.objectives.findById(id)),
  );
  const objectives = [
    ...owned,
    ...contributedTo,
    ...others.filter(
      (objective): objective is Objective => !!objective && objective.state === 'active',
    ),
  ].filter((objective) => canSeeObjective(viewer, objective));
  const details = await objectiveDetailsFor(ctx, objectives, { cycle });
  const weekAgo = ctx.now.getTime() - WEEK_MS;
  const dueForCheckIn =
    cycle.state === 'open'
      ? details
          .flatMap((detail) => detail.keyResults)
          .filter(
            (keyResult) =>
              [keyResult.ownerId, ...keyResult.coOwnerIds, ...keyResult.updaterIds].includes(me) ||
              ownedIds.has(keyResult.objectiveId),
          )
          .filter(
            (keyResult) =>
              keyResult.status !== 'done' &&
              (!keyResult.lastCheckIn || Date.parse(keyResult.lastCheckIn.at) < weekAgo),
          )
          .map((keyResult) => keyResult.id)
      : [];
  return { cycle, objectives: details, dueForCheckIn };
}
