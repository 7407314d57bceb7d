/**
 * Throughline's message extension in Teams.
 *
 * - **Search** (`composeExtension/query`, command `searchOkrs`): objectives and key results
 *   of the current cycle that the searcher may see, by title; with no text, the searcher's
 *   own. Each result is shared as a *live card*: a card that names no content, with a
 *   Universal Actions `refresh`, so Teams asks the bot for each viewer's own view of it.
 *   Whoever may see the objective or key result sees it as it is now; whoever may not sees
 *   a card that says so. The card in the chat never holds the content itself.
 * - **Attach to OKR** (a message action, `composeExtension/fetchTask` then
 *   `composeExtension/submitAction`): the message becomes evidence on a key result or a
 *   deliverable, through the same path and visibility rules as an email from Outlook; the
 *   record is one per message and target, however many people attach it.
 *
 * Every invoke value is parsed with its contracts schema before anything is read; the bot
 * acts as the person who sent the invoke, with their visibility.
 */
import type { EvidenceVisibility } from '@throughline/contracts';
import {
  AttachMessageFetchInvoke,
  AttachMessageSubmitInvoke,
  OkrSearchInvoke,
  SHARED_OKR_VERB,
  SharedOkrCardInvoke,
  type AlignmentNode,
  type KeyResult,
  type SharedOkrKind,
  type Status,
} from '@throughline/contracts';
import { convert } from 'html-to-text';
import { attachTeamsMessageEvidence, targetInfo } from '../evidence/service';
import {
  CARD_HEADER,
  checkedCard,
  executeWithFallback,
  STATUS_COLOR,
  STATUS_TEXT,
} from '../one-on-ones/card';
import {
  currentCycle,
  getAlignmentTree,
  getKeyResultDetail,
  getMyOkrs,
  getObjectiveDetail,
} from '../okrs/service';
import { findPerson, namesOf } from '../people/service';
import type { Context } from '../platform/context';
import { AppError } from '../platform/http/errors';
import { ADAPTIVE_CARD_CONTENT_TYPE } from '../platform/teams/bot';
import { tabDeepLink } from '../platform/teams/activity-feed';
import { getSettings } from '../settings/service';

export interface ExtensionLinks {
  publicUrl: string;
  teamsAppId: string | undefined;
}

type Card = Record<string, unknown>;

/** A status as the first words of a line: "On track". */
const statusHeading = (status: Status) => {
  const text = STATUS_TEXT[status] ?? status;
  return text.charAt(0).toUpperCase() + text.slice(1);
};
const KIND_TEXT: Record<SharedOkrKind, string> = {
  objective: 'objective',
  keyResult: 'key result',
};
const percent = (value: number) => `${Math.round(value * 100)}%`;

const DEFAULT_RESULTS = 10;
const HTML_TO_TEXT = { wordwrap: false as const, selectors: [{ selector: 'img', format: 'skip' }] };

// ---- search --------------------------------------------------------------------------

interface Hit {
  kind: SharedOkrKind;
  id: string;
  title: string;
  ownerId: string;
  progress: number;
  status: Status;
  /** The objective a key result belongs to. */
  parentTitle: string | null;
}

/** What Teams shows in the compose box: a message, or results to pick one from. */
export type SearchAnswer =
  | { composeExtension: { type: 'message'; text: string } }
  | {
      composeExtension: {
        type: 'result';
        attachmentLayout: 'list';
        attachments: {
          contentType: string;
          content: Card;
          preview: { contentType: string; content: { title: string; text: string } };
        }[];
      };
    };

const folded = (text: string) =>
  text.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase('en');

function hitsOfTree(nodes: AlignmentNode[], parentTitle: string | null, hits: Hit[]) {
  for (const node of nodes) {
    hits.push({
      kind: node.kind,
      id: node.id,
      title: node.title,
      ownerId: node.ownerId,
      progress: node.progress,
      status: node.status,
      parentTitle: node.kind === 'keyResult' ? parentTitle : null,
    });
    hitsOfTree(node.children, node.kind === 'objective' ? node.title : parentTitle, hits);
  }
}

async function searchHits(ctx: Context, text: string): Promise<Hit[]> {
  const cycle = await currentCycle(ctx);
  if (!cycle) return [];
  const hits: Hit[] = [];
  if (!text) {
    // The initial run, before anything is typed: the searcher's own, as My OKRs lists them.
    for (const objective of (await getMyOkrs(ctx, cycle.id)).objectives) {
      hits.push({ ...objective, kind: 'objective', parentTitle: null });
      for (const keyResult of objective.keyResults)
        hits.push({ ...keyResult, kind: 'keyResult', parentTitle: objective.title });
    }
    return hits;
  }
  // The tree holds every objective and key result of the cycle the searcher may see.
  hitsOfTree((await getAlignmentTree(ctx, cycle.id, {})).roots, null, hits);
  const wanted = folded(text);
  return hits.filter((hit) => folded(hit.title).includes(wanted));
}

/** The card that goes into the chat: it names nothing, and refreshes to each viewer's view. */
export function sharedOkrCard(kind: SharedOkrKind, id: string, sharedBy: string): Card {
  const data = { kind, id };
  return checkedCard({
    ...CARD_HEADER,
    fallbackText: `${sharedBy} shared a ${KIND_TEXT[kind]} from Throughline.`,
    refresh: { action: { type: 'Action.Execute', verb: SHARED_OKR_VERB, data } },
    body: [
      { type: 'TextBlock', text: 'Throughline', size: 'Small', isSubtle: true },
      {
        type: 'TextBlock',
        text: `${sharedBy} shared a ${KIND_TEXT[kind]}`,
        weight: 'Bolder',
        size: 'Medium',
        wrap: true,
        style: 'heading',
      },
      {
        type: 'TextBlock',
        text: 'Each person in this conversation sees it as far as Throughline lets them.',
        wrap: true,
        isSubtle: true,
      },
    ],
    actions: [executeWithFallback('Show', SHARED_OKR_VERB, data)],
  });
}

export async function searchOkrs(ctx: Context, value: unknown): Promise<SearchAnswer> {
  const parsed = OkrSearchInvoke.safeParse(value);
  if (!parsed.success)
    return {
      composeExtension: {
        type: 'message',
        text: `That search did not go through: ${parsed.error.issues
          .map((issue) => `${issue.path.join('.') || 'the search'} ${issue.message}`)
          .join('; ')}.`,
      },
    };
  const { parameters, queryOptions } = parsed.data;
  const text =
    parameters.find((parameter) => parameter.name === 'query')?.value ??
    parameters.find((parameter) => parameter.name !== 'initialRun')?.value ??
    '';
  const skip = queryOptions?.skip ?? 0;
  const count = queryOptions?.count ?? DEFAULT_RESULTS;
  const hits = (await searchHits(ctx, text)).slice(skip, skip + count);
  const owners = await namesOf(ctx, [...new Set(hits.map((hit) => hit.ownerId))]);
  const sharedBy = ctx.principal.name || 'Someone';
  return {
    composeExtension: {
      type: 'result',
      attachmentLayout: 'list',
      attachments: hits.map((hit) => ({
        contentType: ADAPTIVE_CARD_CONTENT_TYPE,
        content: sharedOkrCard(hit.kind, hit.id, sharedBy),
        // Only the searcher sees the preview, and they may see what they found.
        preview: {
          contentType: 'application/vnd.microsoft.card.thumbnail',
          content: {
            title: hit.title,
            text: [
              hit.kind === 'keyResult'
                ? `Key result of ${hit.parentTitle ?? 'an objective'}`
                : 'Objective',
              owners.get(hit.ownerId),
              `${percent(hit.progress)}, ${STATUS_TEXT[hit.status]}`,
            ]
              .filter(Boolean)
              .join(' · '),
          },
        },
      })),
    },
  };
}

// ---- the shared card, as each viewer sees it ----------------------------------------

const refreshOf = (kind: SharedOkrKind, id: string) => ({
  action: { type: 'Action.Execute', verb: SHARED_OKR_VERB, data: { kind, id } },
});

function notVisibleCard(kind: SharedOkrKind, id: string): Card {
  return checkedCard({
    ...CARD_HEADER,
    refresh: refreshOf(kind, id),
    body: [
      { type: 'TextBlock', text: 'Throughline', size: 'Small', isSubtle: true },
      {
        type: 'TextBlock',
        text: `You cannot see this ${KIND_TEXT[kind]}`,
        weight: 'Bolder',
        size: 'Medium',
        wrap: true,
        style: 'heading',
      },
      {
        type: 'TextBlock',
        text: 'It is private, or it is not there any more. Ask the person who shared it if you need it.',
        wrap: true,
      },
    ],
  });
}

const dateIn = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(new Date(iso));

function metricText(keyResult: KeyResult): string {
  const { metric } = keyResult;
  const unit = metric.unit ? ` ${metric.unit}` : '';
  return `${metric.current}${unit} of ${metric.target}${unit}`;
}

function statusLine(progress: number, status: Status) {
  return {
    type: 'ColumnSet',
    columns: [
      {
        type: 'Column',
        width: 'auto',
        items: [{ type: 'TextBlock', text: percent(progress), weight: 'Bolder', size: 'Large' }],
      },
      {
        type: 'Column',
        width: 'stretch',
        verticalContentAlignment: 'Center',
        items: [
          {
            type: 'TextBlock',
            text: statusHeading(status),
            color: STATUS_COLOR[status],
            weight: 'Bolder',
          },
        ],
      },
    ],
  };
}

async function keyResultView(ctx: Context, id: string, links: ExtensionLinks): Promise<Card> {
  const keyResult = await getKeyResultDetail(ctx, id);
  const { timeZone } = await getSettings(ctx);
  const names = await namesOf(ctx, [
    keyResult.ownerId,
    keyResult.lastCheckIn?.authorId ?? keyResult.ownerId,
  ]);
  const facts = [
    { title: 'Owner', value: names.get(keyResult.ownerId) ?? 'Unknown' },
    { title: 'Now', value: metricText(keyResult) },
    ...(keyResult.confidence !== null
      ? [{ title: 'Confidence', value: `${keyResult.confidence}/10` }]
      : []),
    ...(keyResult.lastCheckIn
      ? [
          {
            title: 'Last check-in',
            value: `${dateIn(keyResult.lastCheckIn.at, timeZone)} by ${names.get(keyResult.lastCheckIn.authorId) ?? 'someone'}`,
          },
        ]
      : [{ title: 'Last check-in', value: 'none yet' }]),
    { title: 'Cycle', value: keyResult.cycle.name },
  ];
  return checkedCard({
    ...CARD_HEADER,
    fallbackText: `${keyResult.title}: ${percent(keyResult.progress)}, ${STATUS_TEXT[keyResult.status]}.`,
    refresh: refreshOf('keyResult', id),
    body: [
      {
        type: 'TextBlock',
        text: `Throughline · key result of ${keyResult.objective.title}`,
        size: 'Small',
        isSubtle: true,
        wrap: true,
      },
      {
        type: 'TextBlock',
        text: keyResult.title,
        weight: 'Bolder',
        size: 'Medium',
        wrap: true,
        style: 'heading',
      },
      statusLine(keyResult.progress, keyResult.status),
      { type: 'FactSet', facts },
    ],
    actions: [
      {
        type: 'Action.OpenUrl',
        title: 'Open in Throughline',
        url: tabDeepLink({
          teamsAppId: links.teamsAppId,
          publicUrl: links.publicUrl,
          entityId: 'my-okrs',
          hash: `#/key-results/${id}`,
          label: 'My OKRs',
          subEntityId: `kr:${id}`,
        }),
      },
    ],
  });
}

const MAX_KEY_RESULTS_SHOWN = 6;

async function objectiveView(ctx: Context, id: string, links: ExtensionLinks): Promise<Card> {
  const objective = await getObjectiveDetail(ctx, id);
  const names = await namesOf(ctx, [objective.ownerId]);
  const shown = objective.keyResults.slice(0, MAX_KEY_RESULTS_SHOWN);
  const more = objective.keyResults.length - shown.length;
  return checkedCard({
    ...CARD_HEADER,
    fallbackText: `${objective.title}: ${percent(objective.progress)}, ${STATUS_TEXT[objective.status]}.`,
    refresh: refreshOf('objective', id),
    body: [
      {
        type: 'TextBlock',
        text: `Throughline · ${objective.level} objective`,
        size: 'Small',
        isSubtle: true,
      },
      {
        type: 'TextBlock',
        text: objective.title,
        weight: 'Bolder',
        size: 'Medium',
        wrap: true,
        style: 'heading',
      },
      statusLine(objective.progress, objective.status),
      {
        type: 'FactSet',
        facts: [{ title: 'Owner', value: names.get(objective.ownerId) ?? 'Unknown' }],
      },
      ...(shown.length > 0
        ? [
            { type: 'TextBlock', text: 'Key results', weight: 'Bolder', spacing: 'Medium' },
            ...shown.map((keyResult) => ({
              type: 'TextBlock',
              text: `${keyResult.title} · ${percent(keyResult.progress)}, ${STATUS_TEXT[keyResult.status]}`,
              wrap: true,
              spacing: 'Small',
            })),
            ...(more > 0
              ? [{ type: 'TextBlock', text: `and ${more} more`, isSubtle: true, spacing: 'Small' }]
              : []),
          ]
        : [{ type: 'TextBlock', text: 'No key results yet.', isSubtle: true }]),
    ],
    actions: [
      {
        type: 'Action.OpenUrl',
        title: 'Open in Throughline',
        url: tabDeepLink({
          teamsAppId: links.teamsAppId,
          publicUrl: links.publicUrl,
          entityId: 'my-okrs',
          hash: `#/objectives/${id}`,
          label: 'My OKRs',
          subEntityId: `objective:${id}`,
        }),
      },
    ],
  });
}

/** Whether an `adaptiveCard/action` is a shared card's refresh (else another card's action). */
export const isSharedOkrCardAction = (value: unknown) =>
  (value as { action?: { verb?: unknown } } | null)?.action?.verb === SHARED_OKR_VERB;

/** The shared card as the viewer may see it: the objective or key result now, or a card that says no. */
export async function sharedOkrView(
  ctx: Context,
  links: ExtensionLinks,
  value: unknown,
): Promise<Card> {
  const parsed = SharedOkrCardInvoke.safeParse(value);
  if (!parsed.success)
    return checkedCard({
      ...CARD_HEADER,
      body: [{ type: 'TextBlock', text: 'This card names nothing Throughline knows.', wrap: true }],
    });
  const { kind, id } = parsed.data.action.data;
  try {
    return kind === 'keyResult'
      ? await keyResultView(ctx, id, links)
      : await objectiveView(ctx, id, links);
  } catch (error) {
    // Private and absent answer alike, as they do in the API.
    if (
      error instanceof AppError &&
      ['key_result_not_found', 'objective_not_found'].includes(error.code)
    )
      return notVisibleCard(kind, id);
    throw error;
  }
}

// ---- "Attach to OKR" on a message ----------------------------------------------------

/** What Teams shows for a message action: a dialog (task module) or a short message. */
export type ActionAnswer =
  | {
      task: {
        type: 'continue';
        value: {
          title: string;
          width: 'medium';
          height: 'medium';
          card: { contentType: string; content: Card };
        };
      };
    }
  | { task: { type: 'message'; value: string } };

const VISIBILITY_CHOICES: { title: string; value: EvidenceVisibility }[] = [
  { title: 'Whoever may see the key result', value: 'key_result' },
  { title: 'Only the owner and their managers', value: 'owner_and_manager' },
  { title: 'Everyone in the organisation', value: 'organisation' },
];

const dialog = (card: Card): ActionAnswer => ({
  task: {
    type: 'continue',
    value: {
      title: 'Attach to OKR',
      width: 'medium',
      height: 'medium',
      card: { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card },
    },
  },
});

const messageAnswer = (text: string): ActionAnswer => ({ task: { type: 'message', value: text } });

/** The targets offered: the key results and deliverables of the caller's own OKRs this cycle. */
async function targetChoices(ctx: Context) {
  const cycle = await currentCycle(ctx);
  if (!cycle) return [];
  const choices: { title: string; value: string }[] = [];
  for (const objective of (await getMyOkrs(ctx, cycle.id)).objectives) {
    for (const keyResult of objective.keyResults)
      choices.push({
        title: `${keyResult.title} (${objective.title})`,
        value: `keyResult:${keyResult.id}`,
      });
    for (const deliverable of objective.deliverables)
      choices.push({
        title: `Deliverable: ${deliverable.title} (${objective.title})`,
        value: `deliverable:${deliverable.id}`,
      });
  }
  return choices;
}

function attachDialogCard(
  preview: { sender: string; text: string },
  choices: { title: string; value: string }[],
  notice?: string,
): Card {
  return checkedCard({
    ...CARD_HEADER,
    body: [
      ...(notice ? [{ type: 'TextBlock', text: notice, wrap: true, color: 'Attention' }] : []),
      { type: 'TextBlock', text: `Message from ${preview.sender}`, weight: 'Bolder', wrap: true },
      {
        type: 'TextBlock',
        text: preview.text || '(no text)',
        wrap: true,
        isSubtle: true,
        maxLines: 4,
      },
      {
        type: 'Input.ChoiceSet',
        id: 'target',
        label: 'Attach it to',
        style: 'compact',
        isRequired: true,
        errorMessage: 'Choose a key result or a deliverable.',
        choices,
      },
      {
        type: 'Input.ChoiceSet',
        id: 'visibility',
        label: 'Who may see it',
        value: 'key_result',
        choices: VISIBILITY_CHOICES,
      },
      {
        type: 'Input.Text',
        id: 'note',
        label: 'Note (optional)',
        isMultiline: true,
        maxLength: 4000,
      },
    ],
    actions: [{ type: 'Action.Submit', title: 'Attach' }],
  });
}

const senderName = (payload: {
  from?: {
    user?: { displayName: string } | null;
    application?: { displayName: string } | null;
  } | null;
}) => payload.from?.user?.displayName ?? payload.from?.application?.displayName ?? 'Someone';

const textOf = (body: { contentType: 'html' | 'text'; content: string }) =>
  (body.contentType === 'html' ? convert(body.content, HTML_TO_TEXT) : body.content).trim();

const invalidText = (issues: { path: PropertyKey[]; message: string }[]) =>
  `That did not go through: ${issues.map((issue) => `${issue.path.join('.') || 'the message'} ${issue.message}`).join('; ')}.`;

/** The "Attach to OKR" dialog for the message the action was taken on. */
export async function attachMessageDialog(ctx: Context, value: unknown): Promise<ActionAnswer> {
  const parsed = AttachMessageFetchInvoke.safeParse(value);
  if (!parsed.success) return messageAnswer(invalidText(parsed.error.issues));
  const choices = await targetChoices(ctx);
  if (choices.length === 0)
    return messageAnswer(
      'You have no key results or deliverables this cycle to attach a message to. Add them in Throughline first.',
    );
  const { messagePayload } = parsed.data;
  return dialog(
    attachDialogCard(
      { sender: senderName(messagePayload), text: textOf(messagePayload.body) },
      choices,
    ),
  );
}

/** The thread a message is in: the activity's conversation, without a channel reply's `;messageid=`. */
export const threadOf = (conversationId: string) => conversationId.split(';')[0] ?? conversationId;

/** Keeps the message as evidence on the chosen target; a bad choice shows the dialog again with why. */
export async function attachMessage(
  ctx: Context,
  invoke: { value: unknown; conversationId: string },
): Promise<ActionAnswer> {
  const parsed = AttachMessageSubmitInvoke.safeParse(invoke.value);
  if (!parsed.success) {
    const fetch = AttachMessageFetchInvoke.safeParse(invoke.value);
    if (!fetch.success) return messageAnswer(invalidText(parsed.error.issues));
    const { messagePayload } = fetch.data;
    return dialog(
      attachDialogCard(
        { sender: senderName(messagePayload), text: textOf(messagePayload.body) },
        await targetChoices(ctx),
        invalidText(parsed.error.issues),
      ),
    );
  }
  const { messagePayload, data } = parsed.data;
  const senderId = messagePayload.from?.user?.id;
  const sender = senderId ? await findPerson(ctx, senderId) : null;
  try {
    const { evidence, isNew } = await attachTeamsMessageEvidence(ctx, {
      target: data.target,
      note: data.note,
      visibility: data.visibility,
      message: {
        threadId: threadOf(invoke.conversationId),
        messageId: messagePayload.id,
        createdAt: messagePayload.createdDateTime,
        link: messagePayload.linkToMessage,
        subject: messagePayload.subject ?? null,
        sender: {
          name: sender?.displayName ?? senderName(messagePayload),
          address: sender?.mail ?? '',
        },
        text: textOf(messagePayload.body),
      },
    });
    return messageAnswer(
      isNew
        ? `Attached to “${await targetTitle(ctx, data.target)}” as evidence.`
        : `That message is already evidence on “${await targetTitle(ctx, data.target)}”${evidence.attachedBy.length > 1 ? `; you are one of ${evidence.attachedBy.length} who attached it` : ''}.`,
    );
  } catch (error) {
    if (
      error instanceof AppError &&
      [
        'key_result_not_found',
        'deliverable_not_found',
        'forbidden',
        'cycle_closed',
        'validation_failed',
      ].includes(error.code)
    )
      return dialog(
        attachDialogCard(
          { sender: senderName(messagePayload), text: textOf(messagePayload.body) },
          await targetChoices(ctx),
          `That did not go through: ${error.message}`,
        ),
      );
    throw error;
  }
}

async function targetTitle(
  ctx: Context,
  target: { kind: 'keyResult' | 'deliverable'; id: string },
) {
  return (await targetInfo(ctx, target))?.title ?? 'that OKR';
}
