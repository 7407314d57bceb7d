/**
 * The bot's edge: the Teams SDK app receives on `/api/messages` and hands each activity to
 * the service. The first handler refuses activities from organisations or people the
 * deployment does not serve (403) before any other handler runs. A card's `Action.Submit`
 * fallback arrives as a message with a `value`; it is answered as the invoke would be, with
 * the card posted as a reply.
 */
import type { Router } from 'express';
import type { TeamsBot } from '../platform/teams/bot';
import {
  answerCardAction,
  HELP_TEXT,
  senderContext,
  submittedCardAction,
  type BotDeps,
  type Sender,
} from './service';
import type { Context } from '../platform/context';

interface ActivityLike {
  id?: string;
  from?: { id?: string; name?: string; aadObjectId?: string };
  conversation?: { tenantId?: string };
  channelData?: { tenant?: { id?: string } };
}

const senderOf = (activity: ActivityLike): Sender => ({
  tenantId: activity.conversation?.tenantId ?? activity.channelData?.tenant?.id,
  userId: activity.from?.aadObjectId,
  mri: activity.from?.id ?? '',
  name: activity.from?.name ?? '',
});

export function botRoutes(bot: TeamsBot, deps: BotDeps): Router {
  // The sender's context, worked out once per activity by the first handler.
  const contexts = new WeakMap<object, Context>();
  bot.app.use(async (activityContext) => {
    const decided = await senderContext(deps, senderOf(activityContext.activity as ActivityLike));
    if ('refusal' in decided) return decided.refusal;
    contexts.set(activityContext.activity, decided.ctx);
    return activityContext.next();
  });
  bot.app.on('card.action', async ({ activity }) =>
    answerCardAction(deps, contexts.get(activity)!, senderOf(activity as ActivityLike), {
      activityId: activity.id,
      value: activity.value,
    }),
  );
  bot.app.on('message', async ({ activity, send }) => {
    // A client without Universal Actions sends a card's Action.Submit fallback as a message.
    const submitted = submittedCardAction((activity as { value?: unknown }).value);
    if (!submitted) {
      await send(HELP_TEXT);
      return;
    }
    const answer = await answerCardAction(
      deps,
      contexts.get(activity)!,
      senderOf(activity as ActivityLike),
      { activityId: activity.id, value: submitted },
    );
    await send({
      type: 'message',
      attachments: [{ contentType: answer.type, content: answer.value }],
    });
  });
  return bot.router;
}
