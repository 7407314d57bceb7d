import type { ObjectiveDetail } from '@throughline/contracts';
import { buildKeyResult } from '@throughline/ui/src/testing/factories';
import { keyResultStatus, objectiveStatus, type OkrStatusOptions } from './okr-status';

const options: OkrStatusOptions = {
  locale: 'en-GB',
  publicUrl: 'https://okrs.contoso.com/',
  nameOf: (id) => (id === 'diego' ? 'Diego Siciliani' : undefined),
};

const customers = buildKeyResult({
  id: 'kr-sign',
  title: 'Sign 5 new <b>enterprise</b> customers',
  progress: 0.4,
  status: 'at_risk',
  paceStatus: 'off_track',
  confidence: 5,
  lastCheckIn: {
    id: 'c1',
    at: '2026-11-12T10:00:00.000Z',
    value: 2,
    confidence: 5,
    status: 'at_risk',
    authorId: 'diego',
  },
});

const pipeline = buildKeyResult({
  id: 'kr-pipeline',
  title: 'Grow pipeline',
  progress: 0.5,
  status: 'on_track',
  paceStatus: 'on_track',
  metric: {
    kind: 'currency',
    start: 0,
    target: 2_000_000,
    current: 1_000_000,
    unit: '',
    currency: 'EUR',
    direction: 'increase',
    milestones: [],
  },
  lastCheckIn: null,
  confidence: null,
});

const objective: ObjectiveDetail = {
  id: 'objective-1',
  cycleId: 'cycle-1',
  title: 'Grow EMEA revenue <fast> & well',
  description: '',
  level: 'individual',
  ownerId: 'diego',
  teamId: null,
  alignsTo: null,
  contributors: [],
  visibility: 'public',
  state: 'active',
  includeAlignedInProgress: false,
  progress: 0.46,
  status: 'at_risk',
  score: null,
  version: 1,
  createdAt: '2026-10-01T09:00:00.000Z',
  updatedAt: '2026-10-01T09:00:00.000Z',
  keyResults: [customers, pipeline],
  deliverables: [],
  learnings: [],
  canEdit: true,
  canAddLearning: false,
};

const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');

describe('objectiveStatus', () => {
  const status = objectiveStatus(objective, options);

  it('writes the objective, its progress and status, every key result with its pace, and the last check-in', () => {
    const html = parse(status.html);
    expect(html.querySelector('strong')?.textContent).toBe('Grow EMEA revenue <fast> & well');
    expect(html.body.textContent).toContain('46% complete · At risk');
    expect([...html.querySelectorAll('thead th')].map((cell) => cell.textContent)).toEqual([
      'Key result',
      'Where it stands',
      'Progress',
      'Status',
      'Pace',
      'Confidence',
    ]);
    expect(
      [...html.querySelectorAll('tbody tr')].map((row) =>
        [...row.querySelectorAll('td')].map((cell) => cell.textContent),
      ),
    ).toEqual([
      [
        'Sign 5 new <b>enterprise</b> customers',
        '2 customers of 5 customers',
        '40%',
        'At risk',
        'Off track',
        '5/10',
      ],
      ['Grow pipeline', '€1.00m of €2.00m', '50%', 'On track', 'On track', '–'],
    ]);
    expect(html.body.textContent).toContain(
      'Last check-in: 12 Nov 2026 by Diego Siciliani on “Sign 5 new <b>enterprise</b> customers” — 2 customers, at risk, confidence 5/10.',
    );
    expect(html.querySelector('a')?.getAttribute('href')).toBe(
      'https://okrs.contoso.com/tab/#/objectives/objective-1',
    );
  });

  it('escapes what people typed, so a title cannot inject markup into the email', () => {
    expect(status.html).toContain('Grow EMEA revenue &lt;fast&gt; &amp; well');
    expect(status.html).not.toContain('<fast>');
    expect(status.html).not.toContain('<b>');
  });

  it('has a plain-text twin with the same facts, pace in the words of the key result fragment', () => {
    expect(status.text.split('\n').slice(0, 4)).toEqual([
      'Grow EMEA revenue <fast> & well',
      '46% complete · At risk',
      '- Sign 5 new <b>enterprise</b> customers: 2 customers of 5 customers (40%, Status: At risk · Pace: Off track, confidence 5/10)',
      '- Grow pipeline: €1.00m of €2.00m (50%, Status: On track · Pace: On track, confidence –)',
    ]);
  });
});

describe('keyResultStatus', () => {
  const status = keyResultStatus(customers, objective.title, options);

  it('writes the key result, its objective, where it stands, status and pace, confidence and the last check-in', () => {
    const html = parse(status.html);
    expect(html.querySelector('strong')?.textContent).toBe(
      'Sign 5 new <b>enterprise</b> customers',
    );
    expect([...html.querySelectorAll('p')].map((line) => line.textContent)).toEqual([
      'Sign 5 new <b>enterprise</b> customers',
      'Key result of “Grow EMEA revenue <fast> & well”',
      '2 customers of 5 customers · 40% complete',
      'Status: At risk · Pace: Off track · Confidence 5/10',
      'Last check-in: 12 Nov 2026 by Diego Siciliani — 2 customers, at risk, confidence 5/10.',
      'Open in Throughline',
    ]);
    expect(html.querySelector('a')?.getAttribute('href')).toBe(
      'https://okrs.contoso.com/tab/#/key-results/kr-sign',
    );
  });

  it('escapes what people typed in the key result and its objective', () => {
    expect(status.html).toContain('Sign 5 new &lt;b&gt;enterprise&lt;/b&gt; customers');
    expect(status.html).toContain('Grow EMEA revenue &lt;fast&gt; &amp; well');
    expect(status.html).not.toContain('<b>');
    expect(status.html).not.toContain('<fast>');
  });

  it('keeps every element plain with inline styles, since email clients drop classes', () => {
    const html = parse(status.html);
    expect(html.querySelectorAll('[class], style, script')).toHaveLength(0);
    expect([...html.querySelectorAll('p')].every((line) => line.hasAttribute('style'))).toBe(true);
  });

  it('has a plain-text twin with the same facts', () => {
    expect(status.text).toBe(
      [
        'Sign 5 new <b>enterprise</b> customers',
        'Key result of “Grow EMEA revenue <fast> & well”',
        '2 customers of 5 customers · 40% complete',
        'Status: At risk · Pace: Off track · Confidence 5/10',
        'Last check-in: 12 Nov 2026 by Diego Siciliani — 2 customers, at risk, confidence 5/10.',
        'Open in Throughline: https://okrs.contoso.com/tab/#/key-results/kr-sign',
        '',
      ].join('\n'),
    );
  });

  it('says so when nobody has checked in yet, without a confidence nobody gave or an author nobody knows', () => {
    const fresh = keyResultStatus(pipeline, 'Grow EMEA revenue', {
      locale: 'en-GB',
      publicUrl: 'https://okrs.contoso.com',
    });
    expect(fresh.text.split('\n').slice(2, 5)).toEqual([
      '€1.00m of €2.00m · 50% complete',
      'Status: On track · Pace: On track',
      'No check-ins yet.',
    ]);
    const unknownAuthor = keyResultStatus(customers, 'Grow EMEA revenue', {
      locale: 'en-GB',
      publicUrl: 'https://okrs.contoso.com',
    });
    expect(unknownAuthor.text).toContain(
      'Last check-in: 12 Nov 2026 — 2 customers, at risk, confidence 5/10.',
    );
  });

  it('reads a yes/no key result as done or not, without a target', () => {
    const renewal = keyResultStatus(
      buildKeyResult({
        title: 'Renew Fabrikam',
        progress: 0,
        status: 'at_risk',
        paceStatus: 'off_track',
        metric: {
          kind: 'boolean',
          start: 0,
          target: 1,
          current: 0,
          unit: '',
          direction: 'increase',
          milestones: [],
        },
      }),
      'Grow EMEA revenue',
      options,
    );
    expect(renewal.text.split('\n')[2]).toBe('Not done yet · 0% complete');
  });
});
