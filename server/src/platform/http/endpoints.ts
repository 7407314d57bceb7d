/**
 * Binds handlers to the endpoints declared in contracts (endpoints.ts). A binding parses
 * the path parameters, query and body with the declared schemas, runs the handler under
 * the request's Idempotency-Key when the endpoint takes one, and answers with the
 * declared status. The Express routes come from the bindings, so a route cannot exist
 * without its declaration, and `assertEveryEndpointBound` makes a declaration without a
 * handler fail at start.
 */
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import {
  endpoints,
  listEndpoints,
  paramsSchemaOf,
  type EndpointSpec,
  type FileAnswer,
  type PathParamNames,
} from '@throughline/contracts';
import { AppError } from './errors';
import { contextOf, sendIdempotent, type RouteDeps } from './handlers';
import { parseInput } from './validate';
import type { Context } from '../context';

type DeclaredParams<S> = S extends { params: infer P extends z.ZodObject } ? z.output<P> : object;
export type ParamsOf<S extends EndpointSpec> = {
  [N in PathParamNames<S['path']>[number]]: N extends keyof DeclaredParams<S>
    ? DeclaredParams<S>[N]
    : string;
};
export type QueryOf<S> = S extends { query: infer Q extends z.ZodType } ? z.output<Q> : undefined;
export type BodyOf<S> = S extends { upload: object }
  ? Buffer
  : S extends { body: infer B extends z.ZodType }
    ? z.output<B>
    : undefined;

export interface EndpointInput<S extends EndpointSpec> {
  params: ParamsOf<S>;
  query: QueryOf<S>;
  body: BodyOf<S>;
}

const REPLY = Symbol('reply');
/** An answer with a status other than the declared one (one of its `otherStatuses`). */
export interface Reply<T> {
  [REPLY]: true;
  status: number;
  body: T;
}
export const reply = <T>(status: number, body: T): Reply<T> => ({ [REPLY]: true, status, body });
const isReply = (value: unknown): value is Reply<unknown> =>
  typeof value === 'object' && value !== null && REPLY in value;

type Answer<S extends EndpointSpec> = z.input<S['response']> | Reply<z.input<S['response']>>;

export type EndpointHandler<S extends EndpointSpec> = (
  ctx: Context,
  input: EndpointInput<S>,
  req: Request,
) => Promise<Answer<S>>;

export interface BoundEndpoint {
  spec: EndpointSpec;
  mount(router: Router, deps: RouteDeps): void;
}

/** Binds a handler to an endpoint that needs a signed-in caller. */
export function on<S extends EndpointSpec>(spec: S, handler: EndpointHandler<S>): BoundEndpoint {
  return bound(spec, async (req, res, deps) => {
    const input = parseEndpointInput(spec, req);
    const run = async (ctx: Context) => {
      const answer = await handler(ctx, input, req);
      return isReply(answer)
        ? { status: answer.status, body: answer.body }
        : { status: spec.status ?? 200, body: answer };
    };
    if (spec.idempotent) {
      await sendIdempotent(req, res, deps, run);
      return;
    }
    const { status, body } = await run(contextOf(req, deps));
    if (spec.download) {
      sendFile(res, status, spec.download.mediaType, body as FileAnswer);
      return;
    }
    res.status(status).json(body);
  });
}

function sendFile(res: Response, status: number, mediaType: string, file: FileAnswer) {
  // RFC 6266: an ASCII fallback name and the UTF-8 name, so "Q4 – Sales.pptx" survives.
  const ascii = file.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  res
    .status(status)
    .type(mediaType)
    .setHeader(
      'content-disposition',
      `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    )
    .setHeader('cache-control', 'no-store')
    .send(Buffer.from(file.bytes));
}

/** Binds a handler to a public endpoint (no token, so no caller). */
export function onPublic<S extends EndpointSpec & { public: true }>(
  spec: S,
  handler: (input: EndpointInput<S>, req: Request) => Promise<z.input<S['response']>>,
): BoundEndpoint {
  return bound(spec, async (req, res) => {
    res.status(spec.status ?? 200).json(await handler(parseEndpointInput(spec, req), req));
  });
}

function bound(
  spec: EndpointSpec,
  handle: (req: Request, res: Response, deps: RouteDeps) => Promise<void>,
): BoundEndpoint {
  return {
    spec,
    mount(router, deps) {
      router[methodOf(spec)](expressPath(spec.path), ...bodyParsers(spec), (req, res) =>
        handle(req, res, deps),
      );
    },
  };
}

function parseEndpointInput<S extends EndpointSpec>(spec: S, req: Request): EndpointInput<S> {
  const params = parseInput(paramsSchemaOf(spec), req.params, 'params');
  const query = spec.query ? parseInput(spec.query, req.query, 'query') : undefined;
  const body = spec.upload
    ? Buffer.isBuffer(req.body)
      ? req.body
      : Buffer.alloc(0)
    : spec.body
      ? parseInput(spec.body, req.body ?? {}, 'body')
      : undefined;
  return { params, query, body } as EndpointInput<S>;
}

function bodyParsers(spec: EndpointSpec): RequestHandler[] {
  // The file is the body, whatever the client calls its type; 413 beyond the limit.
  return spec.upload ? [express.raw({ type: () => true, limit: spec.upload.maxBytes })] : [];
}

const methodOf = (spec: EndpointSpec) =>
  spec.method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete';

const expressPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

/**
 * The router of a set of bindings. Literal segments are mounted before parameters, so
 * `/evidence/by-message` is never read as `/evidence/{id}` whatever order modules list them in.
 */
export function endpointRouter(bound: BoundEndpoint[], deps: RouteDeps): Router {
  const router = Router();
  for (const binding of [...bound].sort(bySpecificity)) binding.mount(router, deps);
  return router;
}

function bySpecificity(a: BoundEndpoint, b: BoundEndpoint): number {
  const left = a.spec.path.split('/');
  const right = b.spec.path.split('/');
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    const isLeftParam = left[index]!.startsWith('{');
    const isRightParam = right[index]!.startsWith('{');
    if (isLeftParam !== isRightParam) return isLeftParam ? 1 : -1;
  }
  return 0;
}

/** Every declared endpoint has exactly one handler, and every handler a declaration. */
export function assertEveryEndpointBound(bound: BoundEndpoint[]) {
  const problems: string[] = [];
  for (const { operationId, spec } of listEndpoints(endpoints)) {
    const count = bound.filter((binding) => binding.spec === spec).length;
    if (count !== 1)
      problems.push(
        `${operationId} (${spec.method} ${spec.path}) has ${count === 0 ? 'no handler' : `${count} handlers`}`,
      );
  }
  const declared = new Set(listEndpoints(endpoints).map(({ spec }) => spec));
  for (const binding of bound)
    if (!declared.has(binding.spec))
      problems.push(`${binding.spec.method} ${binding.spec.path} is not declared in endpoints.ts`);
  if (problems.length > 0)
    throw new Error(`The API does not match its declaration:\n${problems.join('\n')}`);
}

/**
 * 405 with `Allow` for a method the path's resource does not take, and the same `Allow` for
 * OPTIONS. Mounted before the endpoints: the resource of a path is its most specific
 * declared path, so `DELETE /evidence/by-message` is 405 (GET only), not `/evidence/{id}`'s
 * DELETE with the id `by-message`. Paths no endpoint declares fall through to 404.
 */
export function methodNotAllowed(bound: BoundEndpoint[]): RequestHandler {
  const routes = new Map<string, { pattern: RegExp; methods: Set<string> }>();
  for (const { spec } of [...bound].sort(bySpecificity)) {
    const route = routes.get(spec.path) ?? {
      pattern: new RegExp(`^${spec.path.replace(/\{\w+\}/g, '[^/]+')}/?$`),
      methods: new Set<string>(),
    };
    route.methods.add(spec.method.toUpperCase());
    if (spec.method.toUpperCase() === 'GET') route.methods.add('HEAD');
    routes.set(spec.path, route);
  }
  return (req, res, next) => {
    const resource = [...routes.values()].find((route) => route.pattern.test(req.path));
    if (!resource || resource.methods.has(req.method)) {
      next();
      return;
    }
    const allowed = resource.methods;
    res.setHeader('Allow', [...allowed].sort().join(', '));
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    next(
      new AppError(
        'method_not_allowed',
        `${req.method} is not allowed on ${req.path}; allowed: ${[...allowed].sort().join(', ')}.`,
      ),
    );
  };
}
