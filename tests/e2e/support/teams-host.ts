/**
 * A stand-in for the Microsoft Teams web client, for browser tests of the real tab.
 *
 * The page is served by Playwright at https://teams.microsoft.com/… — an origin in
 * teams-js' built-in list of valid hosts and in the server's CSP frame-ancestors — so the
 * production tab runs unchanged inside it. It frames the tab and answers teams-js'
 * postMessage protocol with the workbench's own host (sandbox/src/workbench/teams-host.js):
 * `initialize`, `getContext`, `authentication.getAuthToken` with a token the sandbox
 * identity provider signs, and the configuration page's `settings.*` calls. Every message
 * the tab sends is recorded, so a test can assert on what the tab asked Teams to do.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';

const TEAMS_HOST_SCRIPT = readFileSync(
  path.join(__dirname, '..', '..', '..', 'sandbox', 'src', 'workbench', 'teams-host.js'),
  'utf8',
);

interface PageHost {
  setTheme(theme: string): void;
  pressSave(): void;
}

export const TEAMS_HOST_URL = 'https://teams.microsoft.com/_throughline-test/host';

export interface TeamsContextOptions {
  tenantId: string;
  userId: string;
  loginHint: string;
  locale?: string;
  theme?: 'default' | 'dark' | 'contrast';
  frameContext?: 'content' | 'settings' | 'sidePanel';
  /** A deep link's target inside the tab: `kr:{id}` opens a key result. */
  subEntityId?: string;
  entityId?: string;
  teamName?: string;
  channelName?: string;
}

export interface HostMessage {
  func: string;
  args: unknown[];
}

export interface TeamsHost {
  /** The tab's frame inside the host page. */
  frame: Frame;
  messages(): Promise<HostMessage[]>;
  /** The first message for func (with exactly these args, when given) the tab has sent. */
  waitForMessage(
    func: string,
    options?: { args?: unknown[]; timeoutMs?: number },
  ): Promise<HostMessage>;
  setTheme(theme: 'default' | 'dark' | 'contrast'): Promise<void>;
  /** What Teams does when the person presses Save on a configurable tab's settings page. */
  pressSave(): Promise<void>;
  tokenRequests(): number;
}

export async function openInTeamsHost(
  page: Page,
  options: { tabUrl: string; context: TeamsContextOptions; getToken: () => Promise<string> },
): Promise<TeamsHost> {
  // Chromium's Local Network Access blocks a public page (teams.microsoft.com) from framing a
  // loopback one unless the person allows it; production serves the tab publicly, so here the
  // test grants what a developer would click through.
  await page
    .context()
    .grantPermissions(['local-network-access'], { origin: new URL(TEAMS_HOST_URL).origin });
  let tokenRequests = 0;
  await page.exposeFunction('throughlineTestIssueToken', async () => {
    tokenRequests += 1;
    return options.getToken();
  });
  const tabOrigin = new URL(options.tabUrl).origin;
  const context = options.context;
  const legacyContext = {
    locale: context.locale ?? 'en-GB',
    theme: context.theme ?? 'default',
    entityId: context.entityId ?? 'throughline-okrs',
    subEntityId: context.subEntityId ?? '',
    userObjectId: context.userId,
    tid: context.tenantId,
    loginHint: context.loginHint,
    userPrincipalName: context.loginHint,
    frameContext: context.frameContext ?? 'content',
    teamName: context.teamName,
    channelName: context.channelName,
    appSessionId: 'e2e-session',
  };
  // The workbench's own implementation of the host side of teams-js, inlined into the page.
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Microsoft Teams (test host)</title>
<style>body{margin:0;font-family:sans-serif}header{height:40px;display:flex;align-items:center;padding:0 16px;background:#464775;color:#fff}iframe{border:0;width:100%;height:calc(100vh - 40px);display:block}</style></head>
<body><header>Microsoft Teams (test host)</header>
<iframe id="tab" title="Throughline" src="${options.tabUrl.replace(/"/g, '&quot;')}"></iframe>
<script>${TEAMS_HOST_SCRIPT}</script>
<script>
  window.__teamsMessages = [];
  window.__teamsHost = window.throughlineTeamsHost.connect(document.getElementById('tab'), {
    tabOrigin: ${JSON.stringify(tabOrigin)},
    context: ${JSON.stringify(legacyContext)},
    getToken: () => window.throughlineTestIssueToken(),
    onMessage: (message) => window.__teamsMessages.push(message),
  });
</script></body></html>`;
  await page.route(TEAMS_HOST_URL, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
  );
  await page.goto(TEAMS_HOST_URL);
  const frameHandle = await page.waitForSelector('iframe#tab');
  const frame = (await frameHandle.contentFrame())!;

  const messages = () =>
    page.evaluate(() =>
      (globalThis as unknown as { __teamsMessages: HostMessage[] }).__teamsMessages.slice(),
    );
  return {
    frame,
    messages,
    async waitForMessage(func, options = {}) {
      const wanted = {
        func,
        args: options.args === undefined ? null : JSON.stringify(options.args),
      };
      const handle = await page.waitForFunction(
        ({ func: name, args }) =>
          (globalThis as unknown as { __teamsMessages: HostMessage[] }).__teamsMessages.find(
            (message) =>
              message.func === name && (args === null || JSON.stringify(message.args) === args),
          ),
        wanted,
        { timeout: options.timeoutMs ?? 10000 },
      );
      return (await handle.jsonValue()) as HostMessage;
    },
    setTheme: (theme) =>
      page.evaluate(
        (name) => (globalThis as unknown as { __teamsHost: PageHost }).__teamsHost.setTheme(name),
        theme,
      ),
    pressSave: () =>
      page.evaluate(() =>
        (globalThis as unknown as { __teamsHost: PageHost }).__teamsHost.pressSave(),
      ),
    tokenRequests: () => tokenRequests,
  };
}
