/**
 * For HTTP tests of the OKR API: the demo organisations' people in the test database
 * (as org sync would leave them), sandbox tokens for any demo person, and a typed client.
 */
import { createApiClient, endpoints, type ApiClient } from '@throughline/contracts';
import { findSeedPersonByName, seedTenants } from '@throughline/sandbox';
import { personFields } from '../../server/src/people/store';
import type { Database } from '../../server/src/platform/db/database';

export async function seedPeople(database: Database): Promise<void> {
  const people = seedTenants.flatMap((tenant) =>
    tenant.people.map((person) => ({
      _id: person.id,
      tenantId: tenant.id,
      ...personFields({ ...person, isActive: true }),
    })),
  );
  await database.db.collection('people').insertMany(people as never[]);
}

export async function tokenFor(
  name: string,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const person = findSeedPersonByName(name);
  const response = await fetch(`${process.env.TEST_IDENTITY_URL}/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenantId: person.tenantId, userId: person.id, ...overrides }),
  });
  if (!response.ok) throw new Error(`dev token for ${name}: ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

export function clientFor(baseUrl: string, name: string): ApiClient {
  let token: Promise<string> | undefined;
  // Every answer is checked against its endpoint's declared status and schema.
  return createApiClient({
    baseUrl,
    getToken: () => (token ??= tokenFor(name)),
    validateAgainst: endpoints,
  });
}

export const personId = (name: string) => findSeedPersonByName(name).id;

/** An open cycle around today (45 days either side), created by an admin: most tests' "this quarter". */
export async function openThisQuarter(admin: ApiClient) {
  const day = (offset: number) =>
    new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  return admin.cycles.create({ name: 'This quarter', startsOn: day(-45), endsOn: day(45) });
}
