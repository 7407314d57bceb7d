/**
 * `npm run db:check`: finds stored records the rest of the server would skip or refuse, and
 * with `fix` repairs what the narrative can vouch for.
 *
 * - Events stored under the identity of an older version (`{id}-{seq}`, without the
 *   subject's kind) are moved to `{kind}-{id}-{seq}`; their content is unchanged, except
 *   that action-item events, once labelled with the 1-on-1 kind, get their own.
 * - A versioned record with no creation event of its own kind is a phantom (an older
 *   version rebuilt a record of one kind from another kind's events): removed.
 * - A versioned record that does not parse as its kind but has events is rebuilt from its
 *   newest event state that parses.
 * - A record behind its events (a crash between the event and the record write) is
 *   brought up to them, as a read would.
 * - Records of kinds that are not versioned (people, teams, 1-on-1s, notes, check-ins) are
 *   reported when they do not parse; they come back from org sync, the calendar or their
 *   key result's events, so they are never removed here.
 */
import type { Db, Document } from 'mongodb';
import type { CheckIn } from '@throughline/contracts';
import { adminsKind } from '../admins/store';
import { evidenceKind } from '../evidence/store';
import {
  checkInKind,
  checkInReplay,
  commentKind,
  cycleKind,
  deliverableKind,
  keyResultKind,
  objectiveKind,
} from '../okrs/store';
import { actionItemKind, oneOnOneKind, oneOnOneNoteKind } from '../one-on-ones/store';
import { personKind, teamKind } from '../people/store';
import { fromStored, kindStore, problemsOf, type RecordKind } from '../platform/db/documents';
import { NARRATIVE, NarrativeStore, eventId, type StoredEvent } from './store';
import { repair, type SideEffects, type Versioned } from './versioned';

export const checkedKinds: RecordKind[] = [
  cycleKind,
  objectiveKind,
  keyResultKind,
  deliverableKind,
  evidenceKind,
  commentKind,
  actionItemKind,
  checkInKind,
  personKind,
  teamKind,
  oneOnOneKind,
  oneOnOneNoteKind,
  adminsKind,
];

export interface Finding {
  problem: 'old_event_id' | 'phantom' | 'damaged' | 'behind_events';
  collection: string;
  tenantId: string;
  id: string;
  detail: string;
  /** What `fix` did (or would do): moved, removed, rebuilt, repaired, or left (reported only). */
  action: 'moved' | 'removed' | 'rebuilt' | 'repaired' | 'left';
}

export interface CheckReport {
  isFixed: boolean;
  checked: Record<string, number>;
  findings: Finding[];
}

/** The kind an old event's subject really is: action items were once filed under the 1-on-1 kind. */
function trueKind(event: Document): string {
  const kind = String(event.subject?.kind);
  return kind === 'oneOnOne' && String(event.type).startsWith('action_item.') ? 'actionItem' : kind;
}

export async function checkDatabase(db: Db, options: { fix: boolean }): Promise<CheckReport> {
  const report: CheckReport = { isFixed: options.fix, checked: {}, findings: [] };
  // Without --fix the old-style events stay where they are; the records they support are
  // judged as they will be once the events are moved.
  const pendingMoves = new Set<string>();
  await checkEventIds(db, options.fix, report, pendingMoves);
  for (const kind of checkedKinds)
    await checkCollection(db, kind, options.fix, report, pendingMoves);
  return report;
}

async function checkEventIds(db: Db, fix: boolean, report: CheckReport, pendingMoves: Set<string>) {
  const narrative = db.collection<Document>(NARRATIVE);
  let checked = 0;
  // Read whole first: the loop moves events, and a cursor over a changing collection may skip some.
  for (const event of await narrative.find({}, { projection: { state: 0 } }).toArray()) {
    checked += 1;
    const subject = event.subject as { kind?: unknown; id?: unknown } | undefined;
    if (typeof subject?.id !== 'string' || typeof event.seq !== 'number') continue;
    const kind = trueKind(event);
    const expected = eventId(kind, subject.id, event.seq);
    if (String(event._id) === expected) continue;
    report.findings.push({
      problem: 'old_event_id',
      collection: NARRATIVE,
      tenantId: String(event.tenantId),
      id: String(event._id),
      detail: `should be ${expected}`,
      action: 'moved',
    });
    if (!fix) {
      pendingMoves.add(`${String(event.tenantId)}/${expected}`);
      continue;
    }
    const full = await narrative.findOne({ _id: event._id });
    if (!full) continue;
    const { _id: oldId, ...rest } = full;
    await narrative
      .insertOne({ ...rest, _id: expected as never, subject: { ...rest.subject, kind } })
      .catch((error: { code?: number }) => {
        // Already moved by an earlier, interrupted run: only the old copy is left to remove.
        if (error.code !== 11000) throw error;
      });
    await narrative.deleteOne({ _id: oldId });
  }
  report.checked[NARRATIVE] = checked;
}

async function checkCollection(
  db: Db,
  kind: RecordKind,
  fix: boolean,
  report: CheckReport,
  pendingMoves: Set<string>,
) {
  const collection = db.collection<Document>(kind.collection);
  let checked = 0;
  for (const doc of await collection.find({}).toArray()) {
    checked += 1;
    const tenantId = String(doc.tenantId);
    const entity = fromStored<Versioned>(doc)!;
    const problems = problemsOf(kind.schema, entity);
    const narrative = new NarrativeStore(db, tenantId);
    const store = kindStore<Versioned>(db, kind, tenantId);
    const finding = (problem: Finding['problem'], detail: string, action: Finding['action']) =>
      report.findings.push({
        problem,
        collection: kind.collection,
        tenantId,
        id: entity.id,
        detail,
        action,
      });
    if (!kind.isVersioned) {
      if (problems) finding('damaged', problems.join('; '), 'left');
      continue;
    }
    const hasEvent = async (seq: number) =>
      pendingMoves.has(`${tenantId}/${eventId(kind.name, entity.id, seq)}`) ||
      !!(await narrative.get(kind.name, entity.id, seq));
    if (!(await hasEvent(1))) {
      finding(
        'phantom',
        `no ${kind.name} event of this id${problems ? `; ${problems.join('; ')}` : ''}`,
        'removed',
      );
      if (fix) await collection.deleteOne({ _id: doc._id, tenantId: doc.tenantId });
      continue;
    }
    if (problems) {
      const state = await newestParsingState(narrative, kind, entity.id);
      finding('damaged', problems.join('; '), state ? 'rebuilt' : 'left');
      if (fix && state) await store.overwrite(state);
      continue;
    }
    if (await hasEvent(entity.version + 1)) {
      finding('behind_events', `at version ${entity.version}; events go further`, 'repaired');
      if (fix) await repair(narrative, store, entity, sideEffectsOf(db, tenantId, kind));
    }
  }
  report.checked[kind.collection] = checked;
}

async function newestParsingState(
  narrative: NarrativeStore,
  kind: RecordKind,
  id: string,
): Promise<Versioned | null> {
  let newest: Versioned | null = null;
  for (let seq = 1; seq < 100_000; seq += 1) {
    const event: StoredEvent<Versioned> | null = await narrative.get(kind.name, id, seq);
    if (!event) break;
    if (event.state && !problemsOf(kind.schema, event.state)) newest = event.state;
  }
  return newest;
}

/** A key result's events carry its check-ins; re-applying them is what a read's repair does. */
function sideEffectsOf(db: Db, tenantId: string, kind: RecordKind): SideEffects | undefined {
  if (kind !== keyResultKind) return undefined;
  return checkInReplay(kindStore<CheckIn>(db, checkInKind, tenantId));
}

/** The report as a person reads it: counts per collection, then each finding. */
export function formatReport(report: CheckReport): string {
  const lines = [
    `Checked ${Object.entries(report.checked)
      .map(([name, count]) => `${name} ${count}`)
      .join(', ')}.`,
  ];
  if (report.findings.length === 0) {
    lines.push('Every record parses as its kind and agrees with the narrative.');
    return lines.join('\n');
  }
  const verb = report.isFixed ? '' : ' (would be, with --fix)';
  for (const item of report.findings)
    lines.push(
      `${item.problem}  ${item.collection}/${item.id}  tenant ${item.tenantId}  ${item.action}${item.action === 'left' ? '' : verb}: ${item.detail}`,
    );
  const left = report.findings.filter((item) => item.action === 'left').length;
  lines.push(
    report.isFixed
      ? `${report.findings.length} found; ${report.findings.length - left} fixed, ${left} left to look at by hand.`
      : `${report.findings.length} found. Run again with --fix to repair them.`,
  );
  return lines.join('\n');
}
