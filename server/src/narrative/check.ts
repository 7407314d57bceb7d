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
import type { Db } from 'mongodb';
import { declaredKinds, kindStore, problemsOf, type RecordKind } from '../platform/db/documents';
import {
  everyEventIdentity,
  everyRecordOf,
  moveEvent,
  removeRecord,
  type StoredEventIdentity,
} from './check-store';
import { NARRATIVE, NarrativeStore, eventId, type StoredEvent } from './store';
import { repair, type Versioned } from './versioned';

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
function trueKind(event: StoredEventIdentity): string {
  const kind = String(event.subject?.kind);
  return kind === 'oneOnOne' && event.type.startsWith('action_item.') ? 'actionItem' : kind;
}

export async function checkDatabase(db: Db, options: { fix: boolean }): Promise<CheckReport> {
  const report: CheckReport = { isFixed: options.fix, checked: {}, findings: [] };
  // Without --fix the old-style events stay where they are; the records they support are
  // judged as they will be once the events are moved.
  const pendingMoves = new Set<string>();
  await checkEventIds(db, options.fix, report, pendingMoves);
  // The kinds every loaded feature declares (its store's `recordKind`s).
  for (const kind of declaredKinds())
    await checkCollection(db, kind, options.fix, report, pendingMoves);
  return report;
}

async function checkEventIds(db: Db, fix: boolean, report: CheckReport, pendingMoves: Set<string>) {
  let checked = 0;
  // Read whole first: the loop moves events, and a cursor over a changing collection may skip some.
  for (const event of await everyEventIdentity(db)) {
    checked += 1;
    const { subject } = event;
    if (typeof subject?.id !== 'string' || typeof event.seq !== 'number') continue;
    const kind = trueKind(event);
    const expected = eventId(kind, subject.id, event.seq);
    if (event.id === expected) continue;
    report.findings.push({
      problem: 'old_event_id',
      collection: NARRATIVE,
      tenantId: event.tenantId,
      id: event.id,
      detail: `should be ${expected}`,
      action: 'moved',
    });
    if (!fix) {
      pendingMoves.add(`${event.tenantId}/${expected}`);
      continue;
    }
    await moveEvent(db, event, expected, kind);
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
  let checked = 0;
  for (const { tenantId, record: entity } of await everyRecordOf<Versioned>(db, kind)) {
    checked += 1;
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
      if (fix) await removeRecord(db, kind, tenantId, entity.id);
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
      if (fix) await repair(narrative, store, entity, kind.replay?.(db, tenantId));
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
