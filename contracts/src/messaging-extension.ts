/**
 * What Teams sends the bot from Throughline's message extension: a search from the compose
 * box (`composeExtension/query`), the "Attach to OKR" action on a message
 * (`composeExtension/fetchTask`, then `composeExtension/submitAction`), and the refresh of
 * a shared OKR card (`adaptiveCard/action`). Each is validated like an API body before the
 * bot reads or writes anything; Teams' other fields pass through unread.
 */
import { z } from 'zod';
import { Id, LongText } from './common';
import { EvidenceVisibility } from './evidence';

export const MESSAGE_EXTENSION_COMMANDS = {
  search: 'searchOkrs',
  attach: 'attachToOkr',
} as const;

/** The verb of a shared OKR card's refresh (and of its "Show" button). */
export const SHARED_OKR_VERB = 'showSharedOkr';

/** `composeExtension/query`: the search box's text (`query`), or none on the initial run. */
export const OkrSearchInvoke = z.object({
  commandId: z.literal(MESSAGE_EXTENSION_COMMANDS.search),
  parameters: z
    .array(
      z.object({
        name: z.string().max(64),
        value: z.string().trim().max(100, 'must be at most 100 characters').optional(),
      }),
    )
    .max(5)
    .default([]),
  queryOptions: z
    .object({
      skip: z.number().int().min(0).max(1000).optional(),
      count: z.number().int().min(1).max(25).optional(),
    })
    .optional(),
});
export type OkrSearchInvoke = z.infer<typeof OkrSearchInvoke>;

export const SharedOkrKind = z.enum(['objective', 'keyResult']);
export type SharedOkrKind = z.infer<typeof SharedOkrKind>;

/** The refresh (or "Show") of a shared card: which objective or key result it names. */
export const SharedOkrCardInvoke = z.object({
  action: z.object({
    type: z.literal('Action.Execute'),
    verb: z.literal(SHARED_OKR_VERB),
    data: z.object({ kind: SharedOkrKind, id: Id }),
  }),
  trigger: z.enum(['automatic', 'manual']).optional(),
});

/**
 * The message an action was taken on, as Teams gives it (`messagePayload`). Teams signs the
 * activity that carries it, so it is the message as sent; the bot keeps a snapshot of it.
 */
export const TeamsMessagePayload = z.object({
  id: z.string().regex(/^[A-Za-z0-9._:@-]{1,128}$/, 'must be a Teams message id'),
  createdDateTime: z.iso.datetime({ offset: true }),
  linkToMessage: z.url({ protocol: /^https$/ }).max(2048),
  subject: z.string().max(500).nullish(),
  from: z
    .object({
      user: z
        .object({ id: z.string().max(128).optional(), displayName: z.string().max(256) })
        .nullish(),
      application: z.object({ displayName: z.string().max(256) }).nullish(),
    })
    .nullish(),
  body: z.object({
    contentType: z.enum(['html', 'text']),
    content: z.string().max(100_000, 'is longer than a Teams message can be'),
  }),
});
export type TeamsMessagePayload = z.infer<typeof TeamsMessagePayload>;

/** `composeExtension/fetchTask` of "Attach to OKR": the dialog is asked for. */
export const AttachMessageFetchInvoke = z.object({
  commandId: z.literal(MESSAGE_EXTENSION_COMMANDS.attach),
  commandContext: z.literal('message'),
  messagePayload: TeamsMessagePayload,
});

/** A target as the dialog's choice set names it: `keyResult:{id}` or `deliverable:{id}`. */
const TargetChoice = z
  .string({ error: 'is required: choose a key result or a deliverable' })
  .regex(/^(keyResult|deliverable):[A-Za-z0-9-]{1,64}$/, 'must be a key result or a deliverable')
  .transform((value) => {
    const [kind, id] = value.split(':') as ['keyResult' | 'deliverable', string];
    return { kind, id };
  });

/** `composeExtension/submitAction` of "Attach to OKR": the dialog's inputs and the message. */
export const AttachMessageSubmitInvoke = z.object({
  commandId: z.literal(MESSAGE_EXTENSION_COMMANDS.attach),
  commandContext: z.literal('message'),
  messagePayload: TeamsMessagePayload,
  data: z.object({
    target: TargetChoice,
    visibility: EvidenceVisibility.default('key_result'),
    note: LongText.default(''),
  }),
});
export type AttachMessageSubmitInvoke = z.infer<typeof AttachMessageSubmitInvoke>;
