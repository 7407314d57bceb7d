/**
 * The OpenAPI 3.1 document, built from the endpoint declarations in contracts (the same
 * zod schemas the routes validate with, in zod's JSON Schema output, the dialect OpenAPI
 * 3.1 uses). Schemas that refer to themselves (the alignment tree) become named
 * components, so every `$ref` in the document resolves.
 */
import { z } from 'zod';
import * as c from '@throughline/contracts';

type JsonSchema = Record<string, unknown>;

const ERROR_STATUSES: Record<string, string> = {
  '400': 'The request is not valid (validation_failed, with the field in details)',
  '401': 'No valid bearer token',
  '403': 'The caller may not do this',
  '404': 'Not found, or not visible to the caller',
  '409': 'A conflict: a stale version, a closed cycle, a request still in progress',
  '413': 'The body is too large',
  '415': 'The file is not of a kind this import reads',
  '422':
    'Well-formed but not doable: an Idempotency-Key reused for another request, an alignment loop, a file or source that cannot be read',
  '429': 'Too many requests; retry after Retry-After seconds',
  '503': 'The database or Microsoft Graph is unavailable; retry later',
};

const stringHeader = (description: string) => ({ description, schema: { type: 'string' } });
/** The headers an error answer carries, by status. */
const ERROR_HEADERS: Record<string, Record<string, unknown>> = {
  '401': {
    'WWW-Authenticate': stringHeader(
      'RFC 6750 challenge: `Bearer realm="Throughline"`, with `error="invalid_token"` when a token was refused',
    ),
  },
  '429': { 'Retry-After': stringHeader('Seconds until the budget is renewed') },
  '503': { 'Retry-After': stringHeader('Seconds to wait before trying again, when known') },
};

/** Moves each schema's `$defs` into the document's components under stable names. */
class Components {
  readonly schemas: Record<string, JsonSchema> = { Error: this.add(c.ErrorBody, 'output') };
  private readonly names = new Map<string, string>();

  add(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const {
      $defs,
      $schema: _dialect,
      ...rest
    } = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'any',
    }) as JsonSchema & { $defs?: Record<string, JsonSchema> };
    const renamed = new Map<string, string>();
    for (const [name, definition] of Object.entries($defs ?? {})) {
      const json = JSON.stringify(definition);
      let component = this.names.get(json);
      if (!component) {
        component = this.uniqueName(definition, name);
        this.names.set(json, component);
      }
      renamed.set(name, component);
    }
    const fix = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(fix);
      if (value && typeof value === 'object')
        return Object.fromEntries(
          Object.entries(value).map(([key, inner]) => [
            key,
            key === '$ref' && typeof inner === 'string' && inner.startsWith('#/$defs/')
              ? `#/components/schemas/${renamed.get(inner.slice('#/$defs/'.length))}`
              : fix(inner),
          ]),
        );
      return value;
    };
    for (const [name, definition] of Object.entries($defs ?? {}))
      this.schemas[renamed.get(name)!] ??= fix(definition) as JsonSchema;
    return fix(rest) as JsonSchema;
  }

  private uniqueName(definition: JsonSchema, fallback: string): string {
    const base = typeof definition.id === 'string' ? definition.id : fallback.replace(/^_+/, '');
    let name = base;
    for (let index = 2; name in this.schemas; index++) name = `${base}${index}`;
    return name;
  }
}

let cached: unknown;

export function openApiDocument(serverUrl: string): unknown {
  if (cached) return cached;
  const components = new Components();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { operationId, spec } of c.listEndpoints(c.endpoints)) {
    const path = `/api${spec.path}`;
    paths[path] = { ...paths[path], [spec.method.toLowerCase()]: operation(operationId, spec) };
  }
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'Throughline API',
      version: '0.1.0',
      description:
        'OKRs, check-ins, evidence and the goal narrative. Every operation but client-config and this document needs an Entra ID bearer token with the access_as_user scope. Errors have one shape (Error). Writes that take an Idempotency-Key answer a retry with the first result. No string may hold NUL (U+0000): a request with one is 400 validation_failed.',
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: { entraId: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: components.schemas,
    },
    security: [{ entraId: [] }],
    paths,
  };
  return cached;

  function operation(operationId: string, spec: c.EndpointSpec) {
    const parameters: unknown[] = [];
    const params = components.add(c.paramsSchemaOf(spec), 'input') as {
      properties?: Record<string, JsonSchema>;
    };
    for (const [name, schema] of Object.entries(params.properties ?? {}))
      parameters.push({ name, in: 'path', required: true, schema });
    if (spec.query) {
      const query = components.add(spec.query, 'input') as JsonSchema & {
        properties?: Record<string, JsonSchema>;
        required?: string[];
      };
      // A rule across parameters ("teamId or personId") is a JSON Schema keyword on the
      // query as a whole: the parameters it names are one object parameter, each property
      // its own `name=value` on the wire (form style, exploded), so the rule stays in the
      // document; the others stay parameters of their own (a link can set them).
      const ruled = namesInRules(query);
      if (ruled.size > 0) {
        const { properties = {}, required = [], ...rest } = query;
        const { type: _type, ...rules } = rest;
        const isRequired = required.some((name) => ruled.has(name));
        parameters.push({
          name: 'query',
          in: 'query',
          required: isRequired || 'anyOf' in rules || 'oneOf' in rules,
          style: 'form',
          explode: true,
          schema: {
            type: 'object',
            properties: Object.fromEntries(
              Object.entries(properties).filter(([name]) => ruled.has(name)),
            ),
            ...(isRequired ? { required: required.filter((name) => ruled.has(name)) } : {}),
            ...rules,
          },
        });
      }
      for (const [name, schema] of Object.entries(query.properties ?? {}))
        if (!ruled.has(name))
          parameters.push({
            name,
            in: 'query',
            required: query.required?.includes(name) ?? false,
            schema,
            ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
          });
    }
    if (spec.idempotent)
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        schema: { type: 'string', pattern: '^[A-Za-z0-9_:.-]{8,200}$' },
        description:
          'A retry with the same key returns the first result and creates nothing twice; while the first is still running a retry gets 409 request_in_progress (retry with the same key).',
      });
    // An action that takes no input is served without a body too.
    const requestBody = spec.upload
      ? {
          required: true,
          description: `The file itself, at most ${spec.upload.maxBytes / 1024 / 1024} MB.`,
          content: Object.fromEntries(
            spec.upload.mediaTypes.map((type) => [
              type,
              { schema: { type: 'string', contentMediaType: type } },
            ]),
          ),
        }
      : spec.body
        ? {
            required: !c.isEmptyObject(spec.body),
            content: { 'application/json': { schema: components.add(spec.body, 'input') } },
          }
        : undefined;
    const answer = spec.download ? undefined : components.add(spec.response, 'output');
    const success = (description: string) => ({
      description,
      content: spec.download
        ? {
            [spec.download.mediaType]: {
              schema: { type: 'string', contentMediaType: spec.download.mediaType },
            },
          }
        : { 'application/json': { schema: answer } },
      ...(spec.links ? { links: linksOf(spec.links) } : {}),
    });
    const responses: Record<string, unknown> = {
      [String(spec.status ?? 200)]: success('OK'),
    };
    for (const [status, description] of Object.entries(spec.otherStatuses ?? {}))
      responses[status] = success(description!);
    for (const [status, description] of Object.entries(ERROR_STATUSES))
      if (
        (!['413', '415'].includes(status) || spec.upload) &&
        (status !== '422' || spec.method !== 'GET')
      )
        responses[status] = {
          description,
          ...(ERROR_HEADERS[status] && !(spec.public && status === '401')
            ? { headers: ERROR_HEADERS[status] }
            : {}),
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        };
    return {
      operationId,
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      tags: [operationId.split('.')[0]],
      ...(spec.public ? { security: [] } : {}),
      parameters,
      ...(requestBody ? { requestBody } : {}),
      responses,
    };
  }
}

/** The properties a schema's `anyOf`, `oneOf`, `allOf` or `not` requires. */
function namesInRules(schema: JsonSchema): Set<string> {
  const names = new Set<string>();
  const visit = (value: unknown, isInRule: boolean) => {
    if (!value || typeof value !== 'object') return;
    const node = value as JsonSchema;
    if (isInRule && Array.isArray(node.required))
      for (const name of node.required) names.add(String(name));
    for (const key of ['anyOf', 'oneOf', 'allOf', 'not']) {
      const inner = node[key];
      for (const item of Array.isArray(inner) ? inner : [inner]) visit(item, true);
    }
  };
  visit(schema, false);
  return names;
}

function linksOf(links: Record<string, c.EndpointLink>) {
  return Object.fromEntries(
    Object.entries(links).map(([name, link]) => [
      name,
      {
        operationId: link.operationId,
        ...(Object.keys(link.parameters).length > 0 ? { parameters: link.parameters } : {}),
        ...(link.requestBody ? { requestBody: link.requestBody } : {}),
        ...(link.description ? { description: link.description } : {}),
      },
    ]),
  );
}

interface ParameterDoc {
  name: string;
  in: string;
  schema?: { properties?: Record<string, unknown> };
}

/** The names an operation's query takes on the wire: an object parameter's are its properties. */
export function queryParameterNames(parameters: ParameterDoc[] = []): string[] {
  return parameters
    .filter((parameter) => parameter.in === 'query')
    .flatMap((parameter) =>
      parameter.schema?.properties ? Object.keys(parameter.schema.properties) : [parameter.name],
    );
}
