/**
 * For the form dialogs' and My OKRs' tests: a stand-in for the OKR routes they talk to. It
 * serves the teams and the alignment tree the pickers load, My OKRs with its cycles and
 * (no) risks, and refuses a save the way the real server does — the body parsed with the
 * contracts' request schema, every bad field named as `body.<path>` — so a test sees the
 * messages people would see, not ones it made up. Below it, the steps a test takes in the
 * people pickers, written once.
 */
import { screen, waitFor, within } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import type { AlignmentNode, Cycle, MyOkrs, Team } from '@throughline/contracts';
import {
  CreateDeliverableRequest,
  CreateKeyResultRequest,
  CreateObjectiveRequest,
  UpdateDeliverableRequest,
  UpdateKeyResultRequest,
  UpdateObjectiveRequest,
} from '@throughline/contracts';
import {
  errorBody,
  type RecordedRequest,
  type StandInServer,
} from '@throughline/ui/src/testing/session';

export { errorBody };

export interface RequestSchema {
  safeParse(
    value: unknown,
  ): { success: true } | { success: false; error: { issues: ParseIssue[] } };
}

export interface ParseIssue {
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
  /** What My OKRs answers; its cycle is the one cycle listed. */
  myOkrs?: MyOkrs;
  /** The answer to a save whose body the contracts accept; not served when absent. */
  answerSave?: (request: RecordedRequest) => ReturnType<StandInServer>;
};

export function okrStandIn({
  teams = [],
  roots = [],
  myOkrs,
  answerSave = () => ({ status: 404 }),
}: OkrStandInOptions): StandInServer {
  return (request) => {
    if (request.method === 'GET' && request.path === '/api/teams')
      return { status: 200, body: { items: teams, nextCursor: null } };
    if (myOkrs && request.method === 'GET') {
      const cycles: Cycle[] = myOkrs.cycle ? [myOkrs.cycle] : [];
      if (/^\/api\/my-okrs(\?|$)/.test(request.path)) return { status: 200, body: myOkrs };
      if (request.path === '/api/me/preferences')
        return { status: 200, body: { checkInCards: true, checkInCardsSnoozedUntil: null } };
      if (request.path === '/api/cycles')
        return { status: 200, body: { items: cycles, nextCursor: null } };
      if (/^\/api\/risks(\?|$)/.test(request.path))
        return {
          status: 200,
          body: {
            cycleId: myOkrs.cycle?.id ?? null,
            evaluatedAt: '2026-11-20T09:00:00.000Z',
            findings: [],
            counts: { info: 0, warning: 0, critical: 0 },
          },
        };
    }
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

/** The server's 400: every bad field named as `body.<path>` (or `query.<path>`). */
export function validationFailure(issues: ParseIssue[], where: 'body' | 'query' = 'body') {
  const details = issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
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

export const savesTo = (requests: RecordedRequest[], method: 'POST' | 'PATCH', path: RegExp) =>
  requests.filter((request) => request.method === method && path.test(request.path));

// ---- Steps in the forms ------------------------------------------------------------

/** What a screen reader reads after the control's name: its hint and any message. */
export function describedBy(element: HTMLElement): string {
  return (element.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');
}

/** The text box of the people picker labelled `label`. */
export const pickerInput = (label: string) => screen.getByRole('combobox', { name: label });

/**
 * Types into a people picker and chooses what it offers under `option` ("Lee Gu, Sales
 * Engineer", "EMEA Sales"). The picker asks the directory once typing pauses, so the
 * answer can take a moment.
 */
export async function pickIn(user: UserEvent, label: string, typed: string, option: string) {
  const input = pickerInput(label);
  await user.type(input, typed);
  await user.click(await offeredIn(input, option));
}

/** The line `option` in the list a picker's text box has open (found there, not in the page). */
export async function offeredIn(input: HTMLElement, option: string): Promise<HTMLElement> {
  const list = await waitFor(() => {
    const found = document.getElementById(input.getAttribute('aria-controls') ?? '');
    if (!found) throw new Error('the picker has no list open');
    return found;
  });
  return within(list).findByRole('option', { name: option }, { timeout: 5000 });
}

/** Replaces the one person an owner picker holds: clears the name shown, types, picks `option`. */
export async function chooseOwner(user: UserEvent, typed: string, option: string) {
  const owner = screen.getByRole('combobox', { name: 'Owner' });
  await user.clear(owner);
  await user.type(owner, typed);
  await user.click(await screen.findByRole('option', { name: option }, { timeout: 5000 }));
}

/** The tags a picker holds, each named as a screen reader reads it ("Lee Gu remove"). */
export function chosenIn(label: string): HTMLElement[] {
  const tags = screen.queryByRole('listbox', { name: `Chosen ${label.toLocaleLowerCase()}` });
  return tags ? within(tags).getAllByRole('option') : [];
}

/** The tag for `name` in the picker labelled `label`; clicking it removes that choice. */
export const chosenTag = (label: string, name: string) =>
  within(screen.getByRole('listbox', { name: `Chosen ${label.toLocaleLowerCase()}` })).getByRole(
    'option',
    { name: `${name} remove` },
  );
