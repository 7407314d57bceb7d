/**
 * The whole local suite for a browser test: server, sandbox and the built pages, on the
 * run's FerretDB with a database of the test file's own; plus typed API clients signed in
 * as demo people through the sandbox's development token endpoint, to arrange data the
 * way the product would hold it.
 */
import { randomBytes } from 'node:crypto';
import { createApiClient, endpoints, type ApiClient } from '@throughline/contracts';
import { startStack, type RunningStack } from '../../../scripts/lib/stack';

export interface DemoPerson {
  id: string;
  tenantId: string;
  displayName: string;
  jobTitle: string;
  isAdmin: boolean;
  managerId: string | null;
}

export interface TestStack extends RunningStack {
  person(displayName: string): Promise<DemoPerson>;
  tokenFor(displayName: string): Promise<string>;
  apiAs(displayName: string): Promise<ApiClient>;
}

export async function startTestStack(label: string): Promise<TestStack> {
  const dbName = `e2e_${label.replace(/[^A-Za-z0-9]/g, '').slice(0, 20)}_${randomBytes(4).toString('hex')}`;
  const stack = await startStack({
    mongoUri: process.env.MONGODB_URI,
    dbName,
    quiet: true,
    logLevel: 'warn',
    // Browser tests click fast as one person; the limits have their own test.
    serverEnv: { RATE_LIMIT_PERSON_PER_MINUTE: '0', RATE_LIMIT_TENANT_PER_MINUTE: '0' },
  });
  let people: Promise<DemoPerson[]> | undefined;
  const person = async (displayName: string) => {
    people ??= fetch(`${stack.identityUrl}/dev/people`)
      .then(
        (response) =>
          response.json() as Promise<{
            tenants: { id: string; people: Omit<DemoPerson, 'tenantId'>[] }[];
          }>,
      )
      .then((body) =>
        body.tenants.flatMap((tenant) =>
          tenant.people.map((entry) => ({ ...entry, tenantId: tenant.id })),
        ),
      );
    const found = (await people).find((entry) => entry.displayName === displayName);
    if (!found) throw new Error(`No demo person called ${displayName}`);
    return found;
  };
  const tokenFor = async (displayName: string) => {
    const who = await person(displayName);
    const response = await fetch(`${stack.identityUrl}/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenantId: who.tenantId, userId: who.id }),
    });
    if (!response.ok) throw new Error(`dev token for ${displayName}: ${response.status}`);
    return ((await response.json()) as { access_token: string }).access_token;
  };
  const apiAs = async (displayName: string) => {
    const token = await tokenFor(displayName);
    const api = createApiClient({
      baseUrl: stack.serverUrl,
      getToken: async () => token,
      validateAgainst: endpoints,
    });
    await api.me(); // records the person, as their first visit would
    return api;
  };
  return { ...stack, person, tokenFor, apiAs };
}

/** The quarter around today, so "due this week" and the pace line have something to say. */
export function currentQuarter(today = new Date()): {
  name: string;
  startsOn: string;
  endsOn: string;
} {
  const quarter = Math.floor(today.getUTCMonth() / 3);
  const year = today.getUTCFullYear();
  const start = new Date(Date.UTC(year, quarter * 3, 1));
  const end = new Date(Date.UTC(year, quarter * 3 + 3, 0));
  const day = (date: Date) => date.toISOString().slice(0, 10);
  return { name: `Q${quarter + 1} ${year}`, startsOn: day(start), endsOn: day(end) };
}
