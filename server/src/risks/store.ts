/**
 * The collection risks own: `riskSightings` (when a finding was first seen; insert-only
 * under `{tenant}:{finding id}`). OKRs, people, evidence and the narrative are read through
 * their features' services; the delivery ledger is the platform's (platform/deliveries).
 */
import type { Db } from 'mongodb';
import type { RiskFinding } from '@throughline/contracts';
import { registerIndexes } from '../platform/db/database';
import { TenantStore, isDuplicateKey } from '../platform/db/documents';

export const RISK_SIGHTINGS = 'riskSightings';
registerIndexes(RISK_SIGHTINGS, [
  { key: { tenantId: 1, firstSeenAt: -1 }, name: 'by_first_seen' },
  { key: { tenantId: 1, ownerId: 1, firstSeenAt: -1 }, name: 'by_owner' },
  { key: { tenantId: 1, teamId: 1, firstSeenAt: -1 }, name: 'by_team' },
]);

export interface RiskSighting {
  id: string;
  findingId: string;
  ownerId: string | null;
  teamId: string | null;
  firstSeenAt: string;
  finding: RiskFinding;
}

export function riskStore(db: Db, tenantId: string) {
  const sightings = new TenantStore<RiskSighting>(db, RISK_SIGHTINGS, tenantId);
  /** Which of these findings have a recorded first sighting. */
  const recordedFindingIds = async (findingIds: string[]): Promise<Set<string>> => {
    if (findingIds.length === 0) return new Set();
    const ids = findingIds.map((findingId) => `${tenantId}:${findingId}`);
    const rows = await sightings.findAmong(
      '_id',
      ids,
      {},
      { projection: { findingId: 1 }, limit: 1 },
    );
    return new Set(rows.map((row) => row.findingId));
  };
  return {
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
      const window = { firstSeenAt: { $gte: from, $lt: to } };
      const lists = await Promise.all([
        sightings.findAmong('ownerId', scope.ownerIds ?? [], window, { limit: 5000 }),
        sightings.findAmong('teamId', scope.teamIds ?? [], window, { limit: 5000 }),
      ]);
      const byId = new Map(lists.flat().map((sighting) => [sighting.id, sighting]));
      return [...byId.values()]
        .sort((a, b) => String(a.firstSeenAt).localeCompare(String(b.firstSeenAt)))
        .slice(0, 5000);
    },
  };
}
export type RiskStore = ReturnType<typeof riskStore>;
