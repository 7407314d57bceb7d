import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { EvidenceLocation, MyOkrs, ObjectiveDetail } from '@throughline/contracts';
import { buildEvidence, buildKeyResult } from '@throughline/ui/src/testing/factories';
import type { OpenMessage } from '../host/office-host';
import {
  errorBody,
  renderSignedIn,
  type RecordedRequest,
  type StandInAnswer,
  type StandInServer,
} from '@throughline/ui/src/testing/session';
import { ReadPane } from './ReadPane';

const message: OpenMessage = {
  itemId: 'AAMkAG+ews/id=',
  restId: 'AAMkAG-ews_id=',
  subject: 'Signed order: Northwind Traders, 240 seats',
  from: { name: 'Northwind Traders Procurement', address: 'procurement@northwind.example' },
  receivedAt: '2026-11-16T09:15:00.000Z',
  internetMessageId: '<ABC123@northwind.prod.example>',
  conversationId: 'AAQkAG-conversation=',
};

const signCustomers = buildKeyResult({ id: 'kr-sign', title: 'Sign 5 new enterprise customers' });
const pipeline = buildKeyResult({ id: 'kr-pipeline', title: 'Grow weighted pipeline to 2M' });

const objective: ObjectiveDetail = {
  id: 'objective-1',
  cycleId: 'cycle-1',
  title: 'Grow EMEA revenue',
  description: '',
  level: 'individual',
  ownerId: 'diego',
  teamId: null,
  alignsTo: null,
  contributors: [],
  visibility: 'public',
  state: 'active',
  includeAlignedInProgress: false,
  progress: 0.3,
  status: 'on_track',
  score: null,
  version: 1,
  createdAt: '2026-10-01T09:00:00.000Z',
  updatedAt: '2026-10-01T09:00:00.000Z',
  keyResults: [signCustomers, pipeline],
  deliverables: [],
  learnings: [],
  canEdit: true,
  canAddLearning: false,
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

const attachedEvidence = buildEvidence({
  id: 'evidence-new',
  target: { kind: 'keyResult', id: 'kr-sign' },
  keyResultId: 'kr-sign',
  snapshot: {
    title: message.subject,
    subject: message.subject,
    from: { name: 'Northwind Traders Procurement', address: 'procurement@northwind.example' },
  },
});
const location = (overrides: Partial<EvidenceLocation> = {}): EvidenceLocation => ({
  ...attachedEvidence,
  targetTitle: 'Sign 5 new enterprise customers',
  keyResultTitle: 'Sign 5 new enterprise customers',
  ...overrides,
});

/** The read models every pane load asks for, plus what a test says about attaching. */
function server(
  options: {
    locations?: EvidenceLocation[];
    attach?: (request: RecordedRequest) => StandInAnswer | Promise<StandInAnswer>;
    onRemove?: StandInAnswer;
  } = {},
): StandInServer {
  return (request) => {
    const path = pathOf(request);
    if (path === '/api/my-okrs') return { status: 200, body: myOkrs };
    if (path === '/api/cycles/cycle-1/alignment-tree')
      return { status: 200, body: { cycleId: 'cycle-1', roots: [] } };
    if (path === '/api/teams') return { status: 200, body: { items: [], nextCursor: null } };
    if (path === '/api/evidence/by-message')
      return { status: 200, body: { items: options.locations ?? [], nextCursor: null } };
    if (request.method === 'POST' && path === '/api/evidence/email')
      return options.attach?.(request) ?? { status: 201, body: attachedEvidence };
    if (request.method === 'DELETE' && path.startsWith('/api/evidence/'))
      return (
        options.onRemove ?? {
          status: 200,
          body: { ...attachedEvidence, removedAt: '2026-11-20T10:00:00.000Z' },
        }
      );
    if (path === '/api/key-results/kr-sign')
      return {
        status: 200,
        body: {
          ...signCustomers,
          canCheckIn: true,
          learnings: [],
          canEdit: true,
          canAddLearning: false,
          objective,
          deliverables: [],
          checkIns: [],
          cycle: myOkrs.cycle,
        },
      };
    return { status: 404, body: errorBody('route_not_found', 'No such route.') };
  };
}

const pathOf = (request: RecordedRequest) =>
  new URL(request.path, 'http://throughline.test').pathname;
const queryOf = (request: RecordedRequest) =>
  new URL(request.path, 'http://throughline.test').searchParams;

const attachPosts = (requests: RecordedRequest[]) =>
  requests.filter(
    (request) => request.method === 'POST' && pathOf(request) === '/api/evidence/email',
  );

async function chooseAndAttach(
  user: ReturnType<typeof userEvent.setup>,
  title = /Sign 5 new enterprise customers/,
) {
  await user.click(await screen.findByRole('radio', { name: title }));
  await user.click(screen.getByRole('button', { name: 'Attach' }));
}

describe('ReadPane', () => {
  beforeEach(() => localStorage.clear());

  it('shows the email being read and asks where to attach it', async () => {
    renderSignedIn(<ReadPane message={message} teamsAppId={null} />, server());
    expect(screen.getByRole('heading', { name: message.subject })).toBeTruthy();
    expect(
      screen.getByText('From Northwind Traders Procurement <procurement@northwind.example>'),
    ).toBeTruthy();
    expect(
      await screen.findByRole('radio', { name: /Sign 5 new enterprise customers/ }),
    ).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Attach' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Already attached to' })).toBeNull();
  });

  it('asks for a target instead of sending a request without one', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests } = renderSignedIn(<ReadPane message={message} teamsAppId={null} />, server());
    await screen.findByRole('radio', { name: /Sign 5/ });
    await user.click(screen.getByRole('button', { name: 'Attach' }));
    expect(
      screen.getByText('Choose the key result or deliverable this email proves.'),
    ).toBeTruthy();
    expect(attachPosts(requests)).toHaveLength(0);
  });

  it('shows that it is attaching, then the evidence, a link to the key result in Throughline and a check-in offer', async () => {
    const user = userEvent.setup({ delay: null });
    let answer: (value: StandInAnswer) => void = () => undefined;
    const { requests } = renderSignedIn(
      <ReadPane message={message} teamsAppId={null} />,
      server({ attach: () => new Promise((resolve) => (answer = resolve)) }),
    );
    await user.click(await screen.findByRole('radio', { name: /Sign 5 new enterprise customers/ }));
    await user.type(
      screen.getByLabelText(/Why this proves progress/),
      'Northwind signed for 240 seats',
    );
    await user.click(screen.getByRole('button', { name: 'Attach' }));

    expect(screen.getByRole('button', { name: 'Attaching…' })).toHaveProperty('disabled', true);
    expect(attachPosts(requests)[0]!.body).toEqual({
      target: { kind: 'keyResult', id: 'kr-sign' },
      messageId: message.restId,
      note: 'Northwind signed for 240 seats',
      visibility: 'key_result',
    });
    expect(attachPosts(requests)[0]!.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);

    answer({ status: 201, body: attachedEvidence });
    expect(
      await screen.findByText('This email is now evidence for “Sign 5 new enterprise customers”.'),
    ).toBeTruthy();
    expect(
      screen.getByRole('link', { name: 'Open the key result in Throughline' }).getAttribute('href'),
    ).toBe('http://throughline.test/tab/#/key-results/kr-sign');
    expect(screen.queryByRole('link', { name: 'Open in Teams' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Check in on this key result' })).toBeTruthy();
    // The new location joins the "already attached" list, and the target becomes a recent one.
    const attachedList = screen.getByRole('list', { name: 'Already attached to' });
    expect(within(attachedList).getByText('Sign 5 new enterprise customers')).toBeTruthy();
    expect(JSON.parse(localStorage.getItem('throughline.recentEvidenceTargets')!)).toEqual([
      'keyResult:kr-sign',
    ]);
  });

  it('offers the Teams deep link when the app has a Teams id', async () => {
    const user = userEvent.setup({ delay: null });
    renderSignedIn(
      <ReadPane message={message} teamsAppId="6e72f760-e0b3-4253-8ed1-0d67b8ed7a9c" />,
      server(),
    );
    await chooseAndAttach(user);
    const teamsLink = within(await screen.findByRole('region', { name: 'Attached' })).getByRole(
      'link',
      { name: 'Open in Teams' },
    );
    const href = new URL(teamsLink.getAttribute('href')!);
    expect(href.origin + href.pathname).toBe(
      'https://teams.microsoft.com/l/entity/6e72f760-e0b3-4253-8ed1-0d67b8ed7a9c/my-okrs',
    );
    expect(JSON.parse(href.searchParams.get('context')!)).toEqual({ subEntityId: 'kr:kr-sign' });
  });

  it('lists where the email is already attached, found by its ids, and says so instead of adding it twice', async () => {
    const user = userEvent.setup({ delay: null });
    const existing = location({ id: 'evidence-old' });
    const { requests } = renderSignedIn(
      <ReadPane message={message} teamsAppId={null} />,
      server({
        locations: [existing],
        attach: () => ({ status: 200, body: { ...attachedEvidence, id: 'evidence-old' } }),
      }),
    );
    const attachedList = await screen.findByRole('list', { name: 'Already attached to' });
    expect(within(attachedList).getByText('Sign 5 new enterprise customers')).toBeTruthy();
    const byMessage = requests.find((request) => pathOf(request) === '/api/evidence/by-message')!;
    expect(queryOf(byMessage).get('messageId')).toBe(message.restId);
    expect(queryOf(byMessage).get('internetMessageId')).toBe(message.internetMessageId);
    expect(
      await screen.findByRole('radio', {
        name: /Sign 5 new enterprise customers.*Already attached/,
      }),
    ).toBeTruthy();

    await chooseAndAttach(user);
    expect(
      await screen.findByText(
        'This email was already evidence for “Sign 5 new enterprise customers”. Nothing new was added.',
      ),
    ).toBeTruthy();
    expect(
      within(screen.getByRole('list', { name: 'Already attached to' })).getAllByRole('listitem'),
    ).toHaveLength(1);
  });

  it('detaches the email from a key result it was attached to', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests } = renderSignedIn(
      <ReadPane message={message} teamsAppId={null} />,
      server({ locations: [location({ id: 'evidence-old' })] }),
    );
    await user.click(
      await screen.findByRole('button', { name: 'Detach from Sign 5 new enterprise customers' }),
    );
    expect(
      await screen.findByText(
        'Detached from “Sign 5 new enterprise customers”. The email itself is unchanged.',
      ),
    ).toBeTruthy();
    expect(screen.queryByRole('list', { name: 'Already attached to' })).toBeNull();
    expect(
      requests.some(
        (request) => request.method === 'DELETE' && request.path === '/api/evidence/evidence-old',
      ),
    ).toBe(true);
  });

  it('opens the check-in for the key result the email was attached to', async () => {
    const user = userEvent.setup({ delay: null });
    renderSignedIn(<ReadPane message={message} teamsAppId={null} />, server());
    await chooseAndAttach(user);
    await user.click(await screen.findByRole('button', { name: 'Check in on this key result' }));
    expect(
      await screen.findByRole('dialog', { name: /Check in: Sign 5 new enterprise customers/ }),
    ).toBeTruthy();
  });

  describe('when attaching fails', () => {
    const cases: Array<[string, StandInAnswer, string, RegExp, boolean]> = [
      [
        'no permission to the email',
        { status: 403, body: errorBody('source_access_denied', 'Graph said 403.') },
        'No permission to this email',
        /Nothing was attached/,
        false,
      ],
      [
        'the email is gone',
        { status: 404, body: errorBody('message_not_found', 'The message was not found.') },
        'Email not found',
        /moved or deleted/,
        false,
      ],
      [
        'Microsoft Graph is unavailable',
        { status: 503, body: errorBody('graph_unavailable', 'Microsoft Graph is unavailable.') },
        'Microsoft 365 is not answering',
        /Nothing was attached. Try again in a minute/,
        true,
      ],
      [
        'the network is down',
        'network_error',
        'You seem to be offline',
        /it will not be attached twice/,
        true,
      ],
      [
        'the sign-in was refused',
        { status: 401, body: errorBody('unauthenticated', 'The token has expired.') },
        'Not signed in',
        /sign in again/,
        true,
      ],
    ];

    it.each(cases)('says so clearly when %s', async (_name, answer, title, detail, canRetry) => {
      const user = userEvent.setup({ delay: null });
      renderSignedIn(
        <ReadPane message={message} teamsAppId={null} />,
        server({ attach: () => answer }),
      );
      await chooseAndAttach(user);
      const alert = await screen.findByRole('alert');
      expect(within(alert).getByText(title)).toBeTruthy();
      expect(alert.textContent).toMatch(detail);
      expect(within(alert).queryByRole('button', { name: 'Try again' }) !== null).toBe(canRetry);
      expect(screen.queryByText(/is now evidence/)).toBeNull();
      // What was chosen stays chosen, so trying again is one click.
      expect(screen.getByRole('radio', { name: /Sign 5 new enterprise customers/ })).toHaveProperty(
        'checked',
        true,
      );
    });

    it('retries with the same idempotency key after an unknown outcome, and a new one for a changed request', async () => {
      const user = userEvent.setup({ delay: null });
      let calls = 0;
      const { requests } = renderSignedIn(
        <ReadPane message={message} teamsAppId={null} />,
        server({
          attach: () =>
            ++calls <= 2
              ? {
                  status: 503,
                  body: errorBody('graph_unavailable', 'Microsoft Graph is unavailable.'),
                }
              : { status: 201, body: attachedEvidence },
        }),
      );
      await chooseAndAttach(user);
      await user.click(
        within(await screen.findByRole('alert')).getByRole('button', { name: 'Try again' }),
      );
      await waitFor(() => expect(attachPosts(requests)).toHaveLength(2));
      await screen.findByRole('alert');
      await user.type(screen.getByLabelText(/Why this proves progress/), 'Signed');
      await user.click(screen.getByRole('button', { name: 'Attach' }));
      expect(await screen.findByText(/is now evidence/)).toBeTruthy();
      const keys = attachPosts(requests).map((request) => request.headers['idempotency-key']);
      expect(keys[1]).toBe(keys[0]);
      expect(keys[2]).not.toBe(keys[0]);
    });

    it('uses a new key after a definite refusal', async () => {
      const user = userEvent.setup({ delay: null });
      let calls = 0;
      const { requests } = renderSignedIn(
        <ReadPane message={message} teamsAppId={null} />,
        server({
          attach: () =>
            ++calls === 1
              ? { status: 403, body: errorBody('forbidden', 'No.') }
              : { status: 201, body: attachedEvidence },
        }),
      );
      await chooseAndAttach(user);
      await screen.findByRole('alert');
      await user.click(screen.getByRole('button', { name: 'Attach' }));
      await screen.findByText(/is now evidence/);
      const keys = attachPosts(requests).map((request) => request.headers['idempotency-key']);
      expect(keys[1]).not.toBe(keys[0]);
    });
  });

  it('says where to use it when there is no email (outside Outlook)', () => {
    renderSignedIn(<ReadPane message={null} teamsAppId={null} />, server());
    expect(screen.getByRole('region', { name: 'Open an email in Outlook' })).toBeTruthy();
  });
});
