/**
 * One evidence record per (tenant, target, source). The source is reduced to a key that
 * stays the same however it reaches us, and the record's `_id` is a hash of the three, so
 * two people attaching the same thing at the same moment race for the same insert.
 *
 * - an email is the message as sent (`internetMessageId`), not one mailbox's copy: two
 *   people who received it attach one piece of evidence; drafts without one fall back to
 *   the immutable id;
 * - a document is its drive item (`driveId:itemId`), whether attached by link or by id;
 * - a meeting is its iCalUId (shared by every attendee's copy), else its event id;
 * - a link is its normalised URL;
 * - a Teams message is its thread (chat or channel) and its id there: everyone who sees
 *   the message in that conversation attaches the same one.
 */
import { createHash } from 'node:crypto';
import type { EvidenceKind, EvidenceTarget } from '@throughline/contracts';

/** Lower-cased scheme and host, no default port, no fragment, no trailing slash, sorted query. */
export function normaliseUrl(raw: string): string {
  const url = new URL(raw.trim());
  url.hash = '';
  url.hostname = url.hostname.toLowerCase();
  if (
    (url.protocol === 'https:' && url.port === '443') ||
    (url.protocol === 'http:' && url.port === '80')
  )
    url.port = '';
  const params = [...url.searchParams.entries()].sort(
    ([a, av], [b, bv]) => a.localeCompare(b) || av.localeCompare(bv),
  );
  url.search = '';
  for (const [name, value] of params) url.searchParams.append(name, value);
  if (url.pathname.length > 1) url.pathname = url.pathname.replace(/\/+$/, '');
  return url.toString();
}

export type SourceIdentity =
  | { kind: 'email'; internetMessageId?: string | null; immutableId: string }
  | { kind: 'document'; driveId: string; itemId: string }
  | { kind: 'meeting'; iCalUId?: string | null; eventId: string }
  | { kind: 'link'; url: string }
  | { kind: 'teamsMessage'; threadId: string; messageId: string };

export function sourceKey(source: SourceIdentity): string {
  switch (source.kind) {
    case 'email':
      return source.internetMessageId?.trim()
        ? `email:mid:${source.internetMessageId.trim()}`
        : `email:id:${source.immutableId}`;
    case 'document':
      return `document:${source.driveId}:${source.itemId}`;
    case 'meeting':
      return source.iCalUId?.trim()
        ? `meeting:ical:${source.iCalUId.trim()}`
        : `meeting:id:${source.eventId}`;
    case 'link':
      return `link:${normaliseUrl(source.url)}`;
    case 'teamsMessage':
      return `teamsMessage:${source.threadId}:${source.messageId}`;
  }
}

export function evidenceId(tenantId: string, target: EvidenceTarget, key: string): string {
  return createHash('sha256')
    .update([tenantId, target.kind, target.id, key].join('\n'))
    .digest('hex')
    .slice(0, 32);
}

export function kindOf(key: string): EvidenceKind {
  return key.slice(0, key.indexOf(':')) as EvidenceKind;
}
