/**
 * The retrospective: "what we learned" notes on an objective from its owner and the people
 * who worked on it. Each note is an event in the narrative, so the business review and the
 * next quarter's 1-on-1s read them beside the check-ins. A closed cycle takes notes too:
 * that is when people look back.
 */
import type { AddLearningRequest, Learning } from '@throughline/contracts';
import { commitChange, event, narrativeOf } from '../narrative/versioned';
import type { Context } from '../platform/context';
import { newId } from '../platform/db/documents';
import { teamIds } from './audience';
import { getVisibleObjective } from './objectives';
import { isObjectivesPeople, refuse } from './permissions';
import { okrStoreOf, publicLearning, type StoredLearning } from './store';
import { viewerOf } from './viewer';

export async function addLearning(
  ctx: Context,
  objectiveId: string,
  request: AddLearningRequest,
): Promise<Learning> {
  const objective = await getVisibleObjective(ctx, objectiveId);
  if (!isObjectivesPeople(await viewerOf(ctx), objective))
    refuse(
      'Learnings are noted by the objective’s owner, its contributors, their managers and admins.',
    );
  const learning: StoredLearning = {
    id: newId(),
    objectiveId,
    authorId: ctx.principal.userId,
    text: request.text,
    at: ctx.now.toISOString(),
    version: 1,
  };
  await commitChange(
    narrativeOf(ctx),
    okrStoreOf(ctx).learnings,
    learning,
    event(ctx, 'objective.learning_noted', 'learning', {
      objectiveId,
      personIds: [objective.ownerId],
      teamIds: teamIds(objective.teamId),
      summary: `noted what was learned on “${objective.title}”: ${learning.text.slice(0, 140)}`,
      payload: { text: learning.text },
    }),
  );
  return publicLearning(learning);
}

export async function learningsOf(ctx: Context, objectiveIds: string[]): Promise<Learning[]> {
  return (await okrStoreOf(ctx).learningsOf(objectiveIds)).map(publicLearning);
}
