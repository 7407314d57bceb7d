/**
 * The one place that talks to Microsoft Teams (teams-js). Components ask this adapter for
 * the context, the theme and a token; tests hand them a host of their own.
 *
 * Finding out that there is no Teams must be quick: teams-js waits 60 s for a host that
 * never answers. A top-level window without an opener cannot be in Teams, so that answer
 * is immediate; in a frame we give Teams a few seconds to answer `initialize` and then
 * carry on as a plain browser. teams-js itself is loaded only when framed, so the plain
 * browser (development, demos, benchmarks) never downloads it.
 */
import type * as TeamsJs from '@microsoft/teams-js';

export type HostTheme = 'light' | 'dark' | 'contrast';
export type FrameContext =
  'content' | 'settings' | 'sidePanel' | 'remove' | 'task' | 'stage' | 'meetingStage' | 'other';

export interface TeamsContext {
  userId: string | undefined;
  tenantId: string | undefined;
  loginHint: string | undefined;
  frameContext: FrameContext;
  /** The deep-link target inside the tab, e.g. `kr:{id}` for a key result. */
  subPageId: string | undefined;
  pageId: string | undefined;
  teamName: string | undefined;
  channelName: string | undefined;
  hostName: string | undefined;
  /** The chat the tab is in: a meeting's is `19:meeting_…@thread.v2`. */
  chatId: string | undefined;
}

export interface TabConfig {
  contentUrl: string;
  websiteUrl: string;
  entityId: string;
  suggestedDisplayName: string;
}

export interface Host {
  kind: 'teams' | 'browser';
  locale: string;
  theme: HostTheme;
  teams: TeamsContext | null;
  /** Calls back with the new theme whenever the person changes it; returns an unsubscribe. */
  onThemeChange(handler: (theme: HostTheme) => void): () => void;
  /** Teams SSO: a token for the Throughline API. Browser hosts have none (use development sign-in). */
  getAuthToken(): Promise<string>;
  /** The configurable tab's settings page. */
  config: {
    setValidityState(isValid: boolean): void;
    registerOnSaveHandler(save: () => Promise<TabConfig>): void;
  } | null;
}

export interface ConnectOptions {
  window?: Window;
  /** How long a frame's parent gets to answer `initialize` before we decide it is not Teams. */
  timeoutMs?: number;
  loadTeamsJs?: () => Promise<typeof TeamsJs>;
  /**
   * Origins besides Microsoft's allowed to host the tab (teams-js `validMessageOrigins`);
   * the server names the local workbench here when it stands in for Teams.
   */
  hostOrigins?: () => Promise<readonly string[]>;
}

export async function connectToHost(options: ConnectOptions = {}): Promise<Host> {
  const win = options.window ?? window;
  const isFramed = win.parent !== win || Boolean(win.opener);
  if (!isFramed) return createBrowserHost(win);
  const [teamsJs, hostOrigins] = await Promise.all([
    (options.loadTeamsJs ?? (() => import('@microsoft/teams-js')))(),
    options.hostOrigins?.().catch(() => []) ?? [],
  ]);
  const timeoutMs = options.timeoutMs ?? 3000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([
      teamsJs.app
        .initialize(hostOrigins.length > 0 ? [...hostOrigins] : undefined)
        .then(() => 'ready' as const),
      timedOut,
    ]);
    if (outcome === 'timeout') return createBrowserHost(win);
  } catch {
    return createBrowserHost(win);
  } finally {
    clearTimeout(timer);
  }
  return createTeamsHost(teamsJs, await teamsJs.app.getContext());
}

export function teamsThemeOf(theme: string | undefined): HostTheme {
  if (theme === 'dark') return 'dark';
  if (theme === 'contrast') return 'contrast';
  return 'light';
}

function createTeamsHost(teamsJs: typeof TeamsJs, context: TeamsJs.app.Context): Host {
  const themeHandlers = new Set<(theme: HostTheme) => void>();
  let theme = teamsThemeOf(context.app.theme);
  teamsJs.app.registerOnThemeChangeHandler((name) => {
    theme = teamsThemeOf(name);
    for (const handler of themeHandlers) handler(theme);
  });
  const host: Host = {
    kind: 'teams',
    locale: context.app.locale || 'en-US',
    get theme() {
      return theme;
    },
    teams: {
      userId: context.user?.id,
      tenantId: context.user?.tenant?.id,
      loginHint: context.user?.loginHint,
      frameContext: (context.page.frameContext as FrameContext | undefined) ?? 'content',
      subPageId: context.page.subPageId || undefined,
      pageId: context.page.id || undefined,
      teamName: context.team?.displayName,
      channelName: context.channel?.displayName,
      hostName: context.app.host?.name,
      chatId: context.chat?.id,
    },
    onThemeChange(handler) {
      themeHandlers.add(handler);
      return () => themeHandlers.delete(handler);
    },
    // Teams caches the token and refreshes it before it expires; asking each time is cheap.
    getAuthToken: () => teamsJs.authentication.getAuthToken(),
    config: {
      setValidityState: (isValid) => teamsJs.pages.config.setValidityState(isValid),
      registerOnSaveHandler(save) {
        teamsJs.pages.config.registerOnSaveHandler((saveEvent) => {
          save()
            .then((config) => teamsJs.pages.config.setConfig(config))
            .then(
              () => saveEvent.notifySuccess(),
              (error: unknown) =>
                saveEvent.notifyFailure(error instanceof Error ? error.message : String(error)),
            );
        });
      },
    },
  };
  return host;
}

export function createBrowserHost(win: Window = window): Host {
  const query =
    typeof win.matchMedia === 'function' ? win.matchMedia('(prefers-color-scheme: dark)') : null;
  const forcedColors =
    typeof win.matchMedia === 'function' ? win.matchMedia('(forced-colors: active)') : null;
  const themeNow = (): HostTheme =>
    forcedColors?.matches ? 'contrast' : query?.matches ? 'dark' : 'light';
  return {
    kind: 'browser',
    locale: win.navigator.language || 'en-US',
    get theme() {
      return themeNow();
    },
    teams: null,
    onThemeChange(handler) {
      const listener = () => handler(themeNow());
      query?.addEventListener('change', listener);
      forcedColors?.addEventListener('change', listener);
      return () => {
        query?.removeEventListener('change', listener);
        forcedColors?.removeEventListener('change', listener);
      };
    },
    getAuthToken: () =>
      Promise.reject(
        new Error('Outside Teams there is no single sign-on; use the development sign-in.'),
      ),
    config: null,
  };
}

/** A key result id from a Teams deep link's subPageId (`kr:{id}`), if that is what it names. */
export function keyResultIdFromSubPage(subPageId: string | undefined): string | undefined {
  const match = /^kr:([A-Za-z0-9-]{1,64})$/.exec(subPageId ?? '');
  return match?.[1];
}

/** An objective id from a Teams deep link's subPageId (`objective:{id}`): a card shared in a chat. */
export function objectiveIdFromSubPage(subPageId: string | undefined): string | undefined {
  const match = /^objective:([A-Za-z0-9-]{1,64})$/.exec(subPageId ?? '');
  return match?.[1];
}

/** A cycle id from a Teams deep link's subPageId (`cycleReview:{id}`): the cycle-ended reminder. */
export function cycleIdFromSubPage(subPageId: string | undefined): string | undefined {
  const match = /^cycleReview:([A-Za-z0-9-]{1,64})$/.exec(subPageId ?? '');
  return match?.[1];
}
