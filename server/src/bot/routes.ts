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
import { attachMessage, attachMessageDialog, searchOkrs } from './messaging-extension';
import { recordInstallation } from '../platform/teams/installation-store';

interface ActivityLike {
  id?: string;
  from?: { id?: string; name?: string; aadObjectId?: string };
  conversation?: { tenantId?: string; id?: string; conversationType?: string };
  channelData?: { tenant?: { id?: string } };
}

const senderOf = (activity: ActivityLike): Sender => ({
  tenantId: activity.conversation?.tenantId ?? activity.channelData?.tenant?.id,
  userId: activity.from?.aadObjectId,
  mri: activity.from?.id ?? '',
  name: activity.from?.name ?? '',
});

const SHARED_FALLBACK_TEXT =
  'This card shows each person only what they may see, which this Teams client cannot do in a shared chat. Open Throughline in Teams to see it.';

/** A Teams chat or channel thread id, as Teams names conversations the app is added to. */
const THREAD_ID = /^19:[A-Za-z0-9_.@:=-]{1,400}$/;

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
  // The app added to, or removed from, a chat: where the prep card may go into the meeting's own chat.
  const onInstall =
    (action: 'add' | 'remove') =>
    async ({ activity }: { activity: unknown }) => {
      const { conversation } = activity as ActivityLike;
      const sender = senderOf(activity as ActivityLike);
      if (
        !conversation?.id ||
        !THREAD_ID.test(conversation.id) ||
        conversation.conversationType === 'personal'
      )
        return;
      await recordInstallation(deps.db, {
        tenantId: sender.tenantId!,
        conversationId: conversation.id,
        conversationType: conversation.conversationType ?? 'groupChat',
        isInstalled: action === 'add',
        byId: sender.userId!,
        at: deps.clock(),
      });
    };
  bot.app.on('install.add', onInstall('add'));
  bot.app.on('install.remove', onInstall('remove'));
  // The message extension: search from the compose box, and "Attach to OKR" on a message.
  bot.app.on(
    'message.ext.query',
    async ({ activity }) => searchOkrs(contexts.get(activity)!, activity.value) as never,
  );
  bot.app.on(
    'message.ext.open',
    async ({ activity }) => attachMessageDialog(contexts.get(activity)!, activity.value) as never,
  );
  bot.app.on(
    'message.ext.submit',
    async ({ activity }) =>
      attachMessage(contexts.get(activity)!, {
        value: activity.value,
        conversationId: (activity as ActivityLike).conversation?.id ?? '',
      }) as never,
  );
  bot.app.on('message', async ({ activity, send }) => {
    // A client without Universal Actions sends a card's Action.Submit fallback as a message.
    const submitted = submittedCardAction((activity as { value?: unknown }).value);
    if (!submitted) {
      await send(HELP_TEXT);
      return;
    }
    // A reply in a group chat is read by everyone in it: a card shown to each person as far as
    // they may see it (a shared OKR, the meeting's prep card) must not be answered there.
    if ((activity as ActivityLike).conversation?.conversationType !== 'personal') {
      await send(SHARED_FALLBACK_TEXT);
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
