/**
 * Teams activity feed notifications through Microsoft Graph, app-only
 * (`POST /users/{id}/teamwork/sendActivityNotification`, permission TeamsActivity.Send).
 *
 * Why not Graph's chat API for cards: posting into a chat needs ChatMessage.Send, which
 * Graph grants only as a delegated permission (the application permission on that API is
 * for imports). A background job has no signed-in user, so the digest and the prep card go
 * to the activity feed with a deep link into the tab, which renders the card; a chat card
 * goes through the bot instead (bot.ts), which posts with its own Bot Connector token.
 * The activity types used here must be declared in the app manifest's `activities`.
 */

/** The few Graph calls the delivery jobs make, app-only for one tenant; the platform's Graph client satisfies it. */
export interface AppGraph {
  get<T>(path: string, headers?: Record<string, string>): Promise<T>;
  getLink<T>(url: string, headers?: Record<string, string>): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
}

export type AppGraphFor = (tenantId: string) => AppGraph;

export const ACTIVITY_TYPES = {
  weeklyDigest: 'weeklyDigest',
  teamDigest: 'teamDigest',
  prepCard: 'oneOnOnePrepCard',
  cycleEnded: 'cycleEnded',
} as const;

export interface ActivityNotification {
  recipientId: string;
  activityType: (typeof ACTIVITY_TYPES)[keyof typeof ACTIVITY_TYPES];
  /** What the feed item is about, shown as its title. */
  topic: string;
  /** A Teams deep link that opens the tab at the right place. */
  webUrl: string;
  /** At most 150 characters (Graph's limit). */
  preview: string;
  templateParameters: Record<string, string>;
}

export function clip(text: string, max = 150): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

export async function sendActivityNotification(
  graph: AppGraph,
  notification: ActivityNotification,
): Promise<void> {
  await graph.post(
    `/users/${encodeURIComponent(notification.recipientId)}/teamwork/sendActivityNotification`,
    {
      topic: { source: 'text', value: clip(notification.topic, 100), webUrl: notification.webUrl },
      activityType: notification.activityType,
      previewText: { content: clip(notification.preview) },
      templateParameters: Object.entries(notification.templateParameters).map(([name, value]) => ({
        name,
        value,
      })),
    },
  );
}

/**
 * A deep link to the personal tab `entityId` with a sub-entity the tab reads from its
 * context (`page.subPageId`). Without a Teams app id (local runs) it is the tab's own URL.
 */
export function tabDeepLink(options: {
  teamsAppId: string | undefined;
  publicUrl: string;
  entityId: string;
  hash: string;
  label: string;
  subEntityId: string;
}): string {
  const webUrl = `${options.publicUrl}/tab/${options.hash}`;
  if (!options.teamsAppId) return webUrl;
  const context = JSON.stringify({ subEntityId: options.subEntityId });
  return `https://teams.microsoft.com/l/entity/${options.teamsAppId}/${options.entityId}?webUrl=${encodeURIComponent(webUrl)}&label=${encodeURIComponent(options.label)}&context=${encodeURIComponent(context)}`;
}
