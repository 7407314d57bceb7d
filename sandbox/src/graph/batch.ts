/**
 * JSON batching: `POST /$batch` with up to 20 requests. Each inner request is sent back
 * through the emulator over HTTPS with the caller's token, so it meets the same
 * authentication, fault injection and counters as a direct call (a throttled inner
 * request answers 429 inside a 200 batch, as Graph does). Requests run concurrently
 * unless `dependsOn` orders them; a request whose dependency failed answers 424.
 * URLs are accepted relative (`/me`) and with the version prefix (`/v1.0/me`), which is
 * what @microsoft/microsoft-graph-client's BatchRequestContent sends.
 */
import { Router } from 'express';
import { GraphError, graphErrorBody } from './errors';
import type { Response } from 'express';

export const BATCH_LIMIT = 20;

export interface InnerRequest {
  method: string;
  /** Path and query under the emulator's root, e.g. `/v1.0/me?$select=id`. */
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface InnerResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export type SendInner = (request: InnerRequest) => Promise<InnerResponse>;

interface BatchStep {
  id: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: string[];
}

function validate(body: unknown): BatchStep[] {
  const requests = (body as { requests?: unknown } | undefined)?.requests;
  if (!Array.isArray(requests))
    throw new GraphError(400, 'BadRequest', 'Invalid batch payload format.');
  if (requests.length > BATCH_LIMIT)
    throw new GraphError(
      400,
      'BadRequest',
      `Number of requests exceeds the limit of ${BATCH_LIMIT}.`,
    );
  const ids = new Set<string>();
  for (const step of requests as BatchStep[]) {
    if (
      !step ||
      typeof step.id !== 'string' ||
      typeof step.method !== 'string' ||
      typeof step.url !== 'string'
    ) {
      throw new GraphError(
        400,
        'BadRequest',
        'Each batch request needs an id, a method and a url.',
      );
    }
    if (ids.has(step.id))
      throw new GraphError(
        400,
        'BadRequest',
        `Batch request id '${step.id}' is used more than once.`,
      );
    ids.add(step.id);
    if (
      step.body !== undefined &&
      !Object.keys(step.headers ?? {}).some((name) => name.toLowerCase() === 'content-type')
    ) {
      throw new GraphError(
        400,
        'BadRequest',
        `Batch request '${step.id}' has a body but no Content-Type header.`,
      );
    }
  }
  for (const step of requests as BatchStep[]) {
    for (const dependency of step.dependsOn ?? []) {
      if (!ids.has(dependency))
        throw new GraphError(
          400,
          'BadRequest',
          `Batch request '${step.id}' depends on '${dependency}', which is not in the batch.`,
        );
    }
  }
  const byId = new Map((requests as BatchStep[]).map((step) => [step.id, step]));
  const visiting = new Set<string>();
  const isCyclic = (id: string): boolean => {
    if (visiting.has(id)) return true;
    visiting.add(id);
    const cyclic = (byId.get(id)?.dependsOn ?? []).some(isCyclic);
    visiting.delete(id);
    return cyclic;
  };
  if ((requests as BatchStep[]).some((step) => isCyclic(step.id)))
    throw new GraphError(400, 'BadRequest', 'The dependsOn references in the batch form a cycle.');
  return requests as BatchStep[];
}

/** `/me`, `me`, `/v1.0/me` or a full Graph URL → `/v1.0/me`. */
export function innerPath(url: string): string {
  let path = url.replace(/^https?:\/\/[^/]+/i, '');
  if (!path.startsWith('/')) path = `/${path}`;
  if (!/^\/v1\.0(\/|$)/.test(path)) path = `/v1.0${path}`;
  return path;
}

export function batchRoutes(send: SendInner): Router {
  const router = Router();
  router.post(/^\/\$batch$/, async (req, res: Response) => {
    const steps = validate(req.body);
    const authorization = req.headers.authorization;
    const results = new Map<string, Promise<InnerResponse>>();
    const run = async (step: BatchStep): Promise<InnerResponse> => {
      // Yield once so every step's promise exists before any step looks up its dependencies.
      await Promise.resolve();
      const dependencies = await Promise.all((step.dependsOn ?? []).map((id) => results.get(id)!));
      if (dependencies.some((dependency) => dependency.status >= 400)) {
        return {
          status: 424,
          headers: { 'Content-Type': 'application/json' },
          body: graphErrorBody(
            res,
            'FailedDependency',
            'The request could not be processed because a request it depends on failed.',
          ),
        };
      }
      const headers: Record<string, string> = { ...(step.headers ?? {}) };
      if (authorization) headers.Authorization = authorization;
      return send({
        method: step.method.toUpperCase(),
        path: innerPath(step.url),
        headers,
        body: step.body,
      });
    };
    for (const step of steps) results.set(step.id, run(step));
    const responses = await Promise.all(
      steps.map(async (step) => {
        const result = await results.get(step.id)!;
        return {
          id: step.id,
          status: result.status,
          headers: result.headers,
          ...(result.body === undefined ? {} : { body: result.body }),
        };
      }),
    );
    res.json({ responses });
  });
  return router;
}
