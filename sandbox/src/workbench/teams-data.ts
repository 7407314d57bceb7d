/**
 * What the workbench's Teams shows a person, read from the sandbox's own records — as the
 * Teams client reads them from Teams' services, not through the Graph the server calls:
 * the app as its manifest declares it (personal tabs, the configurable tab), the person's
 * 1-on-1 meetings with their chat threads, the activity feed items the server sent them,
 * and what the bot posted into their personal chat (each card as last updated).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BotFramework } from '../bot-framework/bot-framework';
import { mriOf } from '../bot-framework/bot-framework';
import { meetingChatId } from '../graph/calendar';
import type { GraphStore, TenantState, UserRecord } from '../graph/store';
import type { TeamsRecorder } from '../graph/teams';
import { occurrencesBetween, seriesForPerson } from '../seed/calendar';

interface ManifestTabs {
  staticTabs?: { entityId: string; name?: string; contentUrl?: string }[];
  configurableTabs?: { configurationUrl: string }[];
  activities?: { activityTypes?: { type: string; templateText: string }[] };
}

const manifest = JSON.parse(
  readFileSync(
    path.resolve(__dirname, '..', '..', '..', 'manifest', 'templates', 'manifest.json'),
    'utf8',
  ),
) as ManifestTabs;

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
const DAY_MS = 86_400_000;

export interface TeamsView {
  person: { id: string; displayName: string; userPrincipalName: string; mri: string };
  tenant: { id: string; name: string };
  app: {
    personalTabs: { entityId: string; name: string; contentUrl: string }[];
    configurationUrl: string | null;
  };
  meetings: {
    subject: string;
    start: string;
    end: string;
    withName: string;
    chatId: string;
    /** What Teams gives a tab as `meeting.id`: base64 of `0#{chat thread}#0`. */
    meetingId: string;
  }[];
  activity: {
    at: string;
    activityType: string;
    /** The activity type's template text with the notification's parameters, as Teams shows it. */
    title: string;
    text: string;
    webUrl: string | null;
  }[];
  chat: {
    activityId: string;
    at: string;
    text: string | null;
    cards: unknown[];
  }[];
}

export function teamsViewOf(
  deps: {
    store: GraphStore;
    teams: TeamsRecorder | undefined;
    botFramework: BotFramework | undefined;
    serverUrl: string | null;
  },
  tenant: TenantState,
  person: UserRecord,
): TeamsView {
  const fill = (url: string) =>
    deps.serverUrl ? url.replace('{{PUBLIC_URL}}', deps.serverUrl) : '';
  const now = deps.store.clock().getTime();
  const meetings = seriesForPerson(deps.store.directory(tenant), person, new Date(now))
    .filter((series) => series.kind === 'oneOnOne')
    .flatMap((series) => {
      const start = occurrencesBetween(series, now, now + 28 * DAY_MS)[0];
      if (start === undefined) return [];
      const other = series.organizer.id === person.id ? series.attendees[0] : series.organizer;
      const chatId = meetingChatId(series);
      return [
        {
          subject: series.subject,
          start: new Date(start).toISOString(),
          end: new Date(start + series.durationMinutes * 60_000).toISOString(),
          withName: other?.displayName ?? '',
          chatId,
          meetingId: Buffer.from(`0#${chatId}#0`).toString('base64'),
        },
      ];
    })
    .sort((a, b) => a.start.localeCompare(b.start));

  const activity = (deps.teams?.activityNotifications ?? [])
    .filter((item) => item.tenantId === tenant.id && item.recipientUserId === person.id)
    .map((item) => {
      const topic = (item.topic ?? {}) as { webUrl?: string; value?: string };
      const preview = (item.previewText ?? {}) as { content?: string };
      const parameters = new Map(
        ((item.templateParameters ?? []) as { name: string; value: string }[]).map(
          ({ name, value }) => [name, value],
        ),
      );
      const template =
        manifest.activities?.activityTypes?.find((type) => type.type === item.activityType)
          ?.templateText ?? '';
      return {
        at: item.at,
        activityType: item.activityType,
        title: template.replace(
          /\{(\w+)\}/g,
          (whole, name: string) => parameters.get(name) ?? whole,
        ),
        text: preview.content ?? '',
        webUrl: topic.webUrl ?? null,
      };
    })
    .reverse();

  const chat = (deps.botFramework?.posted ?? [])
    .filter((item) => item.tenantId === tenant.id && item.userId === person.id)
    .map((item) => {
      const latest = item.updates.at(-1)?.activity ?? item.activity;
      const attachments = (latest.attachments ?? []) as {
        contentType?: string;
        content?: unknown;
      }[];
      return {
        activityId: item.activityId,
        at: item.postedAt,
        text: typeof latest.text === 'string' ? latest.text : null,
        cards: attachments
          .filter((attachment) => attachment.contentType === ADAPTIVE_CARD)
          .map((attachment) => attachment.content),
      };
    });

  return {
    person: {
      id: person.id,
      displayName: person.displayName,
      userPrincipalName: person.userPrincipalName,
      mri: mriOf(person.id),
    },
    tenant: { id: tenant.id, name: tenant.name },
    app: {
      personalTabs: (manifest.staticTabs ?? [])
        .filter((tab) => tab.contentUrl && tab.name)
        .map((tab) => ({
          entityId: tab.entityId,
          name: tab.name!,
          contentUrl: fill(tab.contentUrl!),
        })),
      configurationUrl: manifest.configurableTabs?.[0]
        ? fill(manifest.configurableTabs[0].configurationUrl)
        : null,
    },
    meetings,
    activity,
    chat,
  };
}
