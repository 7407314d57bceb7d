import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  UpdateCycleRequest,
  UpdateTeamRequest,
  type Cycle,
  type Team,
  type TeamsFromHierarchyReport,
} from '@throughline/contracts';
import { buildTeam } from '@throughline/ui/src/testing/factories';
import { CloseCycleDialog, EditCycleDialog } from './CycleDialogs';
import { EditTeamDialog } from './EditTeamDialog';
import { HierarchyTeamsDialog } from './HierarchyTeamsDialog';
import { chosenIn, pickIn } from '../../forms/okr-stand-in';
import { errorBody, renderAsAdmin, type AdminAnswer, type AdminRequest } from './admin-stand-in';

const buildCycle = (overrides: Partial<Cycle> = {}): Cycle => ({
  id: 'cycle-q1',
  name: 'Q1 2027',
  kind: 'quarter',
  startsOn: '2027-01-01',
  endsOn: '2027-03-31',
  state: 'open',
  closedAt: null,
  version: 3,
  ...overrides,
});

const sent = (requests: AdminRequest[], method: string, path: string) =>
  requests.filter((request) => request.method === method && request.path === path);

const versionConflict = (current: unknown): AdminAnswer => ({
  status: 409,
  body: errorBody(
    'version_conflict',
    'Someone changed this in the meantime. Reload to see their change, then try again.',
    { current },
  ),
});

describe('EditCycleDialog', () => {
  function open(answer: (request: AdminRequest) => AdminAnswer, cycle = buildCycle()) {
    const onSaved = jest.fn();
    const onDismiss = jest.fn();
    const rendered = renderAsAdmin(
      <EditCycleDialog cycle={cycle} onSaved={onSaved} onDismiss={onDismiss} />,
      answer,
    );
    return { ...rendered, onSaved, onDismiss };
  }
  const nameField = () => screen.getByRole('textbox', { name: /^name/i });
  const endsOnField = () => screen.getByLabelText(/^ends on/i);

  it('shows the cycle as it is and saves a new name and end on top of the version it was opened at', async () => {
    const user = userEvent.setup({ delay: null });
    const saved = buildCycle({ name: 'Q1 FY27', endsOn: '2027-04-07', version: 4 });
    const { requests, onSaved } = open(() => ({ status: 200, body: saved }));
    expect(screen.getByRole('heading', { name: 'Edit Q1 2027' })).toBeTruthy();
    expect(nameField()).toHaveProperty('value', 'Q1 2027');
    expect(screen.getByLabelText(/^starts on/i)).toHaveProperty('value', '2027-01-01');

    await user.clear(nameField());
    await user.type(nameField(), 'Q1 FY27');
    await user.clear(endsOnField());
    await user.type(endsOnField(), '2027-04-07');
    await user.click(screen.getByRole('button', { name: 'Save cycle' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(saved));
    const [patch] = sent(requests, 'PATCH', '/api/cycles/cycle-q1');
    expect(UpdateCycleRequest.parse(patch!.body)).toEqual({
      version: 3,
      name: 'Q1 FY27',
      startsOn: '2027-01-01',
      endsOn: '2027-04-07',
    });
  });

  it('says next to the end date when the cycle would end before it starts, and keeps the dialog open', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests, onSaved } = open(() => ({ status: 200, body: buildCycle() }));

    await user.clear(endsOnField());
    await user.type(endsOnField(), '2026-12-01');
    await user.click(screen.getByRole('button', { name: 'Save cycle' }));

    const message = await screen.findByText('must be after startsOn');
    expect(endsOnField().getAttribute('aria-describedby') ?? '').toContain(
      message.closest('[id]')!.id,
    );
    // Refused by the contract the server validates with, so it never reached a save.
    expect(UpdateCycleRequest.safeParse(requests.at(-1)!.body).success).toBe(false);
    expect(screen.queryByText(/not saved/i)).toBeNull();
    expect(screen.getByRole('dialog')).toBeTruthy();
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('after a version conflict keeps the edits and says someone else changed the cycle', async () => {
    const user = userEvent.setup({ delay: null });
    const { onSaved } = open(() => versionConflict(buildCycle({ version: 4 })));

    await user.clear(nameField());
    await user.type(nameField(), 'First quarter');
    await user.click(screen.getByRole('button', { name: 'Save cycle' }));

    expect((await screen.findByRole('alert')).textContent).toMatch(
      /not saved: someone changed this in the meantime.*what you typed is kept/i,
    );
    expect(nameField()).toHaveProperty('value', 'First quarter');
    expect(onSaved).not.toHaveBeenCalled();
  });
});

describe('CloseCycleDialog', () => {
  function open(answer: (request: AdminRequest) => AdminAnswer) {
    const onClosed = jest.fn();
    const onDismiss = jest.fn();
    const rendered = renderAsAdmin(
      <CloseCycleDialog cycle={buildCycle()} onClosed={onClosed} onDismiss={onDismiss} />,
      answer,
    );
    return { ...rendered, onClosed, onDismiss };
  }
  const closed = buildCycle({ state: 'closed', closedAt: '2027-04-01T09:00:00.000Z', version: 4 });

  it('says what closing does before anything is sent, and sends nothing when cancelled', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests, onDismiss } = open(() => ({ status: 200, body: closed }));

    const dialog = screen.getByRole('alertdialog', { name: 'Close Q1 2027?' });
    const description = document.getElementById(dialog.getAttribute('aria-describedby')!)!;
    expect(description.textContent).toMatch(/records a score .* on every key result and objective/);
    expect(description.textContent).toMatch(/nobody can check in or change its OKRs any more/);
    expect(description.textContent).toMatch(/cannot be opened again/);

    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(onDismiss).toHaveBeenCalled();
    expect(requests).toEqual([]);
  });

  it('closes the cycle on confirmation, once, under an idempotency key', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests, onClosed } = open(() => ({ status: 200, body: closed }));

    await user.click(screen.getByRole('button', { name: 'Close cycle and record scores' }));

    await waitFor(() => expect(onClosed).toHaveBeenCalledWith(closed));
    const posts = sent(requests, 'POST', '/api/cycles/cycle-q1/close');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.headers['idempotency-key']).toBeTruthy();
  });

  it('shows why a close was refused and stays open', async () => {
    const user = userEvent.setup({ delay: null });
    const { onClosed } = open(() => ({
      status: 409,
      body: errorBody('cycle_closed', 'This cycle is already closed.'),
    }));

    await user.click(screen.getByRole('button', { name: 'Close cycle and record scores' }));

    expect((await screen.findByRole('alert')).textContent).toBe(
      'Not closed: This cycle is already closed.',
    );
    expect(screen.getByRole('alertdialog')).toBeTruthy();
    expect(onClosed).not.toHaveBeenCalled();
  });
});

describe('EditTeamDialog', () => {
  const company = buildTeam({ id: 'team-company', name: 'Northwind', leadId: 'nia' });
  const sales = buildTeam({
    id: 'team-sales',
    name: 'Sales',
    parentId: 'team-company',
    leadId: null,
    memberIds: [],
    version: 2,
  });
  const milan = buildTeam({ id: 'team-milan', name: 'Milan', parentId: 'team-sales' });
  const operations = buildTeam({ id: 'team-operations', name: 'Operations', parentId: null });
  const teams = [company, sales, milan, operations];

  function open(answer: (request: AdminRequest) => AdminAnswer, team: Team = sales) {
    const onSaved = jest.fn();
    const rendered = renderAsAdmin(
      <EditTeamDialog team={team} teams={teams} onSaved={onSaved} onDismiss={jest.fn()} />,
      answer,
    );
    return { ...rendered, onSaved };
  }
  const parentField = () => screen.getByRole('combobox', { name: /^part of/i });
  const leadField = () => screen.getByRole('combobox', { name: /^lead/i });

  it('renames the team, sets its lead found by name and its parent, on top of its version', async () => {
    const user = userEvent.setup({ delay: null });
    const saved = { ...sales, name: 'Sales Europe', leadId: 'lucia', parentId: null, version: 3 };
    const { requests, onSaved } = open(() => ({ status: 200, body: saved }));
    expect(screen.getByRole('heading', { name: 'Edit Sales' })).toBeTruthy();
    // Neither the team itself nor a team below it can be its parent.
    expect(
      within(parentField())
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['No parent team', 'Northwind', 'Operations']);
    expect(parentField()).toHaveProperty('value', 'team-company');

    const name = screen.getByRole('textbox', { name: /^team name/i });
    await user.clear(name);
    await user.type(name, 'Sales Europe');
    await user.type(leadField(), 'Lucia');
    await user.click(
      await screen.findByRole('option', { name: 'Lucia Romano, VP Sales' }, { timeout: 5000 }),
    );
    await user.selectOptions(parentField(), 'No parent team');
    await user.click(screen.getByRole('button', { name: 'Save team' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(saved));
    const [patch] = sent(requests, 'PATCH', '/api/teams/team-sales');
    expect(UpdateTeamRequest.parse(patch!.body)).toEqual({
      version: 2,
      name: 'Sales Europe',
      leadId: 'lucia',
      parentId: null,
    });
  });

  it('adds members found by name and sends the members only when they changed', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests, onSaved } = open(() => ({
      status: 200,
      body: { ...sales, memberIds: ['lucia', 'grace'], version: 3 },
    }));
    await pickIn(user, 'Members', 'Luc', 'Lucia Romano, VP Sales');
    await pickIn(user, 'Members', 'Gra', 'Grace Liu, Logistics Planner');
    expect(chosenIn('Members')).toHaveLength(2);
    await user.click(screen.getByRole('button', { name: 'Save team' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    const [patch] = sent(requests, 'PATCH', '/api/teams/team-sales');
    expect(UpdateTeamRequest.parse(patch!.body)).toMatchObject({ memberIds: ['lucia', 'grace'] });
  });

  it('clears the lead when “No lead” is chosen', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests, onSaved } = open(
      () => ({ status: 200, body: { ...company, leadId: null, version: 2 } }),
      company,
    );
    expect(leadField()).toHaveProperty('value', 'Nia Okafor');
    await user.click(leadField());
    await user.click(screen.getByRole('option', { name: 'No lead' }));
    await user.click(screen.getByRole('button', { name: 'Save team' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    const [patch] = sent(requests, 'PATCH', '/api/teams/team-company');
    expect(UpdateTeamRequest.parse(patch!.body)).toMatchObject({ leadId: null });
  });

  it('shows a refused parent next to the parent field, without a banner', async () => {
    const user = userEvent.setup({ delay: null });
    const { onSaved } = open(() => ({
      status: 400,
      body: errorBody(
        'team_parent_loop',
        'Operations is part of Sales, so it cannot be its parent: a team cannot be its own ancestor.',
        [{ path: 'body.parentId', message: 'would make the team part of itself' }],
      ),
    }));

    await user.selectOptions(parentField(), 'Operations');
    await user.click(screen.getByRole('button', { name: 'Save team' }));

    const message = await screen.findByText('would make the team part of itself');
    expect(parentField().getAttribute('aria-describedby') ?? '').toContain(
      message.closest('[id]')!.id,
    );
    expect(screen.queryByText(/not saved/i)).toBeNull();
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('shows a refused lead next to the lead field', async () => {
    const user = userEvent.setup({ delay: null });
    open(() => ({
      status: 400,
      body: errorBody('validation_failed', 'The lead is not a person in your organisation.', [
        { path: 'body.leadId', message: 'is not a person in your organisation' },
      ]),
    }));

    await user.click(screen.getByRole('button', { name: 'Save team' }));

    const message = await screen.findByText('is not a person in your organisation');
    expect(leadField().getAttribute('aria-describedby') ?? '').toContain(
      message.closest('[id]')!.id,
    );
  });
});

/** A row's cells as a screen reader reads them: without what is hidden from it (avatar initials). */
const cellsAsRead = (row: HTMLElement) =>
  [...row.querySelectorAll('th, td')].map((cell) => {
    const copy = cell.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('[aria-hidden="true"]').forEach((hidden) => hidden.remove());
    return copy.textContent;
  });

describe('HierarchyTeamsDialog', () => {
  const niaTeam = buildTeam({
    id: 'hierarchy-nia',
    name: "Nia Okafor's team",
    leadId: 'nia',
    memberIds: ['daniel', 'lucia'],
    parentId: null,
    origin: { kind: 'hierarchy', managerId: 'nia' },
  });
  const danielTeam = buildTeam({
    id: 'hierarchy-daniel',
    name: "Daniel Kim's team",
    leadId: 'daniel',
    memberIds: ['grace'],
    parentId: 'hierarchy-nia',
    origin: { kind: 'hierarchy', managerId: 'daniel' },
  });
  const sales = buildTeam({ id: 'team-sales', name: 'Sales', leadId: 'lucia' });
  const reportOf = (dryRun: boolean): TeamsFromHierarchyReport => ({
    dryRun,
    created: [niaTeam, danielTeam],
    matched: [sales],
    skipped: [
      {
        managerId: 'someone-gone',
        displayName: 'Ravi Patel',
        reason: 'manager_inactive',
        message: 'Ravi Patel has left the organisation.',
      },
    ],
    counts: { created: 2, matched: 1, skipped: 1 },
  });
  const runs = (requests: AdminRequest[]) =>
    sent(requests, 'POST', '/api/admin/teams/from-hierarchy').map((request) => request.query);

  function open(answer: (request: AdminRequest) => AdminAnswer) {
    const onCreated = jest.fn();
    const rendered = renderAsAdmin(
      <HierarchyTeamsDialog teams={[sales]} onCreated={onCreated} onDismiss={jest.fn()} />,
      answer,
    );
    return { ...rendered, onCreated };
  }

  it('first shows what a dry run would create, then creates it on confirmation', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests, onCreated } = open((request) => ({
      status: 200,
      body: reportOf(request.query.dryRun === 'true'),
    }));

    const table = await screen.findByRole('table', { name: 'Teams that will be created' });
    expect(runs(requests)).toEqual([{ dryRun: 'true' }]);
    expect(within(table).getAllByRole('row').map(cellsAsRead)).toEqual([
      ['Team', 'Lead', 'Members', 'Part of'],
      ["Nia Okafor's team", 'Nia Okafor', '2 people', '—'],
      ["Daniel Kim's team", 'Daniel Kim', '1 person', "Nia Okafor's team"],
    ]);
    expect(
      screen.getByText(
        '2 teams will be created. 1 manager already leads a team. 1 manager is skipped.',
      ),
    ).toBeTruthy();
    expect(
      within(screen.getByRole('region', { name: 'Already there' })).getByText('Sales'),
    ).toBeTruthy();
    expect(
      within(screen.getByRole('region', { name: 'Skipped' })).getByText(
        'Ravi Patel has left the organisation.',
      ),
    ).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Create 2 teams' }));

    await waitFor(() => expect(onCreated).toHaveBeenCalledWith(reportOf(false)));
    expect(runs(requests)).toEqual([{ dryRun: 'true' }, { dryRun: 'false' }]);
  });

  it('offers nothing to create when every manager already leads a team', async () => {
    const { requests } = open(() => ({
      status: 200,
      body: {
        ...reportOf(true),
        created: [],
        matched: [sales, niaTeam, danielTeam],
        skipped: [],
        counts: { created: 0, matched: 3, skipped: 0 },
      },
    }));

    await screen.findByText(/Nothing to create: every manager already leads a team\./);
    expect(screen.queryByRole('button', { name: /^create/i })).toBeNull();
    expect(screen.getByRole('button', { name: 'Close' })).toBeTruthy();
    expect(runs(requests)).toEqual([{ dryRun: 'true' }]);
  });

  it('says why the dry run failed and offers to try again', async () => {
    const user = userEvent.setup({ delay: null });
    let isDown = true;
    const { requests } = open(() =>
      isDown
        ? { status: 503, body: errorBody('database_unavailable', 'The database is not answering.') }
        : { status: 200, body: reportOf(true) },
    );

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not read the manager hierarchy');
    expect(alert.textContent).toContain('The database is not answering.');
    isDown = false;
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));

    await screen.findByRole('table', { name: 'Teams that will be created' });
    expect(runs(requests)).toEqual([{ dryRun: 'true' }, { dryRun: 'true' }]);
  });
});
