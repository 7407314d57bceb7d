/**
 * The OKR use cases, each in a file of its own: cycles, objectives, key results,
 * deliverables and My OKRs. Every change goes through `editVersioned` or `commitChange`
 * (narrative/versioned.ts), so it is versioned, appended to the narrative and repairable.
 * This index names them for the routes and for the features that build on OKRs.
 */
export {
  closeCycle,
  createCycle,
  currentCycle,
  getCycle,
  listCycles,
  requireOpenCycle,
  updateCycle,
} from './cycles';
export {
  createObjective,
  getObjectiveDetail,
  getVisibleObjective,
  listObjectives,
  objectiveDetailsOf,
  overrideObjectiveScore,
  updateObjective,
  type CreateOptions,
} from './objectives';
export {
  createKeyResult,
  getKeyResultDetail,
  loadKeyResult,
  overrideKeyResultScore,
  updateKeyResult,
} from './key-results';
export { createDeliverable, loadDeliverable, updateDeliverable } from './deliverables';
export { getMyOkrs } from './my-okrs';
export { getCycleReview } from './review';
export { carryOver } from './carry-over';
export { addLearning, learningsOf } from './learnings';
export { checkInTrends, keyResultsOwnedBy, scoresClosedSince } from './trend';
export { getAlignmentTree } from './alignment';
export { isOwnerOrManager } from './permissions';
export { recomputeObjective, refreshAncestors } from './roll-up';
export { teamIds, unique } from './audience';
export { event, requireVersion } from '../narrative/versioned';
