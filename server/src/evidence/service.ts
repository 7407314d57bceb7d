/**
 * Evidence: the emails, documents, meetings and links that prove a key result or a
 * deliverable moved.
 *
 * Attaching reads the source from Graph first, on behalf of the person, and only then
 * writes; if Graph fails nothing is stored. The record's id is derived from tenant,
 * target and source (source-key.ts), and every change — created, another person added to
 * `attachedBy`, removed, restored, source changed or deleted — is a versioned change
 * through `commitChange`: the narrative event for version N+1 is an insert under a unique
 * id, so of two concurrent writers exactly one wins and the other re-reads and retries.
 * That is how two people attaching the same email at once end up as one record with both
 * names, on FerretDB (where updates are not atomic) as on MongoDB.
 */
import type {
  AttachDocumentRequest,
  AttachEmailRequest,
  AttachLinkRequest,
  AttachMeetingRequest,
  Evidence,
  EvidenceLocation,
  EvidenceSnapshot,
  EvidenceSource,
  EvidenceSyncState,
  EvidenceTarget,
  EvidenceVisibility,
  MailboxCopy as MailboxCopyLink,
  Page,
} from '@throughline/contracts';
import { commitChange, isVersionRace, loadVersioned, narrativeOf } from '../narrative/versioned';
import {
  canCheckIn,
  canEditObjective,
  canSeeObjective,
  isOwnerOrManager,
} from '../okrs/permissions';
import { event, unique } from '../okrs/service';
import { okrRecords } from '../okrs/records';
import type { Context } from '../platform/context';
import { AppError, notFound } from '../platform/http/errors';
import { toAppError, type GraphApi, type GraphClients } from '../platform/graph/client';
import {
  driveItemPath,
  driveItemSnapshot,
  eventPath,
  eventSnapshot,
  IMMUTABLE_ID,
  messagePath,
  messageSnapshot,
  messageSource,
  ownCopyPath,
  refreshStep,
  sharedItemPath,
  snapshotFromRefresh,
  UTC_TIMES,
  type GraphDriveItem,
  type GraphEvent,
  type GraphMessage,
} from './graph-sources';
import { evidenceId, sourceKey, type SourceIdentity } from './source-key';
import {
  attachedEvidenceIdsAmong,
  evidenceStore,
  findEvidenceByMessage,
  findEvidenceOfKeyResult,
  findEvidenceOfKeyResults,
  findEvidenceOfTarget,
  findWatchedEvidence,
  type MailboxCopy,
  type StoredEvidence,
} from './store';

/** Something that keeps Throughline told about changes to a Graph resource (notifications/). Never throws. */
export interface SourceWatcher {
  watch(tenantId: string, resource: string): Promise<void>;
}

export interface EvidenceContext extends Context {
  graph: GraphClients;
  watcher?: SourceWatcher;
}

interface AttachCommon {
  target: EvidenceTarget;
  note: string;
  visibility: EvidenceVisibility;
}

interface SourceRead {
  identity: SourceIdentity;
  source: EvidenceSource;
  snapshot: EvidenceSnapshot;
  messageIds: string[];
  watchResource: string | null;
  /** The attacher's own copy, for an email. */
  mailboxCopy?: MailboxCopy;
}

export interface TargetInfo {
  target: EvidenceTarget;
  title: string;
  keyResultTitle: string | null;
  objectiveId: string;
  keyResultId: string | null;
  ownerId: string;
  isVisible: boolean;
  canAttach: boolean;
}

const iso = (date: Date) => date.toISOString();
const MAX_ATTEMPTS = 6;

// ---- reading the target ---------------------------------------------------------------

export async function targetInfo(ctx: Context, target: EvidenceTarget): Promise<TargetInfo | null> {
  const okrs = okrRecords(ctx);
  if (target.kind === 'keyResult') {
    const keyResult = await okrs.keyResult(target.id);
    const objective = keyResult && (await okrs.objective(keyResult.objectiveId));
    if (!keyResult || !objective) return null;
    const isVisible = await canSeeObjective(ctx, objective);
    return {
      target,
      title: keyResult.title,
      keyResultTitle: keyResult.title,
      objectiveId: objective.id,
      keyResultId: keyResult.id,
      ownerId: keyResult.ownerId,
      isVisible,
      canAttach: isVisible && (await canCheckIn(ctx, keyResult, objective)),
    };
  }
  const deliverable = await okrs.deliverable(target.id);
  const objective = deliverable && (await okrs.objective(deliverable.objectiveId));
  if (!deliverable || !objective) return null;
  const keyResult = deliverable.keyResultId ? await okrs.keyResult(deliverable.keyResultId) : null;
  const isVisible = await canSeeObjective(ctx, objective);
  const canAttach =
    isVisible &&
    (deliverable.ownerId === ctx.principal.userId ||
      (await isOwnerOrManager(ctx, deliverable.ownerId)) ||
      (await canEditObjective(ctx, objective)));
  return {
    target,
    title: deliverable.title,
    keyResultTitle: keyResult?.title ?? null,
    objectiveId: objective.id,
    keyResultId: deliverable.keyResultId,
    ownerId: deliverable.ownerId,
    isVisible,
    canAttach,
  };
}

/** A target the caller may not see answers exactly like one that does not exist. */
async function requireVisibleTarget(ctx: Context, target: EvidenceTarget): Promise<TargetInfo> {
  const info = await targetInfo(ctx, target);
  if (!info?.isVisible)
    throw target.kind === 'keyResult'
      ? notFound('That key result', 'key_result_not_found')
      : notFound('That deliverable', 'deliverable_not_found');
  return info;
}

/**
 * Whether the viewer may see an evidence item. Never more than its target: an item on a
 * private key result is invisible to whoever may not see that key result, whatever its own
 * visibility says ('organisation' would otherwise tell a stranger the private title).
 */
export async function canSeeEvidence(
  ctx: Context,
  evidence: StoredEvidence,
  info: Pick<TargetInfo, 'isVisible' | 'ownerId'> | null,
): Promise<boolean> {
  if (!info?.isVisible) return false;
  if (evidence.visibility !== 'owner_and_manager') return true;
  // owner_and_manager: the target's owner, the people who attached it, and their managers (and admins).
  const me = ctx.principal.userId;
  if (ctx.principal.isAdmin || evidence.attachedBy.some((entry) => entry.personId === me))
    return true;
  for (const personId of unique([
    info.ownerId,
    ...evidence.attachedBy.map((entry) => entry.personId),
  ])) {
    if (await isOwnerOrManager(ctx, personId)) return true;
  }
  return false;
}

/** Whether the viewer may see the evidence item of this id; false when there is none. */
export async function canSeeEvidenceById(ctx: Context, id: string): Promise<boolean> {
  const item = await evidenceStore(ctx.db, ctx.principal.tenantId).findById(id);
  if (!item) return false;
  return canSeeEvidence(ctx, item, await targetInfo(ctx, item.target));
}

/**
 * Whether the viewer may see each of these evidence items (false for one that is not
 * there): the items in one read, each target once.
 */
export async function canSeeEvidenceAmong(
  ctx: Context,
  ids: string[],
): Promise<Map<string, boolean>> {
  const verdicts = new Map<string, boolean>(ids.map((id) => [id, false]));
  if (ids.length === 0) return verdicts;
  const items = await evidenceStore(ctx.db, ctx.principal.tenantId).findAmong('_id', ids);
  const targets = new Map<string, Promise<TargetInfo | null>>();
  const infoOf = (target: EvidenceTarget) => {
    const key = `${target.kind}:${target.id}`;
    if (!targets.has(key)) targets.set(key, targetInfo(ctx, target));
    return targets.get(key)!;
  };
  await Promise.all(
    items.map(async (item) =>
      verdicts.set(item.id, await canSeeEvidence(ctx, item, await infoOf(item.target))),
    ),
  );
  return verdicts;
}

/** Which of these evidence items are attached now (not removed). */
export async function stillAttachedEvidenceIds(
  ctx: Context,
  evidenceIds: string[],
): Promise<Set<string>> {
  return attachedEvidenceIdsAmong(ctx.db, ctx.principal.tenantId, evidenceIds);
}

/** The live evidence whose Graph change notifications come from this resource. */
export async function evidenceWatching(
  db: Context['db'],
  tenantId: string,
  resource: string,
): Promise<StoredEvidence[]> {
  return findWatchedEvidence(db, tenantId, resource);
}

/** Each attacher's copy of an email; a record from before copies were kept knows only the first attacher's. */
export function mailboxCopiesOf(stored: StoredEvidence): MailboxCopy[] {
  if (stored.kind !== 'email') return [];
  if (stored.mailboxCopies) return stored.mailboxCopies;
  const { mailboxOwnerId, messageId, immutableId } = stored.source;
  return mailboxOwnerId && immutableId
    ? [
        {
          personId: mailboxOwnerId,
          messageId: messageId ?? immutableId,
          immutableId,
          webLink: stored.snapshot.webLink ?? null,
        },
      ]
    : [];
}

/** The API shape for one reader: an email opens in Outlook only from the reader's own copy. */
export function toEvidence(stored: StoredEvidence, readerId: string): Evidence {
  const { webLink, ...snapshotWithoutLink } = stored.snapshot;
  const openLink =
    stored.kind === 'email'
      ? (mailboxCopiesOf(stored).find((copy) => copy.personId === readerId)?.webLink ?? null)
      : (webLink ?? stored.source.url ?? null);
  return {
    id: stored.id,
    kind: stored.kind,
    target: stored.target,
    keyResultId: stored.keyResultId,
    objectiveId: stored.objectiveId,
    source: stored.source,
    snapshot: stored.kind === 'email' ? snapshotWithoutLink : stored.snapshot,
    visibility: stored.visibility,
    attachedBy: stored.attachedBy,
    syncState: stored.syncState,
    syncCheckedAt: stored.syncCheckedAt,
    createdAt: stored.createdAt,
    removedAt: stored.removedAt,
    openLink,
  };
}

// ---- attaching --------------------------------------------------------------------------

async function readFromGraph<T>(
  graph: GraphApi,
  path: string,
  what: string,
  headers?: Record<string, string>,
): Promise<T> {
  try {
    return await graph.get<T>(path, headers);
  } catch (error) {
    throw toAppError(error, what);
  }
}

export async function attachEmailEvidence(
  ctx: EvidenceContext,
  request: AttachEmailRequest & AttachCommon,
) {
  return attach(ctx, request, async () => {
    const message = await readFromGraph<GraphMessage>(
      ctx.graph.forUser(ctx.principal),
      messagePath({ me: true }, request.messageId),
      'that email',
      IMMUTABLE_ID,
    );
    const mailboxOwnerId = ctx.principal.userId;
    return {
      identity: {
        kind: 'email',
        internetMessageId: message.internetMessageId,
        immutableId: message.id,
      },
      source: messageSource(message, mailboxOwnerId, request.messageId),
      snapshot: messageSnapshot(message),
      messageIds: unique([request.messageId, message.id]),
      watchResource: `users/${mailboxOwnerId}/messages`,
      mailboxCopy: {
        personId: mailboxOwnerId,
        messageId: request.messageId,
        immutableId: message.id,
        webLink: message.webLink ?? null,
      },
    };
  });
}

export async function attachDocumentEvidence(
  ctx: EvidenceContext,
  request: AttachDocumentRequest & AttachCommon,
) {
  return attach(ctx, request, async () => {
    const path = request.sharingUrl
      ? sharedItemPath(request.sharingUrl)
      : driveItemPath(request.driveId!, request.itemId!);
    const item = await readFromGraph<GraphDriveItem>(
      ctx.graph.forUser(ctx.principal),
      path,
      'that document',
    );
    const driveId = item.parentReference?.driveId ?? request.driveId;
    if (!driveId)
      throw new AppError(
        'unprocessable',
        'Microsoft 365 did not say which drive holds that document.',
      );
    return {
      identity: { kind: 'document', driveId, itemId: item.id },
      source: { driveId, itemId: item.id, url: request.sharingUrl ?? item.webUrl },
      snapshot: driveItemSnapshot(item),
      messageIds: [],
      watchResource: `drives/${driveId}/root`,
    };
  });
}

/**
 * Attaches a document its caller has just read from Graph (the Excel source job reads the
 * workbook anyway): the same record, de-duplication and narrative event as attaching it by
 * hand, without reading it twice.
 */
export async function attachReadDocumentEvidence(
  ctx: EvidenceContext,
  request: { target: EvidenceTarget; note: string },
  item: GraphDriveItem,
  driveId: string,
) {
  return attach(ctx, { ...request, visibility: 'key_result' }, async () => ({
    identity: { kind: 'document', driveId, itemId: item.id },
    source: { driveId, itemId: item.id, url: item.webUrl },
    snapshot: driveItemSnapshot(item),
    messageIds: [],
    watchResource: `drives/${driveId}/root`,
  }));
}

export async function attachMeetingEvidence(
  ctx: EvidenceContext,
  request: AttachMeetingRequest & AttachCommon,
) {
  return attach(ctx, request, async () => {
    const meeting = await readFromGraph<GraphEvent>(
      ctx.graph.forUser(ctx.principal),
      eventPath(request.eventId),
      'that meeting',
      UTC_TIMES,
    );
    return {
      identity: { kind: 'meeting', iCalUId: meeting.iCalUId, eventId: meeting.id },
      source: { eventId: meeting.id, mailboxOwnerId: ctx.principal.userId },
      snapshot: eventSnapshot(meeting),
      messageIds: [],
      watchResource: null,
    };
  });
}

export async function attachLinkEvidence(
  ctx: EvidenceContext,
  request: AttachLinkRequest & AttachCommon,
) {
  return attach(ctx, request, async () => ({
    identity: { kind: 'link', url: request.url },
    source: { url: request.url },
    snapshot: { title: request.title, webLink: request.url },
    messageIds: [],
    watchResource: null,
  }));
}

/** A Teams message as Teams handed it to the bot with a message action. */
export interface TeamsMessageSource {
  /** The chat or channel thread the message is in (the activity's conversation). */
  threadId: string;
  messageId: string;
  createdAt: string;
  link: string;
  subject: string | null;
  sender: { name: string; address: string };
  /** The message's text, already turned from HTML into plain text. */
  text: string;
}

const TEAMS_MESSAGE_TITLE_LENGTH = 120;
const TEAMS_MESSAGE_SNAPSHOT_LENGTH = 2000;

const clipText = (text: string, length: number) =>
  text.length <= length ? text : `${text.slice(0, length - 1).trimEnd()}…`;

/**
 * Keeps a Teams message as evidence: sender, time, a snapshot of its text and the link that
 * opens it in Teams. Teams signed the activity that carried the message, so it is not read
 * again from Graph (which would need protected chat permissions for every conversation).
 */
export async function attachTeamsMessageEvidence(
  ctx: Context & { watcher?: SourceWatcher },
  request: AttachCommon & { message: TeamsMessageSource },
) {
  const { message } = request;
  const firstLine = message.text.split('\n').find((line) => line.trim()) ?? '';
  return attach(ctx, request, async () => ({
    identity: { kind: 'teamsMessage', threadId: message.threadId, messageId: message.messageId },
    source: { threadId: message.threadId, chatMessageId: message.messageId, url: message.link },
    snapshot: {
      title: clipText(
        message.subject?.trim() || firstLine.trim() || '(no text)',
        TEAMS_MESSAGE_TITLE_LENGTH,
      ),
      ...(message.subject?.trim() ? { subject: message.subject.trim() } : {}),
      from: message.sender,
      receivedAt: message.createdAt,
      preview: clipText(message.text.trim(), TEAMS_MESSAGE_SNAPSHOT_LENGTH),
      webLink: message.link,
    },
    messageIds: [],
    watchResource: null,
  }));
}

async function attach(
  ctx: Context & { watcher?: SourceWatcher },
  request: AttachCommon,
  read: () => Promise<SourceRead>,
): Promise<{ evidence: Evidence; isNew: boolean }> {
  const info = await requireVisibleTarget(ctx, request.target);
  if (!info.canAttach)
    throw new AppError(
      'forbidden',
      'Only people who can check in on this key result (or edit this deliverable) can attach evidence to it.',
    );
  const found = await read();
  const key = sourceKey(found.identity);
  const id = evidenceId(ctx.principal.tenantId, request.target, key);
  const result = await recordAttachment(ctx, id, key, info, request, found);
  if (found.watchResource) await ctx.watcher?.watch(ctx.principal.tenantId, found.watchResource);
  return { evidence: toEvidence(result.evidence, ctx.principal.userId), isNew: result.isNew };
}

async function recordAttachment(
  ctx: Context,
  id: string,
  key: string,
  info: TargetInfo,
  request: AttachCommon,
  found: SourceRead,
): Promise<{ evidence: StoredEvidence; isNew: boolean }> {
  const narrative = narrativeOf(ctx);
  const store = evidenceStore(ctx.db, ctx.principal.tenantId);
  const me = ctx.principal.userId;
  const at = iso(ctx.now);
  return retryOnConflict(async () => {
    const existing = await loadVersioned(narrative, store, id);
    const kind = found.identity.kind;
    if (!existing) {
      const created: StoredEvidence = {
        id,
        kind,
        target: request.target,
        keyResultId: info.keyResultId,
        objectiveId: info.objectiveId,
        source: found.source,
        snapshot: found.snapshot,
        visibility: request.visibility,
        attachedBy: [{ personId: me, at, note: request.note }],
        syncState: 'ok',
        syncCheckedAt: at,
        createdAt: at,
        removedAt: null,
        version: 1,
        sourceKey: key,
        messageIds: found.messageIds,
        watchResource: found.watchResource,
        ...(found.mailboxCopy ? { mailboxCopies: [found.mailboxCopy] } : {}),
      };
      await commitChange(
        narrative,
        store,
        created,
        attachedEvent(ctx, created, info, request.note, false),
      );
      return { evidence: created, isNew: true };
    }
    const isAttacher = existing.attachedBy.some((entry) => entry.personId === me);
    const isRestore = existing.removedAt !== null;
    if (isAttacher && !isRestore) return { evidence: existing, isNew: false };
    const after: StoredEvidence = {
      ...existing,
      // A fresh read is the best snapshot there is, and attaching it again acknowledges any change.
      snapshot: found.snapshot,
      syncState: 'ok',
      syncCheckedAt: at,
      attachedBy: isAttacher
        ? existing.attachedBy
        : [...existing.attachedBy, { personId: me, at, note: request.note }],
      visibility: isRestore ? request.visibility : existing.visibility,
      removedAt: null,
      messageIds: unique([...existing.messageIds, ...found.messageIds]),
      ...(found.mailboxCopy
        ? {
            mailboxCopies: [
              ...mailboxCopiesOf(existing).filter((copy) => copy.personId !== me),
              found.mailboxCopy,
            ],
          }
        : {}),
      version: existing.version + 1,
    };
    await commitChange(
      narrative,
      store,
      after,
      attachedEvent(ctx, after, info, request.note, isRestore),
    );
    return { evidence: after, isNew: false };
  });
}

function attachedEvent(
  ctx: Context,
  evidence: StoredEvidence,
  info: TargetInfo,
  note: string,
  isRestore: boolean,
) {
  const what = {
    email: 'the email',
    document: 'the document',
    meeting: 'the meeting',
    link: 'the link',
    teamsMessage: 'the Teams message',
  }[evidence.kind];
  return event(ctx, 'evidence.attached', 'evidence', {
    objectiveId: evidence.objectiveId,
    keyResultId: evidence.keyResultId,
    personIds: [info.ownerId],
    summary: `${isRestore ? 'attached again' : 'attached'} ${what} “${evidence.snapshot.title}” to “${info.title}”`,
    payload: {
      evidenceId: evidence.id,
      kind: evidence.kind,
      title: evidence.snapshot.title,
      target: evidence.target,
      note,
      isRestore,
    },
  });
}

/**
 * Runs a versioned change again when another writer got the next version first — or when
 * two writers repairing the same record raced on its upsert (FerretDB reports that as a
 * duplicate key); the next attempt re-reads and finds the work done.
 */
async function retryOnConflict<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run();
    } catch (error) {
      if (!isVersionRace(error) || attempt >= MAX_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

// ---- reading ----------------------------------------------------------------------------

export async function listEvidence(
  ctx: Context,
  query: { keyResultId?: string; deliverableId?: string; includeRemoved?: 'true' | 'false' },
): Promise<Page<Evidence>> {
  const target: EvidenceTarget = query.keyResultId
    ? { kind: 'keyResult', id: query.keyResultId }
    : { kind: 'deliverable', id: query.deliverableId! };
  const info = await requireVisibleTarget(ctx, target);
  // A key result's page also shows what was attached to its deliverables, each judged by its own target.
  const items =
    target.kind === 'keyResult'
      ? await findEvidenceOfKeyResult(ctx.db, ctx.principal.tenantId, target.id)
      : await findEvidenceOfTarget(ctx.db, ctx.principal.tenantId, target.id);
  const infos = new Map<string, Promise<TargetInfo | null>>([[target.id, Promise.resolve(info)]]);
  const infoOf = (of: EvidenceTarget) => {
    if (!infos.has(of.id)) infos.set(of.id, targetInfo(ctx, of));
    return infos.get(of.id)!;
  };
  const visible: Evidence[] = [];
  for (const item of items) {
    const isOwnTarget = item.target.kind === target.kind && item.target.id === target.id;
    const isOnItsDeliverable = target.kind === 'keyResult' && item.target.kind === 'deliverable';
    if (!isOwnTarget && !isOnItsDeliverable) continue;
    if (item.removedAt && query.includeRemoved !== 'true') continue;
    if (await canSeeEvidence(ctx, item, await infoOf(item.target)))
      visible.push(toEvidence(item, ctx.principal.userId));
  }
  return { items: visible, nextCursor: null };
}

/**
 * What proves each of these key results, for a reader already shown them (an export): the
 * same rule as `listEvidence`, one read per key result, the targets' owners given.
 */
export async function evidenceOfShownKeyResults(
  ctx: Context,
  keyResults: { id: string; ownerId: string }[],
  deliverableOwners: Map<string, string>,
): Promise<Map<string, Evidence[]>> {
  const evidenceOf = await findEvidenceOfKeyResults(
    ctx.db,
    ctx.principal.tenantId,
    keyResults.map((keyResult) => keyResult.id),
  );
  const lists = await Promise.all(
    keyResults.map(async (keyResult) => {
      const visible: Evidence[] = [];
      for (const item of evidenceOf.get(keyResult.id) ?? []) {
        if (item.removedAt) continue;
        const isOwn = item.target.kind === 'keyResult' && item.target.id === keyResult.id;
        const ownerOfDeliverable =
          item.target.kind === 'deliverable' ? deliverableOwners.get(item.target.id) : undefined;
        const info = isOwn
          ? { isVisible: true, ownerId: keyResult.ownerId }
          : ownerOfDeliverable
            ? { isVisible: true, ownerId: ownerOfDeliverable }
            : item.target.kind === 'deliverable'
              ? await targetInfo(ctx, item.target)
              : null;
        if (await canSeeEvidence(ctx, item, info))
          visible.push(toEvidence(item, ctx.principal.userId));
      }
      return [keyResult.id, visible] as const;
    }),
  );
  return new Map(lists);
}

export async function findEmailEvidence(
  ctx: Context,
  query: { messageId?: string; internetMessageId?: string },
): Promise<Page<EvidenceLocation>> {
  const items = await findEvidenceByMessage(ctx.db, ctx.principal.tenantId, query);
  const locations: EvidenceLocation[] = [];
  const infos = new Map<string, TargetInfo | null>();
  for (const item of items) {
    if (!infos.has(item.target.id)) infos.set(item.target.id, await targetInfo(ctx, item.target));
    const info = infos.get(item.target.id)!;
    if (info && (await canSeeEvidence(ctx, item, info)))
      locations.push({
        ...toEvidence(item, ctx.principal.userId),
        targetTitle: info.title,
        keyResultTitle: info.keyResultTitle,
      });
  }
  return { items: locations, nextCursor: null };
}

/** One evidence item with what it is attached to: the page that shows the snapshot Throughline keeps. */
export async function getEvidence(ctx: Context, id: string): Promise<EvidenceLocation> {
  const { evidence, info } = await requireVisibleEvidence(ctx, id);
  return {
    ...toEvidence(evidence, ctx.principal.userId),
    targetTitle: info.title,
    keyResultTitle: info.keyResultTitle,
  };
}

/**
 * The reader's own copy of an attached email, to open it in Outlook: theirs if they
 * attached it, else looked up in their mailbox by the id it was sent with. Someone who
 * never received it gets 404 — the snapshot is all there is for them.
 */
export async function findMyCopy(ctx: EvidenceContext, id: string): Promise<MailboxCopyLink> {
  const { evidence } = await requireVisibleEvidence(ctx, id);
  if (evidence.kind !== 'email')
    throw new AppError('unprocessable', 'Only an email has a copy in a mailbox.');
  const mine = mailboxCopiesOf(evidence).find((copy) => copy.personId === ctx.principal.userId);
  if (mine?.webLink) return { webLink: mine.webLink };
  const internetMessageId = evidence.source.internetMessageId;
  const found = internetMessageId
    ? await readFromGraph<{ value: Array<{ id: string; webLink?: string }> }>(
        ctx.graph.forUser(ctx.principal),
        ownCopyPath(internetMessageId),
        'your mailbox',
      )
    : { value: [] };
  const webLink = found.value[0]?.webLink;
  if (!webLink)
    throw new AppError(
      'mailbox_copy_not_found',
      'This email is not in your mailbox. What Throughline kept of it is shown here.',
    );
  return { webLink };
}

async function requireVisibleEvidence(
  ctx: Context,
  id: string,
): Promise<{ evidence: StoredEvidence; info: TargetInfo }> {
  const evidence = await evidenceStore(ctx.db, ctx.principal.tenantId).findById(id, {
    ifDamaged: 'throw',
  });
  const info = evidence && (await targetInfo(ctx, evidence.target));
  if (!evidence || !info || !(await canSeeEvidence(ctx, evidence, info)))
    throw notFound('That evidence', 'evidence_not_found');
  return { evidence, info };
}

export async function removeEvidence(ctx: Context, id: string): Promise<Evidence> {
  const narrative = narrativeOf(ctx);
  const store = evidenceStore(ctx.db, ctx.principal.tenantId);
  return retryOnConflict(async () => {
    const evidence = await loadVersioned(narrative, store, id);
    const info = evidence && (await targetInfo(ctx, evidence.target));
    if (!evidence || !info || !(await canSeeEvidence(ctx, evidence, info)))
      throw notFound('That evidence', 'evidence_not_found');
    const isAttacher = evidence.attachedBy.some((entry) => entry.personId === ctx.principal.userId);
    if (!isAttacher && !info.canAttach)
      throw new AppError(
        'forbidden',
        'Only the people who attached this, or who can check in on its key result, can remove it.',
      );
    if (evidence.removedAt) return toEvidence(evidence, ctx.principal.userId);
    const after: StoredEvidence = {
      ...evidence,
      removedAt: iso(ctx.now),
      version: evidence.version + 1,
    };
    await commitChange(
      narrative,
      store,
      after,
      event(ctx, 'evidence.removed', 'evidence', {
        objectiveId: after.objectiveId,
        keyResultId: after.keyResultId,
        personIds: [info.ownerId],
        summary: `removed “${after.snapshot.title}” from “${info.title}”`,
        payload: {
          evidenceId: id,
          kind: after.kind,
          title: after.snapshot.title,
          target: after.target,
        },
      }),
    );
    return toEvidence(after, ctx.principal.userId);
  });
}

// ---- keeping sources in step (change notifications, missed notifications) --------------

/** The Graph-side identity behind a notification does not act for a person. */
export const SYSTEM_ACTOR = 'microsoft-365';

function systemContext(ctx: { db: Context['db']; tenantId: string; now: Date }): Context {
  return {
    db: ctx.db,
    now: ctx.now,
    principal: {
      tenantId: ctx.tenantId,
      userId: SYSTEM_ACTOR,
      name: 'Microsoft 365',
      username: '',
      roles: [],
      isAdmin: true,
      assertion: '',
    },
  };
}

export interface RefreshOutcome {
  checked: number;
  changed: number;
}

/**
 * Re-reads sources from Graph (app-only, `$batch`ed) and records what became of each:
 * deleted (the snapshot stays), access lost, changed (new snapshot, eTag differs), or
 * back. A read that fails for Graph's own reasons changes nothing. Applying the same
 * outcome twice is a no-op, so duplicate and out-of-order notifications change nothing twice.
 */
export async function refreshEvidenceSources(
  deps: { db: Context['db']; graph: GraphClients; tenantId: string; now: Date },
  items: StoredEvidence[],
): Promise<RefreshOutcome> {
  const steps = items.flatMap((item) => refreshStep(item.id, item.kind, item.source) ?? []);
  if (steps.length === 0) return { checked: 0, changed: 0 };
  const results = await deps.graph.forApp(deps.tenantId).batch(steps);
  const ctx = systemContext(deps);
  let changed = 0;
  for (const item of items) {
    const result = results.get(item.id);
    if (!result) continue;
    let outcome: { state: EvidenceSyncState; snapshot?: EvidenceSnapshot } | null = null;
    if (result.status === 404) outcome = { state: 'deleted' };
    else if (result.status === 403 || result.status === 401) outcome = { state: 'access_lost' };
    else if (result.status === 200)
      outcome = { state: 'ok', snapshot: snapshotFromRefresh(item.kind, result.body) };
    if (outcome && (await applySyncOutcome(ctx, item.id, outcome))) changed += 1;
  }
  return { checked: steps.length, changed };
}

async function applySyncOutcome(
  ctx: Context,
  id: string,
  outcome: { state: EvidenceSyncState; snapshot?: EvidenceSnapshot },
): Promise<boolean> {
  const narrative = narrativeOf(ctx);
  const store = evidenceStore(ctx.db, ctx.principal.tenantId);
  return retryOnConflict(async () => {
    const before = await loadVersioned(narrative, store, id);
    if (!before) return false;
    let state = outcome.state;
    let snapshot = before.snapshot;
    if (outcome.snapshot) {
      const isChanged = !!outcome.snapshot.eTag && outcome.snapshot.eTag !== before.snapshot.eTag;
      if (isChanged) snapshot = { ...before.snapshot, ...outcome.snapshot };
      // "changed" stays until someone attaches it again; an unchanged read of a lost source brings it back.
      state = isChanged ? 'changed' : before.syncState === 'changed' ? 'changed' : 'ok';
    }
    if (state === before.syncState && snapshot === before.snapshot) return false;
    const after: StoredEvidence = {
      ...before,
      syncState: state,
      snapshot,
      syncCheckedAt: iso(ctx.now),
      version: before.version + 1,
    };
    const type = {
      deleted: 'evidence.source_deleted',
      access_lost: 'evidence.access_lost',
      changed: 'evidence.source_changed',
      ok: 'evidence.source_restored',
      moved: 'evidence.source_moved',
    }[state];
    const summary = {
      deleted: `“${before.snapshot.title}” was deleted in Microsoft 365; its snapshot is kept`,
      access_lost: `Throughline can no longer read “${before.snapshot.title}”`,
      changed: `“${before.snapshot.title}” changed in Microsoft 365`,
      ok: `“${before.snapshot.title}” is reachable again`,
      moved: `“${before.snapshot.title}” moved`,
    }[state];
    await commitChange(
      narrative,
      store,
      after,
      event(ctx, type, 'evidence', {
        objectiveId: after.objectiveId,
        keyResultId: after.keyResultId,
        summary,
        payload: {
          evidenceId: id,
          kind: after.kind,
          from: before.syncState,
          to: state,
          ...(snapshot !== before.snapshot
            ? { eTag: { from: before.snapshot.eTag ?? null, to: snapshot.eTag ?? null } }
            : {}),
        },
      }),
    );
    return true;
  });
}
