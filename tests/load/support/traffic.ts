/**
 * The people's side of the wire: a round-robin over the two servers, as a load balancer
 * with two backends does it — a refused connection goes to the other one (nothing reached
 * the server), and so does a request whose kept-alive connection the server closed as it
 * was sent, when sending it again is safe (a GET, or a POST under an Idempotency-Key) —
 * with every request's outcome and latency, and per-operation figures.
 */
import { randomUUID } from 'node:crypto';
import { percentile } from '../../bench/support/load';
import type { ServerProcess } from './cluster';

export type Outcome =
  | {
      kind: 'response';
      status: number;
      /** The `error.code` of an error answer. */
      code: string | null;
      body: unknown;
      ms: number;
      server: string;
      /** The `x-request-id` sent, which the server's log lines carry. */
      requestId: string;
      startedAt: number;
      endedAt: number;
    }
  | {
      kind: 'failure';
      reason: 'refused' | 'reset' | 'timeout' | 'other';
      message: string;
      ms: number;
      server: string;
      requestId: string;
      startedAt: number;
      endedAt: number;
    };

/**
 * No request may take longer than this: a longer one is a hang. Generous, so a busy machine
 * is not mistaken for one: the server's own limits (3 s to find the database, Graph's
 * retries) end every request well before.
 */
export const REQUEST_TIMEOUT_MS = 60_000;

export class RoundRobin {
  private next = 0;
  /** Requests a refused connection sent to the other server. */
  failovers = 0;
  /** Every request to each server, for the SIGTERM phase's in-flight check. */
  readonly log: Outcome[] = [];
  isLogging = false;

  constructor(private readonly servers: () => ServerProcess[]) {}

  async request(
    token: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Outcome> {
    const servers = this.servers();
    const first = this.next++ % servers.length;
    let outcome: Outcome | undefined;
    for (let attempt = 0; attempt < servers.length; attempt += 1) {
      const server = servers[(first + attempt) % servers.length]!;
      outcome = await send(server, token, method, path, body, headers);
      if (this.isLogging) this.log.push(outcome);
      const isSafeToResend = method === 'GET' || 'idempotency-key' in headers;
      const isUnread =
        outcome.kind === 'failure' &&
        (outcome.reason === 'refused' || (outcome.reason === 'reset' && isSafeToResend));
      if (!isUnread) return outcome;
      this.failovers += 1;
    }
    return outcome!;
  }
}

async function send(
  server: ServerProcess,
  token: string,
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<Outcome> {
  const startedAt = Date.now();
  const requestId = `load-${randomUUID()}`;
  const base = { server: server.name, requestId, startedAt };
  try {
    const response = await fetch(`${server.url}/api${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        'x-request-id': requestId,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    const endedAt = Date.now();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    const code =
      response.status >= 400
        ? ((parsed as { error?: { code?: string } } | null)?.error?.code ?? null)
        : null;
    return {
      ...base,
      kind: 'response',
      status: response.status,
      code,
      body: parsed,
      ms: endedAt - startedAt,
      endedAt,
    };
  } catch (error) {
    const endedAt = Date.now();
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const name = (error as { name?: string }).name;
    const reason =
      cause?.code === 'ECONNREFUSED'
        ? 'refused'
        : name === 'TimeoutError'
          ? 'timeout'
          : cause?.code === 'ECONNRESET' || cause?.code === 'UND_ERR_SOCKET'
            ? 'reset'
            : 'other';
    return {
      ...base,
      kind: 'failure',
      reason,
      message: `${name}: ${cause?.code ?? ''} ${cause?.message ?? (error as Error).message}`,
      ms: endedAt - startedAt,
      endedAt,
    };
  }
}

/** What an answer counts as in the figures. */
export type Verdict = 'ok' | 'conflict' | 'unavailable' | 'error';

export function verdictOf(outcome: Outcome): Verdict {
  if (outcome.kind === 'failure') return 'error';
  if (outcome.status < 300) return 'ok';
  if (outcome.status === 409) return 'conflict';
  if (outcome.status === 503) return 'unavailable';
  return 'error';
}

interface OperationFigures {
  latencies: number[];
  unavailableLatencies: number[];
  counts: Record<Verdict, number>;
  /** What the errors were: `500 internal`, `failure reset`, … */
  errors: Map<string, number>;
  unavailableCodes: Map<string, number>;
}

export class PhaseFigures {
  private readonly operations = new Map<string, OperationFigures>();
  private startedAt = Date.now();
  private endedAt: number | null = null;

  constructor(readonly name: string) {}

  start() {
    this.startedAt = Date.now();
  }

  end() {
    this.endedAt = Date.now();
  }

  get seconds() {
    return ((this.endedAt ?? Date.now()) - this.startedAt) / 1000;
  }

  record(operation: string, outcome: Outcome) {
    let figures = this.operations.get(operation);
    if (!figures) {
      figures = {
        latencies: [],
        unavailableLatencies: [],
        counts: { ok: 0, conflict: 0, unavailable: 0, error: 0 },
        errors: new Map(),
        unavailableCodes: new Map(),
      };
      this.operations.set(operation, figures);
    }
    const verdict = verdictOf(outcome);
    figures.counts[verdict] += 1;
    if (outcome.kind === 'response') figures.latencies.push(outcome.ms);
    if (verdict === 'unavailable' && outcome.kind === 'response') {
      figures.unavailableLatencies.push(outcome.ms);
      const code = outcome.code ?? 'no code';
      figures.unavailableCodes.set(code, (figures.unavailableCodes.get(code) ?? 0) + 1);
    }
    if (verdict === 'error') {
      const what =
        outcome.kind === 'failure'
          ? `${outcome.reason}: ${outcome.message.slice(0, 80)}`
          : `${outcome.status} ${outcome.code ?? ''}`;
      figures.errors.set(what, (figures.errors.get(what) ?? 0) + 1);
    }
  }

  total(verdict: Verdict): number {
    let sum = 0;
    for (const figures of this.operations.values()) sum += figures.counts[verdict];
    return sum;
  }

  requests(): number {
    return (['ok', 'conflict', 'unavailable', 'error'] as const).reduce(
      (sum, verdict) => sum + this.total(verdict),
      0,
    );
  }

  requestsOf(operation: string): number {
    const figures = this.operations.get(operation);
    return figures ? Object.values(figures.counts).reduce((a, b) => a + b, 0) : 0;
  }

  errorKinds(): Map<string, number> {
    const all = new Map<string, number>();
    for (const figures of this.operations.values())
      for (const [what, count] of figures.errors) all.set(what, (all.get(what) ?? 0) + count);
    return all;
  }

  unavailableCodes(): Map<string, number> {
    const all = new Map<string, number>();
    for (const figures of this.operations.values())
      for (const [code, count] of figures.unavailableCodes)
        all.set(code, (all.get(code) ?? 0) + count);
    return all;
  }

  /** The slowest 503: "fail fast" means this is a few seconds, not the request timeout. */
  slowestUnavailableMs(): number {
    let slowest = 0;
    for (const figures of this.operations.values())
      for (const ms of figures.unavailableLatencies) slowest = Math.max(slowest, ms);
    return slowest;
  }

  print() {
    const rows = [...this.operations.entries()].map(([operation, figures]) => {
      const sorted = [...figures.latencies].sort((a, b) => a - b);
      const count = Object.values(figures.counts).reduce((a, b) => a + b, 0);
      return {
        operation,
        requests: count,
        'per s': Number((count / this.seconds).toFixed(1)),
        'p50 ms': Math.round(percentile(sorted, 50)),
        'p95 ms': Math.round(percentile(sorted, 95)),
        'p99 ms': Math.round(percentile(sorted, 99)),
        ok: figures.counts.ok,
        '409': figures.counts.conflict,
        '503': figures.counts.unavailable,
        errors: figures.counts.error,
      };
    });
    const all = [...this.operations.values()].flatMap((figures) => figures.latencies);
    all.sort((a, b) => a - b);
    rows.push({
      operation: 'all',
      requests: this.requests(),
      'per s': Number((this.requests() / this.seconds).toFixed(1)),
      'p50 ms': Math.round(percentile(all, 50)),
      'p95 ms': Math.round(percentile(all, 95)),
      'p99 ms': Math.round(percentile(all, 99)),
      ok: this.total('ok'),
      '409': this.total('conflict'),
      '503': this.total('unavailable'),
      errors: this.total('error'),
    });
    console.log(
      `\n${this.name} (${this.seconds.toFixed(1)} s from ${new Date(this.startedAt).toISOString().slice(11, 19)} UTC)`,
    );
    console.table(rows);
    const errors = this.errorKinds();
    if (errors.size > 0) console.log('errors:', Object.fromEntries(errors));
    const unavailable = this.unavailableCodes();
    if (unavailable.size > 0)
      console.log(
        `503s: ${JSON.stringify(Object.fromEntries(unavailable))}, slowest ${this.slowestUnavailableMs()} ms`,
      );
  }
}
