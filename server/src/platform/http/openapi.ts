/**
 * The OpenAPI 3.1 document, generated from the same zod schemas the routes validate
 * with (zod's own JSON Schema output, which is the dialect OpenAPI 3.1 uses).
 */
import { z } from 'zod';
import * as c from '@throughline/contracts';

interface Operation {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string;
  summary: string;
  body?: z.ZodType;
  query?: z.ZodType;
  response: z.ZodType;
  status?: number;
  isPublic?: boolean;
  isIdempotent?: boolean;
}

const page = (item: z.ZodType) => c.Page(item);

export const operations: Operation[] = [
  {
    method: 'get',
    path: '/api/client-config',
    summary: 'What the pages need before sign-in',
    response: z.object({
      clientId: z.string(),
      apiResource: z.string(),
      publicUrl: z.string(),
      teamsAppId: z.string().nullable(),
      devSignInUrl: z.string().nullable(),
    }),
    isPublic: true,
  },
  { method: 'get', path: '/api/me', summary: 'The signed-in person', response: c.Me },
  {
    method: 'get',
    path: '/api/people',
    summary: 'People in the organisation',
    query: c.ListPeopleQuery,
    response: page(c.Person),
  },
  { method: 'get', path: '/api/people/{id}', summary: 'One person', response: c.Person },
  { method: 'get', path: '/api/teams', summary: 'Teams', response: page(c.Team) },
  { method: 'get', path: '/api/teams/{id}', summary: 'One team', response: c.Team },
  {
    method: 'post',
    path: '/api/teams',
    summary: 'Create a team (admins)',
    body: c.CreateTeamRequest,
    response: c.Team,
    status: 201,
    isIdempotent: true,
  },
  {
    method: 'patch',
    path: '/api/teams/{id}',
    summary:
      'Rename a team, set its lead, parent team or members (admins; send the version you read). A parent that would make the team its own ancestor is 400 team_parent_loop',
    body: c.UpdateTeamRequest,
    response: c.Team,
  },
  {
    method: 'post',
    path: '/api/admin/teams/from-hierarchy',
    summary:
      'Create one team per manager from the manager hierarchy: led by them, their direct reports as members, the team of their own manager as parent. dryRun=true (the default) writes nothing; a second run creates nothing new (admins)',
    query: c.TeamsFromHierarchyQuery,
    body: c.EmptyRequest,
    response: c.TeamsFromHierarchyReport,
  },
  { method: 'get', path: '/api/cycles', summary: 'Cycles, newest first', response: page(c.Cycle) },
  {
    method: 'post',
    path: '/api/cycles',
    summary: 'Create a cycle (admins)',
    body: c.CreateCycleRequest,
    response: c.Cycle,
    status: 201,
    isIdempotent: true,
  },
  {
    method: 'patch',
    path: '/api/cycles/{id}',
    summary:
      'Rename an open cycle or change its dates or kind (admins; send the version you read). A closed cycle is 409 cycle_closed',
    body: c.UpdateCycleRequest,
    response: c.Cycle,
  },
  {
    method: 'post',
    path: '/api/cycles/{id}/close',
    summary: 'Close a cycle and record scores (admins)',
    response: c.Cycle,
    isIdempotent: true,
  },
  {
    method: 'get',
    path: '/api/cycles/{id}/alignment-tree',
    summary: 'The alignment tree of a cycle with roll-up progress',
    query: c.AlignmentTreeQuery,
    response: c.AlignmentTree,
  },
  {
    method: 'get',
    path: '/api/my-okrs',
    summary: 'My objectives and key results in a cycle',
    query: c.MyOkrsQuery,
    response: c.MyOkrs,
  },
  {
    method: 'get',
    path: '/api/dependencies',
    summary: 'What a team or person waits on, and who waits on them',
    query: c.DependenciesQuery,
    response: c.Dependencies,
  },
  {
    method: 'get',
    path: '/api/objectives',
    summary: 'Objectives, filtered and paged',
    query: c.ListObjectivesQuery,
    response: page(c.Objective),
  },
  {
    method: 'post',
    path: '/api/objectives',
    summary: 'Create an objective',
    body: c.CreateObjectiveRequest,
    response: c.Objective,
    status: 201,
    isIdempotent: true,
  },
  {
    method: 'get',
    path: '/api/objectives/{id}',
    summary: 'An objective with its key results and deliverables',
    response: c.ObjectiveDetail,
  },
  {
    method: 'patch',
    path: '/api/objectives/{id}',
    summary: 'Edit an objective (send the version you read)',
    body: c.UpdateObjectiveRequest,
    response: c.Objective,
  },
  {
    method: 'post',
    path: '/api/objectives/{id}/score',
    summary: 'Override the recorded score, with a reason',
    body: c.ScoreOverrideRequest,
    response: c.Objective,
    isIdempotent: true,
  },
  {
    method: 'post',
    path: '/api/key-results',
    summary: 'Add a key result to an objective',
    body: c.CreateKeyResultRequest,
    response: c.KeyResult,
    status: 201,
    isIdempotent: true,
  },
  {
    method: 'get',
    path: '/api/key-results/{id}',
    summary: 'A key result with check-ins, comments and deliverables',
    response: c.KeyResultDetail,
  },
  {
    method: 'patch',
    path: '/api/key-results/{id}',
    summary: 'Edit a key result (send the version you read)',
    body: c.UpdateKeyResultRequest,
    response: c.KeyResult,
  },
  {
    method: 'post',
    path: '/api/key-results/{id}/score',
    summary: 'Override the recorded score, with a reason',
    body: c.ScoreOverrideRequest,
    response: c.KeyResult,
    isIdempotent: true,
  },
  {
    method: 'post',
    path: '/api/key-results/{id}/check-ins',
    summary: 'Check in: value, confidence, status, note',
    body: c.CheckInRequest,
    response: c.KeyResult,
    status: 201,
    isIdempotent: true,
  },
  {
    method: 'get',
    path: '/api/key-results/{id}/check-ins',
    summary: 'Check-ins of a key result with their comments',
    response: page(c.CheckInWithComments),
  },
  {
    method: 'post',
    path: '/api/check-ins/{id}/comments',
    summary: 'Comment on or give feedback on a check-in',
    body: c.CreateCommentRequest,
    response: c.Comment,
    status: 201,
    isIdempotent: true,
  },
  {
    method: 'post',
    path: '/api/deliverables',
    summary: 'Add a deliverable',
    body: c.CreateDeliverableRequest,
    response: c.Deliverable,
    status: 201,
    isIdempotent: true,
  },
  {
    method: 'patch',
    path: '/api/deliverables/{id}',
    summary: 'Edit a deliverable (send the version you read)',
    body: c.UpdateDeliverableRequest,
    response: c.Deliverable,
  },
  {
    method: 'get',
    path: '/api/narrative',
    summary: 'The goal narrative of an objective, key result, person or team, newest first',
    query: c.NarrativeQuery,
    response: page(c.NarrativeEvent),
  },
];

/** Other features add their operations here before the document is first built. */
export function registerOperations(more: Operation[]) {
  operations.push(...more);
}

const toSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });

let cached: unknown;

export function openApiDocument(serverUrl: string): unknown {
  if (cached) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of operations) {
    const parameters: unknown[] = [...operation.path.matchAll(/\{(\w+)\}/g)].map((match) => ({
      name: match[1],
      in: 'path',
      required: true,
      schema: { type: 'string', pattern: '^[A-Za-z0-9-]{1,64}$' },
    }));
    if (operation.query) {
      const schema = toSchema(operation.query, 'input') as {
        properties?: Record<string, unknown>;
        required?: string[];
      };
      for (const [name, property] of Object.entries(schema.properties ?? {}))
        parameters.push({
          name,
          in: 'query',
          required: schema.required?.includes(name) ?? false,
          schema: property,
        });
    }
    if (operation.isIdempotent)
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        schema: { type: 'string', pattern: '^[A-Za-z0-9_:.-]{8,200}$' },
        description:
          'A retry with the same key returns the first result and creates nothing twice.',
      });
    const error = {
      description: 'Error',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
    paths[operation.path] = {
      ...paths[operation.path],
      [operation.method]: {
        summary: operation.summary,
        ...(operation.isPublic ? { security: [] } : {}),
        parameters,
        ...(operation.body
          ? {
              requestBody: {
                required: true,
                content: { 'application/json': { schema: toSchema(operation.body, 'input') } },
              },
            }
          : {}),
        responses: {
          [String(operation.status ?? 200)]: {
            description: 'OK',
            content: { 'application/json': { schema: toSchema(operation.response, 'output') } },
          },
          '400': error,
          '401': error,
          '403': error,
          '404': error,
          '409': error,
        },
      },
    };
  }
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'Throughline API',
      version: '0.1.0',
      description:
        'OKRs, check-ins, evidence and the goal narrative. Every route but client-config and this document needs an Entra ID bearer token with the access_as_user scope.',
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: { entraId: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: toSchema(c.ErrorBody, 'output') },
    },
    security: [{ entraId: [] }],
    paths,
  };
  return cached;
}
