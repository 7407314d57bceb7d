import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  CreateObjectiveRequest,
  UpdateObjectiveRequest,
  type Objective,
  type ObjectiveDetail,
} from '@throughline/contracts';
import {
  buildAlignmentNode,
  buildObjective,
  buildObjectiveDetail,
  buildTeam,
} from '@throughline/ui/src/testing/factories';
import { renderSignedIn, type RecordedRequest } from '@throughline/ui/src/testing/session';
import { useState } from 'react';
import { ObjectiveFormDialog } from './ObjectiveFormDialog';
import {
  chosenIn,
  chosenTag,
  describedBy,
  errorBody,
  offeredIn,
  okrStandIn,
  pickIn,
  pickerInput,
  savesTo,
  type OkrStandInOptions,
} from './okr-stand-in';

const roots = [
  buildAlignmentNode({
    id: 'objective-company',
    title: 'Grow revenue 20%',
    level: 'company',
    children: [
      buildAlignmentNode({ kind: 'keyResult', id: 'kr-emea', title: 'Reach 4M in EMEA' }),
      buildAlignmentNode({
        id: 'objective-1',
        title: 'Grow EMEA revenue',
        ownerId: 'diego',
        level: 'individual',
      }),
    ],
  }),
];
const teams = [
  buildTeam({ id: 'team-emea', name: 'EMEA Sales' }),
  buildTeam({ id: 'team-partners', name: 'Partnerships', memberIds: ['nia'] }),
];

/** Opened as My OKRs and the objective's page open it: closed by the page once saved. */
function ObjectiveDialogOnPage({
  objective,
  onSaved,
  onDismiss,
}: {
  objective?: ObjectiveDetail;
  onSaved: (objective: Objective) => void;
  onDismiss: () => void;
}) {
  const [isOpen, setIsOpen] = useState(true);
  if (!isOpen) return null;
  return (
    <ObjectiveFormDialog
      cycleId="cycle-1"
      objective={objective}
      onDismiss={() => {
        setIsOpen(false);
        onDismiss();
      }}
      onSaved={(saved) => {
        setIsOpen(false);
        onSaved(saved);
      }}
    />
  );
}

async function openDialog(
  answerSave: OkrStandInOptions['answerSave'],
  objective?: ObjectiveDetail,
) {
  const onSaved = jest.fn();
  const onDismiss = jest.fn();
  const rendered = renderSignedIn(
    <ObjectiveDialogOnPage objective={objective} onSaved={onSaved} onDismiss={onDismiss} />,
    okrStandIn({ teams, roots, answerSave }),
  );
  // The pickers' choices arrive from the server after the first render.
  await screen.findByRole('radio', { name: 'Grow revenue 20%' });
  return { ...rendered, onSaved, onDismiss };
}

const titleField = () => screen.getByRole('textbox', { name: /^objective/i });
const countAligned = () =>
  screen.getByRole('switch', { name: 'Count objectives aligned to this one in its progress' });

const creates = (requests: RecordedRequest[]) => savesTo(requests, 'POST', /^\/api\/objectives$/);
const edits = (requests: RecordedRequest[]) =>
  savesTo(requests, 'PATCH', /^\/api\/objectives\/objective-1$/);

describe('ObjectiveFormDialog, creating', () => {
  it('creates the objective with everything entered, counting aligned objectives in its progress when asked', async () => {
    const user = userEvent.setup({ delay: null });
    const created = buildObjective({ id: 'objective-new', includeAlignedInProgress: true });
    const { requests, onSaved } = await openDialog(() => ({ status: 201, body: created }));

    await user.type(titleField(), 'Make EMEA onboarding delightful');
    await user.type(
      screen.getByRole('textbox', { name: 'Why it matters' }),
      'Half of EMEA churn starts in the first month.',
    );
    await user.click(screen.getByRole('radio', { name: 'Team' }));
    await user.click(screen.getByRole('combobox', { name: /^team/i }));
    await user.click(await screen.findByRole('option', { name: 'EMEA Sales' }));
    await user.click(screen.getByRole('radio', { name: 'Key result: Reach 4M in EMEA' }));
    await user.click(
      screen.getByRole('radio', {
        name: 'Only the owner, their managers, contributors and admins',
      }),
    );
    expect(countAligned()).toHaveProperty('checked', false);
    expect(describedBy(countAligned())).toContain(
      'the progress of the objectives aligned to it or to its key results',
    );
    await user.click(countAligned());
    await user.click(screen.getByRole('button', { name: 'Create objective' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(created));
    expect(screen.queryByRole('dialog')).toBeNull();
    const [post] = creates(requests);
    expect(post!.headers['idempotency-key']).toBeTruthy();
    expect(CreateObjectiveRequest.parse(post!.body)).toEqual({
      cycleId: 'cycle-1',
      title: 'Make EMEA onboarding delightful',
      // The person creating it, unless they choose someone they manage.
      ownerId: 'diego',
      description: 'Half of EMEA churn starts in the first month.',
      level: 'team',
      teamId: 'team-emea',
      alignsTo: { kind: 'keyResult', id: 'kr-emea' },
      contributors: [],
      visibility: 'private',
      includeAlignedInProgress: true,
    });
  });

  it('creates the objective for someone else found by name, as a manager does for a report', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests, onSaved } = await openDialog(() => ({
      status: 201,
      body: buildObjective({ id: 'objective-new', ownerId: 'alex' }),
    }));
    await user.type(titleField(), 'Hire two account executives');
    const owner = screen.getByRole('combobox', { name: 'Owner' });
    await user.clear(owner);
    await user.type(owner, 'Alex');
    // The picker asks the directory once typing pauses, so the answer can take a moment.
    await user.click(
      await screen.findByRole('option', { name: 'Alex Wilber, VP Sales' }, { timeout: 5000 }),
    );
    await user.click(screen.getByRole('button', { name: 'Create objective' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(CreateObjectiveRequest.parse(creates(requests)[0]!.body)).toMatchObject({
      title: 'Hire two account executives',
      ownerId: 'alex',
    });
  });

  it('leaves aligned objectives out of its progress unless asked, and says so to the server', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests, onSaved } = await openDialog(() => ({
      status: 201,
      body: buildObjective({ id: 'objective-new' }),
    }));

    await user.type(titleField(), 'Make EMEA onboarding delightful');
    await user.click(screen.getByRole('button', { name: 'Create objective' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    const [post] = creates(requests);
    expect(post!.body).toHaveProperty('includeAlignedInProgress', false);
    expect(CreateObjectiveRequest.parse(post!.body)).toMatchObject({
      level: 'individual',
      teamId: null,
      alignsTo: null,
      visibility: 'public',
      includeAlignedInProgress: false,
    });
  });

  it('refuses an empty title next to the title field, keeps what was entered, and saves once it is filled in', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests, onSaved } = await openDialog(() => ({
      status: 201,
      body: buildObjective({ id: 'objective-new', includeAlignedInProgress: true }),
    }));

    await user.type(titleField(), '   ');
    await user.type(screen.getByRole('textbox', { name: 'Why it matters' }), 'Churn starts early.');
    await user.click(countAligned());
    await user.click(screen.getByRole('button', { name: 'Create objective' }));

    const message = await screen.findByText('must not be empty');
    expect(titleField().getAttribute('aria-describedby') ?? '').toContain(
      message.closest('[id]')!.id,
    );
    expect(CreateObjectiveRequest.safeParse(creates(requests)[0]!.body).success).toBe(false);
    expect(onSaved).not.toHaveBeenCalled();
    expect(screen.getByRole('dialog')).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Why it matters' })).toHaveProperty(
      'value',
      'Churn starts early.',
    );
    expect(countAligned()).toHaveProperty('checked', true);

    await user.clear(titleField());
    await user.type(titleField(), 'Make EMEA onboarding delightful');
    await user.click(screen.getByRole('button', { name: 'Create objective' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(CreateObjectiveRequest.parse(creates(requests)[1]!.body)).toMatchObject({
      title: 'Make EMEA onboarding delightful',
      description: 'Churn starts early.',
      includeAlignedInProgress: true,
    });
  });

  it("shows the server's refusal above the form when it is not about one field, and keeps the entries", async () => {
    const user = userEvent.setup({ delay: null });
    const { onSaved } = await openDialog(() => ({
      status: 409,
      body: errorBody(
        'cycle_closed',
        'The cycle Q4 2026 is closed; its OKRs can no longer change.',
      ),
    }));

    await user.type(titleField(), 'Make EMEA onboarding delightful');
    await user.click(countAligned());
    await user.click(screen.getByRole('button', { name: 'Create objective' }));

    expect((await screen.findByRole('alert')).textContent).toMatch(
      /not saved: the cycle q4 2026 is closed/i,
    );
    expect(titleField()).toHaveProperty('value', 'Make EMEA onboarding delightful');
    expect(countAligned()).toHaveProperty('checked', true);
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('sends nothing when cancelled', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests, onDismiss } = await openDialog(() => ({ status: 500 }));

    await user.type(titleField(), 'Make EMEA onboarding delightful');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));

    expect(onDismiss).toHaveBeenCalled();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(creates(requests)).toHaveLength(0);
  });
});

describe('ObjectiveFormDialog, editing', () => {
  const objective = buildObjectiveDetail({
    title: 'Grow EMEA revenue',
    level: 'team',
    teamId: 'team-emea',
    alignsTo: { kind: 'objective', id: 'objective-company' },
    includeAlignedInProgress: true,
    version: 4,
  });

  it('shows the current choices and saves a change to counting aligned objectives on top of the version it was opened at', async () => {
    const user = userEvent.setup({ delay: null });
    const saved = buildObjective({ ...objective, title: 'Grow EMEA revenue by 30%', version: 5 });
    const { requests, onSaved } = await openDialog(() => ({ status: 200, body: saved }), objective);

    expect(titleField()).toHaveProperty('value', 'Grow EMEA revenue');
    expect(screen.getByRole('radio', { name: 'Team' })).toHaveProperty('checked', true);
    expect(screen.getByRole('radio', { name: 'Grow revenue 20%' })).toHaveProperty('checked', true);
    // An objective cannot align under itself.
    expect(screen.queryByRole('radio', { name: 'Grow EMEA revenue' })).toBeNull();
    expect(countAligned()).toHaveProperty('checked', true);

    await user.clear(titleField());
    await user.type(titleField(), 'Grow EMEA revenue by 30%');
    await user.click(countAligned());
    await user.click(screen.getByRole('button', { name: 'Save objective' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(saved));
    expect(screen.queryByRole('dialog')).toBeNull();
    const [patch] = edits(requests);
    expect(UpdateObjectiveRequest.parse(patch!.body)).toEqual({
      version: 4,
      title: 'Grow EMEA revenue by 30%',
      ownerId: objective.ownerId,
      description: objective.description,
      level: 'team',
      teamId: 'team-emea',
      alignsTo: { kind: 'objective', id: 'objective-company' },
      visibility: 'public',
      includeAlignedInProgress: false,
    });
  });

  it('turns counting aligned objectives on for an objective that did not count them', async () => {
    const user = userEvent.setup({ delay: null });
    const notCounting = buildObjectiveDetail({ includeAlignedInProgress: false });
    const { requests, onSaved } = await openDialog(
      () => ({ status: 200, body: buildObjective({ includeAlignedInProgress: true, version: 3 }) }),
      notCounting,
    );

    expect(countAligned()).toHaveProperty('checked', false);
    await user.click(countAligned());
    await user.click(screen.getByRole('button', { name: 'Save objective' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(UpdateObjectiveRequest.parse(edits(requests)[0]!.body)).toMatchObject({
      version: 2,
      includeAlignedInProgress: true,
    });
  });

  it('after a version conflict keeps the edits and says someone else changed the objective', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests, onSaved } = await openDialog(
      () => ({
        status: 409,
        body: errorBody(
          'version_conflict',
          'Someone changed this in the meantime. Reload to see their change, then try again.',
          { current: buildObjective({ ...objective, version: 5 }) },
        ),
      }),
      objective,
    );

    await user.clear(titleField());
    await user.type(titleField(), 'Grow EMEA revenue by 30%');
    await user.click(countAligned());
    await user.click(screen.getByRole('button', { name: 'Save objective' }));

    expect((await screen.findByRole('alert')).textContent).toMatch(
      /not saved: someone changed this in the meantime.*what you typed is kept/i,
    );
    expect(titleField()).toHaveProperty('value', 'Grow EMEA revenue by 30%');
    expect(countAligned()).toHaveProperty('checked', false);
    expect(screen.getByRole('dialog')).toBeTruthy();
    expect(onSaved).not.toHaveBeenCalled();
    expect(UpdateObjectiveRequest.parse(edits(requests)[0]!.body)).toMatchObject({
      version: 4,
      includeAlignedInProgress: false,
    });
  });
});

describe('ObjectiveFormDialog, contributors', () => {
  const created = () => ({ status: 201, body: buildObjective({ id: 'objective-new' }) });

  it('shares a new objective with a team and a person found by name', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests, onSaved } = await openDialog(created);
    expect(describedBy(pickerInput('Contributors'))).toContain(
      'Other people or teams who share this objective',
    );

    await user.type(titleField(), 'Partner programme');
    await pickIn(user, 'Contributors', 'Pa', 'Partnerships');
    await pickIn(user, 'Contributors', 'Ni', 'Nia Okafor, Head of Partnerships');
    expect(chosenIn('Contributors')).toHaveLength(2);
    expect(chosenTag('Contributors', 'Partnerships')).toBeTruthy();
    expect(chosenTag('Contributors', 'Nia Okafor')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Create objective' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(CreateObjectiveRequest.parse(creates(requests)[0]!.body).contributors).toEqual([
      { kind: 'team', id: 'team-partners' },
      { kind: 'person', id: 'nia' },
    ]);
  });

  it('offers the owner only as a line that cannot be picked', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests, onSaved } = await openDialog(created);

    await user.type(titleField(), 'Partner programme');
    await user.type(pickerInput('Contributors'), 'Di');
    const owner = await offeredIn(
      pickerInput('Contributors'),
      'Diego Siciliani, Account Executive (owns this objective)',
    );
    expect(owner.getAttribute('aria-disabled')).toBe('true');
    await user.click(owner);
    expect(chosenIn('Contributors')).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Create objective' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(CreateObjectiveRequest.parse(creates(requests)[0]!.body).contributors).toEqual([]);
  });

  it('says so and sends nothing when the owner is changed to a contributor, until they are removed', async () => {
    const user = userEvent.setup({ delay: null });
    const shared = buildObjectiveDetail({ contributors: [{ kind: 'person', id: 'nia' }] });
    const { requests, onSaved } = await openDialog(
      () => ({ status: 200, body: buildObjective({ ownerId: 'nia', version: 3 }) }),
      shared,
    );

    const owner = screen.getByRole('combobox', { name: 'Owner' });
    await user.clear(owner);
    await user.type(owner, 'Ni');
    await user.click(await offeredIn(owner, 'Nia Okafor, Head of Partnerships'));
    await user.click(screen.getByRole('button', { name: 'Save objective' }));

    expect(describedBy(pickerInput('Contributors'))).toContain(
      'Nia Okafor owns this objective; remove them from the contributors.',
    );
    expect(edits(requests)).toHaveLength(0);

    await user.click(chosenTag('Contributors', 'Nia Okafor'));
    await user.click(screen.getByRole('button', { name: 'Save objective' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(UpdateObjectiveRequest.parse(edits(requests)[0]!.body)).toMatchObject({
      ownerId: 'nia',
      contributors: [],
    });
  });

  it('shows the contributors an objective has by name, and sends them only when changed', async () => {
    const user = userEvent.setup({ delay: null });
    const shared = buildObjectiveDetail({
      contributors: [
        { kind: 'team', id: 'team-emea' },
        { kind: 'person', id: 'alex' },
      ],
      version: 4,
    });
    const { requests, onSaved } = await openDialog(
      () => ({ status: 200, body: buildObjective({ ...shared, version: 5 }) }),
      shared,
    );
    expect(chosenTag('Contributors', 'EMEA Sales')).toBeTruthy();
    expect(chosenTag('Contributors', 'Alex Wilber')).toBeTruthy();

    await user.click(
      screen.getByRole('radio', {
        name: 'Only the owner, their managers, contributors and admins',
      }),
    );
    await user.click(screen.getByRole('button', { name: 'Save objective' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    expect(UpdateObjectiveRequest.parse(edits(requests)[0]!.body)).not.toHaveProperty(
      'contributors',
    );
  });

  it('sends the contributors that are left when one is removed', async () => {
    const user = userEvent.setup({ delay: null });
    const shared = buildObjectiveDetail({
      contributors: [
        { kind: 'team', id: 'team-emea' },
        { kind: 'person', id: 'alex' },
      ],
      version: 4,
    });
    const { requests, onSaved } = await openDialog(
      () => ({ status: 200, body: buildObjective({ ...shared, version: 5 }) }),
      shared,
    );

    await user.click(chosenTag('Contributors', 'EMEA Sales'));
    expect(chosenIn('Contributors')).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Save objective' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(UpdateObjectiveRequest.parse(edits(requests)[0]!.body)).toMatchObject({
      version: 4,
      contributors: [{ kind: 'person', id: 'alex' }],
    });
  });
});
