/**
 * For component tests of the tab and the Outlook panes: render inside the providers a page
 * has once someone is signed in, with the real typed client talking to a stand-in server
 * function instead of the network. The stand-in may answer later (a promise), so a test can
 * look at the page while a request is still running, or fail the network.
 */
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { render, type RenderResult } from '@testing-library/react';
import {
  ErrorBody,
  createApiClient,
  endpoints,
  listEndpoints,
  type Me,
  type Person,
} from '@throughline/contracts';
import type { ReactElement } from 'react';
import { PeopleDirectoryProvider, type PeopleDirectory } from '../people-directory';
import { ThroughlineProvider } from '../throughline-context';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

export type StandInAnswer = { status: number; body?: unknown } | 'network_error';

export type StandInServer = (request: RecordedRequest) => StandInAnswer | Promise<StandInAnswer>;

/** The server's error body, as a stand-in answers with it. */
export function errorBody(code: string, message: string, details?: unknown) {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

/**
 * What the real server answers on each route a component test stands in for: the
 * endpoint's declared response (contracts/src/endpoints.ts). A stand-in answer that does
 * not parse fails the test, so the stand-in cannot drift from the server; a route that
 * no endpoint declares fails too.
 */
const declared = listEndpoints(endpoints).map(({ spec }) => ({
  spec,
  pattern: new RegExp(`^/api${spec.path.replace(/\{\w+\}/g, '[^/]+')}$`),
  params: (spec.path.match(/\{/g) ?? []).length,
}));

function declaredResponse(method: string, path: string) {
  const pathname = path.split('?')[0]!;
  // `/evidence/by-message` matches `/evidence/{id}` too; the literal path wins, as on the server.
  return declared
    .filter((candidate) => candidate.spec.method === method && candidate.pattern.test(pathname))
    .sort((left, right) => left.params - right.params)[0]?.spec.response;
}

// The client turns a throw inside fetch into a network error the component may handle, so
// violations are collected and fail the test when it ends.
const violations: string[] = [];
afterEach(() => {
  const found = violations.splice(0);
  if (found.length > 0) throw new Error(found.join('\n'));
});

function checkAgainstContract(request: RecordedRequest, status: number, body: unknown): void {
  try {
    checkAnswer(request, status, body);
  } catch (error) {
    violations.push((error as Error).message);
    throw error;
  }
}

function checkAnswer(request: RecordedRequest, status: number, body: unknown): void {
  const where = `${request.method} ${request.path}`;
  if (status === 204) return;
  const schema = status >= 400 ? ErrorBody : declaredResponse(request.method, request.path);
  if (!schema) throw new Error(`the stand-in answered ${where}, which no endpoint declares`);
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new Error(
      `the stand-in's answer to ${where} breaks the contract: ${parsed.error?.message}`,
    );
}

export const testMe: Me = {
  tenantId: 'tenant-1',
  person: {
    id: 'diego',
    displayName: 'Diego Siciliani',
    mail: 'diego@contoso.example',
    jobTitle: 'Account Executive',
    department: 'Sales',
    managerId: 'alex',
    isActive: true,
  },
  isAdmin: false,
  directReportIds: [],
};

const testPeople: Person[] = [
  testMe.person,
  {
    id: 'alex',
    displayName: 'Alex Wilber',
    mail: null,
    jobTitle: 'VP Sales',
    department: 'Sales',
    managerId: null,
    isActive: true,
  },
  {
    id: 'nia',
    displayName: 'Nia Okafor',
    mail: 'nia@contoso.example',
    jobTitle: 'Head of Partnerships',
    department: 'Partnerships',
    managerId: 'alex',
    isActive: true,
  },
  {
    id: 'megan',
    displayName: 'Megan Bowen',
    mail: 'megan@contoso.example',
    jobTitle: 'Marketing Manager',
    department: 'Marketing',
    managerId: 'alex',
    isActive: true,
  },
  {
    id: 'lee',
    displayName: 'Lee Gu',
    mail: 'lee@contoso.example',
    jobTitle: 'Sales Engineer',
    department: 'Sales',
    managerId: 'alex',
    isActive: true,
  },
];

export interface SignedInAs {
  /** Who is signed in (an admin, for the admin console); Diego Siciliani by default. */
  me?: Me;
  /** The directory the people search and avatars read. */
  people?: Person[];
}

export function renderSignedIn(
  ui: ReactElement,
  server: StandInServer = () => ({ status: 404 }),
  { me = testMe, people = testPeople }: SignedInAs = {},
): RenderResult & { requests: RecordedRequest[] } {
  // Known up front, so avatars render in the first pass instead of updating after the test acts.
  const directory: PeopleDirectory = {
    peek: (id) => people.find((person) => person.id === id) ?? null,
    get: async (id) => people.find((person) => person.id === id) ?? null,
  };
  const requests: RecordedRequest[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input));
    const request: RecordedRequest = {
      method: init?.method ?? 'GET',
      path: `${url.pathname}${url.search}`,
      headers: { ...(init?.headers as Record<string, string>) },
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    requests.push(request);
    if (request.path.startsWith('/api/people')) {
      // Searches by name as the server does, so a picker shows only who matches.
      const search = url.searchParams.get('search')?.trim().toLocaleLowerCase() ?? '';
      const items = people.filter((person) =>
        person.displayName.toLocaleLowerCase().includes(search),
      );
      const body = { items, nextCursor: null };
      checkAgainstContract(request, 200, body);
      return jsonResponse(200, body);
    }
    const answer = await server(request);
    if (answer === 'network_error') throw new TypeError('Failed to fetch');
    // A 404 with no body is the default "route not served here" answer of a test without a server.
    if (!(answer.status === 404 && answer.body === undefined))
      checkAgainstContract(request, answer.status, answer.body);
    return jsonResponse(answer.status, answer.body);
  };
  const api = createApiClient({
    baseUrl: 'http://throughline.test',
    getToken: async () => 'test-token',
    fetch: fetch as typeof globalThis.fetch,
  });
  const result = render(
    <FluentProvider theme={webLightTheme}>
      <ThroughlineProvider api={api} me={me} locale="en-GB" publicUrl="http://throughline.test">
        <PeopleDirectoryProvider directory={directory}>{ui}</PeopleDirectoryProvider>
      </ThroughlineProvider>
    </FluentProvider>,
  );
  return Object.assign(result, { requests });
}

function jsonResponse(status: number, body: unknown): Response {
  const text = body === undefined ? '' : JSON.stringify(body);
  return { ok: status >= 200 && status < 300, status, text: async () => text } as Response;
}
