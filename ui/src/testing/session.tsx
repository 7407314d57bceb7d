/**
 * For component tests: render inside the providers a page has once someone is signed in,
 * with the real typed client talking to a stand-in server function instead of the network.
 */
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { render, type RenderResult } from '@testing-library/react';
import { createApiClient, type Me } from '@throughline/contracts';
import type { ReactElement } from 'react';
import { PeopleDirectoryProvider, type PeopleDirectory } from '../people-directory';
import { ThroughlineProvider } from '../throughline-context';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

export type StandInServer = (
  request: RecordedRequest,
) => { status: number; body?: unknown } | 'network_error';

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

const people = [
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
];

// Known up front, so avatars render in the first pass instead of updating after the test acts.
const directory: PeopleDirectory = {
  peek: (id) => people.find((person) => person.id === id) ?? null,
  get: async (id) => people.find((person) => person.id === id) ?? null,
};

export function renderSignedIn(
  ui: ReactElement,
  server: StandInServer = () => ({ status: 404 }),
): RenderResult & { requests: RecordedRequest[] } {
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
    if (request.path.startsWith('/api/people'))
      return jsonResponse(200, { items: people, nextCursor: null });
    const answer = server(request);
    if (answer === 'network_error') throw new TypeError('Failed to fetch');
    return jsonResponse(answer.status, answer.body);
  };
  const api = createApiClient({
    baseUrl: 'http://throughline.test',
    getToken: async () => 'test-token',
    fetch: fetch as typeof globalThis.fetch,
  });
  const result = render(
    <FluentProvider theme={webLightTheme}>
      <ThroughlineProvider api={api} me={testMe} locale="en-GB" publicUrl="http://throughline.test">
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
