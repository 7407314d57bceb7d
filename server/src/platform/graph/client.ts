/**
 * The Microsoft Graph client every feature uses: @microsoft/microsoft-graph-client with
 * our own middleware chain —
 *   authentication (a token per request: on-behalf-of the caller, or app-only)
 *   → retry (429/503/504, honouring Retry-After, giving up on waits longer than we allow)
 *   → the throttle gate (a Retry-After Graph gave one call holds this server's other calls
 *     to the same mailbox, drive or tenant: throttle-gate.ts)
 *   → logging (method, path, status, ms and the client-request-id; never a token)
 *   → the HTTP call.
 * The base URL comes from GRAPH_BASE_URL and its host is the one custom host the client
 * will send tokens to (the client drops Authorization on any other host, and on http).
 * Reads that can be grouped go through `$batch`, 20 at a time.
 *
 * File content (`…/items/{id}/content`) is the one binary read: Graph answers 302 with a
 * pre-authenticated download URL, which is fetched without the Authorization header, as
 * Microsoft documents (a bearer token must not travel to the storage host; when the URL is
 * on Graph's own host, an automatic redirect would carry it along), and never beyond the
 * size the caller allows.
 */
import { randomUUID } from 'node:crypto';
import {
  AuthenticationHandler,
  BatchRequestContent,
  BatchResponseContent,
  Client,
  HTTPMessageHandler,
  RetryHandler,
  RetryHandlerOptions,
  ResponseType,
  type AuthenticationProvider,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import type { Config } from '../../config';
import type { Principal } from '../auth/principal';
import type { Logger } from '../log/logger';
import { AppError } from '../http/errors';
import { fromGraphStatus, graphUnavailable } from './errors';
import type { TokenProvider, TokenRequestOptions } from './msal';
import { ThrottleGate, ThrottleGateMiddleware, throttleScope } from './throttle-gate';

export const BATCH_LIMIT = 20;

/** A failed Graph call: the HTTP status (0 when Graph could not be reached) and Graph's error code. */
export class GraphFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'GraphFailure';
  }
}

/** File content larger than the caller allows; nothing beyond the limit was kept. */
export class ContentTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`the content is larger than ${maxBytes} bytes`);
    this.name = 'ContentTooLarge';
  }
}

export interface BatchStep {
  id: string;
  /** A path under the version root, e.g. `/users/{id}/messages/{id}?$select=subject`. */
  url: string;
  headers?: Record<string, string>;
}

export interface BatchResult {
  status: number;
  body: unknown;
}

export interface GraphApi {
  get<T>(path: string, headers?: Record<string, string>): Promise<T>;
  /** Follows an absolute `@odata.nextLink` or `@odata.deltaLink` Graph handed out. */
  getLink<T>(url: string, headers?: Record<string, string>): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
  delete(path: string): Promise<void>;
  /**
   * The bytes of a drive item (`/drives/{d}/items/{i}/content`): Graph's 302 followed to the
   * download URL without the token. More than `maxBytes` throws `ContentTooLarge`.
   */
  getContent(path: string, options: { maxBytes: number }): Promise<Buffer>;
  /** GETs grouped into `$batch` requests of 20; throttled steps are retried after their Retry-After. */
  batch(steps: BatchStep[]): Promise<Map<string, BatchResult>>;
}

export interface GraphClients {
  forUser(principal: Principal): GraphApi;
  /**
   * App-only calls for a tenant. `freshToken`: ask Entra ID for a new token first instead of
   * the cached one — after a 403, when the admin may have granted consent since it was issued.
   */
  forApp(tenantId: string, options?: { freshToken?: boolean }): GraphApi;
}

type GraphSettings = Pick<
  Config,
  | 'GRAPH_BASE_URL'
  | 'GRAPH_MAX_RETRIES'
  | 'GRAPH_RETRY_DELAY_SECONDS'
  | 'GRAPH_MAX_RETRY_AFTER_SECONDS'
  | 'GRAPH_TIMEOUT_MS'
>;

function setHeader(context: Context, name: string, value: string) {
  if (typeof context.request !== 'string' && context.request instanceof Request) {
    context.request.headers.set(name, value);
    return;
  }
  context.options ??= {};
  const headers = context.options.headers;
  if (headers instanceof Headers) headers.set(name, value);
  else
    context.options.headers = { ...(headers as Record<string, string> | undefined), [name]: value };
}

function headerOf(context: Context, name: string): string | undefined {
  if (typeof context.request !== 'string' && context.request instanceof Request)
    return context.request.headers.get(name) ?? undefined;
  const headers = context.options?.headers;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const record = (headers ?? {}) as Record<string, string>;
  const key = Object.keys(record).find(
    (candidate) => candidate.toLowerCase() === name.toLowerCase(),
  );
  return key ? record[key] : undefined;
}

/** Logs every attempt (the retry handler calls it once per try) and bounds it with a timeout. */
export class LoggingMiddleware implements Middleware {
  private next?: Middleware;
  constructor(
    private readonly log: Logger,
    private readonly timeoutMs: number,
  ) {}

  setNext(next: Middleware) {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    const clientRequestId = headerOf(context, 'client-request-id') ?? randomUUID();
    setHeader(context, 'client-request-id', clientRequestId);
    context.options ??= {};
    context.options.signal = AbortSignal.timeout(this.timeoutMs);
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const method =
      context.options.method ??
      (typeof context.request === 'string' ? 'GET' : context.request.method);
    const path = url.split('?')[0];
    const attempt = headerOf(context, 'Retry-Attempt');
    const started = Date.now();
    try {
      await this.next!.execute(context);
    } catch (error) {
      this.log.warn(
        {
          graph: {
            method,
            path,
            clientRequestId,
            attempt,
            ms: Date.now() - started,
            error: (error as Error).name,
          },
        },
        'graph request failed',
      );
      throw error;
    }
    const status = context.response?.status;
    const line = {
      graph: {
        method,
        path,
        status,
        ms: Date.now() - started,
        clientRequestId,
        requestId: context.response?.headers.get('request-id') ?? undefined,
        attempt,
      },
    };
    if (status && status >= 400) this.log.warn(line, 'graph request');
    else this.log.debug(line, 'graph request');
  }
}

/** Waiting longer than this for Graph is worse than telling the person to try again. */
function retryOptions(settings: GraphSettings): RetryHandlerOptions {
  return new RetryHandlerOptions(
    settings.GRAPH_RETRY_DELAY_SECONDS,
    settings.GRAPH_MAX_RETRIES,
    (_delay, _attempt, _request, _options, response) => {
      const retryAfter = Number(response?.headers?.get('Retry-After'));
      return !(Number.isFinite(retryAfter) && retryAfter > settings.GRAPH_MAX_RETRY_AFTER_SECONDS);
    },
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createGraphClients(deps: {
  config: GraphSettings;
  tokens: TokenProvider;
  log: Logger;
}): GraphClients {
  const { config, log } = deps;
  const base = config.GRAPH_BASE_URL.replace(/\/$/, '');
  const versionRoot = `${base}/v1.0`;
  const customHosts = new Set([new URL(base).hostname]);
  // One per server: every client of a tenant shares what Graph said about waiting.
  const gate = new ThrottleGate();

  function build(
    acquire: (options: TokenRequestOptions) => Promise<string>,
    who: { tenantId: string; principalId: string | null },
    isFirstTokenFresh = false,
  ): GraphApi {
    const scopeOf = (url: string) => throttleScope(who.tenantId, url, who.principalId);
    // The token is fetched before each call (so its errors stay AppErrors) and handed to the chain.
    let current: { token: string; at: number } | null = null;
    let isFreshWanted = isFirstTokenFresh;
    const token = async (options: TokenRequestOptions = {}) => {
      if (options.fresh || isFreshWanted || !current || Date.now() - current.at > 10 * 60_000) {
        current = {
          token: await acquire({ ...options, fresh: options.fresh || isFreshWanted }),
          at: Date.now(),
        };
        isFreshWanted = false;
      }
      return current.token;
    };
    const authProvider: AuthenticationProvider = {
      getAccessToken: async () => current?.token ?? (await token()),
    };
    const middleware: Middleware[] = [
      new AuthenticationHandler(authProvider),
      new RetryHandler(retryOptions(config)),
      new ThrottleGateMiddleware(gate, scopeOf, config.GRAPH_MAX_RETRY_AFTER_SECONDS, log),
      new LoggingMiddleware(log, config.GRAPH_TIMEOUT_MS),
      new HTTPMessageHandler(),
    ];
    middleware.reduce((previous, next) => {
      previous.setNext?.(next);
      return next;
    });
    const client = Client.initWithMiddleware({
      middleware: middleware[0],
      baseUrl: `${base}/`,
      defaultVersion: 'v1.0',
      customHosts,
    });

    async function call<T>(run: () => Promise<T>): Promise<T> {
      await token();
      try {
        return await run();
      } catch (error) {
        const failure = asFailure(error);
        if (!isRefusedToken(failure)) throw failure;
      }
      // Graph refused a token it should have taken (revoked, continuous access evaluation, a
      // rolled signing key, a cache that outlived them): one fresh token, one more try.
      log.info(
        { graph: { refusedToken: true } },
        'graph refused the cached token; acquiring a new one',
      );
      await token({ fresh: true });
      try {
        return await run();
      } catch (error) {
        throw asFailure(error);
      }
    }

    const retryAfters = new Map<string, number>();
    async function batchOnce(steps: BatchStep[]): Promise<Map<string, BatchResult>> {
      const content = new BatchRequestContent(
        steps.map((step) => ({
          id: step.id,
          request: new Request(`${versionRoot}${step.url}`, {
            method: 'GET',
            headers: step.headers,
          }),
        })),
      );
      const body = await call(async () => client.api('/$batch').post(await content.getContent()));
      const results = new Map<string, BatchResult>();
      for (const [id, response] of new BatchResponseContent(body).getResponses()) {
        const text = await response.text();
        results.set(id, { status: response.status, body: text ? JSON.parse(text) : null });
        const retryAfter = Number(response.headers.get('Retry-After'));
        if (Number.isFinite(retryAfter)) retryAfters.set(id, retryAfter);
      }
      return results;
    }

    return {
      getContent: (path, options) =>
        call(() => downloadContent(client, path, options.maxBytes, config, log)),
      get: (path, headers) =>
        call(() =>
          client
            .api(path)
            .headers(headers ?? {})
            .get(),
        ),
      getLink: (url, headers) =>
        call(() =>
          client
            .api(url)
            .headers(headers ?? {})
            .get(),
        ),
      post: (path, body) => call(() => client.api(path).post(body)),
      patch: (path, body) => call(() => client.api(path).patch(body)),
      delete: (path) => call(() => client.api(path).delete()),
      async batch(steps) {
        const results = new Map<string, BatchResult>();
        for (let start = 0; start < steps.length; start += BATCH_LIMIT) {
          let pending = steps.slice(start, start + BATCH_LIMIT);
          for (let attempt = 0; pending.length > 0; attempt += 1) {
            retryAfters.clear();
            const answered = await batchOnce(pending);
            for (const [id, result] of answered) results.set(id, result);
            const throttled = pending.filter((step) =>
              [429, 503, 504].includes(answered.get(step.id)?.status ?? 0),
            );
            if (throttled.length === 0 || attempt >= config.GRAPH_MAX_RETRIES) break;
            const wait = Math.max(
              config.GRAPH_RETRY_DELAY_SECONDS,
              ...throttled.map((step) => retryAfters.get(step.id) ?? 0),
            );
            for (const step of throttled) {
              const after = retryAfters.get(step.id);
              if (after) gate.hold(scopeOf(step.url), after * 1000);
            }
            if (wait > config.GRAPH_MAX_RETRY_AFTER_SECONDS) break;
            log.info(
              { graph: { batchRetry: throttled.length, waitSeconds: wait } },
              'graph batch steps throttled; retrying',
            );
            await sleep(wait * 1000);
            pending = throttled;
          }
        }
        return results;
      },
    };
  }

  return {
    forUser: (principal) =>
      build(
        (options) =>
          deps.tokens.onBehalfOf(
            principal.tenantId,
            principal.userId,
            principal.assertion,
            options,
          ),
        { tenantId: principal.tenantId, principalId: principal.userId },
      ),
    forApp: (tenantId, options = {}) =>
      build(
        (tokenOptions) => deps.tokens.forApp(tenantId, tokenOptions),
        { tenantId, principalId: null },
        options.freshToken,
      ),
  };
}

/** A 401 is Graph refusing the token itself; a 403 is a missing permission, which a new token does not fix. */
function isRefusedToken(failure: unknown): boolean {
  return failure instanceof GraphFailure && failure.status === 401;
}

/** Graph's answer to a content request, in the failure the other calls throw. */
async function failureOfResponse(response: Response): Promise<GraphFailure> {
  let code = 'unknown';
  let message = `Graph answered HTTP ${response.status}`;
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    code = body.error?.code ?? code;
    message = body.error?.message ?? message;
  } catch {
    // Not Graph's JSON error (a download host's page): the status says enough.
  }
  return new GraphFailure(response.status, code, message);
}

/** The body, refused as soon as it passes `maxBytes` (a declared length is checked first). */
async function readCapped(response: Response, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw new ContentTooLarge(maxBytes);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new ContentTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

async function downloadContent(
  client: Client,
  path: string,
  maxBytes: number,
  config: GraphSettings,
  log: Logger,
): Promise<Buffer> {
  // Through the middleware chain (token, retries, logging), the redirect left for us to follow.
  const response = (await client
    .api(path)
    .option('redirect', 'manual')
    .responseType(ResponseType.RAW)
    .get()) as Response;
  if (response.status >= 300 && response.status < 400) {
    const location = response.headers.get('location');
    await response.body?.cancel();
    if (!location)
      throw new GraphFailure(502, 'noDownloadUrl', 'Graph redirected without a download URL');
    return downloadFrom(location, maxBytes, config, log);
  }
  if (!response.ok) throw await failureOfResponse(response);
  return readCapped(response, maxBytes);
}

/**
 * The pre-authenticated download URL: no Authorization header (the URL carries its own
 * short-lived grant), retried on 429/503/504 as Graph calls are. Logged without its query,
 * which holds that grant.
 */
async function downloadFrom(
  url: string,
  maxBytes: number,
  config: GraphSettings,
  log: Logger,
): Promise<Buffer> {
  const where = url.split('?')[0];
  for (let attempt = 0; ; attempt += 1) {
    const started = Date.now();
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(config.GRAPH_TIMEOUT_MS) });
    } catch (error) {
      log.warn({ download: { path: where, error: (error as Error).name } }, 'download failed');
      throw new GraphFailure(0, 'downloadFailed', 'The file could not be downloaded');
    }
    const line = { download: { path: where, status: response.status, ms: Date.now() - started } };
    if (response.ok) {
      log.debug(line, 'download');
      return readCapped(response, maxBytes);
    }
    log.warn(line, 'download');
    const retryAfter = Number(response.headers.get('Retry-After'));
    const wait = Number.isFinite(retryAfter) ? retryAfter : config.GRAPH_RETRY_DELAY_SECONDS;
    const isRetryable = [429, 503, 504].includes(response.status);
    if (
      !isRetryable ||
      attempt >= config.GRAPH_MAX_RETRIES ||
      wait > config.GRAPH_MAX_RETRY_AFTER_SECONDS
    )
      throw await failureOfResponse(response);
    await response.body?.cancel();
    await sleep(wait * 1000);
  }
}

function asFailure(error: unknown): unknown {
  if (
    error instanceof AppError ||
    error instanceof GraphFailure ||
    error instanceof ContentTooLarge
  )
    return error;
  const graphError = error as { statusCode?: number; code?: string | null; message?: string };
  const status =
    typeof graphError.statusCode === 'number' && graphError.statusCode > 0
      ? graphError.statusCode
      : 0;
  return new GraphFailure(
    status,
    graphError.code ?? 'unknown',
    graphError.message ?? 'Graph request failed',
  );
}

/** A Graph failure as the AppError a person should read; `what` names the thing ("that email"). */
export function toAppError(error: unknown, what?: string): unknown {
  if (error instanceof GraphFailure)
    return error.status === 0
      ? graphUnavailable()
      : fromGraphStatus(error.status, what, error.code);
  return error;
}
