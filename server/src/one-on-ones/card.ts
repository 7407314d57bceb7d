/**
 * The prep card as an Adaptive Card 1.5: the JSON template in templates/ is expanded with
 * `adaptivecards-templating` over a small view model (pre-formatted strings, so the
 * template stays declarative), then checked against the official schema. A card that
 * fails the schema is a bug here, so it throws rather than reaching Teams.
 *
 * The same card goes to the tab (as it is) and into the manager's chat with the bot, where
 * it also carries Universal Actions: a `refresh` (so Teams asks the bot for the latest
 * facts whenever the manager opens it) and "Add action item" — each an `Action.Execute`
 * with an `Action.Submit` fallback for clients without Universal Actions. Those parts are
 * typed with the Teams SDK's card interfaces but written as plain objects: the SDK's card
 * classes fill in defaults of later schema versions (`isSortKey`, `mode`, …) that the 1.5
 * schema refuses.
 */
import * as ACData from 'adaptivecards-templating';
import type {
  IAdaptiveCard,
  IExecuteAction,
  IRefreshDefinition,
  ISubmitAction,
  ITextInput,
} from '@microsoft/teams.cards';
import { PREP_CARD_VERBS, type PrepCardData, type RiskSeverity } from '@throughline/contracts';
import template from './templates/prep-card.template.json';
import { validateAdaptiveCard } from './card-schema';

/** How every card of ours says a status, and the colour it shows it in. */
export const STATUS_TEXT: Record<string, string> = {
  on_track: 'on track',
  at_risk: 'at risk',
  off_track: 'off track',
  done: 'done',
  not_started: 'not started',
};
export const STATUS_COLOR: Record<string, string> = {
  on_track: 'Good',
  at_risk: 'Warning',
  off_track: 'Attention',
  done: 'Good',
  not_started: 'Default',
};
export const SEVERITY_COLOR: Record<RiskSeverity, string> = {
  critical: 'Attention',
  warning: 'Warning',
  info: 'Default',
};

const percent = (value: number) => `${Math.round(value * 100)}%`;

function when(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(iso));
}

/** The view model the template binds to. */
export function cardModel(data: PrepCardData, options: { openUrl: string; timeZone: string }) {
  const sinceText = data.sinceIsPreviousMeeting ? 'last 1-on-1' : 'last week';
  const model = {
    title: `1-on-1 prep: ${data.manager.name} / ${data.report.name}`,
    meetingLine: `${data.meeting.subject} · ${when(data.meeting.startsAt, options.timeZone)}`,
    sinceLine: `Changes since the ${sinceText} (${when(data.since, options.timeZone)})`,
    openUrl: options.openUrl,
    talkingPoints: data.talkingPoints.map((text, index) => ({ number: index + 1, text })),
    hasKeyResults: data.keyResults.length > 0,
    keyResults: data.keyResults.map((keyResult) => {
      const change = Math.round(keyResult.progressChange * 100);
      return {
        title: keyResult.title,
        objectiveTitle: `${keyResult.objectiveTitle} · ${keyResult.valueText}${keyResult.confidence !== null ? ` · confidence ${keyResult.confidence}/10` : ''}`,
        progressText: percent(keyResult.progress),
        statusText: STATUS_TEXT[keyResult.status] ?? keyResult.status,
        statusColor: STATUS_COLOR[keyResult.status] ?? 'Default',
        changeText:
          change === 0
            ? `no change since ${sinceText}`
            : `${change > 0 ? '+' : '−'}${Math.abs(change)} pts since ${sinceText}`,
        changeColor: change > 0 ? 'Good' : change < 0 ? 'Attention' : 'Default',
      };
    }),
    hasScores: !!data.closedCycle && data.closedCycle.keyResults.length > 0,
    scoresTitle: data.closedCycle ? `Scores of ${data.closedCycle.name}` : '',
    scoresLine: data.closedCycle
      ? `Closed ${when(data.closedCycle.closedAt, options.timeZone)}${data.closedCycle.averageScore === null ? '' : ` · average ${data.closedCycle.averageScore.toFixed(1)}`}`
      : '',
    scores: (data.closedCycle?.keyResults ?? []).map((keyResult) => ({
      text:
        keyResult.final === keyResult.computed && !keyResult.reason
          ? `${keyResult.title}: ${keyResult.final.toFixed(1)}`
          : `${keyResult.title}: ${keyResult.final.toFixed(1)} (computed ${keyResult.computed.toFixed(1)}${keyResult.reason ? `; ${keyResult.reason}` : ''})`,
    })),
    hasRisks: data.risks.length > 0,
    risks: data.risks.map((risk) => ({
      text: risk.explanation,
      color: SEVERITY_COLOR[risk.severity],
    })),
    hasEvidence: data.evidence.length > 0,
    evidence: data.evidence.map((item) => ({
      text: `${item.title} (${item.kind}) on “${item.targetTitle}”`,
    })),
    hasDeliverables: data.deliverables.length > 0,
    deliverables: data.deliverables.map((item) => ({
      text: `${item.title} — ${[item.isBlocked ? 'blocked' : null, item.isOverdue ? `overdue since ${item.dueDate}` : null].filter(Boolean).join(', ')}`,
      color: item.isBlocked ? 'Attention' : 'Warning',
    })),
    hasAgreedItems: data.agreedActionItems.length > 0,
    agreedItems: data.agreedActionItems.map((item) => ({
      text: `${item.isDone ? '☑' : '☐'} ${item.text}${item.dueDate ? ` (due ${item.dueDate})` : ''}`,
    })),
    hasActionItems: data.openActionItems.length > 0,
    actionItems: data.openActionItems.map((item) => ({
      text: `${item.text}${item.dueDate ? ` (due ${item.dueDate})` : ''}`,
    })),
    fallbackText: '',
  };
  model.fallbackText = `${model.title}. Talking points: ${data.talkingPoints.join(' ')}`;
  return model;
}

export class InvalidCardError extends Error {
  constructor(readonly errors: { path: string; message: string }[]) {
    super(
      `The card does not match the Adaptive Card 1.5 schema: ${errors
        .slice(0, 3)
        .map((error) => `${error.path} ${error.message}`)
        .join('; ')}`,
    );
  }
}

/** In the manager's chat with the bot: which 1-on-1, and the manager's Teams id for `refresh.userIds`. */
export interface PrepCardChat {
  oneOnOneId: string;
  managerMri: string;
}

export const ACTION_ITEM_INPUT_ID = 'actionItemText';

/** A Universal Action with an `Action.Submit` fallback (carrying its verb) for clients without them. */
export function executeWithFallback(
  title: string,
  verb: string,
  data: Record<string, unknown>,
): IExecuteAction {
  const fallback: ISubmitAction = { type: 'Action.Submit', title, data: { ...data, verb } };
  return { type: 'Action.Execute', title, verb, data, fallback };
}

function withUniversalActions(card: Record<string, unknown>, chat: PrepCardChat) {
  const data = { oneOnOneId: chat.oneOnOneId };
  const refresh: IRefreshDefinition = {
    action: { type: 'Action.Execute', verb: PREP_CARD_VERBS.refresh, data },
    userIds: [chat.managerMri],
  };
  const input: ITextInput = {
    type: 'Input.Text',
    id: ACTION_ITEM_INPUT_ID,
    label: 'New action item',
    placeholder: 'Agree what happens next, and by whom',
    maxLength: 500,
    isRequired: true,
    errorMessage: 'Write the action item first.',
    spacing: 'Large',
  };
  return {
    ...card,
    refresh,
    body: [...(card.body as unknown[]), input],
    actions: [
      executeWithFallback('Add action item', PREP_CARD_VERBS.addActionItem, data),
      ...(card.actions as unknown[]),
    ],
  };
}

/** The card, once it matches the Adaptive Card 1.5 schema (else a bug here: it throws). */
export function checkedCard(card: Record<string, unknown>): Record<string, unknown> {
  const validation = validateAdaptiveCard(card);
  if (!validation.isValid) throw new InvalidCardError(validation.errors);
  return card;
}

/**
 * Expands one of our JSON card templates over its view model and checks the card against
 * the 1.5 schema (the digest card uses it too). The model's values are bound, never
 * evaluated again: a title holding `${...}` is shown as written.
 */
export function expandCardTemplate(template: object, model: object): Record<string, unknown> {
  return checkedCard(
    new ACData.Template(template).expand({ $root: model }) as Record<string, unknown>,
  );
}

export function buildPrepCard(
  data: PrepCardData,
  options: { openUrl: string; timeZone: string; chat?: PrepCardChat },
): Record<string, unknown> {
  const card = new ACData.Template(template).expand({ $root: cardModel(data, options) }) as Record<
    string,
    unknown
  >;
  return checkedCard(options.chat ? withUniversalActions(card, options.chat) : card);
}

/**
 * The prep card as it goes into the meeting's own chat, which the report reads too: a card
 * that holds nothing of the prep, with a `refresh` for the manager alone. Teams shows the
 * manager the card the bot answers that refresh with (a user-specific view); everyone else
 * keeps this one, and "Show" answers them that the card is not theirs.
 */
export function buildMeetingChatPrepCard(
  data: Pick<PrepCardData, 'manager' | 'report'>,
  chat: PrepCardChat,
): Record<string, unknown> {
  const refreshData = { oneOnOneId: chat.oneOnOneId };
  return checkedCard({
    ...CARD_HEADER,
    fallbackText: `1-on-1 prep for ${data.manager.name}`,
    refresh: {
      action: { type: 'Action.Execute', verb: PREP_CARD_VERBS.refresh, data: refreshData },
      userIds: [chat.managerMri],
    },
    body: [
      { type: 'TextBlock', text: 'Throughline', size: 'Small', isSubtle: true },
      {
        type: 'TextBlock',
        text: `1-on-1 prep: ${data.manager.name} / ${data.report.name}`,
        weight: 'Bolder',
        size: 'Medium',
        wrap: true,
        style: 'heading',
      },
      {
        type: 'TextBlock',
        text: `The prep card shows here for ${data.manager.name}, with the facts as they are when it is opened.`,
        wrap: true,
        isSubtle: true,
      },
    ],
    actions: [executeWithFallback('Show prep card', PREP_CARD_VERBS.refresh, refreshData)],
  });
}

/** A short card the bot answers with when it cannot do what a card asked (bad input, not yours). */
/** What every card of ours opens with: the schema it is written against, Adaptive Cards 1.5. */
export const CARD_HEADER = {
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
} as const;

export function buildNoticeCard(title: string, text: string): Record<string, unknown> {
  const card: IAdaptiveCard = {
    ...CARD_HEADER,
    body: [
      {
        type: 'TextBlock',
        text: title,
        weight: 'Bolder',
        size: 'Medium',
        wrap: true,
        style: 'heading',
      },
      { type: 'TextBlock', text, wrap: true },
    ],
  };
  return checkedCard(card as unknown as Record<string, unknown>);
}
