/**
 * 1-on-1s: found in managers' calendars, prepared as cards, and shared by exactly two
 * people — the manager and the report. To anyone else a 1-on-1 does not exist (404),
 * admins included: it holds notes between two people.
 *
 * The card is built as the manager's view of the report's OKRs (the manager's visibility
 * rules apply), so both participants see the same card.
 */
import type {
  ActionItem,
  AddNoteRequest,
  CreateActionItemRequest,
  OneOnOneDetail,
  OneOnOneNote,
  OneOnOneSummary,
  Page,
  PrepCardData,
  TenantSettings,
  UpdateActionItemRequest,
} from '@throughline/contracts';
import { visibleEventsFor } from '../narrative/visibility';
import { commitChange, editVersioned, loadVersioned, narrativeOf } from '../narrative/versioned';
import { currentCycle, event, scoresClosedSince } from '../okrs/service';
import { withViewer, type Viewer } from '../okrs/viewer';
import { findPerson, hasDirectReports, managerWithReports, namesOf } from '../people/service';
import type { Context } from '../platform/context';
import { newId } from '../platform/db/documents';
import { AppError, notFound } from '../platform/http/errors';
import type { Logger } from '../platform/log/logger';
import { DAY_MS, localDate } from '../platform/time/calendar-time';
import {
  evaluateScope,
  loadScopedSnapshot,
  preloadFacts,
  scopeOf,
  type CycleSnapshot,
  type PreloadedFacts,
} from '../risks/service';
import { getSettings } from '../settings/service';
import { tabDeepLink, type AppGraphFor } from '../platform/teams/activity-feed';
import { buildPrepCard, type PrepCardChat } from './card';
import { graphCalendarSource, type CalendarSource } from './calendar-source';
import { detectOneOnOnes } from './detect';
import { buildPrepData } from './prep';
import { oneOnOneId, oneOnOneStores, type StoredOneOnOne } from './store';

export interface OneOnOneDeps {
  /** App-only Graph per tenant; null when the server has no Graph credentials. */
  graphFor: AppGraphFor | null;
  publicUrl: string;
  teamsAppId: string | undefined;
  log: Logger;
}

const stores = (ctx: Context) => oneOnOneStores(ctx.db, ctx.principal.tenantId);

// ---- Finding 1-on-1s ----------------------------------------------------------------

/** Reads a manager's calendar for the window and records each 1-on-1 occurrence found (once). */
export async function syncOneOnOnesForManager(
  ctx: Context,
  calendar: CalendarSource,
  managerId: string,
  from: Date,
  to: Date,
): Promise<StoredOneOnOne[]> {
  const people = await managerWithReports(ctx, managerId);
  const occurrences = await calendar.occurrences(managerId, from, to);
  const detected = detectOneOnOnes(
    occurrences,
    managerId,
    people.map((person) => ({
      id: person.id,
      mail: person.mail ?? null,
      managerId: person.managerId ?? null,
      isActive: person.isActive !== false,
    })),
  );
  const store = stores(ctx);
  const found: StoredOneOnOne[] = [];
  for (const item of detected) {
    const { occurrence } = item;
    const doc: StoredOneOnOne = {
      id: oneOnOneId(ctx.principal.tenantId, occurrence.eventId),
      managerId: item.managerId,
      reportId: item.reportId,
      eventId: occurrence.eventId,
      seriesMasterId: occurrence.seriesMasterId,
      iCalUId: occurrence.iCalUId,
      chatThreadId: item.chatThreadId,
      joinUrl: occurrence.joinUrl,
      subject: occurrence.subject,
      startsAt: occurrence.startsAt,
      endsAt: occurrence.endsAt,
      preparedAt: null,
      deliveredAt: null,
      heldAt: null,
      prepJson: null,
      cardJson: null,
    };
    if (!(await store.insertIfNew(doc))) {
      const existing = await store.oneOnOnes.findById(doc.id);
      if (
        existing &&
        (existing.startsAt !== doc.startsAt ||
          existing.endsAt !== doc.endsAt ||
          existing.subject !== doc.subject)
      )
        await store.reschedule(doc.id, doc);
    }
    found.push(doc);
  }
  return found;
}

export function calendarFor(deps: OneOnOneDeps, tenantId: string): CalendarSource | null {
  return deps.graphFor ? graphCalendarSource(deps.graphFor(tenantId)) : null;
}

// ---- Reading ------------------------------------------------------------------------

function requireParticipant(ctx: Context, oneOnOne: StoredOneOnOne | null): StoredOneOnOne {
  // Someone who is neither manager nor report learns nothing, not even that it exists.
  if (
    !oneOnOne ||
    (oneOnOne.managerId !== ctx.principal.userId && oneOnOne.reportId !== ctx.principal.userId)
  )
    throw notFound('That 1-on-1', 'one_on_one_not_found');
  return oneOnOne;
}

/** The card in the manager's chat with the bot acts for the manager alone; to anyone else it is not found. */
function requireManager(ctx: Context, oneOnOne: StoredOneOnOne | null): StoredOneOnOne {
  if (!oneOnOne || oneOnOne.managerId !== ctx.principal.userId)
    throw notFound('That 1-on-1', 'one_on_one_not_found');
  return oneOnOne;
}

function summaryOf(
  ctx: Context,
  oneOnOne: StoredOneOnOne,
  names: Map<string, string>,
  openCount: number,
): OneOnOneSummary {
  const { prepJson: _prep, cardJson: _card, ...rest } = oneOnOne;
  return {
    ...rest,
    managerName: names.get(oneOnOne.managerId) ?? 'Manager',
    reportName: names.get(oneOnOne.reportId) ?? 'Report',
    role: oneOnOne.managerId === ctx.principal.userId ? 'manager' : 'report',
    openActionItemCount: openCount,
  };
}

/** My 1-on-1s (as manager or as report) in a window; the calendars involved are read first when Graph is available. */
export async function listMyOneOnOnes(
  ctx: Context,
  deps: OneOnOneDeps,
  query: { from?: string; to?: string },
): Promise<Page<OneOnOneSummary>> {
  const settings = await getSettings(ctx);
  const from = query.from ? new Date(query.from) : new Date(ctx.now.getTime() - DAY_MS);
  const to = query.to
    ? new Date(query.to)
    : new Date(ctx.now.getTime() + settings.oneOnOneLookaheadDays * DAY_MS);
  if (to.getTime() - from.getTime() > 62 * DAY_MS)
    throw new AppError('validation_failed', 'Ask for at most two months at a time.', [
      { path: 'query.to', message: 'must be within 62 days of from' },
    ]);
  const calendar = calendarFor(deps, ctx.principal.tenantId);
  if (calendar) {
    const me = await findPerson(ctx, ctx.principal.userId);
    const hasReports = await hasDirectReports(ctx, ctx.principal.userId);
    const managers = [
      ...(hasReports ? [ctx.principal.userId] : []),
      ...(me?.managerId ? [me.managerId] : []),
    ];
    for (const managerId of managers) {
      try {
        await syncOneOnOnesForManager(ctx, calendar, managerId, from, to);
      } catch (error) {
        // The stored list is still worth showing; the job will catch up.
        deps.log.warn({ err: error, managerId }, 'could not read the calendar for 1-on-1s');
      }
    }
  }
  const store = stores(ctx);
  const items = await store.forPerson(ctx.principal.userId, from, to);
  const names = await namesOf(
    ctx,
    items.flatMap((item) => [item.managerId, item.reportId]),
  );
  const counts = await store.openItemCounts(
    items.map((item) => ({ managerId: item.managerId, reportId: item.reportId })),
  );
  return {
    items: items.map((item) =>
      summaryOf(ctx, item, names, counts.get(`${item.managerId}:${item.reportId}`) ?? 0),
    ),
    nextCursor: null,
  };
}

export async function getOneOnOne(
  ctx: Context,
  deps: OneOnOneDeps,
  id: string,
): Promise<OneOnOneDetail> {
  const oneOnOne = requireParticipant(ctx, await stores(ctx).oneOnOnes.findById(id));
  return detailOf(ctx, deps, oneOnOne);
}

/** By the Graph event id (the manager's copy, or the caller's own copy via its iCalUId). */
export async function getOneOnOneByEvent(
  ctx: Context,
  deps: OneOnOneDeps,
  eventId: string,
): Promise<OneOnOneDetail> {
  const store = stores(ctx);
  let oneOnOne = await store.byEventId(eventId);
  if (!oneOnOne && deps.graphFor) {
    // The report's calendar holds its own copy with its own id; the occurrence's iCalUId is shared.
    try {
      const own = await deps
        .graphFor(ctx.principal.tenantId)
        .get<{ iCalUId?: string }>(
          `/users/${encodeURIComponent(ctx.principal.userId)}/events/${encodeURIComponent(eventId)}?$select=iCalUId`,
        );
      if (own.iCalUId) oneOnOne = await store.byEventId(own.iCalUId);
    } catch {
      // Not an event of the caller's: answered as not found below.
    }
  }
  return detailOf(ctx, deps, requireParticipant(ctx, oneOnOne));
}

/**
 * By the Teams meeting chat (what a meeting side panel's context carries). A recurring
 * series shares one chat, so the occurrence under way or next is chosen, else the latest.
 */
export async function getOneOnOneByChat(
  ctx: Context,
  deps: OneOnOneDeps,
  chatThreadId: string,
): Promise<OneOnOneDetail> {
  const occurrences = (await stores(ctx).byChatThread(chatThreadId)).filter(
    (item) => item.managerId === ctx.principal.userId || item.reportId === ctx.principal.userId,
  );
  const soon = occurrences.find(
    (item) => Date.parse(item.endsAt) >= ctx.now.getTime() - 60 * 60_000,
  );
  const chosen = soon ?? occurrences[occurrences.length - 1] ?? null;
  if (!chosen) throw notFound('That 1-on-1', 'one_on_one_not_found');
  return getOneOnOne(ctx, deps, chosen.id);
}

async function detailOf(
  ctx: Context,
  deps: OneOnOneDeps,
  oneOnOne: StoredOneOnOne,
): Promise<OneOnOneDetail> {
  const store = stores(ctx);
  const settings = await getSettings(ctx);
  const full = (await store.oneOnOnes.findById(oneOnOne.id)) ?? oneOnOne;
  // After the meeting the card stays as the prep job delivered it; before, it follows the
  // facts of the moment it is read. Reading never stores a card: a past meeting the job
  // never prepared is shown as it stood when the meeting began.
  const isPast = Date.parse(full.endsAt) < ctx.now.getTime();
  let prepared: { prep: PrepCardData; card: Record<string, unknown> };
  let preparedAt = ctx.now;
  if (isPast && full.prepJson && full.cardJson) {
    prepared = {
      prep: JSON.parse(full.prepJson) as PrepCardData,
      card: JSON.parse(full.cardJson) as Record<string, unknown>,
    };
    preparedAt = full.preparedAt ? new Date(full.preparedAt) : ctx.now;
  } else {
    if (isPast) preparedAt = new Date(full.startsAt);
    prepared = await prepareCard(ctx.db, ctx.principal.tenantId, deps, settings, full, preparedAt);
  }
  const [notes, pairItems, names] = await Promise.all([
    store.notesOf(full.id),
    store.pairItems(full.managerId, full.reportId),
    namesOf(ctx, [full.managerId, full.reportId]),
  ]);
  const actionItems = pairItems.filter(
    (item) => !item.isDone || item.oneOnOneId === full.id || item.doneInOneOnOneId === full.id,
  );
  const openCount = pairItems.filter((item) => !item.isDone).length;
  return {
    ...summaryOf(ctx, { ...full, preparedAt: preparedAt.toISOString() }, names, openCount),
    ...prepared,
    notes,
    actionItems,
  };
}

// ---- The card ---------------------------------------------------------------------------

export function oneOnOneLink(
  deps: Pick<OneOnOneDeps, 'publicUrl' | 'teamsAppId'>,
  oneOnOne: Pick<StoredOneOnOne, 'id' | 'eventId'>,
): string {
  return tabDeepLink({
    teamsAppId: deps.teamsAppId,
    publicUrl: deps.publicUrl,
    entityId: 'one-on-ones',
    hash: `#/one-on-ones?event=${encodeURIComponent(oneOnOne.eventId)}`,
    label: '1-on-1s',
    subEntityId: `oneOnOne:${oneOnOne.id}`,
  });
}

export interface PrepareOptions {
  /** One snapshot of the cycle for many cards (the job); read here when absent. */
  snapshot?: CycleSnapshot | null;
  /** Check-ins and evidence read once for many reports (the job); read here when absent. */
  preloaded?: PreloadedFacts;
  /** The pair's previous 1-on-1, when the caller already looked it up (null: there is none). */
  previous?: StoredOneOnOne | null;
  /** For the manager's chat with the bot: the card also carries its Universal Actions. */
  chat?: PrepCardChat;
  /** The manager as the permission rules see them, when a job worked it out for many cards. */
  viewer?: Viewer;
}

/** "Since" for a card: the pair's previous 1-on-1, else a week before this one. */
export async function previousMeeting(
  db: Context['db'],
  tenantId: string,
  oneOnOne: StoredOneOnOne,
): Promise<{ previous: StoredOneOnOne | null; since: string }> {
  const previous = await oneOnOneStores(db, tenantId).previousOf(oneOnOne);
  return {
    previous,
    since: previous?.startsAt ?? new Date(Date.parse(oneOnOne.startsAt) - 7 * DAY_MS).toISOString(),
  };
}

/** Builds the prep data and card for one occurrence, as the manager sees the report's OKRs. */
export async function prepareCard(
  db: Context['db'],
  tenantId: string,
  deps: Pick<OneOnOneDeps, 'publicUrl' | 'teamsAppId'>,
  settings: TenantSettings,
  oneOnOne: StoredOneOnOne,
  now: Date,
  options: PrepareOptions = {},
): Promise<{ prep: PrepCardData; card: Record<string, unknown> }> {
  const managerCtx: Context = {
    db,
    now,
    principal: {
      tenantId,
      userId: oneOnOne.managerId,
      name: '',
      username: '',
      roles: [],
      isAdmin: false,
      assertion: '',
    },
  };
  if (options.viewer) withViewer(managerCtx, options.viewer);
  const store = oneOnOneStores(db, tenantId);
  const { previous, since } =
    options.previous !== undefined
      ? {
          previous: options.previous,
          since:
            options.previous?.startsAt ??
            new Date(Date.parse(oneOnOne.startsAt) - 7 * DAY_MS).toISOString(),
        }
      : await previousMeeting(db, tenantId, oneOnOne);
  const loaded =
    options.snapshot !== undefined
      ? options.snapshot
      : await currentCycle(managerCtx).then((cycle) =>
          cycle ? loadScopedSnapshot(managerCtx, cycle, { personId: oneOnOne.reportId }) : null,
        );
  const scope = loaded
    ? scopeOf(loaded, { personId: oneOnOne.reportId })
    : { objectives: [], keyResults: [], deliverables: [] };
  const keyResultIds = scope.keyResults.map((keyResult) => keyResult.id);
  // One read of check-ins and evidence serves the card and the rules: back to whichever needs more.
  const evidenceSince = new Date(
    Math.min(Date.parse(since), now.getTime() - settings.greenWithoutProofWeeks * 7 * DAY_MS),
  );
  const facts =
    options.preloaded &&
    options.preloaded.evidenceSince <= evidenceSince &&
    !!options.preloaded.progressSince &&
    options.preloaded.progressSince.getTime() <= Date.parse(since)
      ? options.preloaded
      : await preloadFacts(managerCtx, scope.keyResults, evidenceSince, new Date(since));
  const inScope = new Set(keyResultIds);
  const [findings, pairItems, names, closedCycle] = await Promise.all([
    loaded
      ? evaluateScope(managerCtx, loaded, settings, { personId: oneOnOne.reportId }, facts)
      : [],
    store.pairItems(oneOnOne.managerId, oneOnOne.reportId),
    namesOf(managerCtx, [oneOnOne.managerId, oneOnOne.reportId]),
    scoresClosedSince(managerCtx, oneOnOne.reportId, since),
  ]);
  const objectiveTitles = new Map(
    (loaded?.objectives ?? []).map((objective) => [objective.id, objective.title]),
  );
  const prep = buildPrepData({
    manager: { id: oneOnOne.managerId, name: names.get(oneOnOne.managerId) ?? 'Manager' },
    report: { id: oneOnOne.reportId, name: names.get(oneOnOne.reportId) ?? 'Report' },
    meeting: { subject: oneOnOne.subject, startsAt: oneOnOne.startsAt, endsAt: oneOnOne.endsAt },
    since,
    sinceIsPreviousMeeting: !!previous,
    now,
    today: localDate(now, settings.timeZone),
    keyResults: scope.keyResults.map((keyResult) => ({
      ...keyResult,
      objectiveTitle: objectiveTitles.get(keyResult.objectiveId) ?? '',
    })),
    checkIns: facts.checkIns.filter((checkIn) => inScope.has(checkIn.keyResultId)),
    risks: findings,
    // The card is the manager's: evidence they may not see appears without its content.
    evidenceEvents: await visibleEventsFor(
      managerCtx,
      facts.evidenceEvents.filter((event) => !!event.keyResultId && inScope.has(event.keyResultId)),
    ),
    deliverables: scope.deliverables.filter(
      (deliverable) => deliverable.ownerId === oneOnOne.reportId,
    ),
    openActionItems: pairItems.filter((item) => !item.isDone && item.oneOnOneId !== oneOnOne.id),
    agreedActionItems: pairItems.filter((item) => item.oneOnOneId === oneOnOne.id),
    closedCycle,
  });
  return {
    prep,
    card: buildPrepCard(prep, {
      openUrl: oneOnOneLink(deps, oneOnOne),
      timeZone: settings.timeZone,
      chat: options.chat,
    }),
  };
}

/**
 * The prep card as it stands now, for the manager's chat with the bot (what a refresh of the
 * posted card answers). Only the 1-on-1's manager gets it.
 */
export async function prepCardForManagerChat(
  ctx: Context,
  deps: Pick<OneOnOneDeps, 'publicUrl' | 'teamsAppId'>,
  id: string,
  managerMri: string,
): Promise<Record<string, unknown>> {
  const oneOnOne = requireManager(ctx, await stores(ctx).oneOnOnes.findById(id));
  const settings = await getSettings(ctx);
  const { card } = await prepareCard(
    ctx.db,
    ctx.principal.tenantId,
    deps,
    settings,
    oneOnOne,
    ctx.now,
    {
      chat: { oneOnOneId: oneOnOne.id, managerMri },
    },
  );
  return card;
}

/** Refuses (as not found) anyone but the 1-on-1's manager. */
export async function requireManagerOfOneOnOne(ctx: Context, id: string): Promise<void> {
  requireManager(ctx, await stores(ctx).oneOnOnes.findById(id));
}

// ---- Notes and action items -----------------------------------------------------------

export async function addNote(
  ctx: Context,
  id: string,
  request: AddNoteRequest,
): Promise<OneOnOneNote> {
  requireParticipant(ctx, await stores(ctx).oneOnOnes.findById(id));
  const note: OneOnOneNote = {
    id: newId(),
    oneOnOneId: id,
    authorId: ctx.principal.userId,
    body: request.body,
    at: ctx.now.toISOString(),
  };
  await stores(ctx).notes.insert(note);
  return note;
}

const pairEvent = (
  ctx: Context,
  oneOnOne: StoredOneOnOne,
  type: string,
  summary: string,
  item: ActionItem,
) =>
  // The narrative of a person is readable across the tenant: the event names no text, only ids.
  event(ctx, type, 'actionItem', {
    personIds: [oneOnOne.managerId, oneOnOne.reportId],
    summary,
    payload: { oneOnOneId: oneOnOne.id, actionItemId: item.id },
  });

/**
 * `options.id`: a caller that may send the same request twice (a card action Teams
 * retries) names the item itself; the second insert of its first event is then refused
 * with `version_conflict` and nothing is written twice.
 */
export async function createActionItem(
  ctx: Context,
  id: string,
  request: CreateActionItemRequest,
  options: { id?: string } = {},
): Promise<ActionItem> {
  const store = stores(ctx);
  const oneOnOne = requireParticipant(ctx, await store.oneOnOnes.findById(id));
  const ownerId = request.ownerId ?? oneOnOne.reportId;
  if (ownerId !== oneOnOne.managerId && ownerId !== oneOnOne.reportId)
    throw new AppError(
      'validation_failed',
      'An action item from a 1-on-1 belongs to the manager or the report.',
      [{ path: 'body.ownerId', message: 'must be the manager or the report of this 1-on-1' }],
    );
  const item: ActionItem = {
    id: options.id ?? newId(),
    text: request.text,
    ownerId,
    managerId: oneOnOne.managerId,
    reportId: oneOnOne.reportId,
    oneOnOneId: id,
    dueDate: request.dueDate ?? null,
    isDone: false,
    createdBy: ctx.principal.userId,
    createdAt: ctx.now.toISOString(),
    doneAt: null,
    doneBy: null,
    doneInOneOnOneId: null,
    version: 1,
  };
  await commitChange(
    narrativeOf(ctx),
    store.actionItems,
    item,
    pairEvent(ctx, oneOnOne, 'action_item.created', 'agreed an action item in a 1-on-1', item),
  );
  return item;
}

export async function updateActionItem(
  ctx: Context,
  id: string,
  itemId: string,
  request: UpdateActionItemRequest,
): Promise<ActionItem> {
  const store = stores(ctx);
  const narrative = narrativeOf(ctx);
  const oneOnOne = requireParticipant(ctx, await store.oneOnOnes.findById(id));
  const at = ctx.now.toISOString();
  const isCompleting = (before: ActionItem) => request.isDone === true && !before.isDone;
  const isReopening = (before: ActionItem) => request.isDone === false && before.isDone;
  const { after } = await editVersioned({
    load: async () => {
      const before = await loadVersioned(narrative, store.actionItems, itemId);
      // An item of another pair answers like one that does not exist.
      if (
        !before ||
        before.managerId !== oneOnOne.managerId ||
        before.reportId !== oneOnOne.reportId
      )
        throw notFound('That action item', 'action_item_not_found');
      return { before };
    },
    version: request.version,
    fields: ['text', 'dueDate', 'isDone'],
    change: ({ before }): ActionItem => ({
      ...before,
      text: request.text ?? before.text,
      dueDate: request.dueDate === undefined ? before.dueDate : request.dueDate,
      isDone: request.isDone ?? before.isDone,
      doneAt: isCompleting(before) ? at : isReopening(before) ? null : before.doneAt,
      doneBy: isCompleting(before)
        ? ctx.principal.userId
        : isReopening(before)
          ? null
          : before.doneBy,
      doneInOneOnOneId: isCompleting(before)
        ? id
        : isReopening(before)
          ? null
          : before.doneInOneOnOneId,
    }),
    commit: (after, _changes, { before }) => {
      const [type, summary] = isCompleting(before)
        ? ['action_item.completed', 'completed an action item from a 1-on-1']
        : isReopening(before)
          ? ['action_item.reopened', 'reopened an action item from a 1-on-1']
          : ['action_item.edited', 'edited an action item from a 1-on-1'];
      return commitChange(
        narrative,
        store.actionItems,
        after,
        pairEvent(ctx, oneOnOne, type, summary, after),
      );
    },
  });
  return after;
}
