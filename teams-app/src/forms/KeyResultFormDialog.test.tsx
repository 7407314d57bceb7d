import { screen, waitFor } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import {
  CreateKeyResultRequest,
  MetricKind,
  UpdateKeyResultRequest,
  type KeyResult,
  type Metric,
  type Objective,
} from '@throughline/contracts';
import {
  buildKeyResult,
  buildObjective,
  buildObjectiveDetail,
} from '@throughline/ui/src/testing/factories';
import { renderSignedIn, type RecordedRequest } from '@throughline/ui/src/testing/session';
import { useState } from 'react';
import { KeyResultFormDialog } from './KeyResultFormDialog';
import {
  chosenIn,
  chosenTag,
  chooseOwner,
  describedBy,
  errorBody,
  offeredIn,
  okrStandIn,
  pickIn,
  pickerInput,
  savesTo,
  type OkrStandInOptions,
} from './okr-stand-in';

/**
 * Opened as the pages open it: a new one from My OKRs or the objective's page (with the
 * objective's details), an edit from the key result's page (with its plain objective).
 */
function KeyResultDialogOnPage({
  keyResult,
  onSaved,
}: {
  keyResult?: KeyResult;
  onSaved: (keyResult: KeyResult) => void;
}) {
  const objective: Pick<Objective, 'id' | 'title' | 'ownerId'> = keyResult
    ? buildObjective({ id: keyResult.objectiveId })
    : buildObjectiveDetail({ id: 'objective-1', title: 'Grow EMEA revenue' });
  const [isOpen, setIsOpen] = useState(true);
  if (!isOpen) return null;
  return (
    <KeyResultFormDialog
      objective={objective}
      keyResult={keyResult}
      onDismiss={() => setIsOpen(false)}
      onSaved={(saved) => {
        setIsOpen(false);
        onSaved(saved);
      }}
    />
  );
}

function openDialog(answerSave: OkrStandInOptions['answerSave'], keyResult?: KeyResult) {
  const onSaved = jest.fn();
  const rendered = renderSignedIn(
    <KeyResultDialogOnPage keyResult={keyResult} onSaved={onSaved} />,
    okrStandIn({ answerSave }),
  );
  return { ...rendered, onSaved };
}

const savedAs = (keyResult: KeyResult) => () => ({ status: 201, body: keyResult });

const field = (name: RegExp) => screen.getByRole('spinbutton', { name });
const textField = (name: RegExp) => screen.getByRole('textbox', { name });
const titleField = () => textField(/^key result/i);

async function chooseKind(user: UserEvent, label: string) {
  await user.click(screen.getByRole('combobox', { name: /how it is measured/i }));
  await user.click(screen.getByRole('option', { name: label }));
}

async function replace(user: UserEvent, element: HTMLElement, text: string) {
  await user.clear(element);
  if (text) await user.type(element, text);
}

const creates = (requests: RecordedRequest[]) => savesTo(requests, 'POST', /^\/api\/key-results$/);
const edits = (requests: RecordedRequest[]) =>
  savesTo(requests, 'PATCH', /^\/api\/key-results\/kr-1$/);

type CreateCase = {
  kind: MetricKind;
  label: string;
  title: string;
  fill: (user: UserEvent) => Promise<void>;
  /** The metric as the server reads it, defaults filled in. */
  metric: Omit<Metric, 'current'>;
};

const none = { unit: '', direction: 'increase' as const, milestones: [] };

const createCases: CreateCase[] = [
  {
    kind: 'number',
    label: 'Number',
    title: 'Sign 5 new enterprise customers',
    fill: async (user) => {
      await user.type(field(/^target/i), '5');
      await user.type(textField(/^unit/i), 'customers');
    },
    metric: {
      kind: 'number',
      start: 0,
      target: 5,
      unit: 'customers',
      direction: 'increase',
      milestones: [],
    },
  },
  {
    kind: 'percent',
    label: 'Percentage',
    title: 'Raise Insights adoption in EMEA to 80%',
    fill: async (user) => {
      await replace(user, field(/^start/i), '20');
      await user.type(field(/^target/i), '80');
      expect(screen.queryByRole('textbox', { name: /^unit/i })).toBeNull();
    },
    metric: { ...none, kind: 'percent', start: 20, target: 80 },
  },
  {
    kind: 'currency',
    label: 'Money',
    title: 'Cut cloud spend to 80k a month',
    fill: async (user) => {
      await replace(user, field(/^start/i), '120000');
      await user.type(field(/^target/i), '80000');
      await replace(user, textField(/^currency/i), 'usd');
      await user.click(screen.getByRole('radio', { name: 'Goes down' }));
    },
    metric: {
      ...none,
      kind: 'currency',
      start: 120000,
      target: 80000,
      currency: 'USD',
      direction: 'decrease',
    },
  },
  {
    kind: 'boolean',
    label: 'Done or not done',
    title: 'Pass the ISO 27001 audit',
    fill: async () => {
      expect(screen.queryByRole('spinbutton', { name: /^target/i })).toBeNull();
    },
    metric: { ...none, kind: 'boolean', start: 0, target: 1 },
  },
  {
    kind: 'milestone',
    label: 'Milestones',
    title: 'Open the Lisbon office',
    fill: async (user) => {
      await user.type(
        textField(/^milestones/i),
        'Pick the site\nSign the lease\n\n  Open the doors  ',
      );
    },
    metric: {
      ...none,
      kind: 'milestone',
      start: 0,
      target: 3,
      milestones: [
        { title: 'Pick the site', isDone: false },
        { title: 'Sign the lease', isDone: false },
        { title: 'Open the doors', isDone: false },
      ],
    },
  },
  {
    kind: 'stay_above',
    label: 'Stay above',
    title: 'Keep checkout uptime above 99.9%',
    fill: async (user) => {
      await replace(user, field(/^today/i), '99.95');
      await user.type(field(/^floor/i), '99.9');
      await user.type(textField(/^unit/i), '%');
    },
    metric: { ...none, kind: 'stay_above', start: 99.95, target: 99.9, unit: '%' },
  },
  {
    kind: 'stay_below',
    label: 'Stay below',
    title: 'Keep monthly churn below 3%',
    fill: async (user) => {
      await replace(user, field(/^today/i), '2.5');
      await user.type(field(/^ceiling/i), '3');
      await user.type(textField(/^unit/i), '%');
    },
    metric: {
      ...none,
      kind: 'stay_below',
      start: 2.5,
      target: 3,
      unit: '%',
      direction: 'decrease',
    },
  },
];

/** A key result of each kind as the server answers it, for opening the edit dialog. */
const storedMetrics: Record<MetricKind, Metric> = {
  number: {
    kind: 'number',
    start: 0,
    target: 5,
    current: 1,
    unit: 'customers',
    direction: 'increase',
    milestones: [],
  },
  percent: {
    kind: 'percent',
    start: 20,
    target: 80,
    current: 35,
    unit: '',
    direction: 'increase',
    milestones: [],
  },
  currency: {
    kind: 'currency',
    start: 120000,
    target: 80000,
    current: 110000,
    unit: '',
    currency: 'USD',
    direction: 'decrease',
    milestones: [],
  },
  boolean: {
    kind: 'boolean',
    start: 0,
    target: 1,
    current: 0,
    unit: '',
    direction: 'increase',
    milestones: [],
  },
  milestone: {
    kind: 'milestone',
    start: 0,
    target: 2,
    current: 1,
    unit: '',
    direction: 'increase',
    milestones: [
      { title: 'Pick the site', isDone: true },
      { title: 'Sign the lease', isDone: false },
    ],
  },
  stay_above: {
    kind: 'stay_above',
    start: 99.95,
    target: 99.9,
    current: 99.97,
    unit: '%',
    direction: 'increase',
    milestones: [],
  },
  stay_below: {
    kind: 'stay_below',
    start: 2.5,
    target: 3,
    current: 2.8,
    unit: '%',
    direction: 'decrease',
    milestones: [],
  },
};

type EditCase = {
  kind: MetricKind;
  label: string;
  /** What the dialog shows of the current metric, then the change made. */
  change: (user: UserEvent) => Promise<void>;
  metric: Omit<Metric, 'current'>;
};

const editCases: EditCase[] = [
  {
    kind: 'number',
    label: 'Number',
    change: async (user) => {
      expect(textField(/^unit/i)).toHaveProperty('value', 'customers');
      await replace(user, field(/^target/i), '8');
    },
    metric: {
      kind: 'number',
      start: 0,
      target: 8,
      unit: 'customers',
      direction: 'increase',
      milestones: [],
    },
  },
  {
    kind: 'percent',
    label: 'Percentage',
    change: async (user) => {
      expect(field(/^start/i)).toHaveProperty('value', '20');
      await replace(user, field(/^target/i), '90');
    },
    metric: { ...none, kind: 'percent', start: 20, target: 90 },
  },
  {
    kind: 'currency',
    label: 'Money',
    change: async (user) => {
      expect(textField(/^currency/i)).toHaveProperty('value', 'USD');
      expect(screen.getByRole('radio', { name: 'Goes down' })).toHaveProperty('checked', true);
      await replace(user, field(/^target/i), '75000');
    },
    metric: {
      ...none,
      kind: 'currency',
      start: 120000,
      target: 75000,
      currency: 'USD',
      direction: 'decrease',
    },
  },
  {
    kind: 'boolean',
    label: 'Done or not done',
    change: async (user) => {
      await replace(user, titleField(), 'Pass the ISO 27001 audit first time');
    },
    metric: { ...none, kind: 'boolean', start: 0, target: 1 },
  },
  {
    kind: 'milestone',
    label: 'Milestones',
    change: async (user) => {
      expect(textField(/^milestones/i)).toHaveProperty('value', 'Pick the site\nSign the lease');
      await user.type(textField(/^milestones/i), '\nOpen the doors');
    },
    // A milestone already reached stays reached when the list grows.
    metric: {
      ...none,
      kind: 'milestone',
      start: 0,
      target: 3,
      milestones: [
        { title: 'Pick the site', isDone: true },
        { title: 'Sign the lease', isDone: false },
        { title: 'Open the doors', isDone: false },
      ],
    },
  },
  {
    kind: 'stay_above',
    label: 'Stay above',
    change: async (user) => {
      expect(field(/^today/i)).toHaveProperty('value', '99.95');
      await replace(user, field(/^floor/i), '99.5');
    },
    metric: { ...none, kind: 'stay_above', start: 99.95, target: 99.5, unit: '%' },
  },
  {
    kind: 'stay_below',
    label: 'Stay below',
    change: async (user) => {
      expect(field(/^today/i)).toHaveProperty('value', '2.5');
      await replace(user, field(/^ceiling/i), '2');
    },
    metric: {
      ...none,
      kind: 'stay_below',
      start: 2.5,
      target: 2,
      unit: '%',
      direction: 'decrease',
    },
  },
];

describe('KeyResultFormDialog, creating', () => {
  it('offers every kind of metric the server accepts', async () => {
    const user = userEvent.setup({ delay: null });
    openDialog(() => ({ status: 500 }));
    await user.click(screen.getByRole('combobox', { name: /how it is measured/i }));
    expect(screen.getAllByRole('option')).toHaveLength(MetricKind.options.length);
    expect(createCases.map((testCase) => testCase.kind)).toEqual(MetricKind.options);
    expect(editCases.map((testCase) => testCase.kind)).toEqual(MetricKind.options);
  });

  it.each(createCases)(
    'creates a key result measured as “$label” with what the fields for it say',
    async ({ kind, label, title, fill, metric }) => {
      const user = userEvent.setup({ delay: null });
      const created = buildKeyResult({
        id: 'kr-new',
        title,
        metric: { ...metric, current: metric.start },
      });
      const { requests, onSaved } = openDialog(savedAs(created));
      expect(
        screen.getByRole('heading', { name: 'New key result for “Grow EMEA revenue”' }),
      ).toBeTruthy();

      await user.type(titleField(), title);
      if (kind !== 'number') await chooseKind(user, label);
      await fill(user);
      await user.click(screen.getByRole('button', { name: 'Create key result' }));

      await waitFor(() => expect(onSaved).toHaveBeenCalledWith(created));
      expect(screen.queryByRole('dialog')).toBeNull();
      const [post] = creates(requests);
      expect(post!.headers['idempotency-key']).toBeTruthy();
      expect(CreateKeyResultRequest.parse(post!.body)).toEqual({
        objectiveId: 'objective-1',
        title,
        // The objective's owner unless another is picked.
        ownerId: 'diego',
        coOwnerIds: [],
        updaterIds: [],
        metric,
        weight: 1,
        dueDate: null,
      });
    },
  );

  it('sends the due date when one is chosen', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests, onSaved } = openDialog(savedAs(buildKeyResult({ dueDate: '2026-12-15' })));

    await user.type(titleField(), 'Sign 5 new enterprise customers');
    await user.type(field(/^target/i), '5');
    await user.type(screen.getByLabelText(/^due date/i), '2026-12-15');
    await user.click(screen.getByRole('button', { name: 'Create key result' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(CreateKeyResultRequest.parse(creates(requests)[0]!.body).dueDate).toBe('2026-12-15');
  });

  it('refuses an empty title next to the title field and keeps the metric that was entered', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests, onSaved } = openDialog(savedAs(buildKeyResult()));

    await chooseKind(user, 'Percentage');
    await user.type(field(/^target/i), '80');
    await user.click(screen.getByRole('button', { name: 'Create key result' }));

    await waitFor(() => expect(describedBy(titleField())).toContain('must not be empty'));
    expect(CreateKeyResultRequest.safeParse(creates(requests)[0]!.body).success).toBe(false);
    expect(screen.getByRole('combobox', { name: /how it is measured/i }).textContent).toContain(
      'Percentage',
    );
    expect(field(/^target/i)).toHaveProperty('value', '80');
    expect(screen.getByRole('dialog')).toBeTruthy();
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('refuses a target left empty next to the target field', async () => {
    const user = userEvent.setup({ delay: null });
    const { onSaved } = openDialog(savedAs(buildKeyResult()));

    await user.type(titleField(), 'Sign 5 new enterprise customers');
    await user.click(screen.getByRole('button', { name: 'Create key result' }));

    await waitFor(() =>
      expect(describedBy(field(/^target/i))).toMatch(/is required: enter a number/),
    );
    expect(titleField()).toHaveProperty('value', 'Sign 5 new enterprise customers');
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('refuses a percentage target above 100 next to the target field', async () => {
    const user = userEvent.setup({ delay: null });
    const { onSaved } = openDialog(savedAs(buildKeyResult()));

    await user.type(titleField(), 'Raise Insights adoption in EMEA');
    await chooseKind(user, 'Percentage');
    await user.type(field(/^target/i), '150');
    await user.click(screen.getByRole('button', { name: 'Create key result' }));

    await waitFor(() =>
      expect(describedBy(field(/^target/i))).toContain('must be between 0 and 100'),
    );
    expect(field(/^target/i)).toHaveProperty('value', '150');
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('refuses a currency that is not an ISO code next to the currency field', async () => {
    const user = userEvent.setup({ delay: null });
    const { onSaved } = openDialog(savedAs(buildKeyResult()));

    await user.type(titleField(), 'Grow weighted pipeline to 2M');
    await chooseKind(user, 'Money');
    await user.type(field(/^target/i), '2000000');
    await replace(user, textField(/^currency/i), '€');
    await user.click(screen.getByRole('button', { name: 'Create key result' }));

    await waitFor(() =>
      expect(describedBy(textField(/^currency/i))).toContain(
        'must be an ISO 4217 code such as EUR',
      ),
    );
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('refuses a milestone key result without milestones next to the milestones field', async () => {
    const user = userEvent.setup({ delay: null });
    const { onSaved } = openDialog(savedAs(buildKeyResult()));

    await user.type(titleField(), 'Open the Lisbon office');
    await chooseKind(user, 'Milestones');
    await user.type(textField(/^milestones/i), '  \n ');
    await user.click(screen.getByRole('button', { name: 'Create key result' }));

    await waitFor(() =>
      expect(describedBy(textField(/^milestones/i))).toContain('must list at least one milestone'),
    );
    expect(onSaved).not.toHaveBeenCalled();
  });

  it("shows the server's refusal above the form when it is not about one field, and keeps the entries", async () => {
    const user = userEvent.setup({ delay: null });
    const { onSaved } = openDialog(() => ({
      status: 409,
      body: errorBody(
        'cycle_closed',
        'The cycle Q4 2026 is closed; its OKRs can no longer change.',
      ),
    }));

    await user.type(titleField(), 'Sign 5 new enterprise customers');
    await user.type(field(/^target/i), '5');
    await user.click(screen.getByRole('button', { name: 'Create key result' }));

    expect((await screen.findByRole('alert')).textContent).toMatch(
      /not saved: the cycle q4 2026 is closed/i,
    );
    expect(titleField()).toHaveProperty('value', 'Sign 5 new enterprise customers');
    expect(field(/^target/i)).toHaveProperty('value', '5');
    expect(onSaved).not.toHaveBeenCalled();
  });
});

describe('KeyResultFormDialog, editing', () => {
  it.each(editCases)(
    'shows a key result measured as “$label” as it is and saves the change on top of the version it was opened at',
    async ({ kind, change, metric }) => {
      const user = userEvent.setup({ delay: null });
      const keyResult = buildKeyResult({
        title: 'As it was',
        metric: storedMetrics[kind],
        version: 7,
      });
      const saved = buildKeyResult({ ...keyResult, metric: { ...metric, current: 1 }, version: 8 });
      const { requests, onSaved } = openDialog(() => ({ status: 200, body: saved }), keyResult);
      expect(screen.getByRole('heading', { name: 'Edit key result' })).toBeTruthy();
      expect(titleField()).toHaveProperty('value', 'As it was');

      await change(user);
      await user.click(screen.getByRole('button', { name: 'Save key result' }));

      await waitFor(() => expect(onSaved).toHaveBeenCalledWith(saved));
      expect(screen.queryByRole('dialog')).toBeNull();
      const body = UpdateKeyResultRequest.parse(edits(requests)[0]!.body);
      expect(body).toEqual({
        version: 7,
        title: kind === 'boolean' ? 'Pass the ISO 27001 audit first time' : 'As it was',
        metric,
        dueDate: null,
      });
    },
  );

  it('after a version conflict keeps the edits and says someone else changed the key result', async () => {
    const user = userEvent.setup({ delay: null });
    const keyResult = buildKeyResult({ version: 7 });
    const { requests, onSaved } = openDialog(
      () => ({
        status: 409,
        body: errorBody(
          'version_conflict',
          'Someone changed this in the meantime. Reload to see their change, then try again.',
          { current: buildKeyResult({ version: 8 }) },
        ),
      }),
      keyResult,
    );

    await replace(user, titleField(), 'Sign 8 new enterprise customers');
    await replace(user, field(/^target/i), '8');
    await user.click(screen.getByRole('button', { name: 'Save key result' }));

    expect((await screen.findByRole('alert')).textContent).toMatch(
      /not saved: someone changed this in the meantime.*what you typed is kept/i,
    );
    expect(titleField()).toHaveProperty('value', 'Sign 8 new enterprise customers');
    expect(field(/^target/i)).toHaveProperty('value', '8');
    expect(screen.getByRole('dialog')).toBeTruthy();
    expect(onSaved).not.toHaveBeenCalled();
    expect(UpdateKeyResultRequest.parse(edits(requests)[0]!.body)).toMatchObject({
      version: 7,
      metric: { target: 8 },
    });
  });
});

describe('KeyResultFormDialog, who takes part', () => {
  /** A key result the form can save, so each test only adds the people it is about. */
  async function fillTheRest(user: UserEvent) {
    await user.type(titleField(), 'Sign 5 customers');
    await user.type(field(/^target/i), '5');
  }

  it('says what co-owners and updaters may do, and how to find them', async () => {
    const user = userEvent.setup({ delay: null });
    openDialog(() => ({ status: 500 }));
    await user.click(pickerInput('Co-owners'));
    expect(await offeredIn(pickerInput('Co-owners'), 'Type a name to find someone')).toBeTruthy();
    expect(describedBy(pickerInput('Co-owners'))).toContain(
      'they may edit this key result and check in',
    );
    expect(describedBy(pickerInput('Updaters'))).toContain('They may check in on this key result');
    expect(describedBy(pickerInput('Updaters'))).toContain('but not edit it');
  });

  it('creates a key result with two co-owners and an updater found by name', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests, onSaved } = openDialog(savedAs(buildKeyResult({ id: 'kr-new' })));

    await fillTheRest(user);
    await pickIn(user, 'Co-owners', 'Ni', 'Nia Okafor, Head of Partnerships');
    await pickIn(user, 'Co-owners', 'Me', 'Megan Bowen, Marketing Manager');
    await pickIn(user, 'Updaters', 'Le', 'Lee Gu, Sales Engineer');
    expect(chosenIn('Co-owners')).toHaveLength(2);
    expect(chosenTag('Co-owners', 'Nia Okafor')).toBeTruthy();
    expect(chosenTag('Co-owners', 'Megan Bowen')).toBeTruthy();
    expect(chosenTag('Updaters', 'Lee Gu')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Create key result' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(CreateKeyResultRequest.parse(creates(requests)[0]!.body)).toMatchObject({
      coOwnerIds: ['nia', 'megan'],
      updaterIds: ['lee'],
    });
  });

  it('lets a manager give the key result to someone else as its owner', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests, onSaved } = openDialog(savedAs(buildKeyResult({ id: 'kr-new' })));

    await fillTheRest(user);
    await chooseOwner(user, 'Le', 'Lee Gu, Sales Engineer');
    await user.click(screen.getByRole('button', { name: 'Create key result' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(CreateKeyResultRequest.parse(creates(requests)[0]!.body)).toMatchObject({
      ownerId: 'lee',
    });
  });

  it('searches for what is typed after the owner shown, without clearing the field first', async () => {
    const user = userEvent.setup({ delay: null });
    openDialog(savedAs(buildKeyResult({ id: 'kr-new' })));
    const owner = screen.getByRole('combobox', { name: 'Owner' });
    expect(owner).toHaveProperty('value', 'Diego Siciliani');
    await user.click(owner);
    await user.keyboard('{End}Le');
    expect(owner).toHaveProperty('value', 'Le');
    await user.click(
      await screen.findByRole('option', { name: 'Lee Gu, Sales Engineer' }, { timeout: 5000 }),
    );
    expect(owner).toHaveProperty('value', 'Lee Gu');
  });

  it('asks to remove a co-owner who was then made the owner, and sends nothing until then', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests, onSaved } = openDialog(savedAs(buildKeyResult({ id: 'kr-new' })));

    await fillTheRest(user);
    await pickIn(user, 'Co-owners', 'Le', 'Lee Gu, Sales Engineer');
    await chooseOwner(user, 'Le', 'Lee Gu, Sales Engineer');
    await user.click(screen.getByRole('button', { name: 'Create key result' }));
    expect(describedBy(pickerInput('Co-owners'))).toContain(
      'Lee Gu owns this key result; remove them here.',
    );
    expect(creates(requests)).toEqual([]);
    await user.click(chosenTag('Co-owners', 'Lee Gu'));
    await user.click(screen.getByRole('button', { name: 'Create key result' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(CreateKeyResultRequest.parse(creates(requests)[0]!.body)).toMatchObject({
      ownerId: 'lee',
      coOwnerIds: [],
    });
  });

  it('drops a person whose tag is clicked or removed from the keyboard, and does not send them', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests, onSaved } = openDialog(savedAs(buildKeyResult({ id: 'kr-new' })));

    await fillTheRest(user);
    await pickIn(user, 'Co-owners', 'Ni', 'Nia Okafor, Head of Partnerships');
    await pickIn(user, 'Co-owners', 'Me', 'Megan Bowen, Marketing Manager');
    await pickIn(user, 'Updaters', 'Le', 'Lee Gu, Sales Engineer');
    await user.click(chosenTag('Co-owners', 'Nia Okafor'));
    chosenTag('Updaters', 'Lee Gu').focus();
    await user.keyboard('{Delete}');

    expect(chosenIn('Co-owners')).toHaveLength(1);
    expect(chosenTag('Co-owners', 'Megan Bowen')).toBeTruthy();
    expect(chosenIn('Updaters')).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Create key result' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(CreateKeyResultRequest.parse(creates(requests)[0]!.body)).toMatchObject({
      coOwnerIds: ['megan'],
      updaterIds: [],
    });
  });

  it('offers the owner, and a co-owner as updater, only as a line that cannot be picked', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests, onSaved } = openDialog(savedAs(buildKeyResult({ id: 'kr-new' })));

    await fillTheRest(user);
    // A new key result is owned by its objective's owner: the person signed in here.
    await user.type(pickerInput('Co-owners'), 'Di');
    const owner = await offeredIn(
      pickerInput('Co-owners'),
      'Diego Siciliani, Account Executive (owns this key result)',
    );
    expect(owner.getAttribute('aria-disabled')).toBe('true');
    await user.click(owner);
    expect(chosenIn('Co-owners')).toHaveLength(0);

    await user.clear(pickerInput('Co-owners'));
    await pickIn(user, 'Co-owners', 'Ni', 'Nia Okafor, Head of Partnerships');
    await user.type(pickerInput('Updaters'), 'Ni');
    const coOwner = await offeredIn(
      pickerInput('Updaters'),
      'Nia Okafor, Head of Partnerships (already a co-owner)',
    );
    await user.click(coOwner);
    expect(chosenIn('Updaters')).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Create key result' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(CreateKeyResultRequest.parse(creates(requests)[0]!.body)).toMatchObject({
      coOwnerIds: ['nia'],
      updaterIds: [],
    });
  });

  it('shows the people a key result has by name, and sends only the list that changed', async () => {
    const user = userEvent.setup({ delay: null });
    const keyResult = buildKeyResult({ coOwnerIds: ['alex'], updaterIds: ['nia'], version: 7 });
    const { requests, onSaved } = openDialog(
      () => ({ status: 200, body: { ...keyResult, coOwnerIds: ['megan'], version: 8 } }),
      keyResult,
    );
    expect(chosenTag('Co-owners', 'Alex Wilber')).toBeTruthy();
    expect(chosenTag('Updaters', 'Nia Okafor')).toBeTruthy();

    await user.click(chosenTag('Co-owners', 'Alex Wilber'));
    await pickIn(user, 'Co-owners', 'Me', 'Megan Bowen, Marketing Manager');
    await user.click(screen.getByRole('button', { name: 'Save key result' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    const body = UpdateKeyResultRequest.parse(edits(requests)[0]!.body);
    expect(body.coOwnerIds).toEqual(['megan']);
    expect(body).not.toHaveProperty('updaterIds');
  });

  it("shows the server's refusal of a co-owner next to the co-owners", async () => {
    const user = userEvent.setup({ delay: null });
    const { onSaved } = openDialog(() => ({
      status: 400,
      body: errorBody('validation_failed', 'The request is not valid', [
        {
          path: 'body.coOwnerIds.0',
          message: 'is not a person in your organisation',
          code: 'custom',
        },
      ]),
    }));

    await fillTheRest(user);
    await pickIn(user, 'Co-owners', 'Ni', 'Nia Okafor, Head of Partnerships');
    await user.click(screen.getByRole('button', { name: 'Create key result' }));

    await waitFor(() =>
      expect(describedBy(pickerInput('Co-owners'))).toContain(
        'is not a person in your organisation',
      ),
    );
    expect(screen.queryByText(/not saved/i)).toBeNull();
    expect(chosenTag('Co-owners', 'Nia Okafor')).toBeTruthy();
    expect(onSaved).not.toHaveBeenCalled();
  });
});
