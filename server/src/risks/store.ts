/**
 * What the risk rules and the digest read, and the two collections they own:
 * `riskSightings` (when a finding was first seen; insert-only under `{tenant}:{finding id}`)
 * and `deliveries` (see deliveries.ts). Reads of other features' collections go through
 * TenantStore, so the tenant filter is never forgotten.
 */
import type { Db, Document } from 'mongodb';
import type { CheckIn, RiskFinding } from '@throughline/contracts';
import { evidenceStore } from '../evidence/store';
import { NARRATIVE, type StoredEvent } from '../narrative/store';
import { okrStores } from '../okrs/store';
import { peopleStore } from '../people/store';
import { registerIndexes } from '../platform/db/database';
import { TenantStore, isDuplicateKey } from '../platform/db/documents';

export const RISK_SIGHTINGS = 'riskSightings';
registerIndexes(RISK_SIGHTINGS, [
  { key: { tenantId: 1, firstSeenAt: -1 }, name: 'by_first_seen' },
  { key: { tenantId: 1, ownerId: 1, firstSeenAt: -1 }, name: 'by_owner' },
]);
registerIndexes(NARRATIVE, [{ key: { tenantId: 1, type: 1, at: -1 }, name: 'by_type' }]);

export interface RiskSighting {
  id: string;
  findingId: string;
  ownerId: string | null;
  teamId: string | null;
  firstSeenAt: string;
  finding: RiskFinding;
}

type NarrativeRow = Omit<StoredEvent, 'state'>;

export function riskStore(db: Db, tenantId: string) {
  const okrs = okrStores(db, tenantId);
  const narrative = new TenantStore<NarrativeRow & { id: string }>(db, NARRATIVE, tenantId);
  const sightings = new TenantStore<RiskSighting>(db, RISK_SIGHTINGS, tenantId);
  const withoutState = { projection: { state: 0 } };
  /** Which of these findings have a recorded first sighting. */
  const recordedFindingIds = async (findingIds: string[]): Promise<Set<string>> => {
    if (findingIds.length === 0) return new Set();
    const ids = findingIds.map((findingId) => `${tenantId}:${findingId}`);
    const rows = await sightings.find(
      { _id: { $in: ids as never[] } },
      { projection: { findingId: 1 }, limit: ids.length },
    );
    return new Set(rows.map((row) => row.findingId));
  };
  return {
    okrs,
    people: peopleStore(db, tenantId),

    async checkInsOf(
      keyResultIds: string[],
    ): Promise<
      Pick<
        CheckIn,
        | 'keyResultId'
        | 'value'
        | 'previousValue'
        | 'confidence'
        | 'previousConfidence'
        | 'status'
        | 'at'
        | 'progress'
      >[]
    > {
      if (keyResultIds.length === 0) return [];
      // One read for all key results: on FerretDB every find scans, so one scan beats one per key result.
      return okrs.checkIns.find(
        { keyResultId: { $in: keyResultIds } },
        {
          projection: {
            keyResultId: 1,
            value: 1,
            previousValue: 1,
            confidence: 1,
            previousConfidence: 1,
            status: 1,
            at: 1,
            progress: 1,
          },
          limit: 20_000,
        },
      );
    },

    async evidenceEventsSince(keyResultIds: string[], since: Date): Promise<NarrativeRow[]> {
      if (keyResultIds.length === 0) return [];
      return narrative.find(
        { type: 'evidence.attached', keyResultId: { $in: keyResultIds }, at: { $gte: since } },
        { ...withoutState, sort: { at: 1 }, limit: 5000 },
      );
    },

    /** Which of these evidence items are attached now (not removed). */
    async stillAttachedEvidenceIds(evidenceIds: string[]): Promise<Set<string>> {
      const ids = [...new Set(evidenceIds)];
      if (ids.length === 0) return new Set();
      const rows = await evidenceStore(db, tenantId).find(
        { _id: { $in: ids as never[] }, removedAt: null },
        { projection: { removedAt: 1 }, limit: ids.length },
      );
      return new Set(rows.filter((row) => !row.removedAt).map((row) => row.id));
    },

    /** Narrative events in [from, to) naming any of the people, or any of the teams. */
    async eventsBetween(
      scope: { personIds?: string[]; teamIds?: string[]; keyResultIds?: string[] },
      from: Date,
      to: Date,
    ): Promise<NarrativeRow[]> {
      const or: Document[] = [];
      if (scope.personIds?.length) or.push({ personIds: { $in: scope.personIds } });
      if (scope.teamIds?.length) or.push({ teamIds: { $in: scope.teamIds } });
      if (scope.keyResultIds?.length) or.push({ keyResultId: { $in: scope.keyResultIds } });
      if (or.length === 0) return [];
      return narrative.find(
        { $or: or, at: { $gte: from, $lt: to } },
        { ...withoutState, sort: { at: 1 }, limit: 10_000 },
      );
    },

    async keyResultsByIds(ids: string[]) {
      return ids.length
        ? okrs.keyResults.find(
            { _id: { $in: ids as never[] } },
            { projection: { title: 1, metric: 1, objectiveId: 1 }, limit: ids.length },
          )
        : [];
    },

    async deliverablesByIds(ids: string[]) {
      return ids.length
        ? okrs.deliverables.find(
            { _id: { $in: ids as never[] } },
            { projection: { title: 1 }, limit: ids.length },
          )
        : [];
    },

    async namesOf(ids: string[]): Promise<Map<string, string>> {
      if (ids.length === 0) return new Map();
      const people = await peopleStore(db, tenantId).find(
        { _id: { $in: ids as never[] } },
        { projection: { displayName: 1 }, limit: ids.length },
      );
      return new Map(people.map((person) => [person.id, person.displayName]));
    },

    recordedFindingIds,

    /** Records first sightings; findings seen before keep their first date. */
    async recordSightings(findings: RiskFinding[], now: Date): Promise<void> {
      if (findings.length === 0) return;
      const known = await recordedFindingIds(findings.map((finding) => finding.id));
      for (const finding of findings) {
        const id = `${tenantId}:${finding.id}`;
        if (known.has(finding.id)) continue;
        try {
          await sightings.insert({
            id,
            findingId: finding.id,
            ownerId: finding.ownerId,
            teamId: finding.teamId,
            firstSeenAt: now.toISOString(),
            finding,
          });
        } catch (error) {
          // Someone else recorded it first: their date stands.
          if (!(
            error instanceof Error &&
            (isDuplicateKey(error) || (error as { code?: string }).code === 'already_exists')
          ))
            throw error;
        }
      }
    },

    /** Risks first seen in [from, to) whose owner is one of the people or whose team is one of the teams. */
    async sightingsFirstSeenBetween(
      scope: { ownerIds?: string[]; teamIds?: string[] },
      from: Date,
      to: Date,
    ): Promise<RiskSighting[]> {
      const or: Document[] = [];
      if (scope.ownerIds?.length) or.push({ ownerId: { $in: scope.ownerIds } });
      if (scope.teamIds?.length) or.push({ teamId: { $in: scope.teamIds } });
      if (or.length === 0) return [];
      return sightings.find(
        { $or: or, firstSeenAt: { $gte: from, $lt: to } },
        { sort: { firstSeenAt: 1 }, limit: 5000 },
      );
    },
  };
}
export type RiskStore = ReturnType<typeof riskStore>;
