import type { ActionItem, Deliverable, RiskFinding } from '@throughline/contracts';
import { buildNoticeCard, buildPrepCard, cardModel } from '../../src/one-on-ones/card';
import { validateAdaptiveCard } from '../../src/one-on-ones/card-schema';
import {
  buildPrepData,
  formatValue,
  progressAt,
  talkingPoints,
  type PrepInput,
  type PrepKeyResult,
} from '../../src/one-on-ones/prep';

const since = '2026-11-18T10:00:00.000Z';
const now = new Date('2026-11-25T09:00:00.000Z');

function keyResult(overrides: Partial<PrepKeyResult> = {}): PrepKeyResult {
  return {
    id: 'kr1',
    title: 'Signed ARR',
    objectiveTitle: 'Win Northwind',
    metric: {
      kind: 'currency',
      currency: 'EUR',
      start: 0,
      target: 200000,
      current: 150000,
      unit: '',
      direction: 'increase',
      milestones: [],
    },
    progress: 0.75,
    status: 'on_track',
    confidence: 8,
    lastCheckIn: { at: '2026-11-24T10:00:00.000Z' },
    createdAt: '2026-10-01T00:00:00.000Z',
    ...overrides,
  };
}

const risk = (overrides: Partial<RiskFinding>): RiskFinding => ({
  id: 'r',
  ruleId: 'behind_pace',
  severity: 'warning',
  subject: { kind: 'keyResult', id: 'kr2', title: 'Pipeline' },
  ownerId: 'diego',
  objectiveId: 'o1',
  keyResultId: 'kr2',
  teamId: null,
  facts: { gap: 0.15 },
  explanation: '“Pipeline” is at 20% with 35% of the cycle gone, 15% behind pace.',
  ...overrides,
});
const actionItem = (text: string, createdAt: string): ActionItem => ({
  id: text.replace(/\W/g, ''),
  text,
  ownerId: 'diego',
  managerId: 'alex',
  reportId: 'diego',
  oneOnOneId: 'm0',
  dueDate: null,
  isDone: false,
  createdBy: 'alex',
  createdAt,
  doneAt: null,
  doneBy: null,
  doneInOneOnOneId: null,
  version: 1,
});
const deliverable = (overrides: Partial<Deliverable>): Deliverable => ({
  id: 'd1',
  objectiveId: 'o1',
  keyResultId: 'kr1',
  cycleId: 'c1',
  title: 'Send the proposal',
  ownerId: 'diego',
  teamId: null,
  dueDate: '2026-11-30',
  state: 'doing',
  dependsOn: [],
  version: 1,
  createdAt: '2026-10-01T00:00:00.000Z',
  updatedAt: '2026-10-01T00:00:00.000Z',
  ...overrides,
});

function input(overrides: Partial<PrepInput> = {}): PrepInput {
  return {
    manager: { id: 'alex', name: 'Alex Wilber' },
    report: { id: 'diego', name: 'Diego Siciliani' },
    meeting: {
      subject: '1:1 Alex / Diego',
      startsAt: '2026-11-25T10:00:00.000Z',
      endsAt: '2026-11-25T10:30:00.000Z',
    },
    since,
    sinceIsPreviousMeeting: true,
    now,
    today: '2026-11-25',
    keyResults: [keyResult()],
    checkIns: [
      { keyResultId: 'kr1', progress: 0.25, at: '2026-11-01T10:00:00.000Z' },
      { keyResultId: 'kr1', progress: 0.5, at: '2026-11-17T10:00:00.000Z' },
      { keyResultId: 'kr1', progress: 0.75, at: '2026-11-24T10:00:00.000Z' },
    ],
    risks: [],
    evidenceEvents: [],
    deliverables: [],
    openActionItems: [],
    agreedActionItems: [],
    ...overrides,
  };
}

describe('the prep card’s data', () => {
  it('shows each key result’s change since the previous 1-on-1', () => {
    const data = buildPrepData(input());
    expect(data.keyResults[0]).toMatchObject({
      progress: 0.75,
      progressChange: 0.25,
      valueText: '150,000 of 200,000 EUR',
      confidence: 8,
    });
    expect(progressAt('kr1', input().checkIns, '2026-11-10T00:00:00.000Z')).toBe(0.25);
    expect(progressAt('kr1', input().checkIns, '2026-10-10T00:00:00.000Z')).toBe(0);
  });

  it('counts a key result created after the last 1-on-1 from zero', () => {
    const data = buildPrepData(
      input({
        keyResults: [keyResult({ createdAt: '2026-11-20T00:00:00.000Z', progress: 0.3 })],
        checkIns: [],
      }),
    );
    expect(data.keyResults[0]!.progressChange).toBe(0.3);
  });

  it('lists evidence since then, and only deliverables overdue or blocked', () => {
    const data = buildPrepData(
      input({
        evidenceEvents: [
          {
            id: 'e1',
            type: 'evidence.attached',
            actorId: 'diego',
            at: '2026-11-20T09:00:00.000Z',
            objectiveId: 'o1',
            keyResultId: 'kr1',
            subject: { kind: 'evidence', id: 'ev1' },
            summary: '',
            payload: { kind: 'email', snapshot: { title: 'Order form signed' } },
          },
          {
            id: 'e0',
            type: 'evidence.attached',
            actorId: 'diego',
            at: '2026-11-10T09:00:00.000Z',
            objectiveId: 'o1',
            keyResultId: 'kr1',
            subject: { kind: 'evidence', id: 'ev0' },
            summary: '',
            payload: { kind: 'email', snapshot: { title: 'Older' } },
          },
        ],
        deliverables: [
          deliverable({}),
          deliverable({ id: 'd2', title: 'Legal review', dueDate: '2026-11-20' }),
          deliverable({ id: 'd3', title: 'Pricing', state: 'blocked', dueDate: null }),
          deliverable({ id: 'd4', title: 'Old', dueDate: '2026-11-01', state: 'done' }),
        ],
      }),
    );
    expect(data.evidence).toEqual([
      {
        title: 'Order form signed',
        kind: 'email',
        targetTitle: 'Signed ARR',
        at: '2026-11-20T09:00:00.000Z',
      },
    ]);
    expect(data.deliverables.map((item) => [item.title, item.isOverdue, item.isBlocked])).toEqual([
      ['Legal review', true, false],
      ['Pricing', false, true],
    ]);
  });

  it('formats each kind of metric for people', () => {
    const base = { start: 0, unit: '', direction: 'increase' as const, milestones: [] };
    expect(formatValue({ ...base, kind: 'percent', target: 60, current: 45 })).toBe('45% of 60%');
    expect(formatValue({ ...base, kind: 'boolean', target: 1, current: 0 })).toBe('not yet');
    expect(
      formatValue({
        ...base,
        kind: 'milestone',
        target: 2,
        current: 1,
        milestones: [
          { title: 'a', isDone: true },
          { title: 'b', isDone: false },
        ],
      }),
    ).toBe('1 of 2 milestones');
    expect(formatValue({ ...base, kind: 'number', target: 40, current: 12.5, unit: 'deals' })).toBe(
      '12.5 of 40 deals',
    );
  });
});

describe('talking points', () => {
  it('puts a critical risk, falling confidence and a blocked deliverable first', () => {
    const data = buildPrepData(
      input({
        risks: [
          risk({
            severity: 'critical',
            explanation: '“Pipeline” is at 5% with 35% of the cycle gone, 30% behind pace.',
          }),
          risk({
            id: 'c',
            ruleId: 'confidence_drop',
            subject: { kind: 'keyResult', id: 'kr1', title: 'Signed ARR' },
            facts: { from: 8, to: 5 },
          }),
        ],
        deliverables: [deliverable({ state: 'blocked', title: 'Pricing approval' })],
        openActionItems: [actionItem('Send the pricing deck', '2026-11-18T10:20:00.000Z')],
      }),
    );
    expect(data.talkingPoints).toEqual([
      'Talk through “Pipeline”: it is at 5% with 35% of the cycle gone, 30% behind pace.',
      'Ask what changed on “Signed ARR”: confidence fell from 8 to 5.',
      'Unblock “Pricing approval”: what is needed, and from whom?',
    ]);
  });

  it('follows up open action items and recognises progress when nothing is on fire', () => {
    const data = buildPrepData(
      input({
        openActionItems: [
          actionItem('Send the pricing deck', '2026-11-18T10:20:00.000Z'),
          actionItem('Book the QBR', '2026-11-18T10:21:00.000Z'),
        ],
      }),
    );
    expect(data.talkingPoints).toEqual([
      'Close the loop on “Send the pricing deck” and 1 more open action item from earlier 1-on-1s.',
      'Recognise progress on “Signed ARR”: up 25 points since the last 1-on-1.',
      'Ask Diego what would make the next two weeks a success.',
    ]);
  });

  it('always gives three distinct points, even with no facts at all', () => {
    const points = talkingPoints({ ...buildPrepData(input({ keyResults: [], checkIns: [] })) });
    expect(points).toEqual([
      'Diego has no key results in this cycle yet: agree two or three that matter.',
      'Ask Diego what would make the next two weeks a success.',
      'Check that the priorities for the rest of the cycle are still the right ones.',
    ]);
    expect(new Set(points).size).toBe(3);
  });
});

describe('the prep card', () => {
  const options = {
    openUrl: 'https://okrs.contoso.com/tab/#/one-on-ones?event=abc',
    timeZone: 'Europe/London',
  };

  it('is an Adaptive Card 1.5 that validates against the official schema', () => {
    const data = buildPrepData(
      input({
        risks: [risk({})],
        openActionItems: [actionItem('Send the pricing deck', '2026-11-18T10:20:00.000Z')],
        deliverables: [deliverable({ state: 'blocked' })],
      }),
    );
    const card = buildPrepCard(data, options);
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(validateAdaptiveCard(card)).toEqual({ isValid: true, errors: [] });
    const text = JSON.stringify(card);
    expect(text).toContain('1-on-1 prep: Alex Wilber / Diego Siciliani');
    expect(text).toContain('+25 pts since last 1-on-1');
    expect(text).toContain('☐ Send the pricing deck');
    expect(text).not.toContain('${');
    expect((card.actions as { url: string }[])[0]!.url).toBe(options.openUrl);
  });

  it('validates with every section empty too', () => {
    const card = buildPrepCard(buildPrepData(input({ keyResults: [], checkIns: [] })), options);
    expect(validateAdaptiveCard(card).isValid).toBe(true);
    expect(JSON.stringify(card)).toContain('No open action items from earlier 1-on-1s.');
  });

  it('lists what was agreed in this 1-on-1, done or not, only when something was', () => {
    const done = { ...actionItem('Book the QBR', '2026-11-25T10:05:00.000Z'), isDone: true };
    const data = buildPrepData(
      input({
        agreedActionItems: [actionItem('Send the pricing deck', '2026-11-25T10:10:00.000Z'), done],
      }),
    );
    const card = buildPrepCard(data, options);
    expect(validateAdaptiveCard(card).isValid).toBe(true);
    const texts = JSON.stringify(card);
    expect(texts).toContain('Agreed in this 1-on-1');
    expect(texts.indexOf('☑ Book the QBR')).toBeLessThan(texts.indexOf('☐ Send the pricing deck'));
    expect(JSON.stringify(buildPrepCard(buildPrepData(input()), options))).not.toContain(
      'Agreed in this 1-on-1',
    );
  });

  it('keeps text people typed as text, not template expressions', () => {
    const data = buildPrepData(
      input({ openActionItems: [actionItem('Price is ${price}', '2026-11-18T10:20:00.000Z')] }),
    );
    expect(JSON.stringify(buildPrepCard(data, options))).toContain('Price is ${price}');
    expect(cardModel(data, options).actionItems[0]!.text).toBe('Price is ${price}');
  });

  it('carries Universal Actions in the manager’s chat: a refresh for the manager and “Add action item”, still valid 1.5', () => {
    const data = buildPrepData(input());
    const card = buildPrepCard(data, {
      ...options,
      chat: { oneOnOneId: 'm1', managerMri: '29:1alex' },
    });
    expect(validateAdaptiveCard(card)).toEqual({ isValid: true, errors: [] });
    expect(card.refresh).toEqual({
      action: { type: 'Action.Execute', verb: 'refreshPrepCard', data: { oneOnOneId: 'm1' } },
      userIds: ['29:1alex'],
    });
    expect(
      (card.actions as { type: string; verb?: string }[]).map((action) => action.type),
    ).toEqual(['Action.Execute', 'Action.OpenUrl']);
    expect((card.body as { type: string; id?: string }[]).at(-1)).toMatchObject({
      type: 'Input.Text',
      id: 'actionItemText',
      maxLength: 500,
    });
    // The tab's card is the same card without them.
    const tab = buildPrepCard(data, options);
    expect(tab.refresh).toBeUndefined();
    expect(card.body).toEqual([...(tab.body as unknown[]), (card.body as unknown[]).at(-1)]);
    expect(validateAdaptiveCard(buildNoticeCard('Title', 'Text')).isValid).toBe(true);
  });

  it('the validator refuses what Teams would refuse', () => {
    expect(
      validateAdaptiveCard({
        type: 'AdaptiveCard',
        version: '1.5',
        body: [{ type: 'TextBlock', text: 'x', color: 'Purple' }],
      }).isValid,
    ).toBe(false);
    expect(
      validateAdaptiveCard({
        type: 'AdaptiveCard',
        version: '1.5',
        body: [{ type: 'Marquee', text: 'x' }],
      }).isValid,
    ).toBe(false);
  });
});
