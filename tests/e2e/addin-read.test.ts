/**
 * The Outlook add-in's read pane end to end, on the production page with Office.js
 * replaced by the test stand-in: the open email is a real message of Diego's sandbox
 * mailbox, the pane signs in through Office SSO (nested app authentication reported as
 * unsupported), attaches the email to a key result through the real server and the
 * sandbox Graph, and the evidence shows in the API and in the Teams tab. Attaching again
 * adds nothing; Graph answering 503 stores nothing and says so.
 */
import type { Page } from 'playwright-core';
import { findSeedMessages, type SeedMessage } from '@throughline/sandbox';
import { describeViolations, seriousAxeViolations } from './support/axe';
import {
  collectPageErrors,
  launchBrowser,
  saveScreenshot,
  type RunningBrowser,
} from './support/browser';
import { arrangeContosoQuarter, type ContosoQuarter } from './support/okr-fixtures';
import { openOutlookPane, outlookMessageOf, type OutlookPane } from './support/outlook-pane';
import { startTestStack, type DemoPerson, type TestStack } from './support/stack';

jest.setTimeout(180000);

let stack: TestStack;
let browser: RunningBrowser;
let page: Page;
let quarter: ContosoQuarter;
let diego: DemoPerson;
let signedOrder: SeedMessage;
let launchConfirmed: SeedMessage;
let pageErrors: string[];

beforeAll(async () => {
  stack = await startTestStack('addinread');
  quarter = await arrangeContosoQuarter(stack);
  diego = await stack.person('Diego Siciliani');
  const mailbox = findSeedMessages(diego.tenantId, diego.id);
  signedOrder = mailbox.find((message) => message.key === 'northwind-signed-order')!;
  launchConfirmed = mailbox.find((message) => message.key === 'launch-confirmed')!;
  browser = await launchBrowser({ viewport: { width: 350, height: 900 } });
  page = await browser.newPage();
  pageErrors = collectPageErrors(page);
});

afterAll(async () => {
  await fetch(`${stack?.graphUrl}/_sandbox/faults`, { method: 'DELETE' }).catch(() => undefined);
  await browser?.close();
  await stack?.stop();
});

afterEach(() => {
  // Failed requests are logged by the browser and expected in some tests; uncaught errors never are.
  expect(pageErrors.filter((error) => error.startsWith('pageerror'))).toEqual([]);
  pageErrors.length = 0;
});

const openReadPane = (message: SeedMessage) =>
  openOutlookPane(page, {
    url: `${stack.addinUrl}read.html`,
    identityUrl: stack.identityUrl,
    person: diego,
    message: outlookMessageOf(message),
  });

async function expectNoSeriousAxeViolations() {
  const violations = await seriousAxeViolations(page);
  if (violations.length > 0)
    throw new Error(`axe-core found serious violations:\n${describeViolations(violations)}`);
}

async function attachTo(keyResultTitle: string, note?: string) {
  await page
    .getByRole('radio', { name: new RegExp(keyResultTitle) })
    .first()
    .check();
  if (note) await page.getByLabel(/Why this proves progress/).fill(note);
  await page.getByRole('button', { name: 'Attach', exact: true }).click();
}

const evidenceOf = (keyResultId: string) =>
  quarter.diego.evidence.list({ keyResultId }).then((page) => page.items);

describe('the read pane in Outlook', () => {
  let pane: OutlookPane;

  it('shows the open email and signs in through Office SSO when nested app authentication is not available', async () => {
    pane = await openReadPane(signedOrder);
    await page.getByRole('heading', { name: 'Attach to OKR' }).waitFor();
    await page.getByRole('heading', { name: signedOrder.subject }).waitFor();
    await page
      .getByText('From Northwind Traders Procurement <procurement@northwind.example>')
      .waitFor();
    await page.getByRole('radio', { name: /Sign 5 new enterprise customers/ }).waitFor();
    expect(await pane.tokenRequests()).toBeGreaterThanOrEqual(1);
    const calls = await pane.calls();
    expect(calls).toContainEqual({
      method: 'requirements.isSetSupported',
      name: 'NestedAppAuth',
      version: '1.1',
    });
    expect(calls).toContainEqual({
      method: 'mailbox.convertToRestId',
      itemId: outlookMessageOf(signedOrder).itemId,
      restVersion: 'v2.0',
    });
    // Mine first: Diego's key results are listed, his team's (Alex's) below them.
    await page
      .getByRole('radiogroup', { name: "My team's" })
      .getByRole('radio', { name: /Qualified pipeline of €6m/ })
      .waitFor();
    await expectNoSeriousAxeViolations();
    await saveScreenshot(page, 'addin-read-01-open-email');
  });

  it('attaches the email to a key result and lists it as already attached', async () => {
    await attachTo('Sign 5 new enterprise customers', 'Northwind signed for 240 seats');
    await page
      .getByText('This email is now evidence for “Sign 5 new enterprise customers”.')
      .waitFor();
    const attachedList = page.getByRole('list', { name: 'Already attached to' });
    await attachedList.getByText('Sign 5 new enterprise customers').waitFor();
    const link = page.getByRole('link', { name: 'Open the key result in Throughline' });
    expect(await link.getAttribute('href')).toBe(
      `${stack.serverUrl}/tab/#/key-results/${quarter.customersKeyResult.id}`,
    );
    await page.getByRole('button', { name: 'Check in on this key result' }).waitFor();
    await expectNoSeriousAxeViolations();
    await saveScreenshot(page, 'addin-read-02-attached');
  });

  it('stored the evidence with the message’s ids and snapshot, as the API shows', async () => {
    const items = await evidenceOf(quarter.customersKeyResult.id);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      kind: 'email',
      target: { kind: 'keyResult', id: quarter.customersKeyResult.id },
      source: { internetMessageId: signedOrder.internetMessageId },
      snapshot: {
        subject: signedOrder.subject,
        from: { name: 'Northwind Traders Procurement', address: 'procurement@northwind.example' },
      },
    });
    expect(items[0]!.attachedBy[0]!.note).toBe('Northwind signed for 240 seats');
    const byInternetId = await quarter.diego.evidence.byMessage({
      internetMessageId: signedOrder.internetMessageId,
    });
    expect(byInternetId.items.map((item) => item.id)).toEqual([items[0]!.id]);
  });

  it('shows it as already attached when the email is opened again, and attaching again adds nothing', async () => {
    await openReadPane(signedOrder);
    const attachedList = page.getByRole('list', { name: 'Already attached to' });
    await attachedList.getByText('Sign 5 new enterprise customers').waitFor();
    await page
      .getByRole('radio', { name: /Sign 5 new enterprise customers.*Already attached/ })
      .first()
      .waitFor();
    await attachTo('Sign 5 new enterprise customers');
    await page
      .getByText(
        'This email was already evidence for “Sign 5 new enterprise customers”. Nothing new was added.',
      )
      .waitFor();
    expect(await evidenceOf(quarter.customersKeyResult.id)).toHaveLength(1);
    expect(await attachedList.getByRole('listitem').count()).toBe(1);
  });

  it('shows the evidence on the key result in the Teams tab', async () => {
    const tab = await browser.newPage();
    await tab.setViewportSize({ width: 1280, height: 900 });
    // The tab's development sign-in remembers the person for the browser tab.
    await tab.addInitScript(
      (identity) =>
        (
          globalThis as unknown as { sessionStorage: { setItem(key: string, value: string): void } }
        ).sessionStorage.setItem('throughline.devSignIn', JSON.stringify(identity)),
      { tenantId: diego.tenantId, userId: diego.id, displayName: diego.displayName },
    );
    await tab.goto(`${stack.tabUrl}#/key-results/${quarter.customersKeyResult.id}`);
    await tab.getByRole('heading', { name: 'Sign 5 new enterprise customers' }).first().waitFor();
    await tab.getByText(signedOrder.subject).first().waitFor();
    await tab.getByText('“Northwind signed for 240 seats”').waitFor();
    await saveScreenshot(tab, 'addin-read-03-evidence-in-tab');
    await tab.close();
  });

  it('says Microsoft 365 is not answering when Graph answers 503, stores nothing, and attaches on retry once Graph is back', async () => {
    await openReadPane(launchConfirmed);
    await page.getByRole('radio', { name: /Renew Fabrikam for three years/ }).waitFor();
    const fault = await fetch(`${stack.graphUrl}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pathPattern: '/messages/', status: 503 }),
    });
    expect(fault.ok).toBe(true);
    await attachTo('Renew Fabrikam for three years');
    const alert = page.getByRole('alert');
    await alert.getByText('Microsoft 365 is not answering').waitFor({ timeout: 60000 });
    expect(await alert.innerText()).toContain('Nothing was attached');
    await saveScreenshot(page, 'addin-read-04-graph-unavailable');
    expect(await evidenceOf(quarter.renewalKeyResult.id)).toHaveLength(0);
    expect(
      (
        await quarter.diego.evidence.byMessage({
          internetMessageId: launchConfirmed.internetMessageId,
        })
      ).items,
    ).toHaveLength(0);

    await fetch(`${stack.graphUrl}/_sandbox/faults`, { method: 'DELETE' });
    await alert.getByRole('button', { name: 'Try again' }).click();
    await page
      .getByText('This email is now evidence for “Renew Fabrikam for three years”.')
      .waitFor({ timeout: 30000 });
    expect(await evidenceOf(quarter.renewalKeyResult.id)).toHaveLength(1);
  });

  it('detaches the email from the pane', async () => {
    await page.getByRole('button', { name: 'Detach from Renew Fabrikam for three years' }).click();
    await page
      .getByText('Detached from “Renew Fabrikam for three years”. The email itself is unchanged.')
      .waitFor();
    expect(await evidenceOf(quarter.renewalKeyResult.id)).toHaveLength(0);
  });
});
