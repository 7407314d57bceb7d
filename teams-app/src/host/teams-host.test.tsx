import type * as TeamsJs from '@microsoft/teams-js';
import { connectToHost, keyResultIdFromSubPage, objectiveIdFromSubPage } from './teams-host';

function framedWindow(): Window {
  // A window whose parent is someone else: what a tab inside Teams (or any iframe) sees.
  return {
    parent: {} as Window,
    opener: null,
    matchMedia: window.matchMedia,
    navigator: window.navigator,
  } as unknown as Window;
}

function fakeTeamsJs(options: { initialize: () => Promise<void> }) {
  let themeHandler: ((theme: string) => void) | undefined;
  const teamsJs = {
    app: {
      initialize: options.initialize,
      getContext: async () => ({
        app: {
          locale: 'de-DE',
          theme: 'dark',
          host: { name: 'Teams', clientType: 'web' },
          sessionId: 's',
        },
        page: { id: 'okrs', frameContext: 'content', subPageId: 'kr:6650a1b2c3d4e5f601234567' },
        user: { id: 'user-1', loginHint: 'diego@contoso.example', tenant: { id: 'tenant-1' } },
      }),
      registerOnThemeChangeHandler: (handler: (theme: string) => void) => {
        themeHandler = handler;
      },
    },
    authentication: { getAuthToken: async () => 'sso-token' },
    pages: {
      config: {
        setValidityState: jest.fn(),
        registerOnSaveHandler: jest.fn(),
        setConfig: jest.fn(),
      },
    },
  };
  return {
    teamsJs: teamsJs as unknown as typeof TeamsJs,
    changeTheme: (theme: string) => themeHandler?.(theme),
  };
}

describe('connectToHost', () => {
  it('answers "plain browser" at once in a top-level window, without loading teams-js', async () => {
    const loadTeamsJs = jest.fn();
    const host = await connectToHost({ window, loadTeamsJs });
    expect(host.kind).toBe('browser');
    expect(loadTeamsJs).not.toHaveBeenCalled();
    await expect(host.getAuthToken()).rejects.toThrow(/development sign-in/);
  });

  it('gives up on a frame whose parent never answers after the short timeout, not teams-js’ 60 seconds', async () => {
    const { teamsJs } = fakeTeamsJs({ initialize: () => new Promise(() => undefined) });
    const started = Date.now();
    const host = await connectToHost({
      window: framedWindow(),
      timeoutMs: 50,
      loadTeamsJs: async () => teamsJs,
    });
    expect(host.kind).toBe('browser');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('inside Teams reads the context, follows theme changes and gets the SSO token', async () => {
    const { teamsJs, changeTheme } = fakeTeamsJs({ initialize: async () => undefined });
    const host = await connectToHost({ window: framedWindow(), loadTeamsJs: async () => teamsJs });
    expect(host.kind).toBe('teams');
    expect(host.locale).toBe('de-DE');
    expect(host.theme).toBe('dark');
    expect(host.teams).toMatchObject({
      userId: 'user-1',
      tenantId: 'tenant-1',
      frameContext: 'content',
      subPageId: 'kr:6650a1b2c3d4e5f601234567',
    });
    const seen: string[] = [];
    host.onThemeChange((theme) => seen.push(theme));
    changeTheme('contrast');
    expect(seen).toEqual(['contrast']);
    expect(host.theme).toBe('contrast');
    await expect(host.getAuthToken()).resolves.toBe('sso-token');
    expect(keyResultIdFromSubPage(host.teams?.subPageId)).toBe('6650a1b2c3d4e5f601234567');
  });
});

describe('keyResultIdFromSubPage', () => {
  it('reads only kr:{id} deep links', () => {
    expect(keyResultIdFromSubPage('kr:abc-123')).toBe('abc-123');
    expect(keyResultIdFromSubPage('objective:abc')).toBeUndefined();
    expect(keyResultIdFromSubPage('kr:../../evil')).toBeUndefined();
    expect(keyResultIdFromSubPage(undefined)).toBeUndefined();
  });
});

describe('objectiveIdFromSubPage', () => {
  it('reads only objective:{id} deep links, from a card shared in a chat', () => {
    expect(objectiveIdFromSubPage('objective:abc-123')).toBe('abc-123');
    expect(objectiveIdFromSubPage('kr:abc')).toBeUndefined();
    expect(objectiveIdFromSubPage('objective:../../evil')).toBeUndefined();
    expect(objectiveIdFromSubPage(undefined)).toBeUndefined();
  });
});
