import type { Db } from 'mongodb';
import { CheckIn, Comment, Cycle, Deliverable, KeyResult, Objective } from '@throughline/contracts';
import { registerIndexes } from '../platform/db/database';
import type { SideEffects } from '../narrative/versioned';
import { kindStore, type RecordKind, type TenantStore } from '../platform/db/documents';

export const CYCLES = 'cycles';
export const OBJECTIVES = 'objectives';
export const KEY_RESULTS = 'keyResults';
export const DELIVERABLES = 'deliverables';
export const CHECK_INS = 'checkIns';
export const COMMENTS = 'comments';

registerIndexes(CYCLES, [{ key: { tenantId: 1, startsOn: -1 }, name: 'by_start' }]);
registerIndexes(OBJECTIVES, [
  { key: { tenantId: 1, cycleId: 1, ownerId: 1 }, name: 'by_cycle_owner' },
  { key: { tenantId: 1, cycleId: 1, teamId: 1 }, name: 'by_cycle_team' },
  { key: { tenantId: 1, 'alignsTo.id': 1 }, name: 'by_parent' },
]);
registerIndexes(KEY_RESULTS, [
  { key: { tenantId: 1, objectiveId: 1 }, name: 'by_objective' },
  { key: { tenantId: 1, cycleId: 1, ownerId: 1 }, name: 'by_cycle_owner' },
]);
registerIndexes(DELIVERABLES, [
  { key: { tenantId: 1, objectiveId: 1 }, name: 'by_objective' },
  { key: { tenantId: 1, cycleId: 1, teamId: 1 }, name: 'by_cycle_team' },
  { key: { tenantId: 1, 'dependsOn.id': 1 }, name: 'by_dependency' },
]);
registerIndexes(CHECK_INS, [
  { key: { tenantId: 1, keyResultId: 1, at: -1 }, name: 'by_key_result' },
]);
registerIndexes(COMMENTS, [{ key: { tenantId: 1, checkInId: 1, at: 1 }, name: 'by_check_in' }]);

/**
 * Key results carry their objective's team so team views need no join, and the
 * versions at which they were checked in (newest last, at most 100): a check-in's id is
 * `{keyResultId}-{version}`, so a key result's check-ins are read by `_id`, which every
 * MongoDB-compatible server looks up directly (FerretDB's SQLite handler pushes down
 * nothing else).
 */
export type StoredKeyResult = KeyResult & {
  teamId: string | null;
  reportedStatus: KeyResult['status'] | null;
  checkInSeqs?: number[];
};

export const MAX_TRACKED_CHECK_INS = 100;
export const checkInId = (keyResultId: string, version: number) => `${keyResultId}-${version}`;

export const cycleKind: RecordKind = {
  name: 'cycle',
  collection: CYCLES,
  schema: Cycle,
  isVersioned: true,
};
export const objectiveKind: RecordKind = {
  name: 'objective',
  collection: OBJECTIVES,
  schema: Objective,
  isVersioned: true,
};
export const keyResultKind: RecordKind = {
  name: 'keyResult',
  collection: KEY_RESULTS,
  schema: KeyResult,
  isVersioned: true,
};
export const deliverableKind: RecordKind = {
  name: 'deliverable',
  collection: DELIVERABLES,
  schema: Deliverable,
  isVersioned: true,
};
/** Check-ins are written from their key result's events, not versioned on their own. */
export const checkInKind: RecordKind = {
  name: 'checkIn',
  collection: CHECK_INS,
  schema: CheckIn,
  isVersioned: false,
};
export const commentKind: RecordKind = {
  name: 'comment',
  collection: COMMENTS,
  schema: Comment,
  isVersioned: true,
};

export const okrStores = (db: Db, tenantId: string) => ({
  cycles: kindStore<Cycle>(db, cycleKind, tenantId),
  objectives: kindStore<Objective>(db, objectiveKind, tenantId),
  keyResults: kindStore<StoredKeyResult>(db, keyResultKind, tenantId),
  deliverables: kindStore<Deliverable>(db, deliverableKind, tenantId),
  checkIns: kindStore<CheckIn>(db, checkInKind, tenantId),
  comments: kindStore<Comment>(db, commentKind, tenantId),
});

/** Re-applies the check-in a key result's event carries (idempotent: the check-in's id is fixed). */
export function checkInReplay(checkIns: TenantStore<CheckIn>): SideEffects {
  return {
    async apply(stored) {
      const checkIn = stored.payload.checkIn as CheckIn | undefined;
      if (checkIn) await checkIns.insertOnce(checkIn);
    },
  };
}
export type OkrStores = ReturnType<typeof okrStores>;
