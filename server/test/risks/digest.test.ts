import type { RiskFinding } from '@throughline/contracts';
import { buildDigest, type DigestEvent, type DigestInput } from '../../src/risks/digest';
import {
  localDate,
  startOfLocalDay,
  weekOfInstant,
  weekWindow,
} from '../../src/platform/time/calendar-time';

const week = { from: new Date('2026-11-23T00:00:00Z'), to: new Date('2026-11-30T00:00:00Z') };
let seq = 0;
function event(type: string, at: string, fields: Partial<DigestEvent> = {}): DigestEvent {
  seq += 1;
  return {
    id: `e${seq}`,
    type,
    actorId: 'diego',
    at,
    objectiveId: 'o1',
    keyResultId: 'kr1',
    subject: { kind: 'keyResult', id: 'kr1' },
    summary: '',
    payload: {},
    ...fields,
  };
}
const checkIn = (
  at: string,
  previousValue: number,
  value: number,
  previousConfidence: number,
  confidence: number,
  statusChange: { from: string; to: string } | null = null,
) =>
  event('key_result.checked_in', at, {
    payload: {
      checkIn: {
        value,
        previousValue,
        confidence,
        previousConfidence,
        note: 'PO received',
        progress: value / 200000,
      },
      delta: value - previousValue,
      progressBefore: previousValue / 200000,
      progressAfter: value / 200000,
      statusChange,
    },
  });

function input(events: DigestEvent[], newRisks: RiskFinding[] = []): DigestInput {
  return {
    subject: { kind: 'person', id: 'diego', name: 'Diego Siciliani' },
    weekOf: '2026-11-23',
    ...week,
    events,
    keyResults: new Map([['kr1', { title: 'Signed ARR', unit: 'EUR' }]]),
    deliverables: new Map([['d1', { title: 'Send the proposal' }]]),
    newRisks,
    names: new Map([['diego', 'Diego Siciliani']]),
  };
}

describe('the weekly digest', () => {
  it('collects check-ins with deltas, evidence, status changes and finished deliverables of the week only', () => {
    const events = [
      checkIn('2026-11-20T10:00:00.000Z', 0, 50000, 7, 7),
      checkIn('2026-11-24T10:00:00.000Z', 50000, 120000, 7, 8),
      checkIn('2026-11-26T10:00:00.000Z', 120000, 150000, 8, 5, {
        from: 'on_track',
        to: 'at_risk',
      }),
      event('evidence.attached', '2026-11-25T09:00:00.000Z', {
        subject: { kind: 'evidence', id: 'ev1' },
        payload: {
          kind: 'email',
          target: { kind: 'keyResult', id: 'kr1' },
          snapshot: { title: 'Northwind signed the order form' },
        },
      }),
      event('deliverable.state_changed', '2026-11-25T11:00:00.000Z', {
        subject: { kind: 'deliverable', id: 'd1' },
        payload: { changes: { state: { from: 'doing', to: 'blocked' } } },
      }),
      event('deliverable.done', '2026-11-27T11:00:00.000Z', {
        subject: { kind: 'deliverable', id: 'd1' },
        payload: { changes: { state: { from: 'blocked', to: 'done' } } },
      }),
      event('objective.created', '2026-11-24T08:00:00.000Z'),
      checkIn('2026-11-30T00:00:00.000Z', 150000, 160000, 5, 5),
    ];
    const digest = buildDigest(input(events));
    expect(
      digest.checkIns.map((item) => [
        item.valueBefore,
        item.valueAfter,
        item.delta,
        item.confidenceBefore,
        item.confidence,
      ]),
    ).toEqual([
      [50000, 120000, 70000, 7, 8],
      [120000, 150000, 30000, 8, 5],
    ]);
    expect(digest.evidence).toEqual([
      {
        keyResultId: 'kr1',
        targetTitle: 'Signed ARR',
        title: 'Northwind signed the order form',
        kind: 'email',
        actorId: 'diego',
        at: '2026-11-25T09:00:00.000Z',
      },
    ]);
    expect(
      digest.statusChanges.map((change) => [
        change.subjectKind,
        change.title,
        change.from,
        change.to,
      ]),
    ).toEqual([
      ['deliverable', 'Send the proposal', 'doing', 'blocked'],
      ['keyResult', 'Signed ARR', 'on_track', 'at_risk'],
    ]);
    expect(digest.deliverablesDone).toEqual([
      {
        deliverableId: 'd1',
        title: 'Send the proposal',
        actorId: 'diego',
        at: '2026-11-27T11:00:00.000Z',
      },
    ]);
    expect(digest.isQuiet).toBe(false);
    expect(digest.text).toBe(
      [
        'Week of 2026-11-23 for Diego Siciliani:',
        '2 check-ins: “Signed ARR” +100000 EUR to 150000 EUR (+50 pts, confidence 5/10).',
        'Evidence attached: “Northwind signed the order form” on “Signed ARR” by Diego Siciliani.',
        'Status changes: “Send the proposal” doing → blocked; “Signed ARR” on track → at risk.',
        'Done: “Send the proposal”.',
      ].join('\n'),
    );
  });

  it('lists the week’s new risks by their sentences', () => {
    const risk: RiskFinding = {
      id: 'deliverable_blocked:d1',
      ruleId: 'deliverable_blocked',
      severity: 'warning',
      subject: { kind: 'deliverable', id: 'd1', title: 'Send the proposal' },
      ownerId: 'diego',
      objectiveId: 'o1',
      keyResultId: 'kr1',
      teamId: null,
      facts: { state: 'blocked' },
      explanation: '“Send the proposal” is blocked.',
    };
    const digest = buildDigest(input([], [risk]));
    expect(digest.newRisks).toHaveLength(1);
    expect(digest.text).toBe(
      'Week of 2026-11-23 for Diego Siciliani:\nNew risks: “Send the proposal” is blocked.',
    );
  });

  it('says so when the week was quiet, and counts an event only once', () => {
    expect(buildDigest(input([event('objective.created', '2026-11-24T08:00:00.000Z')])).text).toBe(
      'Week of 2026-11-23 for Diego Siciliani: a quiet week — no check-ins, evidence, status changes, finished deliverables or new risks.',
    );
    const twice = checkIn('2026-11-24T10:00:00.000Z', 1, 2, 7, 7);
    expect(buildDigest(input([twice, twice])).checkIns).toHaveLength(1);
  });

  it('summarises an evidence event with only a summary to go on', () => {
    const bare = event('evidence.attached', '2026-11-25T09:00:00.000Z', {
      summary: 'attached “Q3 forecast.xlsx” to “Signed ARR”',
      payload: {},
    });
    expect(buildDigest(input([bare])).evidence[0]).toMatchObject({
      title: 'Q3 forecast.xlsx',
      targetTitle: 'Signed ARR',
      kind: 'link',
    });
  });
});

describe('evidence the reader may not see', () => {
  it('says so instead of calling it “evidence”, and names nothing of it but its target', () => {
    const restricted = event('evidence.attached', '2026-11-25T09:00:00.000Z', {
      subject: { kind: 'evidence', id: 'ev9' },
      summary: 'attached evidence that only its owner and their manager can see',
      payload: {
        evidenceId: 'ev9',
        kind: 'email',
        target: { kind: 'keyResult', id: 'kr1' },
        isRestricted: true,
      },
    });
    const digest = buildDigest(input([restricted]));
    expect(digest.evidence[0]).toMatchObject({
      title: 'evidence only its owner and their manager can see',
      targetTitle: 'Signed ARR',
      kind: 'email',
    });
    expect(digest.text).toContain(
      'Evidence attached: “evidence only its owner and their manager can see” on “Signed ARR”',
    );
  });
});

describe('weeks in the tenant’s time zone', () => {
  it('starts a Berlin week at local Monday midnight', () => {
    expect(weekWindow('2026-11-25', 'Europe/Berlin')).toEqual({
      from: new Date('2026-11-22T23:00:00Z'),
      to: new Date('2026-11-29T23:00:00Z'),
    });
  });
  it('knows which week a late Sunday evening in Los Angeles belongs to', () => {
    expect(weekOfInstant(new Date('2026-11-30T06:00:00Z'), 'America/Los_Angeles')).toBe(
      '2026-11-23',
    );
    expect(localDate(new Date('2026-11-30T06:00:00Z'), 'UTC')).toBe('2026-11-30');
  });
  it('keeps a week of the years 0–99 in its own year', () => {
    expect(weekWindow('0020-02-29', 'UTC')).toEqual({
      from: new Date('0020-02-24T00:00:00.000Z'),
      to: new Date('0020-03-02T00:00:00.000Z'),
    });
  });

  it('finds local midnight on a day the clocks change', () => {
    expect(startOfLocalDay('2026-03-29', 'Europe/Berlin')).toEqual(
      new Date('2026-03-28T23:00:00Z'),
    );
    expect(startOfLocalDay('2026-03-30', 'Europe/Berlin')).toEqual(
      new Date('2026-03-29T22:00:00Z'),
    );
  });
});
