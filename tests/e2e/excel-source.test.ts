/**
 * An Excel-fed key result in the Teams tab, end to end: Diego links his key result to the
 * demo Pipeline.xlsx by its sharing link and a named range, sees what the cell holds, and
 * after the job has run sees the check-in from Excel; a cell with no number shows its
 * error on the page. axe-core checks the page; screenshots go to artifacts/screenshots/.
 */
import type { Page } from 'playwright-core';
import { CONTOSO_TENANT_ID, findSeedDriveItems, sharingUrlFor } from '@throughline/sandbox';
import type { KeyResult } from '@throughline/contracts';
import { describeViolations, seriousAxeViolations } from './support/axe';
import {
  collectPageErrors,
  launchBrowser,
  saveScreenshot,
  type RunningBrowser,
} from './support/browser';
import { arrangeContosoQuarter, type ContosoQuarter } from './support/okr-fixtures';
import { startTestStack, type TestStack } from './support/stack';

jest.setTimeout(180000);

let stack: TestStack;
let browser: RunningBrowser;
let page: Page;
let quarter: ContosoQuarter;
let keyResult: KeyResult;
let pageErrors: string[];
let pipelineUrl: string;

beforeAll(async () => {
  stack = await startTestStack('excel');
  quarter = await arrangeContosoQuarter(stack);
  keyResult = await quarter.diego.keyResults.create({
    objectiveId: quarter.diegoObjective.id,
    title: 'Signed ARR in the pipeline',
    metric: { kind: 'currency', currency: 'EUR', start: 0, target: 500000 },
  });
  const diego = await stack.person('Diego Siciliani');
  const pipeline = findSeedDriveItems(CONTOSO_TENANT_ID, diego.id).find(
    (item) => item.name === 'Pipeline.xlsx',
  )!;
  pipelineUrl = sharingUrlFor(pipeline);
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

describe('an Excel-fed key result in the tab', () => {
  it('links the key result to a named range and shows what the cell holds', async () => {
    await page.goto(stack.tabUrl);
    await page.getByRole('searchbox', { name: 'Find a demo person' }).fill('Diego');
    await page.getByRole('button', { name: /^Sign in as Diego Siciliani/ }).click();
    await page.getByRole('heading', { name: 'My OKRs' }).waitFor();
    await page.goto(`${stack.tabUrl}#/key-results/${keyResult.id}`);
    await page.getByRole('heading', { name: keyResult.title, level: 1 }).waitFor();
    const excel = page.getByRole('region', { name: 'Excel source' });
    await excel.getByRole('textbox', { name: /^Workbook/ }).fill(pipelineUrl);
    await excel.getByRole('textbox', { name: /Cell or named range/ }).fill('SignedARR');
    await excel.getByRole('button', { name: 'Link' }).click();
    await excel.getByText('SignedARR in').waitFor();
    await excel.getByRole('link', { name: 'Pipeline.xlsx' }).waitFor();
    await excel.getByText(/Last read .*120/).waitFor();
    await page
      .getByRole('list', { name: 'Timeline, newest first' })
      .getByText(/linked “Signed ARR in the pipeline” to SignedARR in Pipeline\.xlsx/)
      .waitFor();
    await expectNoSeriousAxeViolations();
    await saveScreenshot(page, 'excel-01-linked');
  });

  it('shows the check-in from Excel once the job has read the cell', async () => {
    const megan = await stack.apiAs('Megan Bowen');
    const run = await megan.runJob('excel-sources');
    expect(run.sent).toBe(1);
    await page.reload();
    const entry = page.getByTestId('check-in-entry').first();
    await entry.getByText('From Excel', { exact: true }).waitFor();
    await entry.getByText('From Excel: SignedARR in Pipeline.xlsx').waitFor();
    await page
      .getByRole('region', { name: 'Evidence' })
      .getByText('Pipeline.xlsx', { exact: true })
      .first()
      .waitFor();
    await expectNoSeriousAxeViolations();
    await saveScreenshot(page, 'excel-02-checked-in');
  });

  it('shows a cell with no number as a warning on the key result', async () => {
    const excel = page.getByRole('region', { name: 'Excel source' });
    await excel.getByRole('button', { name: 'Unlink' }).click();
    await excel.getByRole('textbox', { name: /^Workbook/ }).fill(pipelineUrl);
    await excel.getByRole('textbox', { name: /Cell or named range/ }).fill('Sheet1!B8');
    await excel.getByRole('button', { name: 'Link' }).click();
    await excel.getByText('Excel could not be read').waitFor();
    await excel.getByText(/Cell Sheet1!B8 holds ‘n\/a’, not a number\./).waitFor();
    await expectNoSeriousAxeViolations();
    await saveScreenshot(page, 'excel-03-not-a-number');
    expect(pageErrors).toEqual([]);
  });
});
