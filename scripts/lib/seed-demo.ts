/** Seeds the sandbox's Contoso with demo OKRs when the local database has none. */
import { MongoClient } from 'mongodb';
import { CONTOSO_TENANT_ID, seedTenants } from '@throughline/sandbox';
import { seedDemoOkrs } from '../../server/src/dev/demo-okrs';

export async function seedDemoData(mongoUri: string, dbName: string): Promise<boolean> {
  const client = new MongoClient(mongoUri, { retryWrites: false });
  try {
    await client.connect();
    const contoso = seedTenants.find((tenant) => tenant.id === CONTOSO_TENANT_ID)!;
    const { seeded } = await seedDemoOkrs(client.db(dbName), contoso.id, contoso.people);
    return seeded;
  } finally {
    await client.close();
  }
}
