/**
 * Graph's `Retry-After`, kept for every call that would meet the same limit, not only the
 * call that was told.
 *
 * Graph throttles per app and tenant, and Outlook and OneDrive per app and mailbox or
 * drive. When one call is answered 429 (or 503) with `Retry-After`, the other calls of this
 * server that would go to the same place in that window would be answered the same: they
 * wait out the window instead (when it is short enough to wait for), or fail at once with
 * the 503 `graph_unavailable` every Graph failure becomes, without reaching Graph. So a
 * burst of attaches while Graph is throttling a mailbox sends Graph one request per window,
 * not one per attach and retry, and a tenant's storm does not hold another tenant's calls.
 *
 * The gate sits in the middleware chain after the retry handler, so each retry passes it
 * too.
 */
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import type { Logger } from '../log/logger';

/** Where a call's throttling applies: the mailbox or drive it reads, else the tenant. */
export function throttleScope(tenantId: string, url: string, principalId: string | null): string {
  const path = url.replace(/^https?:\/\/[^/]+/, '').replace(/^\/(v1\.0|beta)/, '');
  const user = /^\/users\/([^/?]+)/.exec(path)?.[1];
  // `/users/delta` reads the directory, not a mailbox.
  if (user && user !== 'delta') return `${tenantId}|user:${decodeURIComponent(user).toLowerCase()}`;
  if (principalId && /^\/me(\/|\?|$)/.test(path)) return `${tenantId}|user:${principalId}`;
  const drive = /^\/drives\/([^/?]+)/.exec(path)?.[1];
  if (drive) return `${tenantId}|drive:${drive}`;
  return `${tenantId}|tenant`;
}

export class ThrottleGate {
  private readonly until = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Milliseconds a call to this scope should wait before it goes to Graph (0: go now). */
  waitMs(scope: string): number {
    const until = this.until.get(scope);
    if (until === undefined) return 0;
    const left = until - this.now();
    if (left <= 0) this.until.delete(scope);
    return Math.max(0, left);
  }

  /** Graph said wait: every call to this scope waits until then (the later of two holds wins). */
  hold(scope: string, ms: number) {
    const until = this.now() + ms;
    if ((this.until.get(scope) ?? 0) < until) this.until.set(scope, until);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class ThrottleGateMiddleware implements Middleware {
  private next?: Middleware;

  constructor(
    private readonly gate: ThrottleGate,
    private readonly scopeOf: (url: string) => string,
    private readonly maxWaitSeconds: number,
    private readonly log: Logger,
  ) {}

  setNext(next: Middleware) {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const scope = this.scopeOf(url);
    const wait = this.gate.waitMs(scope);
    if (wait > this.maxWaitSeconds * 1000) {
      // Graph would answer this the same: answer it here, as Graph did, without asking.
      const retryAfter = Math.ceil(wait / 1000);
      this.log.debug({ graph: { held: true, retryAfter } }, 'graph call held by an earlier 429');
      context.response = new Response(
        JSON.stringify({
          error: {
            code: 'TooManyRequests',
            message: `Graph asked to wait ${retryAfter} s before calling it again.`,
          },
        }),
        {
          status: 429,
          headers: { 'content-type': 'application/json', 'Retry-After': String(retryAfter) },
        },
      );
      return;
    }
    if (wait > 0) await sleep(wait);
    await this.next!.execute(context);
    const status = context.response?.status;
    const retryAfter = Number(context.response?.headers.get('Retry-After'));
    if ((status === 429 || status === 503) && Number.isFinite(retryAfter) && retryAfter > 0)
      this.gate.hold(scope, retryAfter * 1000);
  }
}
