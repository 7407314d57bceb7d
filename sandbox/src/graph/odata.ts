/**
 * OData conventions shared by every handler: `@odata.context`, `$select`, `$top`,
 * `$skip`/`$skiptoken` paging with `@odata.nextLink`, and the `Prefer` header.
 */
import type { Request } from 'express';
import { GraphError } from './errors';

export interface ODataContext {
  /** `https://localhost:PORT/v1.0` — every link we hand out points back at the emulator. */
  serviceRoot: string;
}

export function contextUrl(serviceRoot: string, fragment: string): string {
  return `${serviceRoot}/$metadata#${fragment}`;
}

export function queryString(req: Request, name: string): string | undefined {
  const value = (req.query as Record<string, unknown>)[name];
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

export function parseSelect(req: Request): string[] | undefined {
  const raw = queryString(req, '$select');
  if (!raw) return undefined;
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/**
 * Keeps the selected properties (plus the ones Graph always returns, such as `id`) and
 * refuses unknown names the way Graph does, so a typo in production code fails here too.
 */
export function applySelect<T extends Record<string, unknown>>(
  entity: T,
  select: string[] | undefined,
  options: {
    known: readonly string[];
    always: readonly string[];
    typeName: string;
    errorCode: string;
  },
): Record<string, unknown> {
  if (!select) return entity;
  const known = new Set(options.known.map((name) => name.toLowerCase()));
  const wanted = new Set<string>();
  for (const name of select) {
    if (!known.has(name.toLowerCase()))
      throw new GraphError(
        400,
        options.errorCode,
        `Could not find a property named '${name}' on type '${options.typeName}'.`,
      );
    wanted.add(name.toLowerCase());
  }
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entity)) {
    if (key.startsWith('@odata.') || options.always.includes(key) || wanted.has(key.toLowerCase()))
      result[key] = value;
  }
  return result;
}

export function parseTop(req: Request, defaultTop: number, maxTop: number): number {
  const raw = queryString(req, '$top');
  if (raw === undefined) return defaultTop;
  const top = Number(raw);
  if (!Number.isInteger(top) || top < 1)
    throw new GraphError(400, 'BadRequest', `Invalid value '${raw}' for $top query option.`);
  return Math.min(top, maxTop);
}

export function parseSkip(req: Request): number {
  const raw = queryString(req, '$skip');
  if (raw === undefined) return 0;
  const skip = Number(raw);
  if (!Number.isInteger(skip) || skip < 0)
    throw new GraphError(400, 'BadRequest', `Invalid value '${raw}' for $skip query option.`);
  return skip;
}

/** Opaque paging state for `$skiptoken`/`$deltatoken`: base64url JSON, like Graph's opaque tokens. */
export function encodeToken(state: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

export function decodeToken<T>(token: string): T {
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as T;
  } catch {
    throw new GraphError(400, 'Request_BadRequest', 'Invalid $skiptoken or $deltatoken value.');
  }
}

/** The request's URL on the emulator with some query options replaced. */
export function linkWith(
  serviceRoot: string,
  req: Request,
  replace: Record<string, string | undefined>,
): string {
  const url = new URL(`${serviceRoot}${req.path.replace(/^\/v1\.0/, '')}`);
  for (const [key, value] of Object.entries(req.query as Record<string, unknown>)) {
    if (typeof value === 'string') url.searchParams.set(key, value);
  }
  for (const [key, value] of Object.entries(replace)) {
    if (value === undefined) url.searchParams.delete(key);
    else url.searchParams.set(key, value);
  }
  // Graph writes `$` literally in its links; URLSearchParams would escape it.
  return url.toString().replace(/%24/g, '$');
}

/**
 * The `Prefer` header(s) as a map: `IdType="ImmutableId", outlook.timezone="UTC"` →
 * { idtype: 'ImmutableId', 'outlook.timezone': 'UTC' } (names lower-cased).
 */
export function parsePrefer(req: Request): Map<string, string> {
  const header = req.headers.prefer;
  const raw = Array.isArray(header) ? header.join(',') : (header ?? '');
  const result = new Map<string, string>();
  for (const part of raw.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)) {
    const [name, ...rest] = part.split('=');
    if (!name?.trim()) continue;
    result.set(name.trim().toLowerCase(), rest.join('=').trim().replace(/^"|"$/g, ''));
  }
  return result;
}
