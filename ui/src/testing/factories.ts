/** Entities as the API returns them, with sensible defaults a test overrides. */
import type {
  AlignmentNode,
  Cycle,
  Deliverable,
  Evidence,
  KeyResult,
  Objective,
  ObjectiveDetail,
  Team,
} from '@throughline/contracts';

export function buildCycle(overrides: Partial<Cycle> = {}): Cycle {
  return {
    id: 'cycle-1',
    name: 'Q4 2026',
    kind: 'quarter',
    startsOn: '2026-10-01',
    endsOn: '2026-12-31',
    state: 'open',
    closedAt: null,
    version: 1,
    ...overrides,
  };
}

export function buildObjective(overrides: Partial<Objective> = {}): Objective {
  return {
    id: 'objective-1',
    cycleId: 'cycle-1',
    title: 'Grow EMEA revenue',
    description: 'EMEA is where we can double this year.',
    level: 'individual',
    ownerId: 'diego',
    teamId: null,
    alignsTo: null,
    contributors: [],
    visibility: 'public',
    state: 'active',
    includeAlignedInProgress: false,
    progress: 0.2,
    status: 'on_track',
    score: null,
    version: 2,
    createdAt: '2026-10-01T09:00:00.000Z',
    updatedAt: '2026-10-01T09:00:00.000Z',
    ...overrides,
  };
}

/** An objective as its page and My OKRs load it, with its key results and deliverables. */
export function buildObjectiveDetail(overrides: Partial<ObjectiveDetail> = {}): ObjectiveDetail {
  return {
    ...buildObjective(),
    keyResults: [],
    deliverables: [],
    learnings: [],
    canEdit: true,
    canAddLearning: true,
    ...overrides,
  };
}

export function buildKeyResult(overrides: Partial<KeyResult> = {}): KeyResult {
  return {
    id: 'kr-1',
    objectiveId: 'objective-1',
    cycleId: 'cycle-1',
    title: 'Sign 5 new enterprise customers',
    ownerId: 'diego',
    coOwnerIds: [],
    updaterIds: [],
    metric: {
      kind: 'number',
      start: 0,
      target: 5,
      current: 1,
      unit: 'customers',
      direction: 'increase',
      milestones: [],
    },
    weight: 1,
    confidence: 6,
    status: 'on_track',
    paceStatus: 'on_track',
    dueDate: null,
    progress: 0.2,
    lastCheckIn: null,
    score: null,
    version: 3,
    createdAt: '2026-10-01T09:00:00.000Z',
    updatedAt: '2026-10-01T09:00:00.000Z',
    ...overrides,
  };
}

export function buildAlignmentNode(
  overrides: Partial<AlignmentNode> & Pick<AlignmentNode, 'id' | 'title'>,
): AlignmentNode {
  return {
    kind: 'objective',
    ownerId: 'alex',
    level: 'team',
    teamId: null,
    progress: 0,
    status: 'on_track',
    children: [],
    ...overrides,
  };
}

export function buildEvidence(overrides: Partial<Evidence> = {}): Evidence {
  return {
    id: 'evidence-1',
    kind: 'email',
    target: { kind: 'keyResult', id: 'kr-1' },
    keyResultId: 'kr-1',
    objectiveId: 'objective-1',
    source: { immutableId: 'AAMk-immutable', internetMessageId: '<signed@fabrikam.example>' },
    snapshot: {
      title: 'Signed order form',
      subject: 'Signed order form – Fabrikam',
      from: { name: 'Kwame Mensah', address: 'kwame@fabrikam.example' },
      receivedAt: '2026-11-02T14:05:00.000Z',
      preview: 'Please find the signed order form attached. We are excited to start.',
    },
    visibility: 'key_result',
    attachedBy: [
      { personId: 'diego', at: '2026-11-02T15:00:00.000Z', note: 'The customer signed' },
    ],
    syncState: 'ok',
    syncCheckedAt: null,
    createdAt: '2026-11-02T15:00:00.000Z',
    removedAt: null,
    // The reader's own copy: they attached it.
    openLink:
      'https://outlook.office.com/owa/?ItemID=AAMk-immutable&exvsurl=1&viewmodel=ReadMessageItem',
    ...overrides,
  };
}

export function buildDeliverable(overrides: Partial<Deliverable> = {}): Deliverable {
  return {
    id: 'deliverable-1',
    objectiveId: 'objective-1',
    keyResultId: 'kr-1',
    cycleId: 'cycle-1',
    title: 'Publish the EMEA pricing page',
    ownerId: 'diego',
    teamId: null,
    dueDate: null,
    state: 'todo',
    dependsOn: [],
    version: 1,
    createdAt: '2026-10-02T09:00:00.000Z',
    updatedAt: '2026-10-02T09:00:00.000Z',
    ...overrides,
  };
}

export function buildTeam(overrides: Partial<Team> & Pick<Team, 'id' | 'name'>): Team {
  return { parentId: null, leadId: 'alex', memberIds: ['alex', 'diego'], version: 1, ...overrides };
}
