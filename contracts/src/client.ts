/**
 * The typed API client the tab, the add-in and the tests use, built from the endpoint
 * declarations (endpoints.ts): `api.keyResults.checkIn(id, body, { idempotencyKey })`.
 * Its arguments are the path parameters in order, then the body (unless it is `{}`),
 * then the query, then options. It does not know where tokens come from (the caller
 * passes getToken).
 */
import type { z } from 'zod';
import type { ErrorBody } from './common';
import type { EndpointSpec, EndpointTree, PathParamNames, Route, RouteTree } from './endpoint';
import type { Endpoints } from './endpoints';
import { routes } from './routes';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorBody['error']['details'],
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The first message about a field, for showing next to that field in a form. */
  fieldMessage(field: string): string | undefined {
    if (!Array.isArray(this.details)) return undefined;
    return this.details.find(
      (detail) => detail.path === `body.${field}` || detail.path.startsWith(`body.${field}.`),
    )?.message;
  }
}

export interface ApiClientOptions {
  baseUrl: string;
  getToken: () => Promise<string>;
  fetch?: typeof fetch;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined | null>;
  body?: unknown;
  idempotencyKey?: string;
  signal?: AbortSignal;
  /** A file sent as the body itself (an import), instead of JSON. */
  file?: Blob;
}

/** What a call may add: the write's Idempotency-Key (a new one if not given) and an abort signal. */
export interface CallOptions {
  idempotencyKey?: string;
  signal?: AbortSignal;
}

export interface ApiClientOptions {
  baseUrl: string;
  getToken: () => Promise<string>;
  fetch?: typeof fetch;
  /**
   * The endpoint declarations to check every answer against (status and schema), throwing
   * when it does not match: the tests pass `endpoints`, so a response that drifts from its
   * contract fails. The pages leave it out and never load the schemas.
   */
  validateAgainst?: EndpointTree;
}

type IsEmptyObject<S> =
  S extends z.ZodObject<infer Shape> ? ([keyof Shape] extends [never] ? true : false) : false;
type Strings<T extends unknown[]> = { [K in keyof T]: string };
type PathArgs<S extends EndpointSpec> = Strings<PathParamNames<S['path']>>;
type BodyArg<S extends EndpointSpec> = S extends { upload: object }
  ? [file: Blob]
  : S extends { body: infer B extends z.ZodType }
    ? IsEmptyObject<B> extends true
      ? []
      : [body: z.input<B>]
    : [];
type QueryArg<S extends EndpointSpec> = S extends { query: infer Q extends z.ZodType }
  ? IsEmptyObject<Q> extends true
    ? []
    : object extends z.input<Q>
      ? [query?: z.input<Q>]
      : [query: z.input<Q>]
  : [];

/** The client function of one endpoint. */
export type EndpointCall<S extends EndpointSpec> = (
  ...args: [...PathArgs<S>, ...BodyArg<S>, ...QueryArg<S>, options?: CallOptions]
) => Promise<S extends { download: object } ? Blob : z.output<S['response']>>;

export type ClientOf<T> = {
  [K in keyof T]: T[K] extends EndpointSpec ? EndpointCall<T[K]> : ClientOf<T[K]>;
};

export type ApiClient = ClientOf<Endpoints> & {
  /** A request to any path below /api (for what no endpoint declares, such as a test's probe). */
  request: <T>(method: string, path: string, request?: RequestOptions) => Promise<T>;
};

export function newIdempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const doFetch =
    options.fetch ?? ((input: string | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const base = options.baseUrl.replace(/\/$/, '');

  async function send(
    method: string,
    path: string,
    request: RequestOptions = {},
    isDownload = false,
  ) {
    const url = new URL(
      `${base}/api${path}`,
      (globalThis as { location?: { href: string } }).location?.href,
    );
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined && value !== null && value !== '')
        url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = {
      accept: isDownload ? '*/*' : 'application/json',
      authorization: `Bearer ${await options.getToken()}`,
    };
    if (request.file) headers['content-type'] = 'application/octet-stream';
    else if (request.body !== undefined) headers['content-type'] = 'application/json';
    if (request.idempotencyKey) headers['idempotency-key'] = request.idempotencyKey;
    let response: Response;
    try {
      response = await doFetch(url, {
        method,
        headers,
        body:
          request.file ?? (request.body === undefined ? undefined : JSON.stringify(request.body)),
        signal: request.signal,
      });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new ApiError(
        0,
        'network_error',
        'Could not reach Throughline. Check your connection and try again.',
      );
    }
    if (isDownload && response.ok) return { status: response.status, data: await response.blob() };
    const text = await response.text();
    const data = text ? safeJson(text) : undefined;
    if (!response.ok) {
      const error = (data as ErrorBody | undefined)?.error;
      throw new ApiError(
        response.status,
        error?.code ?? 'http_error',
        error?.message ?? `The server answered ${response.status}.`,
        error?.details,
        data,
      );
    }
    return { status: response.status, data };
  }

  const request = async <T>(method: string, path: string, request: RequestOptions = {}) =>
    (await send(method, path, request)).data as T;

  function call(operation: string[], route: Route, args: unknown[]) {
    const rest = [...args];
    const path = route.path.replace(/\{\w+\}/g, () => encodeURIComponent(String(rest.shift())));
    const takesBody = route.body === 'json' || route.body === 'file';
    const body = takesBody ? rest.shift() : route.body === 'empty' ? {} : undefined;
    const query = (route.query ? rest.shift() : undefined) as RequestOptions['query'];
    const callOptions = (rest.shift() ?? {}) as CallOptions;
    const idempotencyKey = route.idempotent
      ? (callOptions.idempotencyKey ?? newIdempotencyKey())
      : undefined;
    return send(
      route.method,
      path,
      {
        query,
        ...(route.body === 'file' ? { file: body as Blob } : { body }),
        idempotencyKey,
        signal: callOptions.signal,
      },
      route.download === true,
    ).then(({ status, data }) => {
      if (options.validateAgainst)
        checkAnswer(specAt(options.validateAgainst, operation), status, data);
      return data;
    });
  }

  function bind(tree: RouteTree, at: string[] = []): Record<string, unknown> {
    return Object.fromEntries(
      Object.entries(tree).map(([name, value]) => [
        name,
        isRoute(value)
          ? (...args: unknown[]) => call([...at, name], value, args)
          : bind(value, [...at, name]),
      ]),
    );
  }

  return { ...(bind(routes) as ClientOf<Endpoints>), request };
}

const isRoute = (value: Route | RouteTree): value is Route =>
  typeof value.method === 'string' && typeof value.path === 'string';

function specAt(tree: EndpointTree, operation: string[]): EndpointSpec {
  let node: EndpointTree | EndpointSpec = tree;
  for (const name of operation) node = (node as EndpointTree)[name]!;
  if (!node) throw new Error(`no endpoint declared for ${operation.join('.')}`);
  return node as EndpointSpec;
}

/** Throws when an answer is not what its endpoint declares (status and body). */
export function checkAnswer(spec: EndpointSpec, status: number, data: unknown) {
  const expected = [spec.status ?? 200, ...Object.keys(spec.otherStatuses ?? {}).map(Number)];
  const where = `${spec.method} ${spec.path}`;
  if (!expected.includes(status))
    throw new Error(`${where} answered ${status}; it declares ${expected.join(' or ')}.`);
  if (spec.download) return;
  const result = spec.response.safeParse(data);
  if (!result.success)
    throw new Error(
      `${where} answered a body that does not match its declared schema: ${result.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join('.') || '(root)'} ${issue.message}`)
        .join('; ')}`,
    );
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {
      error: { code: 'invalid_response', message: 'The server sent an answer that is not JSON.' },
    };
  }
}
