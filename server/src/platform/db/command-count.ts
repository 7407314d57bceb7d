/**
 * How many database commands a request sends and how long they take, counted from the
 * driver's command monitoring. The server answers it in the standard `Server-Timing`
 * header (`db;dur=12.3;desc="4 commands"`), which browsers' developer tools show beside
 * the request, and the benchmark prints as round trips per request.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { MongoClient } from 'mongodb';

export interface CommandCount {
  commands: number;
  ms: number;
  /** `find objectives`, `insert narrative`, … in the order sent: what the request log shows. */
  sent: string[];
  /** How long each of `sent` took, in whole milliseconds (null until it answers): where a slow request spends its time. */
  sentMs: (number | null)[];
}

const current = new AsyncLocalStorage<CommandCount>();

/** Runs `work` with a count of its own; the driver's events of the commands it sends land there. */
export function countingCommands<T>(work: (count: CommandCount) => T): T {
  const count: CommandCount = { commands: 0, ms: 0, sent: [], sentMs: [] };
  return current.run(count, () => work(count));
}

/** Counts the commands of `client` (opened with `monitorCommands: true`) into the current request's count. */
export function countCommandsOf(client: MongoClient): void {
  // Which entry of its request's count each command in flight fills in when it answers.
  const pending = new Map<number, { count: CommandCount; index: number }>();
  client.on('commandStarted', (event) => {
    const count = current.getStore();
    if (!count) return;
    count.commands += 1;
    const target = (event.command as Record<string, unknown>)[event.commandName];
    count.sent.push(
      typeof target === 'string' ? `${event.commandName} ${target}` : event.commandName,
    );
    count.sentMs.push(null);
    pending.set(event.requestId, { count, index: count.sent.length - 1 });
  });
  const addDuration = (event: { requestId: number; duration: number }) => {
    const started = pending.get(event.requestId);
    if (!started) return;
    pending.delete(event.requestId);
    started.count.ms += event.duration;
    started.count.sentMs[started.index] = Math.round(event.duration);
  };
  client.on('commandSucceeded', addDuration);
  client.on('commandFailed', addDuration);
}
