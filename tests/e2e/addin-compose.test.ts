/**
 * The Outlook add-in's compose pane end to end: the production compose.html with the
 * Office.js stand-in holding a message being written; the person picks an objective, or
 * one of its key results, and its current status — progress, status and pace, key
 * results, last check-in — lands in the body.
 */
import type { Status } from '@throughline/contracts';
import type { Page } from 'playwright-core';
import { describeViolations, seriousAxeViolations } from './support/axe';
import {
  collectPageErrors,
  launchBrowser,
  saveScreenshot,
  type RunningBrowser,
} from './support/browser';
import { arrangeContosoQuarter, type ContosoQuarter } from './support/okr-fixtures';
import { openOutlookPane } from './support/outlook-pane';
import { startTestStack, type DemoPerson, type TestStack } from './support/stack';

jest.setTimeout(180000);

// The pane's words for a status (the shared status badge's labels).
const statusWords: Record<Status, string> = {
  not_started: 'Not started',
  on_track: 'On track',
  at_risk: 'At risk',
  off_track: 'Off track',
  done: 'Done',
};

let stack: TestStack;
let browser: RunningBrowser;
let page: Page;
let quarter: ContosoQuarter;
let diego: DemoPerson;
let pageErrors: string[];

beforeAll(async () => {
  stack = await startTestStack('addincompose');
  quarter = await arrangeContosoQuarter(stack);
  diego = await stack.person('Diego Siciliani');
  const customers = await quarter.diego.keyResults.get(quarter.customersKeyResult.id);
  await quarter.diego.keyResults.checkIn(customers.id, {
    version: customers.version,
    value: 2,
    confidence: 6,
    status: 'at_risk',
    note: 'Northwind signed; two more in legal review.',
  });
  browser = await launchBrowser({ viewport: { width: 350, height: 900 } });
  page = await browser.newPage();
  pageErrors = collectPageErrors(page);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the compose pane in Outlook', () => {
  it('inserts the chosen objective’s status into the message being written', async () => {
    const pane = await openOutlookPane(page, {
      url: `${stack.addinUrl}compose.html`,
      identityUrl: stack.identityUrl,
      person: diego,
      compose: { subject: 'Weekly status', body: '<p>Hi Alex, here is where we are:</p>' },
    });
    await page.getByRole('heading', { name: 'Insert OKR status' }).waitFor();
    const objectives = page.getByRole('combobox', { name: /Objective/ });
    await objectives
      .locator('option', { hasText: 'Win the big London accounts' })
      .waitFor({ state: 'attached' });
    // Mine first, then the team's objectives.
    const groups = await objectives
      .locator('optgroup')
      .evaluateAll((elements) =>
        elements.map((element) => [element.getAttribute('label'), element.textContent]),
      );
    expect(groups[0]![0]).toBe('My objectives');
    expect(groups[1]).toEqual([
      "My team's objectives",
      expect.stringContaining('Build the EMEA enterprise pipeline'),
    ]);
    await objectives.selectOption({ label: 'Win the big London accounts' });
    const preview = page.getByRole('region', { name: 'Preview of the status' });
    await preview.getByRole('cell', { name: 'Sign 5 new enterprise customers' }).waitFor();
    await page.getByRole('button', { name: 'Insert into message' }).click();
    await page.getByText('Inserted at the cursor.').waitFor();

    const body = await pane.body();
    expect(body.startsWith('<p>Hi Alex, here is where we are:</p>')).toBe(true);
    const inserted = await page.evaluate((html) => {
      const doc = new (
        globalThis as unknown as {
          DOMParser: new () => {
            parseFromString(
              text: string,
              type: string,
            ): {
              body: { textContent: string };
              querySelectorAll(selector: string): ArrayLike<{ textContent: string }>;
            };
          };
        }
      ).DOMParser().parseFromString(html, 'text/html');
      return {
        text: doc.body.textContent,
        rows: Array.from(doc.querySelectorAll('tbody tr')).map((row) => row.textContent),
      };
    }, body);
    expect(inserted.text).toContain('Win the big London accounts');
    expect(inserted.text).toMatch(/\d+% complete · (On track|At risk|Off track|Not started)/);
    expect(inserted.rows).toEqual([
      expect.stringContaining('Sign 5 new enterprise customers'),
      expect.stringContaining('Renew Fabrikam for three years'),
    ]);
    expect(inserted.rows[0]).toContain('2 customers of 5 customers');
    expect(inserted.text).toContain(
      'on “Sign 5 new enterprise customers” — 2 customers, at risk, confidence 6/10.',
    );
    expect(inserted.text).toContain('Open in Throughline');
    expect(await pane.calls()).toContainEqual(
      expect.objectContaining({ method: 'body.setSelectedDataAsync', coercionType: 'html' }),
    );

    const violations = await seriousAxeViolations(page);
    if (violations.length > 0)
      throw new Error(`axe-core found serious violations:\n${describeViolations(violations)}`);
    await saveScreenshot(page, 'addin-compose-01-inserted');
    expect(pageErrors.filter((error) => error.startsWith('pageerror'))).toEqual([]);
  });

  it('inserts one key result’s status, as the server reads it, into the message being written', async () => {
    const pane = await openOutlookPane(page, {
      url: `${stack.addinUrl}compose.html`,
      identityUrl: stack.identityUrl,
      person: diego,
      compose: { subject: 'Sales update', body: '<p>Hi Alex, one number for you:</p>' },
    });
    const objectives = page.getByRole('combobox', { name: /Objective/ });
    await objectives
      .locator('option', { hasText: 'Win the big London accounts' })
      .waitFor({ state: 'attached' });
    await objectives.selectOption({ label: 'Win the big London accounts' });
    const whatToInsert = page.getByRole('combobox', { name: 'What to insert' });
    await whatToInsert
      .locator('option', { hasText: 'Sign 5 new enterprise customers' })
      .waitFor({ state: 'attached' });
    const before = await quarter.diego.keyResults.get(quarter.customersKeyResult.id);
    await whatToInsert.selectOption({ label: 'Sign 5 new enterprise customers' });
    const preview = page.getByRole('region', { name: 'Preview of the status' });
    await preview.getByText('Key result of “Win the big London accounts”').waitFor();
    // The author's name comes from the people directory a moment after the key result.
    await preview.getByText(/^Last check-in: .* by Diego Siciliani — /).waitFor();
    await page.getByRole('button', { name: 'Insert into message' }).click();
    await page.getByText('Inserted at the cursor.').waitFor();
    const after = await quarter.diego.keyResults.get(quarter.customersKeyResult.id);

    const body = await pane.body();
    expect(body.startsWith('<p>Hi Alex, one number for you:</p>')).toBe(true);
    const text = await page.evaluate((html) => {
      const doc = new (
        globalThis as unknown as {
          DOMParser: new () => {
            parseFromString(text: string, type: string): { body: { textContent: string } };
          };
        }
      ).DOMParser().parseFromString(html, 'text/html');
      return doc.body.textContent;
    }, body);
    expect(text).toContain('Sign 5 new enterprise customers');
    expect(text).toContain('2 customers of 5 customers · 40% complete');
    // Diego reported at risk at his check-in; the pace is the server's for the moment of
    // the read, which the test reads just before and just after the pane did.
    const statusLine = /Status: (.+?) · Pace: (.+?) · Confidence 6\/10/.exec(text);
    expect(statusLine?.[1]).toBe('At risk');
    expect([statusWords[before.paceStatus], statusWords[after.paceStatus]]).toContain(
      statusLine?.[2],
    );
    expect(text).toContain('Diego Siciliani — 2 customers, at risk, confidence 6/10.');
    expect(text).not.toContain('Renew Fabrikam for three years');
    expect(body).toContain(`/tab/#/key-results/${quarter.customersKeyResult.id}`);
    await saveScreenshot(page, 'addin-compose-02-key-result');
  });

  it('puts the status on top when the cursor is not in the body', async () => {
    const pane = await openOutlookPane(page, {
      url: `${stack.addinUrl}compose.html`,
      identityUrl: stack.identityUrl,
      person: diego,
      compose: { subject: 'Weekly status', body: '<p>Regards, Diego</p>', hasCursor: false },
    });
    const objectives = page.getByRole('combobox', { name: /Objective/ });
    await objectives
      .locator('option', { hasText: 'Win the big London accounts' })
      .waitFor({ state: 'attached' });
    await objectives.selectOption({ label: 'Win the big London accounts' });
    await page.getByRole('button', { name: 'Insert into message' }).click();
    await page.getByText('Inserted at the top of your message.').waitFor();
    const body = await pane.body();
    expect(body.indexOf('Win the big London accounts')).toBeLessThan(
      body.indexOf('Regards, Diego'),
    );
  });

  it('outside Outlook (Office.js finds no host) offers the development sign-in at once and previews the status', async () => {
    const plain = await browser.newPage();
    const started = Date.now();
    await plain.goto(`${stack.addinUrl}compose.html`);
    await plain.getByRole('searchbox', { name: 'Find a demo person' }).fill('Diego');
    expect(Date.now() - started).toBeLessThan(15000);
    await plain.getByRole('button', { name: /^Sign in as Diego Siciliani/ }).click();
    const objectives = plain.getByRole('combobox', { name: /Objective/ });
    await objectives
      .locator('option', { hasText: 'Win the big London accounts' })
      .waitFor({ state: 'attached' });
    await objectives.selectOption({ label: 'Win the big London accounts' });
    await plain.getByRole('button', { name: 'Copy as text' }).waitFor();
    expect(await plain.getByRole('button', { name: 'Insert into message' }).count()).toBe(0);
    await plain.close();
  });
});
