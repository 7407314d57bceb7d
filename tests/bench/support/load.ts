/**
 * A closed-loop load generator: `connections` workers each run one operation after
 * another until the time is up; every latency is kept, so percentiles are exact.
 */
export interface LoadResult {
  count: number;
  errors: number;
  seconds: number;
  p50: number;
  p95: number;
  p99: number;
  perSecond: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export async function runLoad(
  operation: (worker: number, iteration: number) => Promise<void>,
  options: { connections: number; seconds: number; maxOperations?: number },
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let started = 0;
  const deadline = performance.now() + options.seconds * 1000;
  const begin = performance.now();
  await Promise.all(
    Array.from({ length: options.connections }, async (_, worker) => {
      for (let iteration = 0; performance.now() < deadline; iteration += 1) {
        if (options.maxOperations !== undefined && started >= options.maxOperations) return;
        started += 1;
        const t = performance.now();
        try {
          await operation(worker, iteration);
          latencies.push(performance.now() - t);
        } catch {
          errors += 1;
        }
      }
    }),
  );
  const seconds = (performance.now() - begin) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    count: latencies.length,
    errors,
    seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    perSecond: latencies.length / seconds,
  };
}

export const ms = (value: number) =>
  Number.isFinite(value) ? `${value.toFixed(value < 10 ? 1 : 0)} ms` : '—';
