/**
 * One endpoint of the API, declared once: method, path, the schemas of its path
 * parameters, query, body and answer, its success status and whether it takes an
 * Idempotency-Key. The server binds a handler to it, the OpenAPI document is built from
 * it and the typed client calls it — so the three cannot drift apart.
 */
import { z } from 'zod';
import { Id } from './common';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** A link from an operation's answer to another operation (OpenAPI's Link Object). */
export interface EndpointLink {
  /** The other endpoint's operation id, e.g. `objectives.get`. */
  operationId: string;
  /**
   * Its parameters, as runtime expressions such as `$response.body#/id`; a name may say
   * where the parameter goes (`query.teamId`).
   */
  parameters: Record<string, string>;
  /** Fields of its body, as runtime expressions (`{ version: '$response.body#/version' }`). */
  requestBody?: Record<string, unknown>;
  description?: string;
}

export interface EndpointSpec {
  method: HttpMethod;
  /** Below `/api`, with path parameters in braces: `/key-results/{id}/check-ins`. */
  path: string;
  summary: string;
  /** The rules the server enforces beyond the schemas, for the OpenAPI document. */
  description?: string;
  /** Path parameters; those not named here are ids (`Id`). */
  params?: z.ZodObject;
  query?: z.ZodType;
  /** A JSON body; `EmptyRequest` for an action that takes no input. */
  body?: z.ZodType;
  /** The body is a file sent as it is (an import), not JSON. */
  upload?: { mediaTypes: string[]; maxBytes: number };
  /**
   * The answer is a file (an export), not JSON: the server sends the handler's bytes with
   * this media type and a file name, and the client returns a Blob. `response` then
   * describes what the handler returns (see `FileAnswer`).
   */
  download?: { mediaType: string };
  response: z.ZodType;
  /** The success status (200 unless said). */
  status?: 200 | 201 | 202;
  /** Other success statuses the endpoint may answer, with what they mean. */
  otherStatuses?: Partial<Record<200 | 201 | 202, string>>;
  /** Accepts an Idempotency-Key: a retry with the same key answers the first result. */
  idempotent?: boolean;
  /** Served without a bearer token. */
  public?: boolean;
  links?: Record<string, EndpointLink>;
}

export function endpoint<const S extends EndpointSpec>(spec: S): S {
  return spec;
}

/** The names in a path's braces, in order: `/a/{id}/b/{itemId}` → `['id', 'itemId']`. */
export type PathParamNames<P extends string> = P extends `${string}{${infer Name}}${infer Rest}`
  ? [Name, ...PathParamNames<Rest>]
  : [];

export function pathParamNames(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
}

/** The schema of an endpoint's path parameters: the declared ones, ids for the rest. */
export function paramsSchemaOf(spec: EndpointSpec): z.ZodObject {
  const declared = spec.params?.shape ?? {};
  return z.object(
    Object.fromEntries(pathParamNames(spec.path).map((name) => [name, declared[name] ?? Id])),
  );
}

/** Whether a body or query schema is `{}` and nothing else, so the client need not be given one. */
export function isEmptyObject(schema: z.ZodType | undefined): boolean {
  return schema instanceof z.ZodObject && Object.keys(schema.shape).length === 0;
}

/** Every endpoint in a tree of them, with its operation id (its path in the tree). */
export function listEndpoints(
  tree: EndpointTree,
  prefix = '',
): { operationId: string; spec: EndpointSpec }[] {
  return Object.entries(tree).flatMap(([name, value]) => {
    const operationId = prefix ? `${prefix}.${name}` : name;
    return isEndpoint(value)
      ? [{ operationId, spec: value }]
      : listEndpoints(value as EndpointTree, operationId);
  });
}

export interface EndpointTree {
  [name: string]: EndpointSpec | EndpointTree;
}

export function isEndpoint(value: unknown): value is EndpointSpec {
  return typeof value === 'object' && value !== null && 'method' in value && 'path' in value;
}

/**
 * What the client needs of an endpoint to call it, without its schemas: the typed client
 * is built from these, so the pages that call the API do not load zod and every schema.
 */
export interface Route {
  method: HttpMethod;
  path: string;
  /** `json`: a body to send; `empty`: an action that sends `{}`; `file`: an upload. */
  body: 'json' | 'empty' | 'file' | null;
  /** Whether it takes a query the caller passes. */
  query: boolean;
  idempotent: boolean;
  /** The answer is a file: the client returns a Blob. */
  download?: true;
}

export interface RouteTree {
  [name: string]: Route | RouteTree;
}

export function routeOf(spec: EndpointSpec): Route {
  return {
    method: spec.method,
    path: spec.path,
    body: spec.upload
      ? 'file'
      : spec.body === undefined
        ? null
        : isEmptyObject(spec.body)
          ? 'empty'
          : 'json',
    query: spec.query !== undefined && !isEmptyObject(spec.query),
    idempotent: spec.idempotent === true,
    ...(spec.download ? { download: true as const } : {}),
  };
}

/** What a download endpoint's handler returns: the file's name and bytes. */
export const FileAnswer = z.object({
  fileName: z.string(),
  bytes: z.instanceof(Uint8Array),
});
export type FileAnswer = z.infer<typeof FileAnswer>;

/** The route table of a tree of endpoints, in the tree's shape. */
export function routesOf(tree: EndpointTree): RouteTree {
  return Object.fromEntries(
    Object.entries(tree).map(([name, value]) => [
      name,
      isEndpoint(value) ? routeOf(value) : routesOf(value as EndpointTree),
    ]),
  );
}
