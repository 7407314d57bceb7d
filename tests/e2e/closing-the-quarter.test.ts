/**
 * Closing the quarter in the Teams tab, in a plain browser against the real server,
 * database and sandbox: an admin closes the demo cycle from its review, an owner overrides
 * a score with a reason and the review shows both, the business review prints (screenshot of
 * the print rendering) and its deck downloads as a valid .pptx that is read back here — and
 * a peer's export holds none of the evidence restricted to the owner and their managers.
 */
import { readFile } from 'node:fs/promises';
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import type { Cycle } from '@throughline/contracts';
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
import { currentQuarter, startTestStack, type TestStack } from './support/stack';

jest.setTimeout(180000);

let stack: TestStack;
let browser: RunningBrowser;
let page: Page;
let quarter: ContosoQuarter;
let evidence: Awaited<ReturnType<typeof attachDemoEvidence>>;
let pageErrors: string[];
let nextCycle: Cycle;
const restrictedTitle = 'Commission split dispute with Northwind';

beforeAll(async () => {
  stack = await startTestStack('closingquarter');
  quarter = await arrangeContosoQuarter(stack);
  evidence = await attachDemoEvidence(stack, quarter.diego, quarter.customersKeyResult.id);
  await quarter.diego.evidence.attachLink({
    target: { kind: 'keyResult', id: quarter.customersKeyResult.id },
    url: 'https://contoso.example/hr/commission-split',
    title: restrictedTitle,
    visibility: 'owner_and_manager',
  });
  await quarter.diego.keyResults.checkIn(quarter.customersKeyResult.id, {
    version: (await quarter.diego.keyResults.get(quarter.customersKeyResult.id)).version,
    value: 2,
    confidence: 6,
    status: 'at_risk',
    note: 'Northwind signed; Contoso Pharma is in legal review.',
  });
  // The quarter after, for carrying unfinished work over.
  const next = currentQuarter(
    new Date(Date.parse(`${quarter.cycle.endsOn}T00:00:00Z`) + 86_400_000),
  );
  nextCycle = await (await stack.apiAs('Megan Bowen')).cycles.create({ ...next, kind: 'quarter' });
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

async function signInAs(name: string) {
  await page.goto(stack.tabUrl);
  const switchPerson = page.getByRole('button', { name: 'Switch person' });
  const picker = page.getByRole('searchbox', { name: 'Find a demo person' });
  await Promise.race([switchPerson.waitFor(), picker.waitFor()]);
  if (await switchPerson.isVisible()) await switchPerson.click();
  await picker.fill(name.split(' ')[0]!);
  await page.getByRole('button', { name: new RegExp(`^Sign in as ${name}`) }).click();
  await page.getByRole('heading', { name: 'My OKRs' }).waitFor();
}

async function slideText(bytes: ArrayBuffer | Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const slides = Object.keys(zip.files).filter((name) => /^ppt\/slides\/slide\d+\.xml$/.test(name));
  expect(slides.length).toBeGreaterThanOrEqual(5);
  expect(zip.file('[Content_Types].xml')).not.toBeNull();
  return (await Promise.all(slides.map((name) => zip.file(name)!.async('string')))).join('\n');
}

describe('closing the quarter in the Teams tab', () => {
  it('lets the admin review the scores closing will record, then close the cycle', async () => {
    await signInAs('Megan Bowen');
    await page.getByRole('tab', { name: 'Admin' }).click();
    await page.getByRole('link', { name: `Review ${quarter.cycle.name}` }).click();
    await page.getByRole('heading', { name: `Review ${quarter.cycle.name}`, level: 1 }).waitFor();
    const objective = page.getByRole('region', { name: 'Win the big London accounts' });
    const keyResults = objective.getByRole('table', {
      name: 'Key results of Win the big London accounts',
    });
    // 2 of 5 customers: closing would record 0.4; the renewal is done: 1.0.
    await keyResults
      .getByRole('row', { name: /Sign 5 new enterprise customers/ })
      .getByText('would score 0.4')
      .waitFor();
    await keyResults
      .getByRole('row', { name: /Renew Fabrikam/ })
      .getByText('would score 1.0')
      .waitFor();
    await expectNoSeriousAxeViolations();
    await saveScreenshot(page, 'quarter-01-review-open');

    await page.getByRole('button', { name: `Close ${quarter.cycle.name}` }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByRole('button', { name: 'Close cycle and record scores' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText(`Closed ${quarter.cycle.name}: scores are recorded`).waitFor();
    await keyResults
      .getByRole('row', { name: /Sign 5 new enterprise customers/ })
      // Exact: "would score 0.4" holds these words too.
      .getByText('Score 0.4', { exact: true })
      .waitFor();
    await page
      .getByRole('button', { name: `Close ${quarter.cycle.name}`, exact: true })
      .waitFor({ state: 'detached' });
  });

  it('lets the owner override a score with a reason, and the review shows both', async () => {
    await signInAs('Diego Siciliani');
    // A closed cycle offers its scores and the person's quarter instead of a new objective.
    await page.getByRole('link', { name: 'Scores and carry-over' }).click();
    await page.getByRole('heading', { name: `Review ${quarter.cycle.name}`, level: 1 }).waitFor();
    await page
      .getByRole('button', { name: 'Override the score of Sign 5 new enterprise customers' })
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/Score \(0\.0 to 1\.0\)/).fill('0.6');
    await dialog.getByLabel(/Reason/).fill('Contoso Pharma signed on 2 January; legal held it.');
    await dialog.getByRole('button', { name: 'Save score' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page
      .getByRole('table', { name: 'Key results of Win the big London accounts' })
      .getByRole('row', { name: /Sign 5 new enterprise customers/ });
    await row.getByText('Score 0.6 ✎', { exact: true }).waitFor();
    await row
      .getByText('(computed 0.4; Contoso Pharma signed on 2 January; legal held it.)')
      .waitFor();
    await expectNoSeriousAxeViolations();
    await saveScreenshot(page, 'quarter-02-review-closed');

    // The score is on the key result's own page too.
    await row.getByRole('link', { name: 'Sign 5 new enterprise customers' }).click();
    await page
      .getByRole('heading', { name: 'Sign 5 new enterprise customers', level: 1 })
      .waitFor();
    await page
      .getByText(/Score 0\.6 \(computed 0\.4; Contoso Pharma signed on 2 January/)
      .first()
      .waitFor();
  });

  it('lets the owner note what was learned and carry the unfinished objective to the next quarter', async () => {
    await page.getByRole('link', { name: `Review ${quarter.cycle.name}` }).click();
    await page.getByRole('heading', { name: `Review ${quarter.cycle.name}`, level: 1 }).waitFor();
    const objective = page.getByRole('region', { name: 'Win the big London accounts' });
    await objective.getByRole('button', { name: 'Add what we learned' }).click();
    let dialog = page.getByRole('dialog');
    await dialog
      .getByLabel(/What we learned/)
      .fill('Procurement wants the SSO terms before legal review, not after.');
    await dialog.getByRole('button', { name: 'Add learning' }).click();
    await dialog.waitFor({ state: 'detached' });
    await objective
      .getByText('Procurement wants the SSO terms before legal review, not after.')
      .waitFor();

    await objective.getByRole('button', { name: 'Carry over' }).click();
    dialog = page.getByRole('dialog');
    expect(await dialog.getByLabel(/Carry to/).inputValue()).toBe(nextCycle.id);
    await dialog.getByRole('button', { name: 'Carry over' }).click();
    await dialog.waitFor({ state: 'detached' });
    await objective.getByRole('link', { name: 'Carried over: open the copy' }).click();
    await page.getByRole('heading', { name: 'Win the big London accounts', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'this objective from an earlier cycle' }).waitFor();
    // Only the unfinished key result came along, starting where it ended.
    await page.getByRole('link', { name: 'Sign 5 new enterprise customers' }).waitFor();
    expect(await page.getByRole('link', { name: 'Renew Fabrikam for three years' }).count()).toBe(
      0,
    );
    await page.getByText('2 customers of 5 customers').waitFor();
    await expectNoSeriousAxeViolations();
    await saveScreenshot(page, 'quarter-03-carried-over');
  });

  it('prints the team’s business review and downloads its deck with the evidence as footnotes', async () => {
    await page.goto(
      `${stack.tabUrl}#/business-review?cycleId=${quarter.cycle.id}&teamId=${quarter.salesTeam.id}`,
    );
    await page.getByRole('heading', { name: 'Sales EMEA: business review', level: 1 }).waitFor();
    const evidenceList = page.getByRole('region', { name: 'Evidence' });
    await evidenceList.getByText(evidence.subject, { exact: false }).waitFor();
    // Diego owns the key result, so he sees what is restricted to him and his managers.
    await evidenceList.getByText(restrictedTitle, { exact: false }).waitFor();
    await expectNoSeriousAxeViolations();
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: 'Download PowerPoint' }).isVisible()).toBe(false);
    await saveScreenshot(page, 'quarter-04-business-review-print');
    await page.emulateMedia({ media: 'screen' });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download PowerPoint' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(
      `Sales EMEA – ${quarter.cycle.name} business review.pptx`,
    );
    const text = await slideText(await readFile((await download.path())!));
    expect(text).toContain('Win the big London accounts');
    expect(text).toContain('0.6 (computed 0.4)');
    expect(text).toContain(evidence.subject);
    expect(text).toContain(restrictedTitle);
  });

  it('leaves restricted evidence out of a peer’s export', async () => {
    const lidia = await stack.apiAs('Lidia Holloway');
    const review = await lidia.businessReview.get({
      cycleId: quarter.cycle.id,
      teamId: quarter.salesTeam.id,
    });
    expect(review.footnotes.map((note) => note.title)).toContain(evidence.subject);
    expect(JSON.stringify(review)).not.toContain(restrictedTitle);
    const deck = await lidia.businessReview.deck({
      cycleId: quarter.cycle.id,
      teamId: quarter.salesTeam.id,
    });
    const text = await slideText(await deck.arrayBuffer());
    expect(text).toContain(evidence.subject);
    expect(text).not.toContain(restrictedTitle);
  });

  it('raised no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
