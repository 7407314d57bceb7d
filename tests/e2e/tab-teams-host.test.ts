/**
 * The production tab inside a stand-in Teams client (support/teams-host.ts): teams-js
 * initialises against it, the tab reads the Teams context, signs in with SSO
 * (authentication.getAuthToken answered with a sandbox-signed token), follows theme
 * changes, opens a key result from a deep link's subPageId, and the configurable tab's
 * settings page hands Teams the team view's address.
 */
import type { Page } from 'playwright-core';
import { describeViolations, seriousAxeViolations } from './support/axe';
import { launchBrowser, saveScreenshot, type RunningBrowser } from './support/browser';
import { arrangeContosoQuarter, type ContosoQuarter } from './support/okr-fixtures';
import { startTestStack, type TestStack } from './support/stack';
import { openInTeamsHost, type TeamsHost } from './support/teams-host';

jest.setTimeout(180000);

let stack: TestStack;
let browser: RunningBrowser;
let quarter: ContosoQuarter;

beforeAll(async () => {
  stack = await startTestStack('tabteams');
  quarter = await arrangeContosoQuarter(stack);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function openAsDiego(
  page: Page,
  tabUrl: string,
  context: {
    subEntityId?: string;
    frameContext?: 'content' | 'settings';
    theme?: 'default' | 'dark' | 'contrast';
  } = {},
): Promise<TeamsHost> {
  const diego = await stack.person('Diego Siciliani');
  return openInTeamsHost(page, {
    tabUrl,
    context: {
      tenantId: diego.tenantId,
      userId: diego.id,
      loginHint: 'diego@contoso.onmicrosoft.com',
      locale: 'en-GB',
      ...context,
    },
    getToken: () => stack.tokenFor('Diego Siciliani'),
  });
}

describe('the Teams tab inside Teams', () => {
  it('initialises with Teams, signs in with SSO and shows My OKRs without the development sign-in', async () => {
    const page = await browser.newPage();
    const host = await openAsDiego(page, `${stack.tabUrl}#/my`);
    await host.frame.getByRole('heading', { name: 'My OKRs' }).waitFor();
    await host.frame.getByRole('article', { name: 'Win the big London accounts' }).waitFor();
    expect(await host.frame.getByRole('heading', { name: 'Sign in to Throughline' }).count()).toBe(
      0,
    );
    expect(await host.frame.getByRole('button', { name: 'Switch person' }).count()).toBe(0);
    const funcs = (await host.messages()).map((message) => message.func);
    expect(funcs).toEqual(
      expect.arrayContaining(['initialize', 'getContext', 'authentication.getAuthToken']),
    );
    expect(funcs.indexOf('initialize')).toBe(0);
    expect(host.tokenRequests()).toBeGreaterThanOrEqual(1);
    const violations = await seriousAxeViolations(host.frame);
    if (violations.length > 0) throw new Error(describeViolations(violations));
    await saveScreenshot(page, 'tab-teams-01-my-okrs');
    await page.close();
  });

  it('follows the Teams theme, from dark at start to high contrast when the person changes it', async () => {
    const page = await browser.newPage();
    const host = await openAsDiego(page, `${stack.tabUrl}#/my`, { theme: 'dark' });
    await host.frame.getByRole('article', { name: 'Win the big London accounts' }).waitFor();
    expect(await host.frame.evaluate(providerLuminance)).toBeLessThan(0.2);
    const violations = await seriousAxeViolations(host.frame);
    if (violations.length > 0) throw new Error(describeViolations(violations));
    await saveScreenshot(page, 'tab-teams-02-dark');

    await host.setTheme('default');
    await waitForLuminance(host, (luminance) => luminance > 0.8);
    await host.setTheme('contrast');
    // Teams' high-contrast theme is black with yellow and cyan accents.
    await waitForLuminance(host, (luminance) => luminance < 0.05);
    await saveScreenshot(page, 'tab-teams-03-high-contrast');
    await page.close();
  });

  it('opens the key result named by a deep link (subPageId kr:{id})', async () => {
    const page = await browser.newPage();
    const host = await openAsDiego(page, stack.tabUrl, {
      subEntityId: `kr:${quarter.customersKeyResult.id}`,
    });
    await host.frame
      .getByRole('heading', { name: 'Sign 5 new enterprise customers', level: 1 })
      .waitFor();
    expect(host.frame.url()).toContain(`#/key-results/${quarter.customersKeyResult.id}`);
    await page.close();
  });

  it("configures a channel tab: choosing a team enables Save, and Save hands Teams the team view's address", async () => {
    const page = await browser.newPage();
    const host = await openAsDiego(page, `${stack.serverUrl}/tab/config.html`, {
      frameContext: 'settings',
    });
    await host.frame.getByRole('heading', { name: "Show a team's OKRs in this channel" }).waitFor();
    // Diego's own team is preselected, so Save is enabled at once.
    await host.waitForMessage('settings.setValidityState', { args: [true] });
    expect(await host.frame.getByRole('radio', { name: 'Sales EMEA' }).isChecked()).toBe(true);
    await host.frame.getByRole('radio', { name: 'Engineering' }).check();
    const violations = await seriousAxeViolations(host.frame);
    if (violations.length > 0) throw new Error(describeViolations(violations));
    await saveScreenshot(page, 'tab-teams-04-configure');

    await host.pressSave();
    const settings = await host.waitForMessage('settings.setSettings');
    expect(settings.args[0]).toEqual({
      contentUrl: `${stack.serverUrl}/tab/#/team?teamId=${quarter.engineeringTeam.id}`,
      websiteUrl: `${stack.serverUrl}/tab/#/team?teamId=${quarter.engineeringTeam.id}`,
      entityId: `team-${quarter.engineeringTeam.id}`,
      suggestedDisplayName: 'Engineering OKRs',
    });
    await host.waitForMessage('settings.save.success');
    await page.close();
  });

  it("shows the configured team's OKRs in the channel tab", async () => {
    const page = await browser.newPage();
    const host = await openAsDiego(
      page,
      `${stack.serverUrl}/tab/#/team?teamId=${quarter.salesTeam.id}`,
    );
    await host.frame.getByRole('heading', { name: 'Sales EMEA OKRs' }).waitFor();
    await host.frame
      .getByRole('list', { name: 'Alignment tree' })
      .getByRole('link', { name: 'Win the big London accounts' })
      .waitFor();
    await saveScreenshot(page, 'tab-teams-05-channel-team');
    await page.close();
  });
});

/**
 * Polls from the test rather than with waitForFunction: Playwright re-evaluates a waiting
 * predicate inside the page, which the tab's CSP (no 'unsafe-eval') refuses, while a
 * single evaluate goes through the debugger protocol and is allowed.
 */
async function waitForLuminance(
  host: TeamsHost,
  isWanted: (luminance: number) => boolean,
  timeoutMs = 10000,
) {
  const deadline = Date.now() + timeoutMs;
  let luminance = NaN;
  while (Date.now() < deadline) {
    luminance = (await host.frame.evaluate(providerLuminance)) as number;
    if (isWanted(luminance)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the tab's background luminance stayed at ${luminance.toFixed(2)}`);
}

/** The luminance of the tab's Fluent background, 0 (black) to 1 (white), computed in the tab's frame. */
const providerLuminance = `(() => {
  const colour = getComputedStyle(document.querySelector('.fui-FluentProvider')).backgroundColor;
  const [r = 0, g = 0, b = 0] = (colour.match(/[\\d.]+/g) || []).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
})()`;
