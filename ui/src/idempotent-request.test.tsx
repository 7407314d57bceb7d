import { renderHook } from '@testing-library/react';
import { ApiError } from '@throughline/contracts';
import {
  createIdempotentRequest,
  isDefiniteRefusal,
  useIdempotentRequest,
  type IdempotentRequest,
} from './idempotent-request';

const networkError = () =>
  new ApiError(0, 'network_error', 'Could not reach Throughline. Check your connection.');
const stillInProgress = () =>
  new ApiError(409, 'request_in_progress', 'The first request is still being processed.');
const unavailable = () => new ApiError(503, 'unavailable', 'The service is busy.');
const invalid = () => new ApiError(400, 'validation_failed', 'The request is not valid.');

/** A write that answers with each outcome in turn and remembers the key of every attempt. */
function writeAnswering(...outcomes: Array<'ok' | (() => Error)>) {
  const keys: string[] = [];
  const write = async (key: string) => {
    keys.push(key);
    const outcome = outcomes[Math.min(keys.length, outcomes.length) - 1]!;
    if (outcome === 'ok') return `created with ${key}`;
    throw outcome();
  };
  return { write, keys };
}

async function failureOf(sent: Promise<unknown>): Promise<unknown> {
  return sent.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('an idempotent request', () => {
  let request: IdempotentRequest;
  beforeEach(() => {
    request = createIdempotentRequest();
  });

  it('retries with the same key after a network error', async () => {
    const { write, keys } = writeAnswering(networkError, 'ok');
    expect(await failureOf(request.send(write))).toMatchObject({ code: 'network_error' });
    expect(await request.send(write)).toBe(`created with ${keys[0]}`);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
  });

  it('keeps the key after a 5xx, whose outcome is unknown', async () => {
    const { write, keys } = writeAnswering(unavailable, 'ok');
    await failureOf(request.send(write));
    await request.send(write);
    expect(keys[1]).toBe(keys[0]);
  });

  it('uses a new key for the next attempt after a 400', async () => {
    const { write, keys } = writeAnswering(invalid, 'ok');
    expect(await failureOf(request.send(write))).toMatchObject({ status: 400 });
    await request.send(write);
    expect(keys[1]).not.toBe(keys[0]);
  });

  it('uses a new key for the next write after a success', async () => {
    const { write, keys } = writeAnswering('ok');
    await request.send(write);
    await request.send(write);
    expect(keys[1]).not.toBe(keys[0]);
  });

  it('uses a new key when the intent changes, and keeps it while the intent stays', async () => {
    const { write, keys } = writeAnswering(networkError, networkError, 'ok');
    await failureOf(request.send(write, { target: 'kr-1', note: '' }));
    await failureOf(request.send(write, { target: 'kr-1', note: 'Signed' }));
    await request.send(write, { target: 'kr-1', note: 'Signed' });
    expect(keys[1]).not.toBe(keys[0]);
    expect(keys[2]).toBe(keys[1]);
  });

  it('sends keys the server accepts (8–200 letters, digits or - _ : .)', async () => {
    const { write, keys } = writeAnswering('ok');
    await request.send(write);
    expect(keys[0]).toMatch(/^[A-Za-z0-9_:.-]{8,200}$/);
  });

  describe('when the server says the first attempt is still running', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('retries by itself after a pause, with the same key', async () => {
      const { write, keys } = writeAnswering(stillInProgress, 'ok');
      const sent = request.send(write);
      await jest.advanceTimersByTimeAsync(0);
      expect(keys).toHaveLength(1);
      await jest.advanceTimersByTimeAsync(499);
      expect(keys).toHaveLength(1);
      await jest.advanceTimersByTimeAsync(1);
      expect(await sent).toBe(`created with ${keys[0]}`);
      expect(keys).toEqual([keys[0], keys[0]]);
    });

    it('gives up after a bounded number of retries, shows the error and keeps the key', async () => {
      const { write, keys } = writeAnswering(
        stillInProgress,
        stillInProgress,
        stillInProgress,
        stillInProgress,
        'ok',
      );
      const failure = failureOf(request.send(write));
      await jest.advanceTimersByTimeAsync(500 + 1000 + 2000);
      expect(await failure).toMatchObject({ code: 'request_in_progress' });
      expect(keys).toHaveLength(4);
      await request.send(write);
      expect(new Set(keys).size).toBe(1);
    });

    it('takes its pauses from the options', async () => {
      const quick = createIdempotentRequest({ pausesMs: [10] });
      const { write, keys } = writeAnswering(stillInProgress, stillInProgress, 'ok');
      const failure = failureOf(quick.send(write));
      await jest.advanceTimersByTimeAsync(10);
      expect(await failure).toMatchObject({ code: 'request_in_progress' });
      expect(keys).toHaveLength(2);
    });
  });

  it('is the same rule for as long as a component is mounted', async () => {
    const { result, rerender } = renderHook(() => useIdempotentRequest());
    const first = result.current;
    rerender();
    expect(result.current).toBe(first);
    const { write, keys } = writeAnswering(networkError, 'ok');
    await failureOf(result.current.send(write));
    await result.current.send(write);
    expect(keys[1]).toBe(keys[0]);
  });
});

describe('isDefiniteRefusal', () => {
  it.each([
    ['a validation failure', invalid(), true],
    ['a refusal', new ApiError(403, 'forbidden', 'No.'), true],
    ['a version conflict', new ApiError(409, 'version_conflict', 'Changed.'), true],
    ['a write still in progress', stillInProgress(), false],
    ['a timeout', new ApiError(408, 'timeout', 'Too slow.'), false],
    ['throttling', new ApiError(429, 'throttled', 'Slow down.'), false],
    ['a server failure', unavailable(), false],
    ['a network error', networkError(), false],
    ['an error that is not the server’s', new Error('boom'), false],
  ])('says whether %s means nothing was created', (_name, error, isRefusal) => {
    expect(isDefiniteRefusal(error)).toBe(isRefusal);
  });
});
