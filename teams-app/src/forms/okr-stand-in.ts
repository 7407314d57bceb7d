/**
 * For the form dialogs' tests: a stand-in for the OKR routes the forms talk to. It serves
 * the teams and the alignment tree the pickers load, and refuses a save the way the real
 * server does — the body parsed with the contracts' request schema, every bad field named
 * as `body.<path>` — so a test sees the messages people would see, not ones it made up.
 */
import type { AlignmentNode, Team } from '@throughline/contracts';
import {
  CreateDeliverableRequest,
  CreateKeyResultRequest,
  CreateObjectiveRequest,
  UpdateDeliverableRequest,
  UpdateKeyResultRequest,
  UpdateObjectiveRequest,
} from '@throughline/contracts';
import type { RecordedRequest, StandInServer } from '@throughline/ui/src/testing/session';

interface RequestSchema {
  safeParse(
    value: unknown,
  ): { success: true } | { success: false; error: { issues: ParseIssue[] } };
}

interface ParseIssue {
  path: PropertyKey[];
  message: string;
  code: string;
}

const saveRoutes: [method: string, path: RegExp, schema: RequestSchema][] = [
  ['POST', /^\/api\/objectives$/, CreateObjectiveRequest],
  ['PATCH', /^\/api\/objectives\/[^/]+$/, UpdateObjectiveRequest],
  ['POST', /^\/api\/key-results$/, CreateKeyResultRequest],
  ['PATCH', /^\/api\/key-results\/[^/]+$/, UpdateKeyResultRequest],
  ['POST', /^\/api\/deliverables$/, CreateDeliverableRequest],
  ['PATCH', /^\/api\/deliverables\/[^/]+$/, UpdateDeliverableRequest],
];

export type OkrStandInOptions = {
  teams?: Team[];
  roots?: AlignmentNode[];
  /** The answer to a save whose body the contracts accept. */
  answerSave: (request: RecordedRequest) => ReturnType<StandInServer>;
};

export function okrStandIn({
  teams = [],
  roots = [],
  answerSave,
}: OkrStandInOptions): StandInServer {
  return (request) => {
    if (request.method === 'GET' && request.path === '/api/teams')
      return { status: 200, body: { items: teams, nextCursor: null } };
    const tree = /^\/api\/cycles\/([^/?]+)\/alignment-tree/.exec(request.path);
    if (request.method === 'GET' && tree) return { status: 200, body: { cycleId: tree[1], roots } };
    const route = saveRoutes.find(
      ([method, path]) => method === request.method && path.test(request.path),
    );
    if (!route) return { status: 404 };
    const parsed = route[2].safeParse(request.body);
    if (!parsed.success) return { status: 400, body: validationFailure(parsed.error.issues) };
    return answerSave(request);
  };
}

function validationFailure(issues: ParseIssue[]) {
  const details = issues.map((issue) => ({
    path: ['body', ...issue.path.map(String)].join('.'),
    message: issue.message,
    code: issue.code,
  }));
  const first = details[0]!;
  return errorBody(
    'validation_failed',
    `The request is not valid: ${first.path} ${first.message}`,
    details,
  );
}

export function errorBody(code: string, message: string, details?: unknown) {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

export const savesTo = (requests: RecordedRequest[], method: 'POST' | 'PATCH', path: RegExp) =>
  requests.filter((request) => request.method === method && path.test(request.path));
