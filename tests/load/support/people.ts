/**
 * The simulated people: two generated sandbox tenants set up as their admins would (first
 * admin, org sync, teams from the manager hierarchy, a cycle, a digest due today), each
 * person with an objective and a key result a peer may also check in on, and mail in their
 * mailbox to attach. Then each person's day, one operation after another with a pause
 * between: read my OKRs, open a key result, check in, comment, attach an email, read the
 * narrative. Every write says what the server answered, so the end can check the database.
 */
import { randomUUID } from 'node:crypto';
import type { Cluster } from './cluster';
import { type Outcome, type PhaseFigures, type RoundRobin } from './traffic';

export interface Person {
  tenantId: string;
  id: string;
  token: string;
  objectiveId: string;
  keyResultId: string;
  /** A peer's key result this person may check in on too: the source of real 409s. */
  peerKeyResultId: string | null;
  /** The versions this person last saw, by key result. */
  seenVersions: Map<string, number>;
  /** The newest check-in this person saw, to comment on. */
  lastCheckInId: string | null;
  /** Ids of messages in their mailbox not attached yet. */
  mail: string[];
}

export interface LoadTenant {
  id: string;
  name: string;
  people: number;
  admin: { id: string; token: string };
}

/** What the server answered to each write: the end checks each against the database. */
export interface WriteRecord {
  kind: 'checkIn' | 'comment' | 'evidence';
  tenantId: string;
  keyResultId: string;
  /** Unique text the write carries (note, body), to count it in the database. */
  marker: string;
  isAcknowledged: boolean;
  /** The last answer: status or failure. */
  last: string;
  /** From a 2xx: the version, the check-in's, comment's or evidence's id. */
  version?: number;
  id?: string;
  messageId?: string;
}

export async function tokenFor(
  identityUrl: string,
  tenantId: string,
  userId: string,
): Promise<string> {
  const response = await fetch(`${identityUrl}/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenantId, userId, expiresInSeconds: 4 * 3600 }),
  });
  if (!response.ok) throw new Error(`dev token: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** A write of the setup: it must succeed (retried while the servers are busy). */
async function must<T>(
  client: RoundRobin,
  token: string,
  method: string,
  path: string,
  body?: unknown,
) {
  for (let attempt = 0; ; attempt += 1) {
    const outcome = await client.request(token, method, path, body);
    if (outcome.kind === 'response' && outcome.status < 300) return outcome.body as T;
    if (attempt >= 5 || (outcome.kind === 'response' && outcome.status !== 503))
      throw new Error(`setup ${method} ${path}: ${describe(outcome)}`);
    console.log(`setup ${method} ${path}: ${describe(outcome)}; trying again`);
    await sleep(1000);
  }
}

export const describe = (outcome: Outcome) =>
  outcome.kind === 'response'
    ? `${outcome.status} ${outcome.code ?? ''} ${outcome.status >= 400 ? JSON.stringify(outcome.body).slice(0, 300) : ''}`
    : `${outcome.reason} ${outcome.message}`;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const isoDay = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

async function inBatches<T, R>(items: T[], size: number, run: (item: T) => Promise<R>) {
  const results: R[] = [];
  for (let index = 0; index < items.length; index += size)
    results.push(...(await Promise.all(items.slice(index, index + size).map(run))));
  return results;
}

export async function setUpTenant(
  cluster: Cluster,
  client: RoundRobin,
  options: { name: string; people: number; mailPerPerson: number },
): Promise<{ tenant: LoadTenant; people: Person[] }> {
  const generated = await cluster.control<{ tenantId: string; rootUserId: string }>(
    'POST',
    '/tenants/generate',
    { people: options.people, name: options.name, span: 6 },
  );
  const tenantId = generated.tenantId;
  const adminToken = await tokenFor(cluster.identityUrl, tenantId, generated.rootUserId);
  const tenant: LoadTenant = {
    id: tenantId,
    name: options.name,
    people: options.people,
    admin: { id: generated.rootUserId, token: adminToken },
  };
  // The chief executive holds the app's admin role (assigned in Entra): they bring the
  // people in from the directory.
  await must(client, adminToken, 'POST', '/admin/org-sync', {});
  await waitForOrgSync(client, tenant);
  const settings = await must<{ version: number }>(client, adminToken, 'GET', '/settings');
  const weekday = new Intl.DateTimeFormat('en-US', { weekday: 'long', timeZone: 'UTC' })
    .format(new Date())
    .toLowerCase();
  // The digest is due now, so the jobs on both servers send it while the load runs.
  await must(client, adminToken, 'PATCH', '/settings', {
    version: settings.version,
    timeZone: 'UTC',
    checkInWeekday: weekday,
    digestHour: 0,
    // And every 1-on-1 of the coming week is due its prep card, which both servers' jobs send.
    prepCardLeadMinutes: 7 * 24 * 60,
    oneOnOneLookaheadDays: 7,
  });
  await must(client, adminToken, 'POST', '/admin/teams/from-hierarchy?dryRun=false', {});
  const cycle = await must<{ id: string }>(client, adminToken, 'POST', '/cycles', {
    name: `${options.name} quarter`,
    startsOn: isoDay(-30),
    endsOn: isoDay(60),
  });
  const ids = await directoryIds(client, adminToken, options.people);
  // Pairs of people: each names the other an updater of their key result.
  const peerOf = (index: number) => ids[index % 2 === 0 ? index + 1 : index - 1] ?? null;
  const persons = await inBatches(
    ids.map((id, index) => ({ id, peerId: peerOf(index) })),
    40,
    async ({ id, peerId }) => {
      const token = await tokenFor(cluster.identityUrl, tenantId, id);
      const objective = await must<{ id: string }>(client, token, 'POST', '/objectives', {
        cycleId: cycle.id,
        title: `Grow what ${id.slice(0, 8)} owns`,
      });
      const keyResult = await must<{ id: string; version: number }>(
        client,
        token,
        'POST',
        '/key-results',
        {
          objectiveId: objective.id,
          title: `Reach 100 of ${id.slice(0, 8)}'s measure`,
          metric: { kind: 'number', start: 0, target: 100 },
          updaterIds: peerId ? [peerId] : [],
        },
      );
      const mail = await Promise.all(
        Array.from({ length: options.mailPerPerson }, async (_, index) => {
          const message = await cluster.control<{ id: string }>(
            'POST',
            `/tenants/${tenantId}/users/${id}/messages`,
            { subject: `Signed order ${index + 1} for ${id.slice(0, 8)}`, body: 'Signed, thanks.' },
          );
          return message.id;
        }),
      );
      return {
        tenantId,
        id,
        token,
        objectiveId: objective.id,
        keyResultId: keyResult.id,
        peerKeyResultId: null as string | null,
        seenVersions: new Map([[keyResult.id, keyResult.version]]),
        lastCheckInId: null,
        mail,
      } satisfies Person;
    },
  );
  for (const [index, person] of persons.entries()) {
    const peer = persons[index % 2 === 0 ? index + 1 : index - 1];
    if (!peer) continue;
    person.peerKeyResultId = peer.keyResultId;
    person.seenVersions.set(peer.keyResultId, peer.seenVersions.get(peer.keyResultId)!);
  }
  return { tenant, people: persons };
}

async function directoryIds(client: RoundRobin, token: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: Array<{ id: string }>; nextCursor: string | null } = await must(
      client,
      token,
      'GET',
      `/people?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    ids.push(...page.items.map((person) => person.id));
    cursor = page.nextCursor;
  } while (cursor && ids.length < count);
  return ids;
}

export async function waitForOrgSync(
  client: RoundRobin,
  tenant: LoadTenant,
  timeoutMs = 120_000,
): Promise<{ state: string; mode: string | null; seen: number; hasDeltaLink: boolean }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await must<{
      state: string;
      mode: string | null;
      seen: number;
      hasDeltaLink: boolean;
      error: string | null;
    }>(client, tenant.admin.token, 'GET', '/admin/org-sync');
    if (status.state !== 'running' && status.state !== 'idle') return status;
    if (Date.now() > deadline) throw new Error(`org sync of ${tenant.name} still ${status.state}`);
    await sleep(500);
  }
}

type Operation = (person: Person) => Promise<void>;

/**
 * One person's operations. `record` books each request under its operation's name;
 * `writes` collects every write with what the server answered.
 */
export function operations(client: RoundRobin, figures: () => PhaseFigures, writes: WriteRecord[]) {
  const call = async (
    name: string,
    person: Person,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => {
    const outcome = await client.request(person.token, method, path, body, headers);
    figures().record(name, outcome);
    return outcome;
  };

  /**
   * A write as the tab sends it: under an Idempotency-Key, retried with the same key when
   * the answer is 503, a lost connection or "still in progress" — never when it was refused.
   */
  const write = async (
    name: string,
    person: Person,
    path: string,
    body: unknown,
    record: WriteRecord,
  ): Promise<Outcome> => {
    const key = `load-${randomUUID()}`;
    writes.push(record);
    let outcome: Outcome | undefined;
    for (let attempt = 0; attempt < 4; attempt += 1) {
      if (attempt > 0) await sleep(1000 * 2 ** (attempt - 1));
      outcome = await call(name, person, 'POST', path, body, { 'idempotency-key': key });
      record.last = outcome.kind === 'response' ? String(outcome.status) : outcome.reason;
      const isRetryable =
        outcome.kind === 'failure' ||
        outcome.status === 503 ||
        (outcome.status === 409 && outcome.code === 'request_in_progress');
      if (!isRetryable) break;
    }
    if (outcome!.kind === 'response' && outcome!.status < 300) record.isAcknowledged = true;
    return outcome!;
  };

  const readMyOkrs: Operation = async (person) => {
    await call('read my OKRs', person, 'GET', '/my-okrs');
  };

  const openKeyResult: Operation = async (person) => {
    const id = pick(person);
    const outcome = await call('open a key result', person, 'GET', `/key-results/${id}`);
    if (outcome.kind === 'response' && outcome.status === 200) {
      const detail = outcome.body as { version: number; checkIns: Array<{ id: string }> };
      person.seenVersions.set(id, detail.version);
      if (detail.checkIns[0]) person.lastCheckInId = detail.checkIns[0].id;
    }
  };

  const checkIn: Operation = async (person) => {
    const id = pick(person);
    const marker = `load check-in ${randomUUID()}`;
    const record: WriteRecord = {
      kind: 'checkIn',
      tenantId: person.tenantId,
      keyResultId: id,
      marker,
      isAcknowledged: false,
      last: '',
    };
    const outcome = await write(
      'check in',
      person,
      `/key-results/${id}/check-ins`,
      {
        version: person.seenVersions.get(id) ?? 1,
        value: Math.round(Math.random() * 100),
        confidence: 1 + Math.floor(Math.random() * 10),
        status: 'on_track',
        note: marker,
      },
      record,
    );
    if (outcome.kind !== 'response') return;
    if (outcome.status < 300) {
      const keyResult = outcome.body as { version: number; lastCheckIn: { id: string } };
      record.version = keyResult.version;
      record.id = keyResult.lastCheckIn.id;
      person.seenVersions.set(id, keyResult.version);
      person.lastCheckInId = keyResult.lastCheckIn.id;
    } else if (outcome.status === 409 && outcome.code === 'version_conflict') {
      // A peer checked in first: the answer carries what is stored now.
      const current = (outcome.body as { error: { details?: { current?: { version?: number } } } })
        .error.details?.current;
      if (current?.version) person.seenVersions.set(id, current.version);
    }
  };

  const comment: Operation = async (person) => {
    if (!person.lastCheckInId) return openKeyResult(person);
    const marker = `load comment ${randomUUID()}`;
    const record: WriteRecord = {
      kind: 'comment',
      tenantId: person.tenantId,
      keyResultId: person.lastCheckInId.split('-')[0]!,
      marker,
      isAcknowledged: false,
      last: '',
    };
    const outcome = await write(
      'comment',
      person,
      `/check-ins/${person.lastCheckInId}/comments`,
      { body: marker },
      record,
    );
    if (outcome.kind === 'response' && outcome.status < 300) {
      const created = outcome.body as { id: string; keyResultId: string };
      record.id = created.id;
      record.keyResultId = created.keyResultId;
    }
  };

  const attachEmail: Operation = async (person) => {
    const messageId = person.mail.shift();
    if (!messageId) return readNarrative(person);
    const marker = `load evidence ${randomUUID()}`;
    const record: WriteRecord = {
      kind: 'evidence',
      tenantId: person.tenantId,
      keyResultId: person.keyResultId,
      marker,
      isAcknowledged: false,
      last: '',
      messageId,
    };
    const outcome = await write(
      'attach an email',
      person,
      '/evidence/email',
      { target: { kind: 'keyResult', id: person.keyResultId }, messageId, note: marker },
      record,
    );
    if (outcome.kind === 'response' && outcome.status < 300)
      record.id = (outcome.body as { id: string }).id;
    else if (outcome.kind === 'response' && outcome.status < 500) return;
    else person.mail.push(messageId);
  };

  const readNarrative: Operation = async (person) => {
    await call(
      'read the narrative',
      person,
      'GET',
      `/narrative?keyResultId=${pick(person)}&limit=20`,
    );
  };

  /** The mix of a working day, by weight. */
  const mix: Array<[number, Operation]> = [
    [30, readMyOkrs],
    [20, openKeyResult],
    [15, checkIn],
    [10, comment],
    [10, attachEmail],
    [15, readNarrative],
  ];
  const totalWeight = mix.reduce((sum, [weight]) => sum + weight, 0);
  return {
    attachEmail,
    next(): Operation {
      let roll = Math.random() * totalWeight;
      for (const [weight, operation] of mix) {
        roll -= weight;
        if (roll < 0) return operation;
      }
      return readMyOkrs;
    },
  };
}

/** Mostly one's own key result; now and then the peer's. */
function pick(person: Person): string {
  return person.peerKeyResultId && Math.random() < 0.3
    ? person.peerKeyResultId
    : person.keyResultId;
}

/** Every person works until `until` says stop, pausing `thinkMs` (±50 %) between operations. */
export async function work(
  people: Person[],
  next: () => Operation,
  options: { thinkMs: number; isDone: () => boolean },
) {
  await Promise.all(
    people.map(async (person, index) => {
      // Not all at once: people start over the first pause.
      await sleep((index / people.length) * options.thinkMs);
      while (!options.isDone()) {
        await next()(person);
        await sleep(options.thinkMs * (0.5 + Math.random()));
      }
    }),
  );
}
