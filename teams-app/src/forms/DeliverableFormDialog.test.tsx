import { screen, waitFor } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import {
  CreateDeliverableRequest,
  UpdateDeliverableRequest,
  type Deliverable,
} from '@throughline/contracts';
import {
  buildAlignmentNode,
  buildDeliverable,
  buildKeyResult,
  buildObjective,
  buildObjectiveDetail,
} from '@throughline/ui/src/testing/factories';
import { renderSignedIn, type RecordedRequest } from '@throughline/ui/src/testing/session';
import { useState } from 'react';
import { DeliverableFormDialog, type DeliverableFormDialogProps } from './DeliverableFormDialog';
import { errorBody, okrStandIn, savesTo, type OkrStandInOptions } from './okr-stand-in';

const roots = [
  buildAlignmentNode({
    id: 'objective-insights',
    title: 'Ship Insights',
    children: [
      buildAlignmentNode({
        kind: 'keyResult',
        id: 'kr-launch',
        title: 'Launch Insights in 3 regions',
      }),
    ],
  }),
];

/** The objective as My OKRs and the objective's page hold it, with its key results. */
const objectiveWithKeyResults = buildObjectiveDetail({
  keyResults: [
    buildKeyResult({ id: 'kr-sign', title: 'Sign 5 new enterprise customers' }),
    buildKeyResult({ id: 'kr-pipeline', title: 'Grow weighted pipeline to 2M' }),
  ],
});

type Opened = Pick<DeliverableFormDialogProps, 'objective' | 'deliverable' | 'keyResultId'>;

/** Opened as the pages open it; the page closes it once saved. */
function DeliverableDialogOnPage({
  onSaved,
  ...props
}: Opened & { onSaved: (deliverable: Deliverable) => void }) {
  const [isOpen, setIsOpen] = useState(true);
  if (!isOpen) return null;
  return (
    <DeliverableFormDialog
      {...props}
      onDismiss={() => setIsOpen(false)}
      onSaved={(saved) => {
        setIsOpen(false);
        onSaved(saved);
      }}
    />
  );
}

async function openDialog(answerSave: OkrStandInOptions['answerSave'], opened: Opened) {
  const onSaved = jest.fn();
  const rendered = renderSignedIn(
    <DeliverableDialogOnPage {...opened} onSaved={onSaved} />,
    okrStandIn({ roots, answerSave }),
  );
  // The key results it may wait on arrive from the server after the first render.
  await screen.findByRole('radio', { name: 'Key result: Launch Insights in 3 regions' });
  return { ...rendered, onSaved };
}

const titleField = () => screen.getByRole('textbox', { name: /^deliverable/i });
const ownerField = () => screen.getByRole('combobox', { name: /^owner/i });

async function choose(user: UserEvent, field: RegExp, option: string) {
  await user.click(screen.getByRole('combobox', { name: field }));
  await user.click(screen.getByRole('option', { name: option }));
}

const creates = (requests: RecordedRequest[]) => savesTo(requests, 'POST', /^\/api\/deliverables$/);
const edits = (requests: RecordedRequest[]) =>
  savesTo(requests, 'PATCH', /^\/api\/deliverables\/deliverable-1$/);

describe('DeliverableFormDialog, creating', () => {
  it('creates a deliverable for the key result chosen, owned by the person creating it', async () => {
    const user = userEvent.setup({ delay: null });
    const created = buildDeliverable({ id: 'deliverable-new', keyResultId: 'kr-pipeline' });
    const { requests, onSaved } = await openDialog(() => ({ status: 201, body: created }), {
      objective: objectiveWithKeyResults,
    });
    expect(
      screen.getByRole('heading', { name: 'New deliverable for “Grow EMEA revenue”' }),
    ).toBeTruthy();
    expect(ownerField()).toHaveProperty('value', 'Diego Siciliani');

    await user.type(titleField(), 'Publish the EMEA pricing page');
    await choose(user, /moves key result/i, 'Grow weighted pipeline to 2M');
    await user.type(screen.getByLabelText(/^due date/i), '2026-12-01');
    await choose(user, /^state/i, 'In progress');
    await user.click(
      screen.getByRole('radio', { name: 'Key result: Launch Insights in 3 regions' }),
    );
    await user.click(screen.getByRole('button', { name: 'Create deliverable' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(created));
    expect(screen.queryByRole('dialog')).toBeNull();
    const [post] = creates(requests);
    expect(post!.headers['idempotency-key']).toBeTruthy();
    expect(CreateDeliverableRequest.parse(post!.body)).toEqual({
      objectiveId: 'objective-1',
      keyResultId: 'kr-pipeline',
      title: 'Publish the EMEA pricing page',
      ownerId: 'diego',
      teamId: null,
      dueDate: '2026-12-01',
      state: 'doing',
      dependsOn: [{ kind: 'keyResult', id: 'kr-launch' }],
    });
  });

  it('creates a deliverable for the objective as a whole when no key result is chosen', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests, onSaved } = await openDialog(
      () => ({ status: 201, body: buildDeliverable({ keyResultId: null }) }),
      { objective: objectiveWithKeyResults },
    );

    await user.type(titleField(), 'Run the EMEA partner day');
    await user.click(screen.getByRole('button', { name: 'Create deliverable' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    const [post] = creates(requests);
    expect(post!.body).not.toHaveProperty('keyResultId');
    expect(CreateDeliverableRequest.parse(post!.body)).toEqual({
      objectiveId: 'objective-1',
      title: 'Run the EMEA partner day',
      ownerId: 'diego',
      teamId: null,
      dueDate: null,
      state: 'todo',
      dependsOn: [],
    });
  });

  it("from a key result's page, creates the deliverable for that key result", async () => {
    const user = userEvent.setup({ delay: null });
    const { requests, onSaved } = await openDialog(
      () => ({ status: 201, body: buildDeliverable() }),
      { objective: buildObjective(), keyResultId: 'kr-1' },
    );
    expect(screen.queryByRole('combobox', { name: /moves key result/i })).toBeNull();

    await user.type(titleField(), 'Publish the EMEA pricing page');
    await user.click(screen.getByRole('button', { name: 'Create deliverable' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(CreateDeliverableRequest.parse(creates(requests)[0]!.body)).toMatchObject({
      objectiveId: 'objective-1',
      keyResultId: 'kr-1',
    });
  });

  it('refuses an empty title next to the title field and keeps what was entered', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests, onSaved } = await openDialog(
      () => ({ status: 201, body: buildDeliverable() }),
      { objective: objectiveWithKeyResults },
    );

    await choose(user, /moves key result/i, 'Sign 5 new enterprise customers');
    await choose(user, /^state/i, 'Blocked');
    await user.click(screen.getByRole('button', { name: 'Create deliverable' }));

    const message = await screen.findByText('must not be empty');
    expect(titleField().getAttribute('aria-describedby') ?? '').toContain(
      message.closest('[id]')!.id,
    );
    expect(CreateDeliverableRequest.safeParse(creates(requests)[0]!.body).success).toBe(false);
    expect(screen.getByRole('combobox', { name: /moves key result/i }).textContent).toContain(
      'Sign 5 new enterprise customers',
    );
    expect(screen.getByRole('combobox', { name: /^state/i }).textContent).toContain('Blocked');
    expect(screen.getByRole('dialog')).toBeTruthy();
    expect(onSaved).not.toHaveBeenCalled();
  });

  it("shows the server's refusal of the owner next to the owner field", async () => {
    const user = userEvent.setup({ delay: null });
    const { onSaved } = await openDialog(
      () => ({
        status: 400,
        body: errorBody('validation_failed', 'That person is not in your organisation.', [
          { path: 'body.ownerId', message: 'is not a person in your organisation' },
        ]),
      }),
      { objective: objectiveWithKeyResults },
    );

    await user.type(titleField(), 'Publish the EMEA pricing page');
    await user.click(screen.getByRole('button', { name: 'Create deliverable' }));

    const message = await screen.findByText('is not a person in your organisation');
    expect(ownerField().getAttribute('aria-describedby') ?? '').toContain(
      message.closest('[id]')!.id,
    );
    // The message is at the field, so no banner repeats it.
    expect(screen.queryByText(/not saved/i)).toBeNull();
    expect(titleField()).toHaveProperty('value', 'Publish the EMEA pricing page');
    expect(onSaved).not.toHaveBeenCalled();
  });
});

describe('DeliverableFormDialog, editing', () => {
  const deliverable = buildDeliverable({
    title: 'Publish the EMEA pricing page',
    dueDate: '2026-12-01',
    state: 'doing',
    dependsOn: [
      { kind: 'keyResult', id: 'kr-launch' },
      { kind: 'deliverable', id: 'deliverable-translations' },
    ],
    version: 3,
  });

  it('shows the deliverable as it is and saves a change on top of the version it was opened at, keeping what it waits on', async () => {
    const user = userEvent.setup({ delay: null });
    const saved = buildDeliverable({ ...deliverable, state: 'blocked', version: 4 });
    const { requests, onSaved } = await openDialog(() => ({ status: 200, body: saved }), {
      objective: objectiveWithKeyResults,
      deliverable,
    });
    expect(screen.getByRole('heading', { name: 'Edit deliverable' })).toBeTruthy();
    expect(titleField()).toHaveProperty('value', 'Publish the EMEA pricing page');
    expect(screen.getByLabelText(/^due date/i)).toHaveProperty('value', '2026-12-01');
    expect(
      screen.getByRole('radio', { name: 'Key result: Launch Insights in 3 regions' }),
    ).toHaveProperty('checked', true);
    // Which key result it moves is set when it is created.
    expect(screen.queryByRole('combobox', { name: /moves key result/i })).toBeNull();

    await user.clear(titleField());
    await user.type(titleField(), 'Publish the EMEA and APAC pricing pages');
    await choose(user, /^state/i, 'Blocked');
    await user.click(screen.getByRole('button', { name: 'Save deliverable' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(saved));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(UpdateDeliverableRequest.parse(edits(requests)[0]!.body)).toEqual({
      version: 3,
      title: 'Publish the EMEA and APAC pricing pages',
      ownerId: 'diego',
      dueDate: '2026-12-01',
      state: 'blocked',
      dependsOn: [
        { kind: 'keyResult', id: 'kr-launch' },
        { kind: 'deliverable', id: 'deliverable-translations' },
      ],
    });
  });

  it('hands the deliverable to a colleague found by name and clears its due date', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests, onSaved } = await openDialog(
      () => ({ status: 200, body: buildDeliverable({ ownerId: 'alex', version: 2 }) }),
      {
        objective: objectiveWithKeyResults,
        deliverable: buildDeliverable({ dueDate: '2026-12-01' }),
      },
    );

    await user.clear(ownerField());
    await user.type(ownerField(), 'Alex');
    // The picker asks the directory once typing pauses, so the answer can take a moment.
    await user.click(
      await screen.findByRole('option', { name: 'Alex Wilber, VP Sales' }, { timeout: 5000 }),
    );
    await user.clear(screen.getByLabelText(/^due date/i));
    await user.click(screen.getByRole('button', { name: 'Save deliverable' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(UpdateDeliverableRequest.parse(edits(requests)[0]!.body)).toMatchObject({
      version: 1,
      ownerId: 'alex',
      dueDate: null,
    });
  });

  it('after a version conflict keeps the edits and says someone else changed the deliverable', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests, onSaved } = await openDialog(
      () => ({
        status: 409,
        body: errorBody(
          'version_conflict',
          'Someone changed this in the meantime. Reload to see their change, then try again.',
          { current: buildDeliverable({ ...deliverable, version: 4 }) },
        ),
      }),
      { objective: objectiveWithKeyResults, deliverable },
    );

    await choose(user, /^state/i, 'Done');
    await user.click(screen.getByRole('button', { name: 'Save deliverable' }));

    expect((await screen.findByRole('alert')).textContent).toMatch(
      /not saved: someone changed this in the meantime.*what you typed is kept/i,
    );
    expect(screen.getByRole('combobox', { name: /^state/i }).textContent).toContain('Done');
    expect(screen.getByRole('dialog')).toBeTruthy();
    expect(onSaved).not.toHaveBeenCalled();
    expect(UpdateDeliverableRequest.parse(edits(requests)[0]!.body)).toMatchObject({
      version: 3,
      state: 'done',
    });
  });
});
