/**
 * What the database holds after the run, read with the driver, against what the server
 * answered: every acknowledged write once, with its narrative event; every unacknowledged
 * one wholly there or wholly absent; every event with its record; every key result at
 * the version of its newest event; and each job's effect once.
 */
import { MongoClient, type Db } from 'mongodb';
import type { Person, WriteRecord } from './people';

export interface Check {
  name: string;
  problems: string[];
  /** What was checked, for the printout: "1,234 check-ins". */
  checked: string;
}

export async function withDatabase<T>(
  uri: string,
  dbName: string,
  run: (db: Db) => Promise<T>,
): Promise<T> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 10_000 });
  try {
    await client.connect();
    return await run(client.db(dbName));
  } finally {
    await client.close();
  }
}

async function countBy(db: Db, collection: string, field: string, values: string[]) {
  const counts = new Map<string, number>();
  for (let index = 0; index < values.length; index += 500) {
    const docs = await db
      .collection(collection)
      .find({ [field]: { $in: values.slice(index, index + 500) } }, { projection: { [field]: 1 } })
      .toArray();
    for (const doc of docs) {
      const value = field
        .split('.')
        .reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], doc);
      counts.set(String(value), (counts.get(String(value)) ?? 0) + 1);
    }
  }
  return counts;
}

const EVENT_FIELD = {
  checkIn: 'payload.checkIn.note',
  comment: 'payload.body',
  evidence: 'payload.note',
} as const;
const RECORD = {
  checkIn: { collection: 'checkIns', field: 'note' },
  comment: { collection: 'comments', field: 'body' },
} as const;

/**
 * How often each note appears on the evidence of the key results written to: an evidence
 * record holds one entry per person who attached it (read here, since FerretDB does not
 * match `$in` inside arrays of documents).
 */
async function evidenceNotes(db: Db, writes: WriteRecord[]) {
  const keyResultIds = [...new Set(writes.map((write) => write.keyResultId))];
  const counts = new Map<string, number>();
  const docs = await db
    .collection('evidence')
    .find({ keyResultId: { $in: keyResultIds } }, { projection: { attachedBy: 1 } })
    .toArray();
  for (const doc of docs)
    for (const entry of doc.attachedBy as Array<{ note: string }>)
      counts.set(entry.note, (counts.get(entry.note) ?? 0) + 1);
  return counts;
}

export async function checkWrites(db: Db, writes: WriteRecord[]): Promise<Check[]> {
  const checks: Check[] = [];
  for (const kind of ['checkIn', 'comment', 'evidence'] as const) {
    const ofKind = writes.filter((write) => write.kind === kind);
    const markers = ofKind.map((write) => write.marker);
    const events = await countBy(db, 'narrative', EVENT_FIELD[kind], markers);
    const records =
      kind === 'evidence'
        ? await evidenceNotes(db, ofKind)
        : await countBy(db, RECORD[kind].collection, RECORD[kind].field, markers);
    const acknowledged = ofKind.filter((write) => write.isAcknowledged);
    const problems: string[] = [];
    for (const write of acknowledged) {
      const [event, record] = [events.get(write.marker) ?? 0, records.get(write.marker) ?? 0];
      if (event !== 1 || record !== 1)
        problems.push(
          `acknowledged ${kind} "${write.marker}" (${write.id}): ${record} records, ${event} events`,
        );
    }
    checks.push({
      name: `every acknowledged ${kind} is stored exactly once with its narrative event`,
      problems,
      checked: `${acknowledged.length} acknowledged`,
    });
    const unacknowledged = ofKind.filter((write) => !write.isAcknowledged);
    const halfWritten: string[] = [];
    let stored = 0;
    for (const write of unacknowledged) {
      const [event, record] = [events.get(write.marker) ?? 0, records.get(write.marker) ?? 0];
      if (event !== record || event > 1)
        halfWritten.push(
          `unacknowledged ${kind} "${write.marker}" (last answer ${write.last}): ${record} records, ${event} events`,
        );
      if (event === 1 && record === 1) stored += 1;
    }
    checks.push({
      name: `every unacknowledged ${kind} is wholly stored once or wholly absent`,
      problems: halfWritten,
      checked: `${unacknowledged.length} unacknowledged (${stored} stored, ${unacknowledged.length - stored - halfWritten.length} absent)`,
    });
  }
  return checks;
}

/** No event without its record, across the whole narrative (not only the writes this run saw answered). */
export async function checkEventsHaveRecords(db: Db): Promise<Check> {
  const problems: string[] = [];
  const checkInEvents = await db
    .collection('narrative')
    .find({ type: 'key_result.checked_in' }, { projection: { 'payload.checkIn.id': 1 } })
    .toArray();
  const checkInIds = checkInEvents.map(
    (event) => (event.payload as { checkIn: { id: string } }).checkIn.id,
  );
  const foundCheckIns = await countBy(db, 'checkIns', '_id', checkInIds);
  for (const id of checkInIds)
    if (!foundCheckIns.has(id)) problems.push(`check-in event without check-in ${id}`);
  const commentEvents = await db
    .collection('narrative')
    .find({ 'subject.kind': 'comment' }, { projection: { 'subject.id': 1 } })
    .toArray();
  const commentIds = commentEvents.map((event) => (event.subject as { id: string }).id);
  const foundComments = await countBy(db, 'comments', '_id', commentIds);
  for (const id of commentIds)
    if (!foundComments.has(id)) problems.push(`comment event without comment ${id}`);
  return {
    name: 'every check-in and comment event has its record',
    problems,
    checked: `${checkInIds.length} check-in events, ${commentIds.length} comment events`,
  };
}

/** Each key result's stored version is its newest event's (after the reads that repair). */
export async function checkKeyResultVersions(db: Db, people: Person[]): Promise<Check> {
  const problems: string[] = [];
  const ids = people.map((person) => person.keyResultId);
  const keyResults = await db
    .collection('keyResults')
    .find({ _id: { $in: ids as never[] } }, { projection: { version: 1 } })
    .toArray();
  const stored = new Map(keyResults.map((doc) => [String(doc._id), doc.version as number]));
  const events = await db
    .collection('narrative')
    .find(
      { 'subject.kind': 'keyResult', 'subject.id': { $in: ids } },
      { projection: { 'subject.id': 1, seq: 1 } },
    )
    .toArray();
  const newest = new Map<string, number>();
  for (const event of events) {
    const id = (event.subject as { id: string }).id;
    newest.set(id, Math.max(newest.get(id) ?? 0, event.seq as number));
  }
  for (const id of ids)
    if (stored.get(id) !== newest.get(id))
      problems.push(
        `key result ${id}: stored version ${stored.get(id)}, newest event ${newest.get(id)}`,
      );
  return {
    name: 'every key result is at the version of its newest event',
    problems,
    checked: `${ids.length} key results, ${events.length} events`,
  };
}

export interface ActivityNotification {
  tenantId: string;
  recipientUserId: string;
  activityType: string;
  /** Where the item opens: for a prep card, that occurrence's 1-on-1. */
  topic?: { webUrl?: string };
}

/** Digests went out once per person and kind, although both servers ran the job over and over. */
export async function checkDigests(
  db: Db,
  notifications: ActivityNotification[],
  tenantIds: string[],
): Promise<Check> {
  const problems: string[] = [];
  const counts = new Map<string, number>();
  for (const item of notifications) {
    if (!['weeklyDigest', 'teamDigest'].includes(item.activityType)) continue;
    if (!tenantIds.includes(item.tenantId)) continue;
    const key = `${item.tenantId} ${item.recipientUserId} ${item.activityType}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (const [key, count] of counts) if (count !== 1) problems.push(`${key}: sent ${count} times`);
  const ledger = await db
    .collection('deliveries')
    .find({ tenantId: { $in: tenantIds }, kind: { $in: ['weekly-digest', 'team-digest'] } })
    .toArray();
  const sent = ledger.filter((entry) => entry.state === 'sent').length;
  if (counts.size === 0) problems.push('no digest was sent at all: the jobs did not run');
  const typeOf = { 'weekly-digest': 'weeklyDigest', 'team-digest': 'teamDigest' } as const;
  for (const entry of ledger) {
    const key = `${entry.tenantId} ${entry.recipientId} ${typeOf[entry.kind as keyof typeof typeOf]}`;
    if (entry.state === 'sent' && !counts.has(key))
      problems.push(
        `ledger says sent, Teams has none: ${entry.kind} to ${entry.recipientId} (attempt ${entry.attempt}, sent ${(entry.sentAt as Date)?.toISOString()}, claimed ${(entry.claimedAt as Date)?.toISOString()})`,
      );
  }
  if (sent !== [...counts.values()].reduce((a, b) => a + b, 0))
    problems.push(
      `the delivery ledger says ${sent} sent, Teams received ${[...counts.values()].reduce((a, b) => a + b, 0)}`,
    );
  return {
    name: 'each digest reached Teams once, with the jobs running on both servers',
    problems,
    checked: `${counts.size} digests, ${ledger.length} ledger entries`,
  };
}

/** Each 1-on-1 occurrence's prep card reached its manager once, both servers running the job. */
export async function checkPrepCards(
  db: Db,
  notifications: ActivityNotification[],
  tenantIds: string[],
): Promise<Check> {
  const problems: string[] = [];
  const counts = new Map<string, number>();
  for (const item of notifications) {
    if (item.activityType !== 'oneOnOnePrepCard' || !tenantIds.includes(item.tenantId)) continue;
    const key = `${item.tenantId} ${item.recipientUserId} ${item.topic?.webUrl ?? '?'}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (const [key, count] of counts) if (count !== 1) problems.push(`${key}: sent ${count} times`);
  const sent = await db
    .collection('deliveries')
    .countDocuments({ tenantId: { $in: tenantIds }, kind: 'prep-card', state: 'sent' });
  const received = [...counts.values()].reduce((a, b) => a + b, 0);
  if (received === 0) problems.push('no prep card was sent at all: the job found no 1-on-1 due');
  if (sent !== received)
    problems.push(`the delivery ledger says ${sent} prep cards sent, Teams received ${received}`);
  return {
    name: 'each 1-on-1 prep card reached its manager once, with the jobs running on both servers',
    problems,
    checked: `${counts.size} occurrences, ${sent} ledger entries sent`,
  };
}

/** The org sync ran on both servers and left each person once. */
export async function checkPeople(
  db: Db,
  tenants: Array<{ id: string; people: number }>,
): Promise<Check> {
  const problems: string[] = [];
  for (const tenant of tenants) {
    const count = await db.collection('people').countDocuments({ tenantId: tenant.id });
    if (count !== tenant.people)
      problems.push(
        `tenant ${tenant.id}: ${count} people stored, ${tenant.people} in the directory`,
      );
  }
  return {
    name: 'each person of the directory is stored once',
    problems,
    checked: tenants.map((tenant) => `${tenant.people} people`).join(', '),
  };
}
