import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { MyOkrs, ObjectiveDetail } from '@throughline/contracts';
import { buildKeyResult } from '@throughline/ui/src/testing/factories';
import { errorBody, renderPane, type PaneServer } from '../testing/pane-session';
import { ComposePane } from './ComposePane';
import { objectiveStatus } from './objective-status';

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
  keyResults: [
    buildKeyResult({
      id: 'kr-sign',
      title: 'Sign 5 new enterprise customers',
      progress: 0.4,
      status: 'at_risk',
      confidence: 5,
      lastCheckIn: {
        id: 'c1',
        at: '2026-11-12T10:00:00.000Z',
        value: 2,
        confidence: 5,
        status: 'at_risk',
        authorId: 'diego',
      },
    }),
    buildKeyResult({
      id: 'kr-pipeline',
      title: 'Grow pipeline',
      progress: 0.5,
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
    }),
  ],
  deliverables: [],
  canEdit: true,
};

const myOkrs: MyOkrs = {
  cycle: {
    id: 'cycle-1',
    name: 'FY27 Q2',
    kind: 'quarter',
    startsOn: '2026-10-01',
    endsOn: '2026-12-31',
    state: 'open',
    closedAt: null,
    version: 1,
  },
  objectives: [objective],
  dueForCheckIn: [],
};

const server: PaneServer = (request) => {
  if (request.path === '/my-okrs') return { status: 200, body: myOkrs };
  if (request.path === '/cycles/cycle-1/alignment-tree')
    return { status: 200, body: { cycleId: 'cycle-1', roots: [] } };
  if (request.path === '/people' || request.path === '/teams')
    return { status: 200, body: { items: [], nextCursor: null } };
  if (request.path === '/objectives/objective-1') return { status: 200, body: objective };
  return { status: 404, body: errorBody('route_not_found', 'No such route.') };
};

describe('objectiveStatus', () => {
  const status = objectiveStatus(objective, {
    locale: 'en-GB',
    publicUrl: 'https://okrs.contoso.com',
    nameOf: (id) => (id === 'diego' ? 'Diego Siciliani' : undefined),
  });

  it('writes the objective, its progress and status, every key result and the last check-in', () => {
    const html = new DOMParser().parseFromString(status.html, 'text/html');
    expect(html.querySelector('strong')?.textContent).toBe('Grow EMEA revenue <fast> & well');
    expect(html.body.textContent).toContain('46% complete · At risk');
    expect(
      [...html.querySelectorAll('tbody tr')].map((row) =>
        [...row.querySelectorAll('td')].map((cell) => cell.textContent),
      ),
    ).toEqual([
      ['Sign 5 new enterprise customers', '2 customers of 5 customers', '40%', 'At risk', '5/10'],
      ['Grow pipeline', '€1.00m of €2.00m', '50%', 'On track', '–'],
    ]);
    expect(html.body.textContent).toContain(
      'Last check-in: 12 Nov 2026 by Diego Siciliani on “Sign 5 new enterprise customers” — 2 customers, at risk, confidence 5/10.',
    );
    expect(html.querySelector('a')?.getAttribute('href')).toBe(
      'https://okrs.contoso.com/tab/#/objectives/objective-1',
    );
  });

  it('escapes what people typed, so a title cannot inject markup into the email', () => {
    expect(status.html).toContain('Grow EMEA revenue &lt;fast&gt; &amp; well');
    expect(status.html).not.toContain('<fast>');
  });

  it('has a plain-text twin with the same facts', () => {
    expect(status.text.split('\n').slice(0, 4)).toEqual([
      'Grow EMEA revenue <fast> & well',
      '46% complete · At risk',
      '- Sign 5 new enterprise customers: 2 customers of 5 customers (40%, At risk, confidence 5/10)',
      '- Grow pipeline: €1.00m of €2.00m (50%, On track, confidence –)',
    ]);
  });
});

describe('ComposePane', () => {
  it('previews the chosen objective’s status and inserts it into the message', async () => {
    const user = userEvent.setup();
    const insertIntoBody = jest.fn(async () => 'cursor' as const);
    renderPane(<ComposePane insertIntoBody={insertIntoBody} />, server);
    const objectives = await screen.findByRole('combobox', { name: /Objective \(FY27 Q2\)/ });
    expect(within(objectives).getByRole('group', { name: 'My objectives' })).toBeTruthy();
    await user.selectOptions(
      objectives,
      await screen.findByRole('option', { name: 'Grow EMEA revenue <fast> & well' }),
    );
    const preview = await screen.findByRole('region', { name: 'Preview of the status' });
    expect(within(preview).getByText('Sign 5 new enterprise customers')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Insert into message' }));
    expect(await screen.findByText('Inserted at the cursor.')).toBeTruthy();
    expect(insertIntoBody).toHaveBeenCalledWith(
      expect.objectContaining({
        html: expect.stringContaining('Grow EMEA revenue &lt;fast&gt; &amp; well'),
      }),
    );
  });

  it('says the message is unchanged when Outlook refuses the text', async () => {
    const user = userEvent.setup();
    renderPane(
      <ComposePane
        insertIntoBody={async () => Promise.reject(new Error('The item is read-only.'))}
      />,
      server,
    );
    await user.selectOptions(
      await screen.findByRole('combobox'),
      await screen.findByRole('option', { name: 'Grow EMEA revenue <fast> & well' }),
    );
    await user.click(await screen.findByRole('button', { name: 'Insert into message' }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'The item is read-only. Your message is unchanged.',
    );
  });

  it('offers to copy the text outside Outlook', async () => {
    const user = userEvent.setup();
    renderPane(<ComposePane insertIntoBody={null} />, server);
    await user.selectOptions(
      await screen.findByRole('combobox'),
      await screen.findByRole('option', { name: 'Grow EMEA revenue <fast> & well' }),
    );
    expect(await screen.findByRole('button', { name: 'Copy as text' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Insert into message' })).toBeNull();
  });
});
