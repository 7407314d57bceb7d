/**
 * The permission rules as pure functions of a viewer: no database, only the facts a
 * request loads once — who the caller is, whom they manage, which teams they are in.
 */
import type { KeyResult, Objective } from '@throughline/contracts';
import {
  buildKeyResult as keyResultFixture,
  buildObjective as objectiveFixture,
} from '../../../ui/src/testing/factories';
import {
  canCheckIn,
  canEditKeyResult,
  canEditObjective,
  canSeeObjective,
  isOwnerOrManager,
} from '../../src/okrs/permissions';
import { reportingLineIn, type Viewer } from '../../src/okrs/viewer';

function buildViewer(overrides: Partial<Viewer> = {}): Viewer {
  return {
    id: 'viewer',
    tenantId: 'tenant',
    isAdmin: false,
    reportingLine: new Set(),
    teamIds: new Set(),
    ...overrides,
  };
}

// The same records the front ends' tests use, owned by 'owner' here.
const buildObjective = (overrides: Partial<Objective> = {}): Objective =>
  objectiveFixture({ id: 'objective', cycleId: 'cycle', ownerId: 'owner', ...overrides });
const buildKeyResult = (overrides: Partial<KeyResult> = {}): KeyResult =>
  keyResultFixture({ id: 'key-result', objectiveId: 'objective', ownerId: 'owner', ...overrides });

const privateObjective = (overrides: Partial<Objective> = {}) =>
  buildObjective({ visibility: 'private', ...overrides });

describe('who may see an objective', () => {
  it('shows a public objective to anyone in the tenant', () => {
    expect(canSeeObjective(buildViewer(), buildObjective())).toBe(true);
  });

  it('hides a private objective from a peer', () => {
    expect(canSeeObjective(buildViewer(), privateObjective())).toBe(false);
  });

  it('shows a private objective to its owner, an admin and anyone above the owner', () => {
    expect(canSeeObjective(buildViewer({ id: 'owner' }), privateObjective())).toBe(true);
    expect(canSeeObjective(buildViewer({ isAdmin: true }), privateObjective())).toBe(true);
    const skipLevelManager = buildViewer({ reportingLine: new Set(['lead', 'owner']) });
    expect(canSeeObjective(skipLevelManager, privateObjective())).toBe(true);
  });

  it('hides a private objective from the owner’s reports', () => {
    const report = buildViewer({ id: 'report' });
    expect(canSeeObjective(report, privateObjective())).toBe(false);
  });

  it('shows a private objective to a contributing person and the members of a contributing team', () => {
    const shared = privateObjective({
      contributors: [
        { kind: 'person', id: 'helper' },
        { kind: 'team', id: 'platform' },
      ],
    });
    expect(canSeeObjective(buildViewer({ id: 'helper' }), shared)).toBe(true);
    expect(canSeeObjective(buildViewer({ teamIds: new Set(['platform']) }), shared)).toBe(true);
    expect(canSeeObjective(buildViewer({ teamIds: new Set(['apps']) }), shared)).toBe(false);
  });

  it('does not take a person contributor with a team’s id for that team', () => {
    const shared = privateObjective({ contributors: [{ kind: 'person', id: 'platform' }] });
    expect(canSeeObjective(buildViewer({ teamIds: new Set(['platform']) }), shared)).toBe(false);
  });
});

describe('who may change an objective', () => {
  it('lets the owner, their managers and admins edit, and nobody else', () => {
    const objective = buildObjective();
    expect(canEditObjective(buildViewer({ id: 'owner' }), objective)).toBe(true);
    expect(canEditObjective(buildViewer({ reportingLine: new Set(['owner']) }), objective)).toBe(
      true,
    );
    expect(canEditObjective(buildViewer({ isAdmin: true }), objective)).toBe(true);
    expect(canEditObjective(buildViewer(), objective)).toBe(false);
  });

  it('does not let a contributor edit what they may see', () => {
    const shared = buildObjective({ contributors: [{ kind: 'person', id: 'viewer' }] });
    expect(canEditObjective(buildViewer(), shared)).toBe(false);
  });
});

describe('who may change a key result and check in', () => {
  const objective = buildObjective({ ownerId: 'objective-owner' });

  it('lets co-owners, the key result’s owner and the objective owner’s managers edit', () => {
    const keyResult = buildKeyResult({ ownerId: 'kr-owner', coOwnerIds: ['co-owner'] });
    expect(canEditKeyResult(buildViewer({ id: 'co-owner' }), keyResult, objective)).toBe(true);
    expect(canEditKeyResult(buildViewer({ id: 'kr-owner' }), keyResult, objective)).toBe(true);
    const aboveObjectiveOwner = buildViewer({ reportingLine: new Set(['objective-owner']) });
    expect(canEditKeyResult(aboveObjectiveOwner, keyResult, objective)).toBe(true);
    expect(canEditKeyResult(buildViewer(), keyResult, objective)).toBe(false);
  });

  it('lets the people allowed to update a key result check in, but not edit it', () => {
    const keyResult = buildKeyResult({ updaterIds: ['updater'] });
    const updater = buildViewer({ id: 'updater' });
    expect(canCheckIn(updater, keyResult, objective)).toBe(true);
    expect(canEditKeyResult(updater, keyResult, objective)).toBe(false);
  });

  it('lets everyone who may edit a key result check in', () => {
    const keyResult = buildKeyResult({ coOwnerIds: ['co-owner'] });
    expect(canCheckIn(buildViewer({ id: 'co-owner' }), keyResult, objective)).toBe(true);
    expect(canCheckIn(buildViewer({ isAdmin: true }), keyResult, objective)).toBe(true);
    expect(canCheckIn(buildViewer(), keyResult, objective)).toBe(false);
  });
});

describe('owner or manager', () => {
  it('counts anyone in the viewer’s reporting line, however far down', () => {
    const viewer = buildViewer({ reportingLine: new Set(['direct', 'two-down', 'five-down']) });
    expect(isOwnerOrManager(viewer, 'five-down')).toBe(true);
    expect(isOwnerOrManager(viewer, 'viewer')).toBe(true);
    expect(isOwnerOrManager(viewer, 'peer')).toBe(false);
  });
});

describe('the reporting line', () => {
  const person = (id: string, managerId: string | null) => ({ id, managerId });

  it('holds everyone below the person, however many levels down, and nobody beside or above', () => {
    const people = [
      person('ceo', null),
      person('vp', 'ceo'),
      person('lead', 'vp'),
      person('engineer', 'lead'),
      person('peer', 'ceo'),
    ];
    expect([...reportingLineIn(people, 'vp')].sort()).toEqual(['engineer', 'lead']);
    expect(reportingLineIn(people, 'engineer').size).toBe(0);
  });

  it('looks twelve levels down, as far as the manager chain looks up', () => {
    const chain = Array.from({ length: 14 }, (_, level) =>
      person(`level-${level}`, level === 0 ? null : `level-${level - 1}`),
    );
    const line = reportingLineIn(chain, 'level-0');
    expect(line.has('level-12')).toBe(true);
    expect(line.has('level-13')).toBe(false);
  });

  it('ends where a loop in the org data closes', () => {
    const people = [person('a', 'b'), person('b', 'a'), person('c', 'b')];
    expect([...reportingLineIn(people, 'a')].sort()).toEqual(['b', 'c']);
  });
});
