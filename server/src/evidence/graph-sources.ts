/**
 * Reading evidence sources from Microsoft Graph and turning them into snapshots: what
 * the evidence shows even after the source is deleted. The paths and `$select`s live here
 * so attach (on behalf of the person) and refresh (app-only, in the background) read the
 * same fields the same way.
 */
import type { EvidenceSnapshot, EvidenceSource } from '@throughline/contracts';
import type { BatchStep } from '../platform/graph/client';
import { encodeSharingUrl } from '../platform/graph/sharing-url';

export const IMMUTABLE_ID = { Prefer: 'IdType="ImmutableId"' };
export const UTC_TIMES = { Prefer: 'outlook.timezone="UTC"' };

const MESSAGE_SELECT = [
  'id',
  'subject',
  'from',
  'toRecipients',
  'ccRecipients',
  'receivedDateTime',
  'bodyPreview',
  'webLink',
  'hasAttachments',
  'internetMessageId',
  'conversationId',
  'changeKey',
].join(',');
const DRIVE_ITEM_SELECT = [
  'id',
  'name',
  'webUrl',
  'size',
  'file',
  'lastModifiedBy',
  'lastModifiedDateTime',
  'parentReference',
  'eTag',
].join(',');
const EVENT_SELECT = [
  'id',
  'iCalUId',
  'subject',
  'start',
  'end',
  'attendees',
  'webLink',
  'organizer',
].join(',');

const seg = encodeURIComponent;

export const messagePath = (mailbox: { me: true } | { userId: string }, id: string) =>
  `${'me' in mailbox ? '/me' : `/users/${seg(mailbox.userId)}`}/messages/${seg(id)}?$select=${MESSAGE_SELECT}`;
export const sharedItemPath = (sharingUrl: string) =>
  `/shares/${encodeSharingUrl(sharingUrl)}/driveItem?$select=${DRIVE_ITEM_SELECT}`;
export const driveItemPath = (driveId: string, itemId: string) =>
  `/drives/${seg(driveId)}/items/${seg(itemId)}?$select=${DRIVE_ITEM_SELECT}`;
/** The caller's own copy of a message, found by the id it was sent with (each mailbox's copy has its own REST id). */
export const ownCopyPath = (internetMessageId: string) =>
  `/me/messages?$filter=${seg(`internetMessageId eq '${internetMessageId.replace(/'/g, "''")}'`)}&$select=id,webLink&$top=1`;
export const eventPath = (id: string) => `/me/events/${seg(id)}?$select=${EVENT_SELECT}`;

interface GraphRecipient {
  emailAddress?: { name?: string; address?: string };
}

export interface GraphMessage {
  id: string;
  subject?: string | null;
  from?: GraphRecipient | null;
  toRecipients?: GraphRecipient[];
  ccRecipients?: GraphRecipient[];
  receivedDateTime?: string;
  bodyPreview?: string;
  webLink?: string;
  hasAttachments?: boolean;
  internetMessageId?: string;
  conversationId?: string;
  changeKey?: string;
}

export interface GraphDriveItem {
  id: string;
  name?: string;
  webUrl?: string;
  size?: number;
  file?: { mimeType?: string };
  lastModifiedBy?: { user?: { displayName?: string } };
  lastModifiedDateTime?: string;
  parentReference?: { driveId?: string };
  eTag?: string;
}

export interface GraphEvent {
  id: string;
  iCalUId?: string;
  subject?: string;
  start?: { dateTime?: string };
  end?: { dateTime?: string };
  attendees?: unknown[];
  webLink?: string;
  organizer?: GraphRecipient;
}

const PREVIEW_LENGTH = 255;

/** Graph's `2026-11-20T09:00:00.0000000` (UTC by Prefer) as an ISO instant. */
export function utcWallTimeToIso(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const match = value.match(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})/);
  return match ? `${match[1]}Z` : undefined;
}

function defined<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, inner]) => inner !== undefined && inner !== null),
  ) as T;
}

export function messageSnapshot(message: GraphMessage): EvidenceSnapshot {
  const subject = message.subject ?? '';
  const from = message.from?.emailAddress;
  return defined({
    title: subject.trim() || '(no subject)',
    subject,
    from: from ? { name: from.name ?? from.address ?? '', address: from.address ?? '' } : undefined,
    recipientsCount: (message.toRecipients?.length ?? 0) + (message.ccRecipients?.length ?? 0),
    receivedAt: message.receivedDateTime,
    preview: message.bodyPreview?.slice(0, PREVIEW_LENGTH),
    webLink: message.webLink,
    hasAttachments: message.hasAttachments ?? false,
    eTag: message.changeKey,
  });
}

export function messageSource(
  message: GraphMessage,
  mailboxOwnerId: string,
  restId: string,
): EvidenceSource {
  return defined({
    messageId: restId,
    immutableId: message.id,
    internetMessageId: message.internetMessageId,
    conversationId: message.conversationId,
    mailboxOwnerId,
  });
}

export function driveItemSnapshot(item: GraphDriveItem): EvidenceSnapshot {
  return defined({
    title: item.name ?? 'Document',
    fileName: item.name,
    webLink: item.webUrl,
    size: item.size,
    mimeType: item.file?.mimeType,
    modifiedBy: item.lastModifiedBy?.user?.displayName,
    modifiedAt: item.lastModifiedDateTime,
    eTag: item.eTag,
  });
}

export function eventSnapshot(event: GraphEvent): EvidenceSnapshot {
  const organizer = event.organizer?.emailAddress;
  return defined({
    title: event.subject?.trim() || '(no title)',
    subject: event.subject,
    from: organizer
      ? { name: organizer.name ?? organizer.address ?? '', address: organizer.address ?? '' }
      : undefined,
    startsAt: utcWallTimeToIso(event.start?.dateTime),
    endsAt: utcWallTimeToIso(event.end?.dateTime),
    attendeesCount: event.attendees?.length ?? 0,
    webLink: event.webLink,
  });
}

/** The app-only read that refreshes a stored source, or null for sources Graph does not hold (links). */
export function refreshStep(id: string, kind: string, source: EvidenceSource): BatchStep | null {
  if (kind === 'email' && source.mailboxOwnerId && source.immutableId)
    return {
      id,
      url: messagePath({ userId: source.mailboxOwnerId }, source.immutableId),
      headers: IMMUTABLE_ID,
    };
  if (kind === 'document' && source.driveId && source.itemId)
    return { id, url: driveItemPath(source.driveId, source.itemId) };
  return null;
}

export function snapshotFromRefresh(kind: string, body: unknown): EvidenceSnapshot {
  return kind === 'email'
    ? messageSnapshot(body as GraphMessage)
    : driveItemSnapshot(body as GraphDriveItem);
}
