import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const state = (globalThis as Record<string, unknown>).__THROUGHLINE_TEST__ as
    { stops: Array<() => Promise<void>>; dataDir?: string } | undefined;
  if (!state) return;
  for (const stop of state.stops.reverse()) await stop().catch(() => undefined);
  if (state.dataDir) rmSync(state.dataDir, { recursive: true, force: true });
}
