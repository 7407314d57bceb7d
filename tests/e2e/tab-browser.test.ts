/**
 * The Teams tab in a plain browser, end to end: development sign-in as a demo person,
 * their OKRs, a check-in that shows up in the chart and the timeline, a key result with
 * evidence, the team's alignment tree — with axe-core on every view and a screenshot of
 * each under artifacts/screenshots/.
 */
import type { Page } from 'playwright-core';
import { describeViolations, seriousAxeViolations } from './support/axe';
import {
  collectPageErrors,
  launchBrowser,
  saveScreenshot,
  type RunningBrowser,
} from './support/browser';
import {
  arrangeContosoQuarter,
  attachDemoEvidence,
  type ContosoQuarter,
} from './support/okr-fixtures';
import { startTestStack, type TestStack } from './support/stack';

jest.setTimeout(180000);

let stack: TestStack;
let browser: RunningBrowser;
let page: Page;
let quarter: ContosoQuarter;
let evidence: Awaited<ReturnType<typeof attachDemoEvidence>>;
let pageErrors: string[];

beforeAll(async () => {
  stack = await startTestStack('tabbrowser');
  quarter = await arrangeContosoQuarter(stack);
  evidence = await attachDemoEvidence(stack, quarter.diego, quarter.customersKeyResult.id);
  // Evidence on a deliverable shows on its key result's page too.
  const [proposal] = (await quarter.diego.keyResults.get(quarter.customersKeyResult.id))
    .deliverables;
  await quarter.diego.evidence.attachLink({
    target: { kind: 'deliverable', id: proposal!.id },
    url: 'https://contoso.example/northwind/proposal-draft',
    title: 'Northwind proposal draft',
  });
  // A blocked deliverable is a risk on any day of the quarter: the views must explain it.
  await quarter.diego.deliverables.create({
    keyResultId: quarter.customersKeyResult.id,
    title: 'Legal review of the Northwind order form',
    state: 'blocked',
  });
  browser = await launchBrowser();
  page = await browser.newPage();
  pageErrors = collectPageErrors(page);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function expectNoSeriousAxeViolations() {
  const violations = await seriousAxeViolations(page);
  if (violations.length > 0)
    throw new Error(`axe-core found serious violations:\n${describeViolations(violations)}`);
}

describe('the Teams tab in a plain browser', () => {
  it('offers the development sign-in at once, with no wait for a Teams host', async () => {
    const started = Date.now();
    await page.goto(stack.tabUrl);
    await page.getByRole('heading', { name: 'Sign in to Throughline' }).waitFor();
    expect(Date.now() - started).toBeLessThan(15000);
    await expectNoSeriousAxeViolations();
    await saveScreenshot(page, 'tab-01-sign-in');
  });

  it('signs in as Diego and shows his OKRs with progress, status, owners and what is due', async () => {
    await page.getByRole('searchbox', { name: 'Find a demo person' }).fill('Diego');
    await page.getByRole('button', { name: /^Sign in as Diego Siciliani/ }).click();
    await page.getByRole('heading', { name: 'My OKRs' }).waitFor();
    const card = page.getByRole('article', { name: 'Win the big London accounts' });
    await card.waitFor();
    await card.getByRole('link', { name: 'Sign 5 new enterprise customers' }).waitFor();
    expect(
      await card
        .getByRole('progressbar', { name: 'Progress of Sign 5 new enterprise customers' })
        .getAttribute('aria-valuetext'),
    ).toBe('0%');
    expect(await card.getByText('0 customers of 5 customers').count()).toBe(1);
    expect(await page.getByText('Signed in as: Diego Siciliani').count()).toBe(1);
    await page
      .getByRole('region', { name: 'Risks, and why' })
      .getByText('“Legal review of the Northwind order form” is blocked.')
      .waitFor();
    await expectNoSeriousAxeViolations();
    await saveScreenshot(page, 'tab-02-my-okrs');
  });

  it('checks in: the server’s message appears next to the value, then the saved check-in updates the row', async () => {
    await page
      .getByRole('button', { name: 'Check in on Sign 5 new enterprise customers' })
      .first()
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByLabel(/New value/).fill('');
    await dialog.getByLabel(/Note/).fill('Northwind signed; Contoso Pharma is in legal review.');
    await dialog.getByRole('button', { name: 'Save check-in' }).click();
    // The server refuses a value that is not a number, and says so beside the field; the note is kept.
    const valueField = dialog.getByLabel(/New value/);
    await dialog.locator('input[type="number"][aria-invalid="true"]').waitFor();
    const valueMessage = await dialog
      .locator(`[id="${(await valueField.getAttribute('aria-describedby'))?.split(' ')[0]}"]`)
      .innerText();
    expect(valueMessage.length).toBeGreaterThan(0);
    expect(await dialog.getByLabel(/Note/).inputValue()).toBe(
      'Northwind signed; Contoso Pharma is in legal review.',
    );
    await expectNoSeriousAxeViolations();
    await saveScreenshot(page, 'tab-03-check-in-validation');

    await valueField.fill('2');
    await dialog.getByRole('radio', { name: 'At risk' }).check();
    await dialog.getByRole('button', { name: 'Save again' }).click();
    await dialog.waitFor({ state: 'detached' });
    const card = page.getByRole('article', { name: 'Win the big London accounts' });
    await card.getByText('2 customers of 5 customers').waitFor();
    expect(
      await card
        .getByRole('progressbar', { name: 'Progress of Sign 5 new enterprise customers' })
        .getAttribute('aria-valuetext'),
    ).toBe('40%');
  });

  it('opens the key result: the check-in is in the chart, the feed and the timeline, next to its evidence', async () => {
    await page.getByRole('link', { name: 'Sign 5 new enterprise customers' }).first().click();
    await page
      .getByRole('heading', { name: 'Sign 5 new enterprise customers', level: 1 })
      .waitFor();
    expect(page.url()).toContain(`#/key-results/${quarter.customersKeyResult.id}`);
    const chart = page.getByTestId('check-in-chart');
    await chart.waitFor();
    expect(await chart.getByTestId('check-in-point').count()).toBe(1);
    expect(await chart.getByTestId('ideal-pace').count()).toBe(1);
    await page
      .getByTestId('check-in-entry')
      .getByText('Northwind signed; Contoso Pharma is in legal review.')
      .waitFor();
    await page.getByTestId('narrative-event').first().waitFor();
    const timeline = await page.getByRole('list', { name: 'Timeline, newest first' }).innerText();
    expect(timeline).toMatch(/check/i);
    await page
      .getByTestId('deliverable')
      .getByText('Send the Northwind proposal with SSO terms')
      .waitFor();

    const evidenceRegion = page.getByRole('region', { name: 'Evidence' });
    await evidenceRegion.getByText(evidence.subject).waitFor();
    await evidenceRegion.getByText(evidence.fileName).waitFor();
    expect(await evidenceRegion.locator('[data-evidence-kind="email"]').count()).toBe(1);
    await page
      .getByRole('region', { name: 'Risks' })
      .getByText('“Legal review of the Northwind order form” is blocked.')
      .waitFor();
    await evidenceRegion
      .getByTestId('evidence-deliverable')
      .getByText('On the deliverable “Send the Northwind proposal with SSO terms”')
      .waitFor();
    expect(await evidenceRegion.locator('[data-document-type="word"]').count()).toBe(1);
    await expectNoSeriousAxeViolations();
    await saveScreenshot(page, 'tab-04-key-result');
  });

  it('opens what Throughline kept of the email: sender, preview, who attached it and why', async () => {
    await page
      .getByRole('region', { name: 'Evidence' })
      .getByRole('link', { name: evidence.subject })
      .click();
    await page.getByRole('heading', { name: evidence.subject, level: 1 }).waitFor();
    expect(page.url()).toMatch(/#\/evidence\/[0-9a-f]{32}$/);
    const kept = page.getByRole('region', { name: 'What Throughline kept' });
    await kept.getByText('Kwame Mensah <kwame@northwind.example>').waitFor();
    await kept.getByText(/Please find the signed order form attached/).waitFor();
    // Diego attached it from his mailbox, so his own copy opens in Outlook.
    expect(await kept.getByRole('link', { name: 'Open in Outlook' }).getAttribute('href')).toMatch(
      /^https:\/\/outlook\./,
    );
    await page
      .getByRole('region', { name: 'Who attached it, and why' })
      .getByText('“The customer signed”')
      .waitFor();
    await expectNoSeriousAxeViolations();
    await saveScreenshot(page, 'tab-04b-evidence');
    await page.getByRole('link', { name: '“Sign 5 new enterprise customers”' }).click();
    await page
      .getByRole('heading', { name: 'Sign 5 new enterprise customers', level: 1 })
      .waitFor();
  });

  it('takes feedback on a check-in and shows it under the check-in and in the timeline', async () => {
    await page.getByRole('button', { name: 'Comment or give feedback' }).click();
    await page.getByRole('radio', { name: 'Feedback' }).check();
    await page
      .getByLabel('Your feedback')
      .fill('Great progress — ask Lidia for the SSO date before Friday.');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page
      .getByRole('list', { name: 'Comments' })
      .getByText('Great progress — ask Lidia for the SSO date before Friday.')
      .waitFor();
  });

  it('shows the whole weekly digest: the check-in and the evidence of this week', async () => {
    await page.getByRole('tab', { name: 'Your week' }).click();
    await page.getByRole('heading', { name: 'Your week in OKRs', level: 1 }).waitFor();
    expect(page.url()).toContain('#/digest');
    await page
      .getByRole('region', { name: /^Check-ins/ })
      .getByRole('link', { name: 'Sign 5 new enterprise customers' })
      .waitFor();
    await page
      .getByRole('region', { name: /^Evidence attached/ })
      .getByText('Signed order: Northwind Traders, 240 seats')
      .waitFor();
    await expectNoSeriousAxeViolations();
    await saveScreenshot(page, 'tab-05a-digest');
    await page.getByRole('button', { name: 'Previous week' }).click();
    await page.getByText('A quiet week').waitFor();
  });

  it("switches to the team view: the alignment tree from company to Diego's key results, dependencies and the at-risk filter", async () => {
    await page.getByRole('tab', { name: 'Team' }).click();
    await page.getByRole('heading', { name: 'Sales EMEA OKRs' }).waitFor();
    const tree = page.getByRole('list', { name: 'Alignment tree' });
    await tree.waitFor();
    for (const title of [
      'Grow revenue in EMEA',
      'Build the EMEA enterprise pipeline',
      'Win the big London accounts',
      'Sign 5 new enterprise customers',
    ]) {
      await tree.getByRole('link', { name: title }).waitFor();
    }
    await page
      .getByRole('region', { name: 'Risks, and why' })
      .getByText('“Legal review of the Northwind order form” is blocked.')
      .waitFor();
    const weWaitOn = page.getByRole('region', { name: 'We wait on' });
    await weWaitOn.getByText('Ship single sign-on for enterprise tenants').waitFor();
    await expectNoSeriousAxeViolations();
    await saveScreenshot(page, 'tab-05-team');

    // The switch follows the address (a hash change, then a render): on a busy machine its
    // state lags the click, which `check()` would take for a click that did nothing.
    await page.getByRole('switch', { name: 'Only at-risk items' }).click();
    await page.waitForURL(/atRiskOnly=true/);
    await page.getByRole('switch', { name: 'Only at-risk items', checked: true }).waitFor();
    await tree.getByRole('link', { name: 'Sign 5 new enterprise customers' }).waitFor();
    await tree
      .getByRole('link', { name: 'Renew Fabrikam for three years' })
      .waitFor({ state: 'detached' });
    await saveScreenshot(page, 'tab-06-team-at-risk');
  });

  it('opens a key result from its deep link and stays signed in across a reload', async () => {
    await page.goto(`${stack.tabUrl}#/key-results/${quarter.renewalKeyResult.id}`);
    await page.reload();
    await page.getByRole('heading', { name: 'Renew Fabrikam for three years', level: 1 }).waitFor();
    await page
      .getByTestId('check-in-entry')
      .getByText('Fabrikam signed the three-year renewal on Friday.')
      .waitFor();
  });

  it('opens the 1-on-1s view from the navigation', async () => {
    await page.getByRole('tab', { name: '1-on-1s' }).click();
    await page.getByRole('heading', { name: '1-on-1s', level: 1 }).waitFor();
    expect(page.url()).toContain('#/one-on-ones');
    await expectNoSeriousAxeViolations();
    await saveScreenshot(page, 'tab-07-one-on-ones');
  });

  it('lets the developer switch to another demo person', async () => {
    await page.getByRole('button', { name: 'Switch person' }).click();
    await page.getByRole('button', { name: /^Sign in as Alex Wilber/ }).click();
    await page.getByText('Signed in as: Alex Wilber').waitFor();
    await page.getByRole('tab', { name: 'My OKRs' }).click();
    await page.getByRole('article', { name: 'Build the EMEA enterprise pipeline' }).waitFor();
    expect(pageErrors.filter((error) => !/Failed to load resource/.test(error))).toEqual([]);
  });
});
