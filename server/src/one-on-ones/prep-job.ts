/**
 * The prep-card job (every few minutes): reads each manager's calendar for the coming
 * days, records the 1-on-1s it finds, and when one is within the tenant's lead time the
 * manager gets its card in the Teams activity feed and, when the server has a bot, as an
 * Adaptive Card in the meeting's own chat (when the app was added to it: a card only the
 * manager sees refreshed into the prep) or else their personal chat with the bot — each
 * once per occurrence, claimed
 * separately in the delivery ledger (a feed notification sent does not stop a chat card
 * that failed from being retried, nor the other way round). It also records
 * `one_on_one.held` in the narrative for meetings that ended (insert-keyed, so also once).
 */
import type { JobRunResult } from '@throughline/contracts';
import { recordEventOnce } from '../narrative/service';
import { currentCycle } from '../okrs/service';
import { managersAndStates, managersOfActivePeople } from '../people/service';
import { viewersIn } from '../okrs/viewer';
import { DAY_MS } from '../platform/time/calendar-time';
import { DeliveryLedger, deliverOnce, deliveryKey } from '../platform/deliveries/ledger';
import type { DeliveryJobDeps, RunOptions } from '../risks/digest-job';
import { loadCycleSnapshot, preloadFacts } from '../risks/service';
import { getSettings } from '../settings/service';
import { knownTenantIds } from '../people/service';
import { systemContext } from '../platform/auth/system-context';
import { ACTIVITY_TYPES, sendActivityNotification } from '../platform/teams/activity-feed';
import { isInstalledIn } from '../platform/teams/installation-store';
import { buildMeetingChatPrepCard, buildPrepCard } from './card';
import { graphCalendarSource } from './calendar-source';
import { oneOnOneLink, prepareCard, previousMeeting, syncOneOnOnesForManager } from './service';
import { oneOnOneStores } from './store';
import { emptyRunResult } from '../platform/jobs/scheduler';

export async function runPrepCards(
  deps: DeliveryJobDeps,
  now: Date,
  options: RunOptions = {},
): Promise<JobRunResult> {
  const result = emptyRunResult('prep-cards', now);
  const tenants = options.tenantId ? [options.tenantId] : await knownTenantIds(deps.db);
  const links = { publicUrl: deps.config.publicUrl, teamsAppId: deps.config.TEAMS_APP_ID };
  for (const tenantId of tenants) {
    const ctx = systemContext(deps.db, tenantId, now);
    const settings = await getSettings(ctx);
    const graph = deps.graphFor(tenantId);
    const calendar = graphCalendarSource(graph);
    const store = oneOnOneStores(deps.db, tenantId);
    const managerIds = await managersOfActivePeople(ctx);
    const horizon = new Date(now.getTime() + settings.oneOnOneLookaheadDays * DAY_MS);
    for (const managerId of managerIds) {
      try {
        await syncOneOnOnesForManager(ctx, calendar, managerId, now, horizon);
      } catch (error) {
        deps.log.warn(
          { err: error, tenantId, managerId },
          'could not read a manager’s calendar for 1-on-1s',
        );
      }
    }
    const leadMs = settings.prepCardLeadMinutes * 60_000;
    const due = await store.startingBetween(now, new Date(now.getTime() + leadMs));
    const ledger = new DeliveryLedger(deps.db, tenantId);
    const pending = [];
    const tally = (outcome: 'sent' | 'skipped' | 'failed', oneOnOneId: string) => {
      result[outcome] += 1;
      if (outcome === 'failed')
        deps.log.warn({ tenantId, oneOnOneId }, 'prep card delivery failed; will retry');
    };
    const kinds = deps.bot ? (['prep-card', 'prep-card-chat'] as const) : (['prep-card'] as const);
    for (const oneOnOne of due) {
      const keys = kinds.map((kind) =>
        deliveryKey(tenantId, oneOnOne.managerId, oneOnOne.id, kind),
      );
      // A cheap read first: a card already sent everywhere is not rebuilt on every run.
      const records = await Promise.all(keys.map((key) => ledger.get(key)));
      if (records.every((record) => record?.state === 'sent')) result.skipped += keys.length;
      else
        pending.push({ oneOnOne, keys, ...(await previousMeeting(deps.db, tenantId, oneOnOne)) });
    }
    if (pending.length === 0) {
      await recordHeld(deps, tenantId, now);
      continue;
    }
    // One snapshot of the cycle, and one read of check-ins and evidence, serve every card of this run.
    const cycle = await currentCycle(ctx);
    const snapshot = cycle ? await loadCycleSnapshot(ctx, cycle) : null;
    const reportIds = new Set(pending.map((item) => item.oneOnOne.reportId));
    const keyResults = (snapshot?.keyResults ?? []).filter(
      (keyResult) =>
        reportIds.has(keyResult.ownerId) ||
        keyResult.coOwnerIds.some((id) => reportIds.has(id)) ||
        snapshot!.objectives.some(
          (objective) => objective.id === keyResult.objectiveId && reportIds.has(objective.ownerId),
        ),
    );
    const earliest = Math.min(
      now.getTime() - settings.greenWithoutProofWeeks * 7 * DAY_MS,
      ...pending.map((item) => Date.parse(item.since)),
    );
    const earliestSince = Math.min(...pending.map((item) => Date.parse(item.since)));
    const preloaded = await preloadFacts(
      ctx,
      keyResults,
      new Date(earliest),
      new Date(earliestSince),
    );
    // Each manager's viewer from the org chart this run reads once, not three reads per card.
    const viewerOfManager = viewersIn(ctx, await managersAndStates(ctx));
    for (const { oneOnOne, keys, previous } of pending) {
      // Built at most once per run, by whichever delivery needs it first.
      let prepared: Promise<Awaited<ReturnType<typeof prepareCard>>> | null = null;
      const prepare = () =>
        (prepared ??= viewerOfManager(oneOnOne.managerId).then((viewer) =>
          prepareCard(deps.db, tenantId, links, settings, oneOnOne, deps.clock(), {
            snapshot,
            preloaded,
            previous,
            viewer,
          }),
        ));
      const [feedKey, chatKey] = keys;
      const feed = await deliverOnce(
        ledger,
        feedKey!,
        { kind: 'prep-card', recipientId: oneOnOne.managerId, subjectId: oneOnOne.id },
        deps.clock,
        async () => {
          const { prep, card } = await prepare();
          await store.savePrep(oneOnOne.id, prep, card, deps.clock());
          await sendActivityNotification(graph, {
            recipientId: oneOnOne.managerId,
            activityType: ACTIVITY_TYPES.prepCard,
            topic: `1-on-1 with ${prep.report.name}`,
            webUrl: oneOnOneLink(links, oneOnOne),
            preview: `Prep card ready: ${prep.talkingPoints[0] ?? 'key results, risks and open action items'}`,
            templateParameters: { reportName: prep.report.name, startsAt: oneOnOne.startsAt },
          });
          await store.markDelivered(oneOnOne.id, deps.clock());
        },
      );
      tally(feed, oneOnOne.id);
      if (deps.bot && chatKey) {
        const bot = deps.bot;
        const chat = await deliverOnce(
          ledger,
          chatKey,
          { kind: 'prep-card-chat', recipientId: oneOnOne.managerId, subjectId: oneOnOne.id },
          deps.clock,
          async () => {
            const { prep } = await prepare();
            // Into the meeting's own chat when the app was added to it, else the manager's chat with the bot.
            const meetingChat =
              oneOnOne.chatThreadId &&
              (await isInstalledIn(deps.db, tenantId, oneOnOne.chatThreadId))
                ? oneOnOne.chatThreadId
                : null;
            const managerMri = meetingChat
              ? await bot.memberMri(meetingChat, oneOnOne.managerId)
              : null;
            if (meetingChat && managerMri) {
              await bot.postCard(
                meetingChat,
                buildMeetingChatPrepCard(prep, { oneOnOneId: oneOnOne.id, managerMri }),
              );
              return;
            }
            const personalChat = await bot.openPersonalChat(tenantId, oneOnOne.managerId);
            const card = buildPrepCard(prep, {
              openUrl: oneOnOneLink(links, oneOnOne),
              timeZone: settings.timeZone,
              chat: { oneOnOneId: oneOnOne.id, managerMri: personalChat.personMri },
            });
            await bot.postCard(personalChat.conversationId, card);
          },
        );
        tally(chat, oneOnOne.id);
      }
    }
    await recordHeld(deps, tenantId, now);
  }
  return result;
}

async function recordHeld(deps: DeliveryJobDeps, tenantId: string, now: Date) {
  const store = oneOnOneStores(deps.db, tenantId);
  for (const oneOnOne of await store.endedUnheld(new Date(now.getTime() - 14 * DAY_MS), now)) {
    // Once: an earlier (or a concurrent) run may have recorded it; the event's id is the lock.
    await recordEventOnce(systemContext(deps.db, tenantId, now), {
      type: 'one_on_one.held',
      subject: { kind: 'oneOnOne', id: oneOnOne.id },
      seq: 1,
      actorId: 'system',
      at: oneOnOne.endsAt,
      objectiveId: null,
      keyResultId: null,
      personIds: [oneOnOne.managerId, oneOnOne.reportId],
      teamIds: [],
      summary: 'held a 1-on-1',
      payload: { oneOnOneId: oneOnOne.id, startsAt: oneOnOne.startsAt },
      state: null,
    });
    await store.markHeld(oneOnOne.id, now);
  }
}
