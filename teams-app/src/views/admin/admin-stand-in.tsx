/**
 * For the admin dialogs' tests: signed in as an admin of Northwind, with a stand-in for the
 * admin routes. Like the forms' stand-in, it refuses a body or query the contracts refuse
 * (every bad field named as `body.<path>` or `query.<path>`); the shared harness checks
 * every answer against the contract's response schema.
 */
import type { RenderResult } from '@testing-library/react';
import {
  EmptyRequest,
  TeamsFromHierarchyQuery,
  UpdateCycleRequest,
  UpdateTeamRequest,
  type Me,
  type Person,
} from '@throughline/contracts';
import { renderSignedIn, type RecordedRequest } from '@throughline/ui/src/testing/session';
import type { ReactElement } from 'react';
import { validationFailure, type RequestSchema } from '../../forms/okr-stand-in';

export { errorBody } from '../../forms/okr-stand-in';

export interface AdminRequest {
  method: string;
  /** Without the query. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
}

export type AdminAnswer = { status: number; body?: unknown };

/** The routes served and what the request must parse as (its body, or its query); answers are checked by `renderSignedIn`. */
const routes: {
  method: string;
  path: RegExp;
  where: 'body' | 'query';
  request: RequestSchema;
}[] = [
  {
    method: 'PATCH',
    path: /^\/api\/cycles\/[A-Za-z0-9-]+$/,
    where: 'body',
    request: UpdateCycleRequest,
  },
  {
    method: 'POST',
    path: /^\/api\/cycles\/[A-Za-z0-9-]+\/close$/,
    where: 'body',
    request: EmptyRequest,
  },
  {
    method: 'PATCH',
    path: /^\/api\/teams\/[A-Za-z0-9-]+$/,
    where: 'body',
    request: UpdateTeamRequest,
  },
  {
    method: 'POST',
    path: /^\/api\/admin\/teams\/from-hierarchy$/,
    where: 'query',
    request: TeamsFromHierarchyQuery,
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

/**
 * Renders signed in as an admin through the shared harness (`renderSignedIn`, which checks
 * every answer against the contract), with the admin routes refusing what the server refuses.
 */
export function renderAsAdmin(
  ui: ReactElement,
  answer: (request: AdminRequest) => AdminAnswer,
): RenderResult & { requests: AdminRequest[] } {
  // The admin routes' requests, as they reach the stand-in (the people search is answered before).
  const requests: AdminRequest[] = [];
  const rendered = renderSignedIn(
    ui,
    (recorded) => {
      const request = asAdminRequest(recorded);
      requests.push(request);
      return serve(request, answer);
    },
    { me: adminMe, people },
  );
  return Object.assign(rendered, { requests });
}

function serve(request: AdminRequest, answer: (request: AdminRequest) => AdminAnswer) {
  const route = routes.find(
    (candidate) => candidate.method === request.method && candidate.path.test(request.path),
  );
  if (!route) return { status: 404 };
  const parsed = route.request.safeParse(request[route.where]);
  if (!parsed.success)
    return { status: 400, body: validationFailure(parsed.error.issues, route.where) };
  return answer(request);
}

function asAdminRequest(recorded: RecordedRequest): AdminRequest {
  const url = new URL(recorded.path, 'http://throughline.test');
  return { ...recorded, path: url.pathname, query: Object.fromEntries(url.searchParams) };
}
