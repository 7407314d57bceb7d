/**
 * What the bot does with what Teams sends it. Every activity has already passed the SDK's
 * Bot Framework token check (signature, issuer, audience = our app id); here the rules
 * that are ours: the organisation must be one this deployment serves and the sender a
 * person Throughline knows there, or the activity is refused before anything is read or
 * written. A card action's data is validated with the contracts' schema like an API body
 * (bad input: a card that says what is wrong, nothing written), and it acts through the
 * same service functions as the API, as the person who clicked.
 */
import { createHash } from 'node:crypto';
import {
  PREP_CARD_VERBS,
  PrepCardActionInvoke,
  type PrepCardActionInvoke as PrepCardAction,
} from '@throughline/contracts';
import type { IAdaptiveCard } from '@microsoft/teams.cards';
import type { Db } from 'mongodb';
import type { Config } from '../config';
import {
  cardPreferenceFromCard,
  checkInFromCard,
  isCheckInCardAction,
  isCheckInCardPreferenceAction,
} from '../check-ins/reminders';
import { buildNoticeCard } from '../one-on-ones/card';
import { isSharedOkrCardAction, sharedOkrView } from './messaging-extension';
import {
  createActionItem,
  prepCardForManagerChat,
  requireManagerOfOneOnOne,
} from '../one-on-ones/service';
import { findPerson } from '../people/service';
import type { Context } from '../platform/context';
import { AppError } from '../platform/http/errors';
import type { Logger } from '../platform/log/logger';

export interface BotDeps {
  db: Db;
  clock: () => Date;
  config: Pick<Config, 'AUTH_ALLOWED_TENANTS' | 'publicUrl' | 'TEAMS_APP_ID'>;
  log: Logger;
}

/** Who sent an activity, as Teams names them. */
export interface Sender {
  tenantId: string | undefined;
  /** Entra object id. */
  userId: string | undefined;
  /** Teams id in the conversation (`29:…`). */
  mri: string;
  name: string;
}

/** An HTTP answer that stops the activity (the SDK sends it as the response). */
export interface Refusal {
  status: 401 | 403;
  body: { error: { code: string; message: string; details: [] } };
}

const refusal = (code: string, message: string): Refusal => ({
  status: 403,
  body: { error: { code, message, details: [] } },
});

/** The context to act in for the sender, or the refusal of their activity. */
export async function senderContext(
  deps: BotDeps,
  sender: Sender,
): Promise<{ ctx: Context } | { refusal: Refusal }> {
  const { tenantId, userId } = sender;
  if (!tenantId || !userId)
    return { refusal: refusal('forbidden', 'The activity names no organisation or person.') };
  const allowed = deps.config.AUTH_ALLOWED_TENANTS;
  if (allowed.length > 0 && !allowed.includes(tenantId))
    return {
      refusal: refusal('tenant_not_served', 'This organisation is not connected to Throughline.'),
    };
  const ctx: Context = {
    db: deps.db,
    now: deps.clock(),
    principal: {
      tenantId,
      userId,
      name: sender.name,
      username: '',
      roles: [],
      isAdmin: false,
      assertion: '',
    },
  };
  const person = await findPerson(ctx, userId);
  if (!person || person.isActive === false)
    return {
      refusal: refusal(
        'tenant_not_served',
        'Throughline does not know this person in this organisation; an admin connects it first.',
      ),
    };
  return { ctx };
}

/** The `adaptiveCard/action` invoke response body (Universal Actions): a card to show. */
export interface CardActionAnswer {
  statusCode: 200;
  type: 'application/vnd.microsoft.card.adaptive';
  value: IAdaptiveCard;
}

// Every card here has been checked against the Adaptive Card 1.5 schema where it was built.
const showCard = (value: Record<string, unknown>): CardActionAnswer => ({
  statusCode: 200,
  type: 'application/vnd.microsoft.card.adaptive',
  value: value as unknown as IAdaptiveCard,
});

const NOT_YOURS = buildNoticeCard.bind(
  null,
  'This card is not yours',
  'It belongs to a 1-on-1 you do not lead, so it shows nothing here and takes no action.',
);

/** A Teams retry of the same invoke carries the same activity id: the item's id comes from it. */
const actionItemIdFor = (tenantId: string, activityId: string) =>
  createHash('sha256').update(`${tenantId}:card-action:${activityId}`).digest('hex').slice(0, 32);

/**
 * A card's `Action.Submit` fallback, as the invoke value its `Action.Execute` would have
 * sent: every fallback carries its verb beside the data (and the card's inputs). Anything
 * else (a typed message) is none.
 */
export function submittedCardAction(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const { verb, ...data } = value as Record<string, unknown>;
  if (typeof verb !== 'string') return undefined;
  return { action: { type: 'Action.Execute', verb, data } };
}

/** An `adaptiveCard/action` from any of the bot's cards: the reminder's check-in, snooze and stop, a shared OKR card's refresh, or the prep card's actions. */
export async function answerCardAction(
  deps: BotDeps,
  ctx: Context,
  sender: Sender,
  invoke: { activityId: string; value: unknown },
): Promise<CardActionAnswer> {
  if (isCheckInCardAction(invoke.value))
    return showCard(await checkInFromCard(ctx, deps.config.publicUrl, invoke.value));
  if (isSharedOkrCardAction(invoke.value))
    return showCard(
      await sharedOkrView(
        ctx,
        { publicUrl: deps.config.publicUrl, teamsAppId: deps.config.TEAMS_APP_ID },
        invoke.value,
      ),
    );
  if (isCheckInCardPreferenceAction(invoke.value))
    return showCard(await cardPreferenceFromCard(ctx, invoke.value));
  return answerPrepCardAction(deps, ctx, sender, invoke);
}

export async function answerPrepCardAction(
  deps: BotDeps,
  ctx: Context,
  sender: Sender,
  invoke: { activityId: string; value: unknown },
): Promise<CardActionAnswer> {
  const parsed = PrepCardActionInvoke.safeParse(invoke.value);
  if (!parsed.success)
    return showCard(
      buildNoticeCard(
        'That did not go through',
        parsed.error.issues
          .map((issue) =>
            issue.path.at(-1) === 'actionItemText'
              ? `The action item ${issue.message}.`
              : `${issue.path.join('.') || 'The card'}: ${issue.message}.`,
          )
          .join(' '),
      ),
    );
  const action: PrepCardAction['action'] = parsed.data.action;
  const links = { publicUrl: deps.config.publicUrl, teamsAppId: deps.config.TEAMS_APP_ID };
  try {
    if (action.verb === PREP_CARD_VERBS.addActionItem) {
      await requireManagerOfOneOnOne(ctx, action.data.oneOnOneId);
      try {
        await createActionItem(
          ctx,
          action.data.oneOnOneId,
          { text: action.data.actionItemText },
          { id: actionItemIdFor(ctx.principal.tenantId, invoke.activityId) },
        );
      } catch (error) {
        // The same invoke again: its item is already there, so the card is just shown anew.
        if (!(error instanceof AppError && error.code === 'version_conflict')) throw error;
      }
    }
    return showCard(await prepCardForManagerChat(ctx, links, action.data.oneOnOneId, sender.mri));
  } catch (error) {
    if (error instanceof AppError && error.code === 'one_on_one_not_found')
      return showCard(NOT_YOURS());
    if (error instanceof AppError && error.code === 'validation_failed')
      return showCard(buildNoticeCard('That did not go through', error.message));
    throw error;
  }
}

export const HELP_TEXT =
  'I post your 1-on-1 prep cards here before each meeting, and a check-in card on check-in day when key results are due. Open Throughline in Teams for your OKRs, check-ins and 1-on-1s.';
