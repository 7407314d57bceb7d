/**
 * What other features read of OKRs as records, without the caller's permissions: evidence
 * decides who may see a target, the narrative which events a viewer sees, risk rules and
 * digests run as the system, imports check what exists. Each applies its own rule; OKR
 * pages go through the use cases (cycles.ts, objectives.ts, key-results.ts), which check.
 */
import type { Context } from '../platform/context';
import { okrStoreOf, type StoredKeyResult } from './store';

export type { CheckInFacts, KeyResultTitle, StoredKeyResult } from './store';

export function okrRecords(ctx: Pick<Context, 'db' | 'principal'>) {
  const store = okrStoreOf(ctx);
  return {
    cycle: (id: string) => store.cycles.findById(id),
    objective: (id: string) => store.objectives.findById(id),
    keyResult: (id: string): Promise<StoredKeyResult | null> => store.keyResults.findById(id),
    deliverable: (id: string) => store.deliverables.findById(id),
    hasAnyCycle: async () => (await store.cyclesNewestFirst(1)).length > 0,
    activeObjectivesInCycle: (cycleId: string) => store.activeObjectivesInCycle(cycleId),
    keyResultsInCycle: (cycleId: string) => store.keyResultsInCycle(cycleId),
    activeObjectivesOwnedBy: (ownerId: string, cycleId: string) =>
      store.activeObjectivesOwnedBy(ownerId, cycleId),
    objectivesOfTeams: (cycleId: string, teamIds: string[]) =>
      store.objectivesOfTeams(cycleId, teamIds),
    keyResultsOfPerson: (personId: string, cycleId: string) =>
      store.keyResultsOfPerson(personId, cycleId),
    keyResultsOfObjectives: (objectiveIds: string[]) => store.keyResultsOfObjectives(objectiveIds),
    keyResultsOfTeams: (cycleId: string, teamIds: string[]) =>
      store.keyResultsOfTeams(cycleId, teamIds),
    deliverablesOwnedBy: (ownerId: string, cycleId: string) =>
      store.deliverablesOwnedBy(ownerId, cycleId),
    deliverablesOfObjectives: (objectiveIds: string[]) =>
      store.deliverablesOfObjectives(objectiveIds),
    deliverablesOfTeams: (cycleId: string, teamIds: string[]) =>
      store.deliverablesOfTeams(cycleId, teamIds),
    deliverablesInCycle: (cycleId: string) => store.deliverablesIn(cycleId),
    checkInFactsOf: (keyResultIds: string[]) => store.checkInFactsOf(keyResultIds),
    keyResultTitlesOf: (ids: string[]) => store.keyResultTitlesOf(ids),
    deliverableTitlesOf: (ids: string[]) => store.deliverableTitlesOf(ids),
  };
}
