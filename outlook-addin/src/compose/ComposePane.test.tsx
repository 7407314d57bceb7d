import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { KeyResultDetail, MyOkrs, Objective, ObjectiveDetail } from '@throughline/contracts';
import { buildKeyResult } from '@throughline/ui/src/testing/factories';
import {
  errorBody,
  renderSignedIn,
  type StandInAnswer,
  type StandInServer,
} from '@throughline/ui/src/testing/session';
import { ComposePane } from './ComposePane';

// Parsed with the contracts, so the stand-in answers are what the server could send.
const objective = ObjectiveDetail.parse({
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
    }),
    buildKeyResult({
      id: 'kr-pipeline',
      title: 'Grow <b>qualified</b> pipeline',
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
  learnings: [],
  canEdit: true,
  canAddLearning: false,
});

const myOkrs = MyOkrs.parse({
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
});

// The key result as the server reads it when it is chosen: Alex checked in since the
// objective was read, so its value, status and pace are not those in the objective's list.
const pipeline = KeyResultDetail.parse({
  ...objective.keyResults[1],
  metric: { ...objective.keyResults[1]!.metric, current: 1_100_000 },
  progress: 0.55,
  status: 'at_risk',
  paceStatus: 'off_track',
  confidence: 4,
  lastCheckIn: {
    id: 'c2',
    at: '2026-11-20T09:00:00.000Z',
    value: 1_100_000,
    confidence: 4,
    status: 'at_risk',
    authorId: 'alex',
  },
  objective: Objective.parse(objective),
  deliverables: [],
  checkIns: [],
  canEdit: true,
  canCheckIn: true,
  cycle: myOkrs.cycle,
});

function serverWith(keyResultAnswer: () => StandInAnswer | Promise<StandInAnswer>): StandInServer {
  return (request) => {
    const path = new URL(request.path, 'http://throughline.test').pathname;
    if (path === '/api/my-okrs') return { status: 200, body: myOkrs };
    if (path === '/api/cycles/cycle-1/alignment-tree')
      return { status: 200, body: { cycleId: 'cycle-1', roots: [] } };
    if (path === '/api/teams') return { status: 200, body: { items: [], nextCursor: null } };
    if (path === '/api/objectives/objective-1') return { status: 200, body: objective };
    if (path === '/api/key-results/kr-pipeline') return keyResultAnswer();
    return { status: 404, body: errorBody('route_not_found', 'No such route.') };
  };
}
const server = serverWith(() => ({ status: 200, body: pipeline }));

async function chooseObjective(user: ReturnType<typeof userEvent.setup>) {
  await user.selectOptions(
    await screen.findByRole('combobox', { name: /Objective/ }),
    await screen.findByRole('option', { name: 'Grow EMEA revenue <fast> & well' }),
  );
}

async function chooseKeyResult(user: ReturnType<typeof userEvent.setup>, title: string) {
  const whatToInsert = await screen.findByRole('combobox', { name: 'What to insert' });
  await user.selectOptions(whatToInsert, within(whatToInsert).getByRole('option', { name: title }));
}

describe('ComposePane', () => {
  it('previews the chosen objective’s status and inserts it into the message', async () => {
    const user = userEvent.setup({ delay: null });
    const insertIntoBody = jest.fn(async () => 'cursor' as const);
    renderSignedIn(<ComposePane insertIntoBody={insertIntoBody} />, server);
    const objectives = await screen.findByRole('combobox', { name: /Objective \(FY27 Q2\)/ });
    expect(within(objectives).getByRole('group', { name: 'My objectives' })).toBeTruthy();
    await chooseObjective(user);
    const preview = await screen.findByRole('region', { name: 'Preview of the status' });
    expect(within(preview).getByText('Sign 5 new enterprise customers')).toBeTruthy();
    const whatToInsert = screen.getByRole<HTMLSelectElement>('combobox', {
      name: 'What to insert',
    });
    expect(whatToInsert.selectedOptions[0]?.textContent).toBe('The whole objective');
    expect(
      within(within(whatToInsert).getByRole('group', { name: 'One key result' }))
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['Sign 5 new enterprise customers', 'Grow <b>qualified</b> pipeline']);
    await user.click(screen.getByRole('button', { name: 'Insert into message' }));
    expect(await screen.findByText('Inserted at the cursor.')).toBeTruthy();
    expect(insertIntoBody).toHaveBeenCalledWith(
      expect.objectContaining({
        html: expect.stringContaining('Grow EMEA revenue &lt;fast&gt; &amp; well'),
        text: expect.stringContaining(
          '- Sign 5 new enterprise customers: 2 customers of 5 customers (40%, Status: At risk · Pace: Off track, confidence 5/10)',
        ),
      }),
    );
  });

  it('inserts one key result as the server reads it when it is chosen, never an earlier read', async () => {
    const user = userEvent.setup({ delay: null });
    const insertIntoBody = jest.fn(async () => 'cursor' as const);
    let answer: (value: StandInAnswer) => void = () => {};
    const { requests } = renderSignedIn(
      <ComposePane insertIntoBody={insertIntoBody} />,
      serverWith(() => new Promise((resolve) => (answer = resolve))),
    );
    await chooseObjective(user);
    await screen.findByRole('region', { name: 'Preview of the status' });
    await chooseKeyResult(user, 'Grow <b>qualified</b> pipeline');

    // While the key result is being read, nothing can be inserted: not the objective, not
    // the key result as the objective's list had it.
    expect(await screen.findByText("Loading the key result's status…")).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Preview of the status' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Insert into message' })).toBeNull();
    expect(requests.map((request) => `${request.method} ${request.path}`)).toContain(
      'GET /api/key-results/kr-pipeline',
    );

    answer({ status: 200, body: pipeline });
    const preview = await screen.findByRole('region', { name: 'Preview of the status' });
    expect(within(preview).getByText('Grow <b>qualified</b> pipeline')).toBeTruthy();
    expect(preview.querySelector('b')).toBeNull();
    expect(preview.textContent).toContain('Status: At risk · Pace: Off track');
    await user.click(screen.getByRole('button', { name: 'Insert into message' }));
    expect(await screen.findByText('Inserted at the cursor.')).toBeTruthy();

    expect(insertIntoBody).toHaveBeenCalledTimes(1);
    const [inserted] = insertIntoBody.mock.calls[0] as unknown as [{ html: string; text: string }];
    expect(inserted.html).toContain('Grow &lt;b&gt;qualified&lt;/b&gt; pipeline');
    expect(inserted.html).not.toContain('<b>');
    expect(inserted.html).toContain('€1.10m of €2.00m · 55% complete');
    expect(inserted.html).toContain('Status: At risk · Pace: Off track · Confidence 4/10');
    expect(inserted.html).toContain('Key result of “Grow EMEA revenue &lt;fast&gt; &amp; well”');
    expect(inserted.html).toContain('href="http://throughline.test/tab/#/key-results/kr-pipeline"');
    expect(inserted.text.split('\n')).toEqual([
      'Grow <b>qualified</b> pipeline',
      'Key result of “Grow EMEA revenue <fast> & well”',
      '€1.10m of €2.00m · 55% complete',
      'Status: At risk · Pace: Off track · Confidence 4/10',
      'Last check-in: 20 Nov 2026 by Alex Wilber — €1.10m, at risk, confidence 4/10.',
      'Open in Throughline: http://throughline.test/tab/#/key-results/kr-pipeline',
      '',
    ]);
  });

  it('goes back to the whole objective when the person chooses it again', async () => {
    const user = userEvent.setup({ delay: null });
    renderSignedIn(<ComposePane insertIntoBody={async () => 'cursor'} />, server);
    await chooseObjective(user);
    await chooseKeyResult(user, 'Grow <b>qualified</b> pipeline');
    const preview = await screen.findByRole('region', { name: 'Preview of the status' });
    await within(preview).findByText('Key result of “Grow EMEA revenue <fast> & well”');
    await chooseKeyResult(user, 'The whole objective');
    expect(
      within(screen.getByRole('region', { name: 'Preview of the status' })).getAllByRole('row'),
    ).toHaveLength(3);
  });

  it('says when the key result could not be read, and reads it again on Retry', async () => {
    const user = userEvent.setup({ delay: null });
    let isDown = true;
    renderSignedIn(
      <ComposePane insertIntoBody={async () => 'cursor'} />,
      serverWith(() =>
        isDown
          ? { status: 503, body: errorBody('unavailable', 'The server is restarting.') }
          : { status: 200, body: pipeline },
      ),
    );
    await chooseObjective(user);
    await chooseKeyResult(user, 'Grow <b>qualified</b> pipeline');
    expect(await screen.findByText('Could not load the key result')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Insert into message' })).toBeNull();
    isDown = false;
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    const preview = await screen.findByRole('region', { name: 'Preview of the status' });
    expect(preview.textContent).toContain('Status: At risk · Pace: Off track');
  });

  it('says the message is unchanged when Outlook refuses the text', async () => {
    const user = userEvent.setup({ delay: null });
    renderSignedIn(
      <ComposePane
        insertIntoBody={async () => Promise.reject(new Error('The item is read-only.'))}
      />,
      server,
    );
    await chooseObjective(user);
    await user.click(await screen.findByRole('button', { name: 'Insert into message' }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'The item is read-only. Your message is unchanged.',
    );
  });

  it('offers to copy the text outside Outlook', async () => {
    const user = userEvent.setup({ delay: null });
    renderSignedIn(<ComposePane insertIntoBody={null} />, server);
    await chooseObjective(user);
    expect(await screen.findByRole('button', { name: 'Copy as text' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Insert into message' })).toBeNull();
  });

  it('copies one key result as plain text outside Outlook', async () => {
    const user = userEvent.setup({ delay: null });
    renderSignedIn(<ComposePane insertIntoBody={null} />, server);
    await chooseObjective(user);
    await chooseKeyResult(user, 'Grow <b>qualified</b> pipeline');
    await user.click(await screen.findByRole('button', { name: 'Copy as text' }));
    expect(await screen.findByText('Copied as text.')).toBeTruthy();
    const copied = await navigator.clipboard.readText();
    expect(copied.split('\n').slice(0, 4)).toEqual([
      'Grow <b>qualified</b> pipeline',
      'Key result of “Grow EMEA revenue <fast> & well”',
      '€1.10m of €2.00m · 55% complete',
      'Status: At risk · Pace: Off track · Confidence 4/10',
    ]);
  });
});
