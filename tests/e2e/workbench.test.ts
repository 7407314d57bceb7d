/**
 * The workbench as a person would use it: from the sandbox's home page Diego (Contoso)
 * opens Outlook, reads the signed Northwind order in his sandbox mailbox and attaches it
 * to "Northwind signed ARR" from the production read pane docked beside it — signed in
 * through nested app authentication brokered by the workbench's Outlook — and the API
 * holds the evidence. Selecting another message moves the pinned pane to it (ItemChanged);
 * a new message gets the compose pane, which writes the status into the draft. Then he
 * switches to the workbench's Teams, where the production tab (signed in with Teams SSO
 * through the shared teams-js host) shows the email on the key result, follows the theme,
 * and is added to a channel through its configuration page. Alex, his manager, follows
 * the prep card's activity feed item to the card, opens the meeting's side panel and acts
 * on the card the bot posted to his chat.
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
import { eventually } from '../support/eventually';
import { syncOrganisation } from './support/okr-fixtures';
import { makeThisWeeksOneOnOnesDue } from '../support/one-on-ones';

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
  await megan.teams.create({
    name: 'Enterprise sales',
    memberIds: [diego.id],
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

/** axe on the workbench's own page; the panes and tabs inside it are the product's, tested on their own. */
async function expectNoSeriousAxeViolations() {
  const violations = await seriousAxeViolations(page, {
    exclude: ['#read-pane', '#compose-pane', '#reading-body', 'iframe'],
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

  it('switches to Teams, where the tab signs in with Teams SSO and shows the email on the key result', async () => {
    await page.getByRole('link', { name: 'Teams as Diego Siciliani' }).click();
    await page.waitForURL(/\/workbench\/teams\?/);
    expect(await page.title()).toBe('Teams — Diego Siciliani — Throughline workbench');
    await page.getByRole('tab', { name: 'My OKRs', selected: true }).waitFor();
    const tab = page.frameLocator('#app-frame');
    await tab.getByRole('heading', { name: 'My OKRs' }).waitFor();
    expect(await tab.getByRole('heading', { name: 'Sign in to Throughline' }).count()).toBe(0);
    await tab.getByRole('link', { name: 'Northwind signed ARR' }).first().click();
    await tab.getByRole('region', { name: 'Evidence' }).getByText(signedOrder.subject).waitFor();
    await expectNoSeriousAxeViolations();
    await saveScreenshot(page, 'workbench-06-teams-key-result');
  });

  it('changes the tab’s theme when the theme is switched, as Teams tells a tab', async () => {
    // The tab's Fluent background, computed in its frame.
    const background = async () => {
      const frame = page.frames().find((candidate) => candidate.url().includes('/tab/'));
      return (await frame?.evaluate(
        "getComputedStyle(document.querySelector('.fui-FluentProvider')).backgroundColor",
      )) as string | undefined;
    };
    const light = await background();
    await page.getByLabel('Theme').selectOption('dark');
    expect(await eventually(background, (value) => value !== light)).not.toBe(light);
    const dark = await background();
    await saveScreenshot(page, 'workbench-07-teams-dark');
    await page.getByLabel('Theme').selectOption('contrast');
    expect(await eventually(background, (value) => value !== dark)).not.toBe(dark);
    await expectNoSeriousAxeViolations();
    await saveScreenshot(page, 'workbench-08-teams-high-contrast');
    await page.getByLabel('Theme').selectOption('default');
    expect(await eventually(background, (value) => value === light)).toBe(light);
  });

  it('adds the channel tab through its configuration page, and the channel shows the team', async () => {
    await page
      .getByRole('navigation', { name: 'Teams' })
      .getByRole('button', { name: 'Teams' })
      .click();
    const dialog = page.getByRole('group', { name: 'Add a tab: Throughline' });
    const config = page.frameLocator('.config-frame');
    await config.getByRole('heading', { name: "Show a team's OKRs in this channel" }).waitFor();
    await config.getByRole('radio', { name: 'Enterprise sales', checked: true }).waitFor();
    const save = dialog.getByRole('button', { name: 'Save' });
    expect(await eventually(() => save.isEnabled(), Boolean)).toBe(true);
    await save.click();
    await page.getByRole('heading', { name: 'Enterprise sales OKRs', level: 3 }).waitFor();
    await page.frameLocator('#channel-tab iframe').getByText('Enterprise sales').first().waitFor();
    await saveScreenshot(page, 'workbench-09-channel-tab');
  });
});

describe('the workbench’s Teams for a manager', () => {
  beforeAll(async () => {
    const megan = await stack.apiAs('Megan Bowen');
    // Who reports to whom comes from the org sync; the 1-on-1s are found through it.
    await syncOrganisation(megan);
    await makeThisWeeksOneOnOnesDue(megan);
    const run = await megan.runJob('prep-cards');
    expect(run).toMatchObject({ failed: 0 });
    expect(run.sent).toBeGreaterThan(0);
    await page.goto(stack.workbenchUrl);
    await page.getByRole('link', { name: 'Teams as Alex Wilber (Contoso)' }).click();
    await page.waitForURL(/\/workbench\/teams\?/);
  });

  it('follows the prep card’s activity feed item to the card in the tab', async () => {
    await page
      .getByRole('navigation', { name: 'Teams' })
      .getByRole('button', { name: 'Activity' })
      .click();
    const item = page
      .getByRole('list')
      .getByRole('button', { name: /Diego Siciliani/ })
      .first();
    await item.waitFor();
    await saveScreenshot(page, 'workbench-10-activity-feed');
    await item.click();
    await page.getByRole('tab', { name: '1-on-1s', selected: true }).waitFor();
    await page
      .frameLocator('#app-frame')
      .getByRole('region', { name: 'Prep card for the 1-on-1 of Alex Wilber and Diego Siciliani' })
      .waitFor();
    await expectNoSeriousAxeViolations();
    await saveScreenshot(page, 'workbench-11-prep-card-from-feed');
  });

  it('opens the 1-on-1 with Diego and its side panel shows that meeting’s card', async () => {
    await page
      .getByRole('navigation', { name: 'Teams' })
      .getByRole('button', { name: 'Calendar' })
      .click();
    await page
      .getByRole('button', { name: /^Join .*Diego/ })
      .first()
      .click();
    const panel = page.getByRole('complementary', { name: 'Meeting side panel' });
    const config = page.frameLocator('.config-frame');
    await config
      .getByRole('heading', { name: 'Bring the 1-on-1 prep card to this meeting' })
      .waitFor();
    const save = panel.getByRole('button', { name: 'Save' });
    expect(await eventually(() => save.isEnabled(), Boolean)).toBe(true);
    await save.click();
    await page
      .frameLocator('.side-panel-frame')
      .getByRole('region', { name: 'Prep card for the 1-on-1 of Alex Wilber and Diego Siciliani' })
      .waitFor();
    await expectNoSeriousAxeViolations();
    await saveScreenshot(page, 'workbench-12-meeting-side-panel');
  });

  it('shows the card the bot posted in his chat and adds an action item from it', async () => {
    await page
      .getByRole('navigation', { name: 'Teams' })
      .getByRole('button', { name: 'Chat' })
      .click();
    // The card as the bot refreshed it on opening (Universal Actions), ready to act on.
    const card = page
      .locator('#chat-list .card[aria-busy="false"]')
      .filter({ hasText: '1-on-1 prep: Alex Wilber / Diego Siciliani' })
      .first();
    await card.waitFor();
    await card.getByLabel('New action item').fill('Send Diego the Northwind pricing approval');
    await card.getByRole('button', { name: 'Add action item' }).click();
    // The bot answers with the card as it now stands, which Teams shows in its place.
    await card.getByText('Agreed in this 1-on-1').waitFor();
    await card.getByText('☐ Send Diego the Northwind pricing approval').waitFor();
    const diegoId = diego.id;
    const actionItems = await eventually(
      async () => {
        const alexApi = await stack.apiAs('Alex Wilber');
        const meetings = (await alexApi.oneOnOnes.list({})).items.filter(
          (item) => item.reportId === diegoId,
        );
        const details = await Promise.all(meetings.map((item) => alexApi.oneOnOnes.get(item.id)));
        return details.flatMap((detail) => detail.actionItems.map((actionItem) => actionItem.text));
      },
      (texts) => texts.includes('Send Diego the Northwind pricing approval'),
    );
    expect(actionItems).toContain('Send Diego the Northwind pricing approval');
    await expectNoSeriousAxeViolations();
    await saveScreenshot(page, 'workbench-13-bot-chat-card');
  });
});
