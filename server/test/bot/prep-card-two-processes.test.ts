/**
 * Two Throughline servers as two operating-system processes (`server/src/main.ts`, as
 * production runs it), on one FerretDB database, both with the bot and their own job
 * schedulers. An admin runs the prep-card job on both at the same moment, and again: the
 * sandbox's Bot Framework connector must have received each 1-on-1's card once.
 */
import type { ChildProcess } from 'node:child_process';
import { SANDBOX_BOT_HOME_TENANT_ID, type PostedActivity } from '@throughline/sandbox';
import { findFreePort } from '../../../scripts/lib/ports';
import {
  serverEnvironment,
  spawnServer,
  stopChild,
  waitForReady,
} from '../../../scripts/lib/stack';
import { openTestDatabase } from '../../../tests/support/database';
import { clientFor, personId, seedPeople, openThisQuarter } from '../../../tests/support/okr-api';
import { makeThisWeeksOneOnOnesDue } from '../../../tests/support/one-on-ones';

const DAY = 86_400_000;
const CONTOSO = SANDBOX_BOT_HOME_TENANT_ID;

describe('the prep card with two server processes on one database', () => {
  const database = openTestDatabase('prep2proc');
  const servers: { url: string; child: ChildProcess }[] = [];
  // Both servers say the same public address, as two behind one load balancer do.
  let publicUrl = '';

  beforeAll(async () => {
    await seedPeople(database);
    const ports = [await findFreePort(), await findFreePort()];
    publicUrl = `http://127.0.0.1:${ports[0]}`;
    for (const port of ports) {
      const child = spawnServer(
        serverEnvironment({
          port,
          publicUrl,
          mongoUri: process.env.MONGODB_URI!,
          dbName: database.name,
          sandbox: {
            identityUrl: process.env.TEST_IDENTITY_URL!,
            graphUrl: process.env.TEST_GRAPH_URL!,
            caPath: process.env.NODE_EXTRA_CA_CERTS!,
            botFramework: {
              openIdMetadataUrl: process.env.TEST_BOT_OPENID_METADATA_URL!,
              serviceUrl: process.env.TEST_BOT_SERVICE_URL!,
            },
          },
          logLevel: 'warn',
          extra: {
            AUTH_ALLOWED_TENANTS: CONTOSO,
            RATE_LIMIT_PERSON_PER_MINUTE: '0',
            RATE_LIMIT_TENANT_PER_MINUTE: '0',
          },
        }),
        { stdout: 'ignore' },
      );
      servers.push({ url: `http://127.0.0.1:${port}`, child });
    }
    await Promise.all(servers.map(({ url, child }) => waitForReady(`${url}/readyz`, child, 60000)));

    const admin = clientFor(servers[0]!.url, 'Megan Bowen');
    const diego = clientFor(servers[0]!.url, 'Diego Siciliani');
    const cycle = await openThisQuarter(admin);
    const objective = await diego.objectives.create({ cycleId: cycle.id, title: 'Renewals' });
    await diego.keyResults.create({
      objectiveId: objective.id,
      title: 'Renewed ARR',
      metric: { kind: 'number', start: 0, target: 10 },
    });
    await makeThisWeeksOneOnOnesDue(admin);
  }, 120000);

  afterAll(async () => {
    await Promise.all(servers.map(({ child }) => stopChild(child)));
    await database.close();
  });

  it('posts each occurrence’s card once when both processes run the job at the same moment, and again', async () => {
    const [onA, onB] = servers.map(({ url }) => clientFor(url, 'Megan Bowen'));
    const runs = await Promise.all([onA!.runJob('prep-cards'), onB!.runJob('prep-cards')]);
    const again = await Promise.all([onB!.runJob('prep-cards'), onA!.runJob('prep-cards')]);
    for (const run of [...runs, ...again]) expect(run.failed).toBe(0);
    expect(again.map((run) => run.sent)).toEqual([0, 0]);

    const alexId = personId('Alex Wilber');
    const response = await fetch(
      `${process.env.TEST_GRAPH_URL}/_sandbox/bot/activities?tenantId=${CONTOSO}&userId=${alexId}`,
    );
    const { value } = (await response.json()) as { value: PostedActivity[] };
    // Other files share the sandbox: these servers' cards link to their own address.
    const oneOnOneIds = value
      .map(
        (item) =>
          (
            item.activity.attachments as
              | {
                  content: {
                    refresh?: { action: { data: { oneOnOneId: string } } };
                    actions: { url?: string }[];
                  };
                }[]
              | undefined
          )?.[0]?.content,
      )
      .filter((card) => card?.actions.some((action) => action.url?.startsWith(publicUrl)))
      .map((card) => card!.refresh!.action.data.oneOnOneId);
    const upcoming = (
      await clientFor(servers[1]!.url, 'Alex Wilber').oneOnOnes.list()
    ).items.filter(
      (item) =>
        item.managerId === alexId &&
        Date.parse(item.startsAt) > Date.now() &&
        Date.parse(item.startsAt) <= Date.now() + 7 * DAY,
    );
    expect(upcoming.length).toBeGreaterThanOrEqual(5);
    expect(oneOnOneIds.sort()).toEqual(upcoming.map((item) => item.id).sort());
    expect(new Set(oneOnOneIds).size).toBe(oneOnOneIds.length);
  });
});
