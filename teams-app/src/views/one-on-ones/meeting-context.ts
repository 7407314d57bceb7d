/**
 * Which 1-on-1 the view should open, from what the page knows:
 *
 * - the address: `#/one-on-ones?event={Graph event id}` (the prep card's and the activity
 *   feed's deep link) or `#/one-on-ones?chat={meeting chat id}`;
 * - a Teams deep link's sub-entity (`oneOnOne:{id}` in `page.subPageId`);
 * - in a meeting (frame context `sidePanel`, also meeting chat and details), Teams gives
 *   `chat.id` — the meeting's chat thread `19:meeting_…@thread.v2` — and `meeting.id`,
 *   base64 of `0#19:meeting_…@thread.v2#0`. It gives no calendar event id, so the server
 *   maps the chat thread to the occurrence: the thread is in the event's Teams join URL,
 *   which Graph returns with the event, and a recurring series shares one thread (the
 *   occurrence under way or next is chosen).
 *
 * The tab's host adapter (host/teams-host.ts) does not carry `chat`/`meeting` yet, so
 * `readMeetingIds` asks teams-js for the context itself, only when the page is framed and
 * the adapter already found Teams (it has initialised teams-js by then).
 */
export type OneOnOneTarget =
  | { kind: 'event'; eventId: string }
  | { kind: 'chat'; chatId: string }
  | { kind: 'id'; id: string };

const CHAT_ID = /^19:meeting_[^@\s]+@thread\.v2$/;

export function targetFromHash(hash: string): OneOnOneTarget | null {
  const query = new URLSearchParams(hash.split('?')[1] ?? '');
  const eventId = query.get('event');
  if (eventId) return { kind: 'event', eventId };
  const chatId = query.get('chat');
  if (chatId && CHAT_ID.test(chatId)) return { kind: 'chat', chatId };
  return null;
}

export function targetFromSubPage(subPageId: string | undefined): OneOnOneTarget | null {
  const match = /^oneOnOne:([A-Za-z0-9-]{1,64})$/.exec(subPageId ?? '');
  return match ? { kind: 'id', id: match[1]! } : null;
}

/** The chat thread inside a Teams `meeting.id` (base64 of `0#{thread}#0`), if it is one. */
export function chatIdFromMeetingId(meetingId: string | undefined): string | null {
  if (!meetingId) return null;
  try {
    const decoded = atob(meetingId);
    const thread = decoded.split('#').find((part) => CHAT_ID.test(part));
    return thread ?? null;
  } catch {
    return null;
  }
}

export interface MeetingIds {
  frameContext: string | undefined;
  chatId: string | null;
  /** A deep link's sub-entity; Teams opens the tab's own address and passes the target here. */
  subPageId: string | undefined;
}

/** What Teams says about where the tab is (frame, meeting chat, deep-link target), or null outside Teams. */
export async function readMeetingIds(isInTeams: boolean): Promise<MeetingIds | null> {
  if (!isInTeams) return null;
  try {
    const teamsJs = await import('@microsoft/teams-js');
    // A frame that is not Teams never answers: give up quickly and act as a plain page.
    const context = await Promise.race([
      teamsJs.app.getContext(),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 2000)),
    ]);
    if (!context) return null;
    const chatId =
      context.chat?.id && CHAT_ID.test(context.chat.id)
        ? context.chat.id
        : chatIdFromMeetingId(context.meeting?.id);
    return {
      frameContext: context.page.frameContext,
      chatId,
      subPageId: context.page.subPageId || undefined,
    };
  } catch {
    return null;
  }
}
