/**
 * For the admin dialogs' tests: render signed in as an admin, with the real typed client
 * talking to a stand-in for the admin routes. Like the forms' stand-in, it refuses a body
 * the contracts refuse (every bad field named as `body.<path>`), and every answer it gives
 * must parse with the contract's response schema, so a test cannot pass on a shape the
 * server would never send.
 */
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { render, type RenderResult } from '@testing-library/react';
import {
  Cycle,
  ErrorBody,
  Page,
  Person,
  Team,
  TeamsFromHierarchyQuery,
  TeamsFromHierarchyReport,
  UpdateCycleRequest,
  UpdateTeamRequest,
  createApiClient,
  type Me,
} from '@throughline/contracts';
import {
  PeopleDirectoryProvider,
  ThroughlineProvider,
  type PeopleDirectory,
} from '@throughline/ui';
import type { ReactElement } from 'react';

export interface AdminRequest {
  method: string;
  /** Without the query. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
}

export type AdminAnswer = { status: number; body?: unknown };

interface ParseIssue {
  path: PropertyKey[];
  message: string;
  code: string;
}

interface Schema {
  safeParse(
    value: unknown,
  ): { success: true } | { success: false; error: { message: string; issues: ParseIssue[] } };
}

/** Closing takes an empty body, as the server's strict empty schema does. */
const EmptyBody: Schema = {
  safeParse: (value) =>
    value && typeof value === 'object' && Object.keys(value).length === 0
      ? { success: true }
      : {
          success: false,
          error: {
            message: 'must be {}',
            issues: [{ path: [], message: 'must be empty', code: 'unrecognized_keys' }],
          },
        },
};

/** The routes served: what the request must parse as (its body, or its query) and the answer's schema. */
const routes: {
  method: string;
  path: RegExp;
  where: 'body' | 'query';
  request: Schema;
  response: Schema;
}[] = [
  {
    method: 'PATCH',
    path: /^\/api\/cycles\/[A-Za-z0-9-]+$/,
    where: 'body',
    request: UpdateCycleRequest,
    response: Cycle,
  },
  {
    method: 'POST',
    path: /^\/api\/cycles\/[A-Za-z0-9-]+\/close$/,
    where: 'body',
    request: EmptyBody,
    response: Cycle,
  },
  {
    method: 'PATCH',
    path: /^\/api\/teams\/[A-Za-z0-9-]+$/,
    where: 'body',
    request: UpdateTeamRequest,
    response: Team,
  },
  {
    method: 'POST',
    path: /^\/api\/admin\/teams\/from-hierarchy$/,
    where: 'query',
    request: TeamsFromHierarchyQuery,
    response: TeamsFromHierarchyReport,
  },
];

export const adminMe: Me = {
  tenantId: 'tenant-1',
  person: {
    id: 'nia',
    displayName: 'Nia Okafor',
    mail: 'nia@northwind.example',
    jobTitle: 'Chief Executive Officer',
    department: 'Executive',
    managerId: null,
    isActive: true,
  },
  isAdmin: true,
  directReportIds: ['lucia', 'daniel'],
};

const person = (id: string, displayName: string, jobTitle: string, managerId: string | null) => ({
  id,
  displayName,
  mail: null,
  jobTitle,
  department: null,
  managerId,
  isActive: true,
});

export const people: Person[] = [
  adminMe.person,
  person('lucia', 'Lucia Romano', 'VP Sales', 'nia'),
  person('daniel', 'Daniel Kim', 'Head of Operations', 'nia'),
  person('grace', 'Grace Liu', 'Logistics Planner', 'daniel'),
];

const directory: PeopleDirectory = {
  peek: (id) => people.find((candidate) => candidate.id === id) ?? null,
  get: async (id) => people.find((candidate) => candidate.id === id) ?? null,
};

// The client turns a throw inside fetch into a network error, so broken answers are
// collected and fail the test when it ends.
const violations: string[] = [];
afterEach(() => {
  const found = violations.splice(0);
  if (found.length > 0) throw new Error(found.join('\n'));
});

export function errorBody(code: string, message: string, details?: unknown) {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

export function renderAsAdmin(
  ui: ReactElement,
  answer: (request: AdminRequest) => AdminAnswer,
): RenderResult & { requests: AdminRequest[] } {
  const requests: AdminRequest[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input));
    const request: AdminRequest = {
      method: init?.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { ...(init?.headers as Record<string, string>) },
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    requests.push(request);
    if (request.method === 'GET' && request.path === '/api/people') {
      const search = (request.query.search ?? '').toLowerCase();
      const items = people.filter((candidate) =>
        candidate.displayName.toLowerCase().includes(search),
      );
      return jsonResponse(200, checked(request, Page(Person), { items, nextCursor: null }));
    }
    const route = routes.find(
      (candidate) => candidate.method === request.method && candidate.path.test(request.path),
    );
    if (!route) {
      violations.push(`the stand-in does not serve ${request.method} ${request.path}`);
      return jsonResponse(404, errorBody('route_not_found', 'Not served here.'));
    }
    const parsed = route.request.safeParse(request[route.where]);
    if (!parsed.success)
      return jsonResponse(400, validationFailure(parsed.error.issues, route.where));
    const { status, body } = answer(request);
    return jsonResponse(status, checked(request, status >= 400 ? ErrorBody : route.response, body));
  };
  const api = createApiClient({
    baseUrl: 'http://throughline.test',
    getToken: async () => 'test-token',
    fetch: fetch as typeof globalThis.fetch,
  });
  const result = render(
    <FluentProvider theme={webLightTheme}>
      <ThroughlineProvider
        api={api}
        me={adminMe}
        locale="en-GB"
        publicUrl="http://throughline.test"
      >
        <PeopleDirectoryProvider directory={directory}>{ui}</PeopleDirectoryProvider>
      </ThroughlineProvider>
    </FluentProvider>,
  );
  return Object.assign(result, { requests });
}

function checked(request: AdminRequest, schema: Schema, body: unknown): unknown {
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    violations.push(
      `the stand-in's answer to ${request.method} ${request.path} breaks the contract: ${parsed.error.message}`,
    );
  return body;
}

function validationFailure(issues: ParseIssue[], where: 'body' | 'query') {
  const details = issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
    code: issue.code,
  }));
  return errorBody(
    'validation_failed',
    `The request is not valid: ${details[0]!.path} ${details[0]!.message}`,
    details,
  );
}

function jsonResponse(status: number, body: unknown): Response {
  const text = body === undefined ? '' : JSON.stringify(body);
  return { ok: status >= 200 && status < 300, status, text: async () => text } as Response;
}
