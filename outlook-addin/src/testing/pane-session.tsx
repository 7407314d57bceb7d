/**
 * For the panes' component tests: the providers a pane has once someone is signed in,
 * with the real typed client talking to a stand-in server function that may answer later
 * (so a test can look at the pane while a request is still running), fail the network,
 * or answer with the server's error bodies.
 */
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { render, type RenderResult } from '@testing-library/react';
import { createApiClient, type Me } from '@throughline/contracts';
import {
  PeopleDirectoryProvider,
  ThroughlineProvider,
  type PeopleDirectory,
} from '@throughline/ui';
import type { ReactElement } from 'react';

export interface PaneRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
}

export type PaneAnswer = { status: number; body?: unknown } | 'network_error';
export type PaneServer = (request: PaneRequest) => PaneAnswer | Promise<PaneAnswer>;

export const paneMe: Me = {
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
  paneMe.person,
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
const directory: PeopleDirectory = {
  peek: (id) => people.find((person) => person.id === id) ?? null,
  get: async (id) => people.find((person) => person.id === id) ?? null,
};

export function renderPane(
  ui: ReactElement,
  server: PaneServer,
): RenderResult & { requests: PaneRequest[] } {
  const requests: PaneRequest[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input));
    const request: PaneRequest = {
      method: init?.method ?? 'GET',
      path: url.pathname.replace(/^\/api/, ''),
      query: url.searchParams,
      headers: { ...(init?.headers as Record<string, string>) },
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    requests.push(request);
    const answer = await server(request);
    if (answer === 'network_error') throw new TypeError('Failed to fetch');
    const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
    return {
      ok: answer.status >= 200 && answer.status < 300,
      status: answer.status,
      text: async () => text,
    } as Response;
  };
  const api = createApiClient({
    baseUrl: 'http://throughline.test',
    getToken: async () => 'test-token',
    fetch: fetch as typeof globalThis.fetch,
  });
  const result = render(
    <FluentProvider theme={webLightTheme}>
      <ThroughlineProvider api={api} me={paneMe} locale="en-GB" publicUrl="http://throughline.test">
        <PeopleDirectoryProvider directory={directory}>{ui}</PeopleDirectoryProvider>
      </ThroughlineProvider>
    </FluentProvider>,
  );
  return Object.assign(result, { requests });
}

export const errorBody = (code: string, message: string) => ({ error: { code, message } });
