/**
 * Day one in a tenant set up by the README alone (the sandbox's Northwind Traders: people,
 * managers, mail and a Global Administrator; no OKRs, no teams, no cycles, nobody holding
 * the OKR.Admin app role), in the browser: a colleague is told it is not set up and who
 * sets it up; the Global Administrator sets it up and becomes the first admin, brings the
 * people in from the directory, creates the first cycle and a team with its lead, and
 * imports last quarter's Viva Goals export (checked first, then imported) and gives the
 * imported objective its owner; then the salesperson finds it and checks in. Screenshots
 * of each step.
 */
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describeViolations, seriousAxeViolations } from './support/axe';
import {
  collectPageErrors,
  launchBrowser,
  saveScreenshot,
  type RunningBrowser,
} from './support/browser';
import { startTestStack, type TestStack } from './support/stack';

jest.setTimeout(180000);

let stack: TestStack;
let browser: RunningBrowser;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  stack = await startTestStack('dayone');
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
  const switchPerson = page.getByRole('button', { name: 'Switch person' });
  const findPerson = page.getByRole('searchbox', { name: 'Find a demo person' });
  // Signed in already (the switch button) or not yet (the search): wait for the page to say.
  await switchPerson.or(findPerson).first().waitFor();
  if (await switchPerson.isVisible()) await switchPerson.click();
  await findPerson.fill(name);
  await page.getByRole('button', { name: new RegExp(`^Sign in as ${name}`) }).click();
  await page.getByText(`Signed in as: ${name}`).waitFor();
}

describe('day one in a new tenant', () => {
  it('shows the privacy and terms pages the manifest links to, without signing in', async () => {
    for (const [file, heading] of [
      ['privacy.html', 'Privacy'],
      ['terms.html', 'Terms of use'],
    ] as const) {
      const response = await page.goto(`${stack.serverUrl}/tab/${file}`);
      expect(response?.status()).toBe(200);
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await expectNoSeriousAxeViolations();
    }
    await saveScreenshot(page, 'day-one-00-terms');
  });

  it('tells a colleague that Throughline is not set up yet, and who sets it up', async () => {
    await page.goto(stack.tabUrl);
    await signInAs('Nia Okafor');
    await page.getByText('No OKR cycle yet').waitFor();
    await page.getByText(/a Global Administrator of your organisation sets it up/).waitFor();
    expect(await page.getByRole('button', { name: 'Set up Throughline' }).count()).toBe(0);
    expect(await page.getByRole('tab', { name: 'Admin' }).count()).toBe(0);
    await expectNoSeriousAxeViolations();
    await saveScreenshot(page, 'day-one-01-not-set-up');
  });

  it('lets the Global Administrator set it up and become the first admin', async () => {
    await signInAs('Tom Becker');
    await page.getByText('Set up Throughline for your organisation').waitFor();
    await page.getByText(/As a Global Administrator, you can/).waitFor();
    await expectNoSeriousAxeViolations();
    await saveScreenshot(page, 'day-one-02-set-up');
    await page.getByRole('button', { name: 'Set up Throughline' }).click();
    await page.getByRole('heading', { name: 'Admin', level: 1 }).waitFor();
    expect(page.url()).toContain('#/admin');
    await page.getByRole('tab', { name: 'Admin' }).waitFor();
    await page.getByRole('list', { name: 'Throughline admins' }).getByText('Tom Becker').waitFor();
  });

  it('brings the people in from the directory by itself, then creates the first cycle and a team', async () => {
    const people = page.getByRole('region', { name: 'People from the directory' });
    // Setup started the sync; it runs in the background and Refresh reads its status again.
    for (let attempt = 0; attempt < 50; attempt += 1) {
      if ((await people.getByText(/^Last synced/).count()) > 0) break;
      await people.getByRole('button', { name: 'Refresh' }).click();
      await page.waitForTimeout(200);
    }
    await people.getByText(/7 people/).waitFor();
    await people.getByText(/Next sync/).waitFor();

    const cycles = page.getByRole('region', { name: 'Cycles' });
    await cycles
      .getByText('No cycle yet: create the first one, and people can set their OKRs.')
      .waitFor();
    const cycleName = await cycles.getByLabel('Name').inputValue();
    expect(cycleName).toMatch(/^Q[1-4] \d{4}$/);
    await cycles.getByRole('button', { name: 'Create cycle' }).click();
    await cycles.getByRole('list', { name: 'Cycles' }).getByText(cycleName).waitFor();

    const teams = page.getByRole('region', { name: 'Teams' });
    await teams.getByLabel('Team name').fill('Sales');
    const lead = teams.getByRole('combobox', { name: 'Lead' });
    await lead.click();
    await lead.pressSequentially('Lucia');
    await page.getByRole('option', { name: /^Lucia Romano/ }).click();
    await teams.getByRole('button', { name: 'Create team' }).click();
    await teams.getByRole('list', { name: 'Teams' }).getByText('Sales').waitFor();
    await teams.getByRole('list', { name: 'Teams' }).getByText('Lucia Romano').waitFor();
    const settings = page.getByRole('region', { name: 'Check-ins, digest and risk rules' });
    await settings.getByLabel('Check-in day').selectOption('friday');
    await settings.getByLabel('Prep card before a 1-on-1 (minutes)').fill('120');
    const reminders = settings.getByRole('switch', { name: 'Weekly check-in card in Teams' });
    expect(await reminders.isChecked()).toBe(true);
    await reminders.click();
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await settings.getByText('Saved. The risk rules use the new values from now on.').waitFor();
    expect(await (await stack.apiAs('Tom Becker')).settings.get()).toMatchObject({
      checkInWeekday: 'friday',
      prepCardLeadMinutes: 120,
      checkInReminders: false,
    });
    expect(await reminders.isChecked()).toBe(false);
    await expectNoSeriousAxeViolations();
    await saveScreenshot(page, 'day-one-03-admin');
  });

  it('imports last quarter’s Viva Goals export: checked first, then imported once', async () => {
    // A Viva Goals Explorer export in its columns (owners by name, the parent as
    // "Title(weight: …, Id: …)", progress instead of a value), with one row to fix.
    const headers = [
      'Id',
      'Title',
      'Team',
      'Owner',
      'Period',
      'Aligned To (weight, Objective ID)',
      'Metric Name',
      'Unit',
      'Target',
      'Object Type',
      'Start',
      'Progress %',
      'Status',
    ];
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Explorer');
    sheet.addRow(headers);
    const link = (id: string) => ({
      formula: `HYPERLINK("https://goals.microsoft.com/org_uuid/5f1d2e3a/okr/${id}","${id}")`,
      result: id,
    });
    for (const row of [
      [
        link('4101'),
        'Open the Milan market',
        'Sales; Northwind',
        '',
        'Q3 2026',
        '',
        'Progress',
        '%',
        100,
        'Objective',
        0,
        30,
        'On Track',
      ],
      [
        link('4102'),
        'Signed Milan customers',
        '',
        'Samir Haddad',
        'Q3 2026',
        'Open the Milan market(weight: 60%, Id: 4101)',
        'Customers',
        'customers',
        10,
        'Key result',
        0,
        30,
        'Behind',
      ],
      [
        link('4103'),
        'Partner agreements',
        '',
        'Someone Else',
        'Q3 2026',
        'Open the Milan market(weight: 40%, Id: 4101)',
        'Agreements',
        'agreements',
        4,
        'Key result',
        0,
        0,
        'Not Started',
      ],
    ])
      sheet.addRow(row);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'viva-')), 'Q3 Viva Goals export.xlsx');
    writeFileSync(file, Buffer.from(await workbook.xlsx.writeBuffer()));

    const importing = page.getByRole('region', { name: 'Bring last quarter along' });
    await importing.locator('input[type="file"]').setInputFiles(file);
    await importing.getByRole('button', { name: 'Check the file' }).click();
    await importing.getByText('3 rows: 2 to create, 0 imported before, 1 refused.').waitFor();
    const rows = importing.getByRole('table', { name: 'What the import does, row by row' });
    await rows.getByText(/nobody with the email, user name or name “Someone Else”/).waitFor();
    await expectNoSeriousAxeViolations();
    await saveScreenshot(page, 'day-one-04-import-checked');
    await importing.getByRole('button', { name: 'Import 2 items' }).click();
    await importing.getByText('Imported: 2 created, 0 already there, 1 refused.').waitFor();
    // The same file again creates nothing.
    await importing.getByRole('button', { name: 'Check the file' }).click();
    await importing.getByText('3 rows: 0 to create, 2 imported before, 1 refused.').waitFor();
  });

  it('gives the imported objective its owner: the admin picks the salesperson', async () => {
    // The export named no owner for the objective, so the admin who imported owns it.
    await page.getByRole('tab', { name: 'My OKRs' }).click();
    const card = page.getByRole('article', { name: 'Open the Milan market' });
    await card.getByRole('button', { name: 'Edit objective' }).click();
    const dialog = page.getByRole('dialog');
    const owner = dialog.getByRole('combobox', { name: 'Owner' });
    await owner.click();
    await owner.pressSequentially('Samir');
    await page.getByRole('option', { name: /^Samir Haddad/ }).click();
    await expectNoSeriousAxeViolations();
    await saveScreenshot(page, 'day-one-05-owner');
    await dialog.getByRole('button', { name: 'Save objective' }).click();
    await dialog.waitFor({ state: 'detached' });
    const samir = await stack.apiAs('Samir Haddad');
    const mine = await samir.myOkrs();
    expect(mine.objectives.find((item) => item.title === 'Open the Milan market')?.ownerId).toBe(
      (await samir.me()).person.id,
    );
  });

  it('opens the cycle to everyone: the salesperson finds their imported objective and checks in', async () => {
    await signInAs('Samir Haddad');
    await page.getByRole('tab', { name: 'My OKRs' }).click();
    const card = page.getByRole('article', { name: 'Open the Milan market' });
    await card.getByText('3 customers of 10 customers').waitFor();
    await card.getByRole('button', { name: 'Check in on Signed Milan customers' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/New value/).fill('4');
    await dialog.getByLabel(/Note/).fill('Ferrari Logistics signed on Monday.');
    await dialog.getByRole('button', { name: 'Save check-in' }).click();
    await dialog.waitFor({ state: 'detached' });
    await card.getByText('4 customers of 10 customers').waitFor();
    await expectNoSeriousAxeViolations();
    await saveScreenshot(page, 'day-one-06-first-check-in');
    expect(pageErrors.filter((error) => !/Failed to load resource/.test(error))).toEqual([]);
  });
});
