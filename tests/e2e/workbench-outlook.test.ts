/**
 * The workbench as a person would use it: from the sandbox's home page Diego (Contoso)
 * opens Outlook, reads the signed Northwind order in his sandbox mailbox and attaches it
 * to "Northwind signed ARR" from the production read pane docked beside it — signed in
 * through nested app authentication brokered by the workbench's Outlook — and the API
 * holds the evidence. Selecting another message moves the pinned pane to it (ItemChanged);
 * a new message gets the compose pane, which writes the status into the draft.
 */
import type { ApiClient, KeyResult } from '@throughline/contracts';
import type { Frame, Page } from 'playwright-core';
import { findSeedMessages, type SeedMessage } from '@throughline/sandbox';
import { describeViolations, seriousAxeViolations } from './support/axe';
import {
  collectPageErrors,
  launchBrowser,
  saveScreenshot,
  type RunningBrowser,
} from './support/browser';
import { currentQuarter, startTestStack, type DemoPerson, type TestStack } from './support/stack';

jest.setTimeout(180000);

let stack: TestStack;
let browser: RunningBrowser;
let page: Page;
let diego: DemoPerson;
let diegoApi: ApiClient;
let signedArr: KeyResult;
let signedOrder: SeedMessage;
let launchConfirmed: SeedMessage;
let pageErrors: string[];

interface StandInRecord {
  calls: Array<{ method: string; [key: string]: unknown }>;
  tokenRequests: number;
}

beforeAll(async () => {
  stack = await startTestStack('workbench');
  const megan = await stack.apiAs('Megan Bowen');
  diegoApi = await stack.apiAs('Diego Siciliani');
  diego = await stack.person('Diego Siciliani');
  const quarter = currentQuarter();
  const cycle = await megan.cycles.create({
    name: quarter.name,
    kind: 'quarter',
    startsOn: quarter.startsOn,
    endsOn: quarter.endsOn,
  });
  const objective = await diegoApi.objectives.create({
    cycleId: cycle.id,
    title: 'Win the Northwind renewal and expansion',
    level: 'individual',
  });
  signedArr = await diegoApi.keyResults.create({
    objectiveId: objective.id,
    title: 'Northwind signed ARR',
    metric: { kind: 'currency', start: 0, target: 200000, currency: 'EUR' },
  });
  await diegoApi.keyResults.create({
    objectiveId: objective.id,
    title: 'Executive sponsor meetings held',
    metric: { kind: 'number', start: 0, target: 4 },
  });
  const mailbox = findSeedMessages(diego.tenantId, diego.id);
  signedOrder = mailbox.find((message) => message.key === 'northwind-signed-order')!;
  launchConfirmed = mailbox.find((message) => message.key === 'launch-confirmed')!;
  browser = await launchBrowser({ viewport: { width: 1600, height: 1000 } });
  page = await browser.newPage();
  pageErrors = collectPageErrors(page);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

afterEach(() => {
  expect(pageErrors.filter((error) => error.startsWith('pageerror'))).toEqual([]);
  pageErrors.length = 0;
});

/** axe on the workbench's own page; the panes inside it are the add-in's, tested on their own. */
async function expectNoSeriousAxeViolations() {
  const violations = await seriousAxeViolations(page, {
    exclude: ['#read-pane', '#compose-pane', '#reading-body'],
  });
  if (violations.length > 0)
    throw new Error(`axe-core found serious violations:\n${describeViolations(violations)}`);
}

function paneFrame(name: 'read' | 'compose'): Frame {
  const frame = page.frames().find((candidate) => candidate.url().endsWith(`/addin/${name}.html`));
  if (!frame) throw new Error(`the ${name} pane is not open`);
  return frame;
}

const standInRecord = (frame: Frame) =>
  frame.evaluate(
    () => (globalThis as unknown as { __officeStandIn: StandInRecord }).__officeStandIn,
  );

const readPane = () => page.frameLocator('#read-pane');
const messageButton = (subject: string) =>
  page.locator('#message-list button').filter({ has: page.getByText(subject, { exact: true }) });

describe('the workbench', () => {
  it('says what is real and what stands in, and lists the demo tenants and people', async () => {
    await page.goto(stack.workbenchUrl);
    expect(await page.title()).toBe('Throughline workbench');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('heading', { name: 'Throughline workbench', level: 1 }).waitFor();
    await page.getByText(/^Real here: the Throughline server and its database/).waitFor();
    for (const tenant of ['Contoso', 'Fabrikam', 'Northwind Traders'])
      await page.getByRole('heading', { name: tenant, level: 3 }).waitFor();
    await page.getByRole('link', { name: 'Teams tab in a browser' }).waitFor();
    await expectNoSeriousAxeViolations();
    await saveScreenshot(page, 'workbench-01-home');
  });

  it('opens Outlook as Diego from the keyboard, with his sandbox mailbox', async () => {
    const outlook = page.getByRole('link', { name: 'Outlook as Diego Siciliani (Contoso)' });
    await outlook.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/workbench\/outlook\?/);
    expect(await page.title()).toBe('Outlook — Diego Siciliani — Throughline workbench');
    await page
      .getByRole('navigation', { name: 'Folders' })
      .getByRole('button', { name: /Inbox/ })
      .waitFor();
    await messageButton(signedOrder.subject).first().waitFor();
  });

  it('shows the signed order as Graph returns it, with the read pane signed in through nested app authentication', async () => {
    await messageButton(signedOrder.subject).first().click();
    await page.getByRole('heading', { name: signedOrder.subject, level: 2 }).waitFor();
    await page.getByText('As Microsoft Graph returns it').click();
    const graphJson = JSON.parse((await page.locator('#reading-graph').textContent()) ?? '{}');
    expect(graphJson).toMatchObject({
      id: signedOrder.id,
      internetMessageId: signedOrder.internetMessageId,
      subject: signedOrder.subject,
      from: { emailAddress: { address: 'procurement@northwind.example' } },
    });

    await readPane().getByRole('heading', { name: 'Attach to OKR' }).waitFor();
    await readPane().getByRole('heading', { name: signedOrder.subject }).waitFor();
    await readPane()
      .getByRole('radio', { name: /Northwind signed ARR/ })
      .waitFor();
    const record = await standInRecord(paneFrame('read'));
    expect(record.tokenRequests).toBe(0);
    expect(record.calls).toContainEqual({
      method: 'requirements.isSetSupported',
      name: 'NestedAppAuth',
      version: '1.1',
    });
    const bridged = record.calls
      .filter((call) => call.method === 'nestedAppAuthBridge.postMessage')
      .map((call) => (call.request as { method: string }).method);
    expect(bridged).toEqual(expect.arrayContaining(['GetInitContext', 'GetToken']));
    await expectNoSeriousAxeViolations();
    await saveScreenshot(page, 'workbench-02-outlook-signed-order');
  });

  it('attaches the email to “Northwind signed ARR” from the docked pane, as the API shows', async () => {
    await readPane()
      .getByRole('radio', { name: /Northwind signed ARR/ })
      .first()
      .check();
    await readPane()
      .getByLabel(/Why this proves progress/)
      .fill('Signed for 240 seats');
    await readPane().getByRole('button', { name: 'Attach', exact: true }).click();
    await readPane().getByText('This email is now evidence for “Northwind signed ARR”.').waitFor();
    const evidence = (await diegoApi.evidence.list({ keyResultId: signedArr.id })).items;
    expect(evidence).toHaveLength(1);
    expect(evidence[0]).toMatchObject({
      kind: 'email',
      target: { kind: 'keyResult', id: signedArr.id },
      source: { internetMessageId: signedOrder.internetMessageId },
      snapshot: { subject: signedOrder.subject },
    });
    expect(evidence[0]!.attachedBy[0]!.note).toBe('Signed for 240 seats');
    await saveScreenshot(page, 'workbench-03-attached');
  });

  it('moves the pinned pane to another message when Diego selects it (ItemChanged)', async () => {
    await messageButton(launchConfirmed.subject).first().click();
    await page.getByRole('heading', { name: launchConfirmed.subject, level: 2 }).waitFor();
    await readPane().getByRole('heading', { name: launchConfirmed.subject }).waitFor();
    // A new message starts afresh: nothing attached, the picker back.
    await readPane().getByRole('button', { name: 'Attach', exact: true }).waitFor();
    expect(await readPane().getByRole('list', { name: 'Already attached to' }).count()).toBe(0);
    const record = await standInRecord(paneFrame('read'));
    expect(record.calls).toContainEqual({
      method: 'ItemChanged',
      itemId: launchConfirmed.id.replace(/-/g, '+').replace(/_/g, '/'),
    });
    await saveScreenshot(page, 'workbench-04-another-message');

    await messageButton(signedOrder.subject).first().click();
    await readPane()
      .getByRole('list', { name: 'Already attached to' })
      .getByText('Northwind signed ARR')
      .waitFor();
    await expectNoSeriousAxeViolations();
  });

  it('writes a new message with the compose pane inserting the status into the draft', async () => {
    await page.getByRole('button', { name: 'New message' }).click();
    await page.getByLabel('To', { exact: true }).fill('Alex Wilber');
    await page.getByLabel('Subject', { exact: true }).fill('Northwind update');
    const draft = page.getByRole('textbox', { name: 'Message' });
    await draft.click();
    await page.keyboard.type('Hi Alex, where Northwind stands:');
    const composePane = page.frameLocator('#compose-pane');
    await composePane.getByRole('heading', { name: 'Insert OKR status' }).waitFor();
    const objectives = composePane.getByRole('combobox', { name: /Objective/ });
    await objectives
      .locator('option', { hasText: 'Win the Northwind renewal and expansion' })
      .waitFor({ state: 'attached' });
    await objectives.selectOption({ label: 'Win the Northwind renewal and expansion' });
    await composePane.getByRole('button', { name: 'Insert into message' }).click();
    await composePane.getByText('Inserted at the cursor.').waitFor();
    const text = (await draft.textContent()) ?? '';
    expect(text.startsWith('Hi Alex, where Northwind stands:')).toBe(true);
    expect(text).toContain('Win the Northwind renewal and expansion');
    expect(text).toContain('Northwind signed ARR');
    expect(await standInRecord(paneFrame('compose'))).toMatchObject({
      calls: expect.arrayContaining([
        expect.objectContaining({ method: 'body.setSelectedDataAsync', coercionType: 'html' }),
      ]),
    });
    await expectNoSeriousAxeViolations();
    await saveScreenshot(page, 'workbench-05-compose');
  });
});
