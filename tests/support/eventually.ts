/**
 * Reads until the answer is what the test waits for, or the time is up; returns the last
 * answer either way, so the test's own assertion says what was there instead.
 */
export async function eventually<T>(
  read: () => Promise<T>,
  isDone: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (isDone(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
