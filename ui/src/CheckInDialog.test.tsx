import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CheckInDialog } from './CheckInDialog';
import { buildKeyResult } from './testing/factories';
import { renderSignedIn, type RecordedRequest, type StandInServer } from './testing/session';

function openDialog(server: StandInServer, onCheckedIn = jest.fn()) {
  const keyResult = buildKeyResult();
  const rendered = renderSignedIn(
    <CheckInDialog keyResult={keyResult} isOpen onDismiss={jest.fn()} onCheckedIn={onCheckedIn} />,
    server,
  );
  return { ...rendered, keyResult, onCheckedIn };
}

const checkInPosts = (requests: RecordedRequest[]) =>
  requests.filter((request) => request.method === 'POST' && request.path.endsWith('/check-ins'));

describe('CheckInDialog', () => {
  it("shows the server's validation message next to the value field and keeps what was typed", async () => {
    const user = userEvent.setup({ delay: null });
    const server: StandInServer = () => ({
      status: 400,
      body: {
        error: {
          code: 'validation_failed',
          message: 'The request is not valid.',
          details: [{ path: 'body.value', message: 'must not be below the start of 0' }],
        },
      },
    });
    const { requests } = openDialog(server);
    const value = screen.getByLabelText(/new value/i);
    await user.clear(value);
    await user.type(value, '-3');
    await user.type(screen.getByLabelText(/^note/i), 'Lost a deal this week');
    await user.click(screen.getByRole('button', { name: 'Save check-in' }));

    const message = await screen.findByText('must not be below the start of 0');
    // Fluent's Field wires the message to the input it belongs to.
    expect(value.getAttribute('aria-describedby') ?? '').toContain(message.closest('[id]')!.id);
    expect(value).toHaveProperty('value', '-3');
    expect(screen.getByLabelText(/^note/i)).toHaveProperty('value', 'Lost a deal this week');
    expect(screen.getByRole('dialog')).toBeTruthy();
    expect(checkInPosts(requests)[0]!.body).toMatchObject({
      version: 3,
      value: -3,
      confidence: 6,
      status: 'on_track',
      note: 'Lost a deal this week',
    });
  });

  it('retries a save that may have reached the server with the same idempotency key, so nothing is recorded twice', async () => {
    const user = userEvent.setup({ delay: null });
    const recordedKeys = new Set<string>();
    let attempt = 0;
    const server: StandInServer = (request) => {
      attempt += 1;
      if (attempt === 1) return 'network_error';
      if (attempt === 2) {
        // The server recorded it, then the answer was lost on the way back.
        recordedKeys.add(request.headers['idempotency-key']!);
        return {
          status: 503,
          body: { error: { code: 'unavailable', message: 'The service is busy.' } },
        };
      }
      recordedKeys.add(request.headers['idempotency-key']!);
      return { status: 201, body: buildKeyResult({ version: 4, progress: 0.4 }) };
    };
    const { requests, onCheckedIn } = openDialog(server);
    await user.clear(screen.getByLabelText(/new value/i));
    await user.type(screen.getByLabelText(/new value/i), '2');
    await user.click(screen.getByRole('button', { name: 'Save check-in' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/could not reach throughline/i);
    expect(screen.getByLabelText(/new value/i)).toHaveProperty('value', '2');

    await user.click(screen.getByRole('button', { name: 'Save again' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/busy/i);
    await user.click(screen.getByRole('button', { name: 'Save again' }));
    await waitFor(() =>
      expect(onCheckedIn).toHaveBeenCalledWith(expect.objectContaining({ version: 4 })),
    );

    const keys = checkInPosts(requests).map((request) => request.headers['idempotency-key']);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(recordedKeys.size).toBe(1);
  });

  const stillRunning = {
    status: 409,
    body: {
      error: {
        code: 'request_in_progress',
        message: 'The first request with this Idempotency-Key is still being processed.',
      },
    },
  };

  it('waits while the server says the first save is still running, and asks again with the same key', async () => {
    const user = userEvent.setup({ delay: null });
    let attempt = 0;
    const server: StandInServer = () => {
      attempt += 1;
      if (attempt === 1) return stillRunning;
      return { status: 201, body: buildKeyResult({ version: 4 }) };
    };
    const { requests, onCheckedIn } = openDialog(server);
    await user.clear(screen.getByLabelText(/new value/i));
    await user.type(screen.getByLabelText(/new value/i), '2');
    await user.click(screen.getByRole('button', { name: 'Save check-in' }));
    expect(screen.getByRole('button', { name: 'Saving…' })).toHaveProperty('disabled', true);
    await waitFor(() => expect(onCheckedIn).toHaveBeenCalled(), { timeout: 3000 });
    expect(screen.queryByRole('alert')).toBeNull();
    const [first, second] = checkInPosts(requests);
    expect(second!.headers['idempotency-key']).toBe(first!.headers['idempotency-key']);
  });

  it('says so when the first save is still running after a while, and keeps the key for Save again', async () => {
    jest.useFakeTimers({ advanceTimers: true });
    try {
      const user = userEvent.setup({ advanceTimers: jest.advanceTimersByTime });
      let isRunning = true;
      const server: StandInServer = () =>
        isRunning ? stillRunning : { status: 201, body: buildKeyResult({ version: 4 }) };
      const { requests, onCheckedIn } = openDialog(server);
      await user.clear(screen.getByLabelText(/new value/i));
      await user.type(screen.getByLabelText(/new value/i), '2');
      await user.click(screen.getByRole('button', { name: 'Save check-in' }));
      await jest.advanceTimersByTimeAsync(3500);
      expect((await screen.findByRole('alert')).textContent).toMatch(/still being processed/i);
      isRunning = false;
      await user.click(screen.getByRole('button', { name: 'Save again' }));
      await waitFor(() => expect(onCheckedIn).toHaveBeenCalled());
      const keys = checkInPosts(requests).map((request) => request.headers['idempotency-key']);
      expect(keys).toHaveLength(5);
      expect(new Set(keys).size).toBe(1);
    } finally {
      jest.useRealTimers();
    }
  });

  it('after a version conflict keeps the entries and saves on top of the current version with a fresh key', async () => {
    const user = userEvent.setup({ delay: null });
    let attempt = 0;
    const server: StandInServer = () => {
      attempt += 1;
      if (attempt === 1) {
        const current = buildKeyResult({
          version: 5,
          lastCheckIn: {
            id: 'c9',
            at: '2026-11-20T10:00:00.000Z',
            value: 3,
            confidence: 7,
            status: 'on_track',
            authorId: 'alex',
          },
        });
        return {
          status: 409,
          body: {
            error: {
              code: 'version_conflict',
              message: 'Someone changed this in the meantime.',
              details: { current },
            },
          },
        };
      }
      return { status: 201, body: buildKeyResult({ version: 6 }) };
    };
    const { requests, onCheckedIn } = openDialog(server);
    await user.clear(screen.getByLabelText(/new value/i));
    await user.type(screen.getByLabelText(/new value/i), '4');
    await user.click(screen.getByRole('button', { name: 'Save check-in' }));
    expect(
      await screen.findByText(
        /someone checked in on this key result while you were typing \(it is now at 3 customers\)/i,
      ),
    ).toBeTruthy();
    expect(screen.getByLabelText(/new value/i)).toHaveProperty('value', '4');

    await user.click(screen.getByRole('button', { name: 'Save again' }));
    await waitFor(() => expect(onCheckedIn).toHaveBeenCalled());
    const [first, second] = checkInPosts(requests);
    expect(second!.body).toMatchObject({ version: 5, value: 4 });
    expect(second!.headers['idempotency-key']).not.toBe(first!.headers['idempotency-key']);
  });
});
