/**
 * The API as declared once (contracts/src/endpoints.ts): the OpenAPI document built from
 * the declarations passes a standard OpenAPI 3.1 validator, its links lead to operations
 * that exist, and the server refuses to start when a declaration has no handler.
 */
import SwaggerParser from '@apidevtools/swagger-parser';
import { endpoints, listEndpoints } from '@throughline/contracts';
import { openApiDocument } from '../../src/platform/http/openapi';
import { assertEveryEndpointBound, on } from '../../src/platform/http/endpoints';

type Operation = {
  operationId: string;
  parameters: { name: string; in: string; required: boolean }[];
  security?: unknown[];
  responses: Record<
    string,
    { links?: Record<string, { operationId: string }>; headers?: Record<string, unknown> }
  >;
};

const document = () =>
  structuredClone(openApiDocument('https://throughline.example')) as {
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, unknown> };
  };

const operations = () =>
  Object.entries(document().paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
  );

describe('the OpenAPI document', () => {
  it('passes a standard OpenAPI 3.1 validator, every $ref resolved', async () => {
    await expect(SwaggerParser.validate(document() as never)).resolves.toBeTruthy();
    expect(JSON.stringify(document())).not.toContain('#/$defs/');
  });

  it('has one operation per declared endpoint, with its operation id', () => {
    const declared = listEndpoints(endpoints);
    expect(
      operations()
        .map(({ operation }) => operation.operationId)
        .sort(),
    ).toEqual(declared.map(({ operationId }) => operationId).sort());
    expect(document().paths['/api/teams/{id}']?.get?.operationId).toBe('teams.get');
  });

  it('names the recursive alignment node as a component the tree refers to', () => {
    const text = JSON.stringify(document().paths['/api/cycles/{id}/alignment-tree']);
    expect(text).toMatch(/#\/components\/schemas\/\w+/);
    const name = /#\/components\/schemas\/(\w+)/.exec(text)![1]!;
    expect(document().components.schemas[name]).toBeDefined();
  });

  it('links each operation only to operations that exist', () => {
    const ids = new Set(operations().map(({ operation }) => operation.operationId));
    const links = operations().flatMap(({ operation }) =>
      Object.values(operation.responses).flatMap((response) => Object.values(response.links ?? {})),
    );
    expect(links.length).toBeGreaterThan(5);
    for (const link of links) expect(ids).toContain(link.operationId);
  });

  it('states the challenge of a 401 and the Retry-After of a 429 and a 503 on every operation', () => {
    for (const { path, method, operation } of operations()) {
      const headersOf = (status: string) => Object.keys(operation.responses[status]?.headers ?? {});
      const where = `${method} ${path}`;
      if (operation.security?.length !== 0)
        expect([where, headersOf('401')]).toEqual([where, ['WWW-Authenticate']]);
      expect([where, headersOf('429'), headersOf('503')]).toEqual([
        where,
        ['Retry-After'],
        ['Retry-After'],
      ]);
    }
  });

  it('states the Idempotency-Key on the writes that take one, and only there', () => {
    for (const { spec, operationId } of listEndpoints(endpoints)) {
      const operation = operations().find((each) => each.operation.operationId === operationId)!;
      const hasKey = operation.operation.parameters.some((p) => p.name === 'Idempotency-Key');
      expect({ operationId, hasKey }).toEqual({ operationId, hasKey: spec.idempotent === true });
    }
  });
});

describe('the declaration binds the server', () => {
  it('refuses to start when a declared endpoint has no handler, naming it', () => {
    const all = listEndpoints(endpoints).map(({ spec }) =>
      on(spec, async () => {
        throw new Error('not called');
      }),
    );
    expect(() => assertEveryEndpointBound(all)).not.toThrow();
    expect(() => assertEveryEndpointBound(all.slice(1))).toThrow(/clientConfig .* has no handler/);
    expect(() => assertEveryEndpointBound([...all, all[3]!])).toThrow(/2 handlers/);
  });
});
