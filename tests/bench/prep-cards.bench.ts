/**
 * Prep cards for a busy manager: 12 direct reports, each with 5 key results and 200
 * narrative events (check-ins with their check-in documents, and evidence attached with its
 * records), in
 * one tenant of FerretDB. Times, over BENCH_RUNS runs after a warm-up:
 *
 * - the job's path: one snapshot of the cycle and one read of check-ins and evidence,
 *   then the 12 cards (data, risks, Adaptive Card expanded from its template and
 *   validated against the 1.5 schema);
 * - the read path: one card as `GET /api/one-on-ones/:id` builds it (its own snapshot).
 *
 * Runs on each local backend (BENCH_BACKENDS, default postgresql,postgresql-btree,sqlite):
 * FerretDB's PostgreSQL handler on the embedded PostgreSQL with the GIN twins of its
 * indexes (the default of `npm start`), the same without them, and its SQLite handler. Prints figures; never fails on a timing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient, type Db, type Document } from 'mongodb';
import { benchBackends as backends, startBenchDatabase } from './support/backends';
import { ensureIndexes } from '../../server/src/platform/db/database';
import { recentCheckInFields } from '../../server/src/okrs/store';
import { prepareCard, previousMeeting } from '../../server/src/one-on-ones/service';
import type { StoredOneOnOne } from '../../server/src/one-on-ones/store';
import { loadCycleSnapshot, preloadFacts } from '../../server/src/risks/service';
import { SettingsStore } from '../../server/src/settings/store';
import { systemContext } from '../../server/src/platform/auth/system-context';
import { viewersIn } from '../../server/src/okrs/viewer';
import { managersAndStates } from '../../server/src/people/service';
import { ms, percentile } from './support/load';

const runs = Number(process.env.BENCH_RUNS ?? 10);
const REPORTS = 12;
const KEY_RESULTS = 5;
const EVENTS_PER_REPORT = 200;
const DAY = 86_400_000;
const tenantId = 'bench-tenant-0000-0000-000000000001';
const managerId = 'bench-manager';
const now = new Date();
const iso = (ms: number) => new Date(ms).toISOString();
const links = { publicUrl: 'https://okrs.example.test', teamsAppId: undefined };

async function seed(db: Db): Promise<StoredOneOnOne[]> {
  const cycleStart = now.getTime() - 45 * DAY;
  const cycle = {
    _id: 'bench-cycle',
    tenantId,
    name: 'Bench quarter',
    kind: 'quarter',
    startsOn: iso(cycleStart).slice(0, 10),
    endsOn: iso(now.getTime() + 45 * DAY).slice(0, 10),
    state: 'open',
    closedAt: null,
    version: 1,
  };
  const people: Document[] = [
    {
      _id: managerId,
      tenantId,
      displayName: 'Bench Manager',
      mail: 'manager@bench.test',
      managerId: null,
      isActive: true,
    },
  ];
  const objectives: Document[] = [];
  const keyResults: Document[] = [];
  const checkIns: Document[] = [];
  const deliverables: Document[] = [];
  const events: Document[] = [];
  const evidence: Document[] = [];
  const oneOnOnes: Document[] = [];
  for (let r = 0; r < REPORTS; r += 1) {
    const reportId = `bench-report-${r}`;
    people.push({
      _id: reportId,
      tenantId,
      displayName: `Report ${r}`,
      mail: `report${r}@bench.test`,
      managerId,
      isActive: true,
    });
    const objectiveId = `bench-objective-${r}`;
    objectives.push({
      _id: objectiveId,
      tenantId,
      cycleId: cycle._id,
      title: `Objective of report ${r}`,
      description: '',
      level: 'individual',
      ownerId: reportId,
      teamId: null,
      alignsTo: null,
      contributors: [],
      visibility: 'public',
      state: 'active',
      includeAlignedInProgress: false,
      progress: 0.4,
      status: 'on_track',
      score: null,
      version: 1,
      createdAt: new Date(cycleStart),
      updatedAt: new Date(cycleStart),
    });
    for (let k = 0; k < KEY_RESULTS; k += 1) {
      const keyResultId = `bench-kr-${r}-${k}`;
      const perKeyResult = EVENTS_PER_REPORT / KEY_RESULTS;
      const checkInCount = Math.round(perKeyResult * 0.8);
      let value = 0;
      const own: Document[] = [];
      for (let e = 0; e < perKeyResult; e += 1) {
        const at = new Date(cycleStart + ((e + 1) * 44 * DAY) / perKeyResult);
        if (e < checkInCount) {
          const previous = value;
          value += e % 3 === 0 ? 0 : 1;
          const checkIn = {
            _id: `${keyResultId}-ci-${e}`,
            tenantId,
            keyResultId,
            objectiveId,
            authorId: reportId,
            value,
            previousValue: previous,
            progress: Math.min(1, value / 60),
            confidence: 7 - (e % 3),
            previousConfidence: 7,
            status: 'on_track',
            note: '',
            at,
          };
          checkIns.push(checkIn);
          own.push(checkIn);
          events.push({
            _id: `keyResult-${keyResultId}-${e + 2}`,
            tenantId,
            type: 'key_result.checked_in',
            subject: { kind: 'keyResult', id: keyResultId },
            seq: e + 2,
            actorId: reportId,
            at,
            objectiveId,
            keyResultId,
            personIds: [reportId],
            teamIds: [],
            summary: `checked in at ${value}`,
            payload: {
              checkIn: { ...checkIn, _id: undefined, id: checkIn._id },
              delta: value - previous,
              progressBefore: previous / 60,
              progressAfter: value / 60,
              statusChange: null,
            },
          });
        } else {
          events.push({
            _id: `${keyResultId}-ev-${e}`,
            tenantId,
            type: 'evidence.attached',
            subject: { kind: 'evidence', id: `${keyResultId}-ev-${e}` },
            seq: 1,
            actorId: reportId,
            at,
            objectiveId,
            keyResultId,
            personIds: [reportId],
            teamIds: [],
            summary: 'attached “Customer email”',
            payload: { kind: 'email', snapshot: { title: `Customer email ${e}` } },
          });
          // The record beside its event, as attaching writes both.
          evidence.push({
            _id: `${keyResultId}-ev-${e}`,
            tenantId,
            kind: 'link',
            target: { kind: 'keyResult', id: keyResultId },
            keyResultId,
            objectiveId,
            source: { url: `https://example.test/${keyResultId}/${e}` },
            snapshot: { title: `Customer email ${e}` },
            visibility: 'key_result',
            attachedBy: [{ personId: reportId, at: at.toISOString(), note: '' }],
            syncState: 'ok',
            syncCheckedAt: at.toISOString(),
            createdAt: at.toISOString(),
            removedAt: null,
            version: 1,
            sourceKey: `link:https://example.test/${keyResultId}/${e}`,
            messageIds: [],
            watchResource: null,
          });
        }
      }
      const last = checkIns[checkIns.length - 1]!;
      keyResults.push({
        _id: keyResultId,
        tenantId,
        objectiveId,
        cycleId: cycle._id,
        title: `Key result ${k} of report ${r}`,
        ownerId: reportId,
        coOwnerIds: [],
        updaterIds: [],
        personIds: [reportId],
        metric: {
          kind: 'number',
          start: 0,
          target: 60,
          current: value,
          unit: 'deals',
          direction: 'increase',
          milestones: [],
        },
        weight: 1,
        confidence: last.confidence,
        status: 'on_track',
        paceStatus: 'on_track',
        dueDate: null,
        progress: Math.min(1, value / 60),
        lastCheckIn: {
          id: last._id,
          at: last.at,
          value,
          confidence: last.confidence,
          status: 'on_track',
          authorId: reportId,
        },
        // The summary of its newest check-ins the server keeps beside a key result.
        recentCheckIns: own
          .slice(-4)
          .reverse()
          .map((checkIn) =>
            Object.fromEntries(Object.keys(recentCheckInFields).map((key) => [key, checkIn[key]])),
          ),
        hasOlderCheckIns: own.length > 4,
        lastValueChangeAt:
          own.filter((checkIn) => checkIn.value !== checkIn.previousValue).at(-1)?.at ?? null,
        score: null,
        version: checkInCount + 1,
        createdAt: new Date(cycleStart),
        updatedAt: last.at,
        teamId: null,
        reportedStatus: 'on_track',
      });
    }
    deliverables.push({
      _id: `bench-deliverable-${r}`,
      tenantId,
      objectiveId,
      keyResultId: `bench-kr-${r}-0`,
      cycleId: cycle._id,
      title: `Proposal ${r}`,
      ownerId: reportId,
      teamId: null,
      dueDate: iso(now.getTime() - 3 * DAY).slice(0, 10),
      state: r % 2 ? 'blocked' : 'doing',
      dependsOn: [],
      version: 1,
      createdAt: new Date(cycleStart),
      updatedAt: new Date(cycleStart),
    });
    for (const [index, offset] of [-7, 0].entries()) {
      const start = now.getTime() + (r + 1) * 3_600_000 + offset * DAY;
      oneOnOnes.push({
        _id: `bench-1on1-${r}-${index}`,
        tenantId,
        managerId,
        reportId,
        eventId: `event-${r}-${index}`,
        seriesMasterId: null,
        iCalUId: null,
        chatThreadId: null,
        joinUrl: null,
        subject: `1:1 Manager / Report ${r}`,
        startsAt: new Date(start),
        endsAt: new Date(start + 30 * 60_000),
        preparedAt: null,
        deliveredAt: null,
        heldAt: null,
        prepJson: null,
        cardJson: null,
      });
    }
  }
  await db.collection('cycles').insertOne(cycle as Document);
  for (const [name, docs] of Object.entries({
    people,
    objectives,
    keyResults,
    checkIns,
    deliverables,
    narrative: events,
    evidence,
    oneOnOnes,
  })) {
    for (let i = 0; i < docs.length; i += 500)
      await db.collection(name).insertMany(docs.slice(i, i + 500));
  }
  const upcoming = oneOnOnes.filter((doc) => String(doc._id).endsWith('-1'));
  return upcoming.map(
    ({ _id, tenantId: _tenant, ...rest }) =>
      ({
        ...rest,
        id: String(_id),
        startsAt: (rest.startsAt as Date).toISOString(),
        endsAt: (rest.endsAt as Date).toISOString(),
      }) as StoredOneOnOne,
  );
}

function summary(label: string, samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  console.log(
    `  ${label.padEnd(58)} p50 ${ms(percentile(sorted, 50)).padStart(8)}   p95 ${ms(percentile(sorted, 95)).padStart(8)}   (n=${samples.length})`,
  );
}

async function benchBackend(backend: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'throughline-bench-prep-'));
  const database = await startBenchDatabase(backend, dir);
  const uri = database.uri;
  const client = new MongoClient(uri, { retryWrites: false });
  try {
    await client.connect();
    const db = client.db(`bench_prep_${Date.now()}`);
    await ensureIndexes(db);
    const seedStarted = Date.now();
    const meetings = await seed(db);
    console.log(
      `\n[${database.label}] seeded ${REPORTS} reports × ${KEY_RESULTS} key results × ${EVENTS_PER_REPORT} narrative events in ${Date.now() - seedStarted} ms`,
    );
    const settings = await new SettingsStore(db, tenantId).read();
    const ctx = systemContext(db, tenantId, now);
    const jobRuns: number[] = [];
    const perCardInJob: number[] = [];
    const readPath: number[] = [];
    const parts = { snapshot: [] as number[], previous: [] as number[], preload: [] as number[] };
    for (let run = 0; run <= runs; run += 1) {
      const started = performance.now();
      const cycle = await db.collection('cycles').findOne({ _id: 'bench-cycle' as never });
      const snapshot = await loadCycleSnapshot(ctx, {
        id: 'bench-cycle',
        ...(cycle as Document),
      } as never);
      const snapshotDone = performance.now();
      // As the job does: previous meetings first, then one read of check-ins and evidence for all reports.
      const previous = await Promise.all(
        meetings.map((meeting) => previousMeeting(db, tenantId, meeting)),
      );
      const previousDone = performance.now();
      const earliest = Math.min(
        now.getTime() - settings.greenWithoutProofWeeks * 7 * DAY,
        ...previous.map((item) => Date.parse(item.since)),
      );
      const preloaded = await preloadFacts(
        ctx,
        snapshot.keyResults,
        new Date(earliest),
        new Date(Math.min(...previous.map((item) => Date.parse(item.since)))),
      );
      const viewerOf = viewersIn(ctx, await managersAndStates(ctx));
      if (run > 0) {
        parts.snapshot.push(snapshotDone - started);
        parts.previous.push(previousDone - snapshotDone);
        parts.preload.push(performance.now() - previousDone);
      }
      for (const [index, meeting] of meetings.entries()) {
        const cardStarted = performance.now();
        await prepareCard(db, tenantId, links, settings, meeting, now, {
          snapshot,
          preloaded,
          previous: previous[index]!.previous,
          viewer: await viewerOf(meeting.managerId),
        });
        if (run > 0) perCardInJob.push(performance.now() - cardStarted);
      }
      if (run > 0) jobRuns.push(performance.now() - started);
      const single = performance.now();
      await prepareCard(db, tenantId, links, settings, meetings[run % meetings.length]!, now);
      if (run > 0) readPath.push(performance.now() - single);
    }
    const sample = await prepareCard(db, tenantId, links, settings, meetings[1]!, now);
    console.log(
      `  one card: ${sample.prep.keyResults.length} key results, ${sample.prep.risks.length} risks, ${sample.prep.evidence.length} evidence items, ${JSON.stringify(sample.card).length} bytes of card JSON`,
    );
    summary('job: all 12 cards for the manager (one cycle snapshot)', jobRuns);
    summary('  of which the cycle snapshot', parts.snapshot);
    summary('  of which the 12 previous meetings', parts.previous);
    summary('  of which check-ins and evidence for all', parts.preload);
    summary('job: one card within that run', perCardInJob);
    summary('read path: one card with its own snapshot (GET /one-on-ones/:id)', readPath);
  } finally {
    await client.close();
    await database.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  console.log(
    `Prep cards: ${REPORTS} reports, ${KEY_RESULTS} key results and ${EVENTS_PER_REPORT} narrative events each; ${runs} runs after a warm-up`,
  );
  for (const backend of backends) {
    try {
      await benchBackend(backend);
    } catch (error) {
      console.log(`\n[${backend}] not measured: ${(error as Error).message}`);
    }
  }
}

void main().then(() => process.exit(0));
