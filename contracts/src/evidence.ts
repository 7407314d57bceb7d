import { z } from 'zod';
import { Id, IsoDateTime, LongText, NOT_BLANK, anyOfRequired } from './common';

export const EvidenceKind = z.enum(['email', 'document', 'meeting', 'link', 'teamsMessage']);
export type EvidenceKind = z.infer<typeof EvidenceKind>;

export const EvidenceTarget = z.strictObject({
  kind: z.enum(['keyResult', 'deliverable']),
  id: Id,
});
export type EvidenceTarget = z.infer<typeof EvidenceTarget>;

/** Who may see an evidence item: the owner and their manager, whoever sees the key result (default), or everyone in the organisation. */
export const EvidenceVisibility = z.enum(['owner_and_manager', 'key_result', 'organisation']);
export type EvidenceVisibility = z.infer<typeof EvidenceVisibility>;

export const EvidenceSyncState = z.enum(['ok', 'changed', 'moved', 'deleted', 'access_lost']);
export type EvidenceSyncState = z.infer<typeof EvidenceSyncState>;

/** Graph message ids are long base64-ish strings; they are never used as query operators. */
export const GraphItemId = z
  .string()
  .regex(/^[A-Za-z0-9=_\-+/!.]{1,512}$/, 'must be a Microsoft Graph id');

export const EvidenceSource = z.object({
  messageId: z.string().optional(),
  immutableId: z.string().optional(),
  internetMessageId: z.string().optional(),
  conversationId: z.string().optional(),
  mailboxOwnerId: z.string().optional(),
  driveId: z.string().optional(),
  itemId: z.string().optional(),
  eventId: z.string().optional(),
  url: z.string().optional(),
  /** A Teams message: its chat or channel thread and its id there. */
  threadId: z.string().optional(),
  chatMessageId: z.string().optional(),
});
export type EvidenceSource = z.infer<typeof EvidenceSource>;

export const EvidenceSnapshot = z.object({
  title: z.string(),
  subject: z.string().optional(),
  from: z.object({ name: z.string(), address: z.string() }).optional(),
  recipientsCount: z.number().int().optional(),
  receivedAt: IsoDateTime.optional(),
  preview: z.string().optional(),
  webLink: z.string().optional(),
  hasAttachments: z.boolean().optional(),
  fileName: z.string().optional(),
  mimeType: z.string().optional(),
  size: z.number().optional(),
  modifiedBy: z.string().optional(),
  modifiedAt: IsoDateTime.optional(),
  eTag: z.string().optional(),
  startsAt: IsoDateTime.optional(),
  endsAt: IsoDateTime.optional(),
  attendeesCount: z.number().int().optional(),
});
export type EvidenceSnapshot = z.infer<typeof EvidenceSnapshot>;

export const Evidence = z.object({
  id: Id,
  kind: EvidenceKind,
  target: EvidenceTarget,
  keyResultId: Id.nullable(),
  objectiveId: Id.nullable(),
  source: EvidenceSource,
  snapshot: EvidenceSnapshot,
  visibility: EvidenceVisibility,
  attachedBy: z.array(z.object({ personId: Id, at: IsoDateTime, note: z.string() })),
  syncState: EvidenceSyncState,
  syncCheckedAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
  removedAt: IsoDateTime.nullable(),
  /**
   * Where the reader opens the source itself: the document, the meeting, the link — and an
   * email only in the reader's own mailbox (their copy of it, when they attached it), since
   * an Outlook link to someone else's copy opens nothing. Null when Throughline knows no
   * copy of an email in the reader's mailbox: `GET /api/evidence/{id}/my-copy` looks for one.
   * For emails `snapshot.webLink` is left out for the same reason.
   */
  openLink: z.string().nullable(),
});
export type Evidence = z.infer<typeof Evidence>;

/** The reader's own copy of an attached email, found in their mailbox. */
export const MailboxCopy = z.object({ webLink: z.string() });
export type MailboxCopy = z.infer<typeof MailboxCopy>;

const attachCommon = {
  target: EvidenceTarget,
  note: LongText.default(''),
  visibility: EvidenceVisibility.default('key_result'),
};

export const AttachEmailRequest = z.strictObject({ ...attachCommon, messageId: GraphItemId });
export type AttachEmailRequest = z.input<typeof AttachEmailRequest>;

export const AttachDocumentRequest = z
  .strictObject({
    ...attachCommon,
    sharingUrl: z.url({ protocol: /^https$/ }).optional(),
    driveId: GraphItemId.optional(),
    itemId: GraphItemId.optional(),
  })
  .refine((request) => request.sharingUrl || (request.driveId && request.itemId), {
    message: 'sharingUrl, or driveId with itemId, is required',
    path: ['sharingUrl'],
  })
  .meta(anyOfRequired(['sharingUrl'], ['driveId', 'itemId']));
export type AttachDocumentRequest = z.input<typeof AttachDocumentRequest>;

export const AttachMeetingRequest = z.strictObject({ ...attachCommon, eventId: GraphItemId });
export type AttachMeetingRequest = z.input<typeof AttachMeetingRequest>;

export const AttachLinkRequest = z.strictObject({
  ...attachCommon,
  url: z.url({ protocol: /^https?$/ }),
  title: z.string().trim().min(1).max(200).meta(NOT_BLANK),
});
export type AttachLinkRequest = z.input<typeof AttachLinkRequest>;

export const ListEvidenceQuery = z
  .strictObject({
    keyResultId: Id.optional(),
    deliverableId: Id.optional(),
    includeRemoved: z.enum(['true', 'false']).optional(),
  })
  .refine((query) => query.keyResultId || query.deliverableId, {
    message: 'keyResultId or deliverableId is required',
    path: ['keyResultId'],
  })
  .meta(anyOfRequired(['keyResultId'], ['deliverableId']));

export const EvidenceByMessageQuery = z
  .strictObject({
    messageId: GraphItemId.optional(),
    internetMessageId: z.string().min(1).max(998).optional(),
  })
  .refine((query) => query.messageId || query.internetMessageId, {
    message: 'messageId or internetMessageId is required',
    path: ['messageId'],
  })
  .meta(anyOfRequired(['messageId'], ['internetMessageId']));

/** Where a message is attached: each evidence item with the title of its target. */
export const EvidenceLocation = Evidence.extend({
  targetTitle: z.string(),
  keyResultTitle: z.string().nullable(),
});
export type EvidenceLocation = z.infer<typeof EvidenceLocation>;

// ---- Finding a document to attach ---------------------------------------------------

/** Microsoft Search over the OneDrive and SharePoint files the signed-in person can open. */
export const SearchDocumentsQuery = z.strictObject({
  q: z
    .string()
    .trim()
    .min(2, 'type at least 2 characters')
    .max(200)
    // KQL operators would let a pasted phrase search more than its words.
    .transform((q) => q.replace(/[":()*]/g, ' ').trim())
    .pipe(z.string().min(1, 'type at least 2 characters')),
  limit: z.coerce.number().int().min(1).max(25).default(10),
});
export type SearchDocumentsQuery = z.input<typeof SearchDocumentsQuery>;

export const DocumentHit = z.object({
  driveId: GraphItemId,
  itemId: GraphItemId,
  name: z.string(),
  webUrl: z.string(),
  size: z.number().nullable(),
  lastModifiedDateTime: z.string().nullable(),
  lastModifiedBy: z.string().nullable(),
});
export type DocumentHit = z.infer<typeof DocumentHit>;

export const DocumentSearchResult = z.object({ items: z.array(DocumentHit) });
export type DocumentSearchResult = z.infer<typeof DocumentSearchResult>;
