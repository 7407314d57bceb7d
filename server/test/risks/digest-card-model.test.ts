/** The digest card's pure parts: what the card says, how long its lists get, and what is due. */
import type { RiskFinding } from '@throughline/contracts';
import { validateAdaptiveCard } from '../../src/one-on-ones/card-schema';
import { buildDigest, type DigestEvent } from '../../src/risks/digest';
import {
  buildDigestCard,
  DIGEST_CARD_LIMITS,
  digestStandingOf,
  type DigestStanding,
} from '../../src/risks/digest-card';
import type { CycleSnapshot } from '../../src/risks/service';

const NOW = new Date('2026-11-27T15:00:00Z');
const week = { from: new Date('2026-11-23T00:00:00Z'), to: new Date('2026-11-30T00:00:00Z') };
const names = new Map([
  ['diego', 'Diego Siciliani'],
  ['isaiah', 'Isaiah Langer'],
]);
const options = { openUrl: 'https://throughline.example/tab/#/digest', timeZone: 'UTC', names };
const none: DigestStanding = { objectives: [], due: [] };

let seq = 0;
function checkIn(keyResultId: string, title: string, at: string, value: number): DigestEvent {
  seq += 1;
  return {
    id: `e${seq}`,
    type: 'key_result.checked_in',
    actorId: 'diego',
    at,
    objectiveId: 'o1',
    keyResultId,
    subject: { kind: 'keyResult', id: keyResultId },
    summary: `checked in “${title}”`,
    payload: { checkIn: { value, previousValue: value - 1, confidence: 7, note: '' } },
  };
}

function digestOf(events: DigestEvent[], newRisks: RiskFinding[] = []) {
  return buildDigest({
    subject: { kind: 'person', id: 'diego', name: 'Diego Siciliani' },
    weekOf: '2026-11-23',
    ...week,
    events,
    keyResults: new Map(),
    deliverables: new Map(),
    newRisks,
    names,
  });
}

const risk = (id: string, severity: RiskFinding['severity'], explanation: string): RiskFinding => ({
  id,
  ruleId: 'behind_pace',
  severity,
  subject: { kind: 'keyResult', id, title: id },
  ownerId: 'diego',
  objectiveId: 'o1',
  keyResultId: id,
  teamId: null,
  facts: {},
  explanation,
});

const text = (card: Record<string, unknown>) => JSON.stringify(card);

describe('the digest card', () => {
  it('lists the newest check-ins first and says how many more there were', () => {
    const events = Array.from({ length: DIGEST_CARD_LIMITS.checkIns + 3 }, (_, index) =>
      checkIn(
        `kr${index}`,
        `Key result ${index}`,
        `2026-11-2${4 + (index % 3)}T0${index}:00:00Z`,
        5,
      ),
    );
    const card = buildDigestCard(digestOf(events), none, options);
    expect(validateAdaptiveCard(card)).toEqual({ isValid: true, errors: [] });
    const body = text(card);
    expect(body).toContain('and 3 more');
    expect(body).toContain(`${DIGEST_CARD_LIMITS.checkIns + 3} check-ins · 0 new risks`);
    expect(body.indexOf('Key result 8')).toBeLessThan(body.indexOf('Key result 7'));
    expect(body).toContain(
      'Diego Siciliani checked in “Key result 8”: 5 (+1), confidence 7/10 · Thu 26 Nov',
    );
    // The three of Tuesday, the oldest, are the ones left to "and 3 more".
    for (const oldest of ['Key result 0', 'Key result 3', 'Key result 6'])
      expect(body).not.toContain(oldest);
  });

  it('shows how the confidence moved when it did', () => {
    const fell = checkIn('kr1', 'Signed ARR', '2026-11-24T09:00:00Z', 50);
    fell.payload = {
      checkIn: { value: 50, previousValue: 40, confidence: 4, previousConfidence: 7 },
    };
    const same = checkIn('kr2', 'Leads', '2026-11-24T10:00:00Z', 9);
    same.payload = {
      checkIn: { value: 9, previousValue: 8, confidence: 6, previousConfidence: 6 },
    };
    const body = text(buildDigestCard(digestOf([fell, same]), none, options));
    expect(body).toContain('“Signed ARR”: 50 (+10), confidence 7 → 4/10');
    expect(body).toContain('“Leads”: 9 (+1), confidence 6/10');
  });

  it('shows critical risks before warnings, with their explanations', () => {
    const card = buildDigestCard(
      digestOf(
        [],
        [
          risk('a', 'warning', '“Leads” is behind pace.'),
          risk('b', 'critical', '“ARR” has not been checked in for 3 weeks.'),
        ],
      ),
      none,
      options,
    );
    const body = text(card);
    expect(body.indexOf('“ARR” has not been checked in')).toBeLessThan(body.indexOf('“Leads”'));
    expect(body).toContain('"color":"Attention"');
  });

  it('binds titles as written: template syntax in a title is not evaluated', () => {
    const card = buildDigestCard(
      digestOf([
        checkIn(
          'kr1',
          'Cut ${cost} by {{DATE(2026-01-01T00:00:00Z, SHORT)}}',
          '2026-11-24T09:00:00Z',
          3,
        ),
      ]),
      {
        objectives: [
          {
            id: 'o1',
            title: 'Win ${quarter}',
            ownerId: 'diego',
            progress: 0.4,
            status: 'on_track',
          },
        ],
        due: [],
      },
      options,
    );
    const body = text(card);
    expect(body).toContain('“Cut ${cost} by {{DATE(2026-01-01T00:00:00Z, SHORT)}}”');
    expect(body).toContain('"text":"Win ${quarter}"');
    expect(body).toContain('40% · on track');
  });

  it('says a quiet week is quiet, and still shows what is due and where the objectives stand', () => {
    const card = buildDigestCard(
      digestOf([]),
      {
        objectives: [
          { id: 'o1', title: 'Grow retail', ownerId: 'diego', progress: 0.1, status: 'at_risk' },
        ],
        due: [
          {
            id: 'kr1',
            title: 'Retail pilots',
            objectiveTitle: 'Grow retail',
            ownerId: 'diego',
            lastCheckInAt: null,
            dueDate: '2026-12-15',
          },
        ],
      },
      options,
    );
    expect(validateAdaptiveCard(card).isValid).toBe(true);
    const body = text(card);
    expect(body).toContain('A quiet week');
    expect(body).toContain('“Retail pilots” in “Grow retail” · never checked in · due 2026-12-15');
    expect(body).toContain('10% · at risk');
    expect(body).not.toContain('Check-ins this week');
  });

  it('names each objective’s owner on a manager’s card', () => {
    const digest = {
      ...digestOf([]),
      subject: { kind: 'reports' as const, id: 'alex', name: 'Alex Wilber' },
    };
    const card = buildDigestCard(
      digest,
      {
        objectives: [
          { id: 'o1', title: 'Grow retail', ownerId: 'isaiah', progress: 0.5, status: 'on_track' },
        ],
        due: [],
      },
      options,
    );
    const body = text(card);
    expect(body).toContain('Your team’s week in OKRs');
    expect(body).toContain('Week of 2026-11-23 · Alex Wilber’s reports');
    expect(body).toContain('"text":"Isaiah Langer"');
  });
});

describe('what the digest card shows as due and where objectives stand', () => {
  const keyResult = (id: string, fields: Record<string, unknown>) => ({
    id,
    title: id,
    objectiveId: 'o1',
    ownerId: 'diego',
    coOwnerIds: [],
    updaterIds: [],
    status: 'on_track',
    lastCheckIn: null,
    dueDate: null,
    ...fields,
  });
  const snapshot = (state: 'open' | 'closed' = 'open') =>
    ({
      cycle: { id: 'c1', state },
      objectives: [
        { id: 'o1', title: 'Grow retail', ownerId: 'diego', progress: 0.3, status: 'on_track' },
        { id: 'o2', title: 'Isaiah’s', ownerId: 'isaiah', progress: 0.1, status: 'at_risk' },
      ],
      keyResults: [
        keyResult('fresh', { lastCheckIn: { at: '2026-11-25T10:00:00Z' } }),
        keyResult('stale', { lastCheckIn: { at: '2026-11-10T10:00:00Z' } }),
        keyResult('never', {}),
        keyResult('done', { status: 'done' }),
        keyResult('updated', { objectiveId: 'o2', ownerId: 'isaiah', updaterIds: ['diego'] }),
        keyResult('others', { objectiveId: 'o2', ownerId: 'isaiah' }),
      ],
      deliverables: [],
      people: new Map(),
    }) as unknown as CycleSnapshot;

  it('lists key results not checked in this cadence, never-checked-in first, and leaves out done ones', () => {
    const standing = digestStandingOf(snapshot(), ['diego'], { now: NOW, checkInCadenceDays: 7 });
    expect(standing.due.map((item) => item.id)).toEqual(['never', 'updated', 'stale']);
    expect(standing.objectives.map((item) => item.title)).toEqual(['Grow retail']);
  });

  it('covers every report of a manager', () => {
    const standing = digestStandingOf(snapshot(), ['diego', 'isaiah'], {
      now: NOW,
      checkInCadenceDays: 21,
    });
    expect(standing.due.map((item) => item.id).sort()).toEqual(['never', 'others', 'updated']);
    expect(standing.objectives.map((item) => item.title)).toEqual(['Isaiah’s', 'Grow retail']);
  });

  it('shows nothing due in a closed cycle, or without one', () => {
    expect(
      digestStandingOf(snapshot('closed'), ['diego'], { now: NOW, checkInCadenceDays: 7 }),
    ).toEqual({ objectives: [], due: [] });
    expect(digestStandingOf(null, ['diego'], { now: NOW, checkInCadenceDays: 7 })).toEqual({
      objectives: [],
      due: [],
    });
  });
});
