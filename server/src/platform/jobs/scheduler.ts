/**
 * Runs features' periodic work (org sync, subscription renewal, digests, prep cards).
 * Jobs must be idempotent: the scheduler promises "at least once per interval", never
 * "exactly once" — exactly-once deliveries come from the features' own insert-keyed records.
 */
import type { JobName, JobRunResult } from '@throughline/contracts';
import type { Logger } from '../log/logger';

/** What a tenant job's run reports before it has done anything: counts at zero. */
export const emptyRunResult = (job: JobName, now: Date): JobRunResult => ({
  job,
  ranAt: now.toISOString(),
  sent: 0,
  skipped: 0,
  failed: 0,
});

export interface Job {
  name: string;
  intervalMs: number;
  run(now: Date): Promise<void>;
}

export interface Scheduler {
  register(job: Job): void;
  start(): void;
  stop(): Promise<void>;
  runNow(name: string): Promise<void>;
}

export function createScheduler(options: {
  clock: () => Date;
  log: Logger;
  /** One interval for every job instead of each job's own (JOB_INTERVAL_SECONDS). */
  intervalMs?: number;
}): Scheduler {
  const jobs = new Map<string, Job>();
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Map<string, Promise<void>>();

  async function runJob(job: Job) {
    const inFlight = running.get(job.name);
    if (inFlight) return inFlight;
    const started = Date.now();
    const run = job
      .run(options.clock())
      .then(() => options.log.info({ job: job.name, ms: Date.now() - started }, 'job finished'))
      .catch((error: unknown) => options.log.error({ job: job.name, err: error }, 'job failed'))
      .finally(() => running.delete(job.name));
    running.set(job.name, run);
    return run;
  }

  return {
    register(job) {
      jobs.set(job.name, job);
    },
    start() {
      for (const job of jobs.values()) {
        timers.set(
          job.name,
          setInterval(() => void runJob(job), options.intervalMs ?? job.intervalMs).unref(),
        );
      }
    },
    async stop() {
      for (const timer of timers.values()) clearInterval(timer);
      timers.clear();
      await Promise.allSettled(running.values());
    },
    async runNow(name) {
      const job = jobs.get(name);
      if (!job) throw new Error(`no job named ${name}`);
      await runJob(job);
    },
  };
}
