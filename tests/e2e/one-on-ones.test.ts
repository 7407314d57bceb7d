/**
 * The 1-on-1s view end to end in headless Chromium: Alex (a manager in the demo
 * organisation, with a weekly 1-on-1 per report in the sandbox calendar) opens the tab,
 * sees Diego's prep card drawn by the Adaptive Cards renderer with the action item agreed
 * last time, adds one, and opens the same card the way a meeting side panel does (by the
 * meeting's chat id). Screenshots go to artifacts/screenshots/.
 */
import type { OneOnOneSummary } from '@throughline/contracts';
import type { Page } from 'playwright-core';
import {
  collectPageErrors,
  launchBrowser,
  saveScreenshot,
  type RunningBrowser,
} from './support/browser';
import {
  arrangeContosoQuarter,
  syncOrganisation,
  type ContosoQuarter,
} from './support/okr-fixtures';
import { startTestStack, type TestStack } from './support/stack';

jest.setTimeout(180000);

let stack: TestStack;
let browser: RunningBrowser;
let page: Page;
let quarter: ContosoQuarter;
let pageErrors: string[];
let diegoMeetings: OneOnOneSummary[];

beforeAll(async () => {
  stack = await startTestStack('oneonones');
  // The org chart (who reports to whom) comes from org sync; 1-on-1s are found through it.
  await syncOrganisation(await stack.apiAs('Megan Bowen'));
  quarter = await arrangeContosoQuarter(stack);
  const version = (await quarter.diego.keyResults.get(quarter.customersKeyResult.id)).version;
  await quarter.diego.keyResults.checkIn(quarter.customersKeyResult.id, {
    version,
    value: 2,
    confidence: 5,
    status: 'at_risk',
    note: 'Northwind signed; Contoso Pharma waits on SSO.',
  });
  const alex = await stack.apiAs('Alex Wilber');
  const diego = await stack.person('Diego Siciliani');
  const now = Date.now();
  diegoMeetings = (
    await alex.oneOnOnes.list({
      from: new Date(now - 8 * 86_400_000).toISOString(),
      to: new Date(now + 7 * 86_400_000).toISOString(),
    })
  ).items.filter((item) => item.reportId === diego.id);
  // Agreed at last week's 1-on-1, still open: it must show on this week's card.
  const last = diegoMeetings.filter((item) => Date.parse(item.endsAt) < now).pop()!;
  await alex.oneOnOnes.addActionItem(last.id, { text: 'Ask Lidia for the SSO ship date' });
  browser = await launchBrowser({ viewport: { width: 1280, height: 1000 } });
  page = await browser.newPage();
  pageErrors = collectPageErrors(page);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the 1-on-1s view', () => {
  it('shows Alex his upcoming 1-on-1s and Diego’s prep card with last week’s open action item', async () => {
    await page.goto(stack.tabUrl);
    await page.getByRole('searchbox', { name: 'Find a demo person' }).fill('Alex');
    await page.getByRole('button', { name: /^Sign in as Alex Wilber/ }).click();
    await page.getByRole('heading', { name: 'My OKRs' }).waitFor();
    await page.getByRole('tab', { name: '1-on-1s' }).click();
    await page.getByRole('heading', { name: '1-on-1s', level: 1 }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Your 1-on-1s' });
    await nav
      .getByRole('button', { name: /^Diego Siciliani/ })
      .first()
      .click();
    const card = page.getByRole('region', {
      name: 'Prep card for the 1-on-1 of Alex Wilber and Diego Siciliani',
    });
    await card.getByText('Suggested talking points').waitFor();
    await card.getByText('Sign 5 new enterprise customers').first().waitFor();
    await card.getByText('☐ Ask Lidia for the SSO ship date').waitFor();
    expect(await card.locator('.ac-adaptiveCard').count()).toBe(1);
    await page.getByRole('checkbox', { name: 'Ask Lidia for the SSO ship date' }).waitFor();
    expect(await page.getByText('from an earlier 1-on-1').count()).toBeGreaterThan(0);
    await saveScreenshot(page, 'one-on-ones-01-prep-card');
  });

  it('adds an action item and a shared note', async () => {
    await page.getByLabel('New action item').fill('Send Diego the Northwind pricing approval');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page
      .getByRole('checkbox', { name: 'Send Diego the Northwind pricing approval' })
      .waitFor();
    await page.getByLabel('Add a note').fill('Diego leads the Contoso Pharma security review.');
    await page.getByRole('button', { name: 'Save note' }).click();
    await page.getByText('Diego leads the Contoso Pharma security review.').waitFor();
    await page.getByRole('checkbox', { name: 'Ask Lidia for the SSO ship date' }).click();
    await page
      .getByRole('checkbox', { name: 'Ask Lidia for the SSO ship date', checked: true })
      .waitFor();
    await saveScreenshot(page, 'one-on-ones-02-notes-and-action-items');
  });

  it('opens the card of a meeting from its Teams chat id, as the side panel does', async () => {
    const next = diegoMeetings.find((item) => Date.parse(item.endsAt) >= Date.now())!;
    await page.goto(`${stack.tabUrl}#/one-on-ones?chat=${encodeURIComponent(next.chatThreadId!)}`);
    await page.reload();
    const card = page.getByRole('region', {
      name: 'Prep card for the 1-on-1 of Alex Wilber and Diego Siciliani',
    });
    await card.getByText('Suggested talking points').waitFor();
    await saveScreenshot(page, 'one-on-ones-03-by-meeting-chat');
    expect(pageErrors).toEqual([]);
  });
});
