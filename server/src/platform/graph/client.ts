/**
 * The Microsoft Graph client every feature uses: @microsoft/microsoft-graph-client with
 * our own middleware chain —
 *   authentication (a token per request: on-behalf-of the caller, or app-only)
 *   → retry (429/503/504, honouring Retry-After, giving up on waits longer than we allow)
 *   → logging (method, path, status, ms and the client-request-id; never a token)
 *   → the HTTP call.
 * The base URL comes from GRAPH_BASE_URL and its host is the one custom host the client
 * will send tokens to (the client drops Authorization on any other host, and on http).
 * Reads that can be grouped go through `$batch`, 20 at a time.
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

  function build(
    acquire: (options: TokenRequestOptions) => Promise<string>,
    isFirstTokenFresh = false,
  ): GraphApi {
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
      build((options) =>
        deps.tokens.onBehalfOf(principal.tenantId, principal.userId, principal.assertion, options),
      ),
    forApp: (tenantId, options = {}) =>
      build((tokenOptions) => deps.tokens.forApp(tenantId, tokenOptions), options.freshToken),
  };
}

/** A 401 is Graph refusing the token itself; a 403 is a missing permission, which a new token does not fix. */
function isRefusedToken(failure: unknown): boolean {
  return failure instanceof GraphFailure && failure.status === 401;
}

function asFailure(error: unknown): unknown {
  if (error instanceof AppError || error instanceof GraphFailure) return error;
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
