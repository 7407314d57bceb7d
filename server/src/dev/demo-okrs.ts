/**
 * Demo OKRs for the sandbox's Contoso, written through the real service layer (so every
 * change is versioned and in the narrative) with a clock that walks through the weeks
 * of the current quarter: check-ins get their real history, charts and timelines have
 * something to show. Development only: it is called by the local stack, never by main.ts.
 */
import type { Db } from 'mongodb';
import type { CheckInRequest, Status } from '@throughline/contracts';
import { checkInKeyResult } from '../check-ins/service';
import * as okrs from '../okrs/service';
import { createTeam, recordPersonUnlessKnown, personFields } from '../people/service';
import { ADMIN_ROLE, type Principal } from '../platform/auth/principal';
import type { Context } from '../platform/context';

export interface DemoPerson {
  id: string;
  tenantId: string;
  displayName: string;
  mail: string;
  jobTitle: string;
  department: string;
  managerId: string | null;
  isAdmin: boolean;
}

const DAY = 86_400_000;

function quarterOf(now: Date) {
  const quarterStartMonth = Math.floor(now.getUTCMonth() / 3) * 3;
  const start = new Date(Date.UTC(now.getUTCFullYear(), quarterStartMonth, 1));
  const end = new Date(Date.UTC(now.getUTCFullYear(), quarterStartMonth + 3, 0));
  const fiscalQuarter = ((Math.floor(now.getUTCMonth() / 3) + 2) % 4) + 1; // fiscal year starts in July
  const fiscalYear = now.getUTCMonth() >= 6 ? now.getUTCFullYear() + 1 : now.getUTCFullYear();
  return {
    name: `FY${String(fiscalYear).slice(2)} Q${fiscalQuarter}`,
    startsOn: start.toISOString().slice(0, 10),
    endsOn: end.toISOString().slice(0, 10),
    start,
  };
}

interface KrPlan {
  title: string;
  metric: Parameters<typeof okrs.createKeyResult>[1]['metric'];
  /** Value reached by now as a share of the way to target, and the last reported status. */
  reach: number;
  status: Status;
  notes: string[];
}

interface ObjectivePlan {
  owner: string;
  title: string;
  level: 'company' | 'team' | 'individual';
  team?: string;
  alignTo?: { objective: string; keyResult?: number };
  keyResults: KrPlan[];
  deliverables?: {
    title: string;
    owner?: string;
    dueInDays: number;
    state: 'todo' | 'doing' | 'blocked' | 'done';
    keyResult?: number;
    dependsOn?: { objective: string; keyResult: number };
  }[];
  visibility?: 'public' | 'private';
}

const plans: ObjectivePlan[] = [
  {
    owner: 'Megan Bowen',
    title: 'Become the trusted choice for mid-market customers',
    level: 'company',
    keyResults: [
      {
        title: 'Grow annual recurring revenue',
        metric: { kind: 'currency', currency: 'EUR', start: 12_000_000, target: 15_000_000 },
        reach: 0.55,
        status: 'on_track',
        notes: [
          'Q started strong in DACH.',
          'Two large renewals pulled forward.',
          'Northwind expansion in final legal review.',
        ],
      },
      {
        title: 'Net promoter score',
        metric: { kind: 'number', start: 38, target: 50 },
        reach: 0.4,
        status: 'at_risk',
        notes: ['Survey wave 1 in.', 'Support backlog is hurting detractors.'],
      },
      {
        title: 'Monthly logo churn stays below',
        metric: { kind: 'stay_below', start: 2, target: 2, current: 1.6, unit: '%' },
        reach: 1,
        status: 'on_track',
        notes: ['Churn steady at 1.6%.'],
      },
    ],
  },
  {
    owner: 'Alex Wilber',
    title: 'Grow enterprise revenue in EMEA',
    level: 'team',
    team: 'Sales',
    alignTo: { objective: 'Become the trusted choice for mid-market customers', keyResult: 0 },
    keyResults: [
      {
        title: 'New enterprise logos',
        metric: { kind: 'number', start: 0, target: 12 },
        reach: 0.5,
        status: 'on_track',
        notes: ['Two logos in week one.', 'Contoso Pharma signed.', 'Pipeline coverage 3.1x.'],
      },
      {
        title: 'Qualified pipeline',
        metric: { kind: 'currency', currency: 'EUR', start: 1_000_000, target: 4_000_000 },
        reach: 0.45,
        status: 'at_risk',
        notes: ['Events pipeline slower than planned.', 'Partner-sourced deals picking up.'],
      },
    ],
    deliverables: [
      {
        title: 'Enterprise pricing sheet for partners',
        owner: 'Lynne Robbins',
        dueInDays: -5,
        state: 'done',
        keyResult: 1,
      },
    ],
  },
  {
    owner: 'Diego Siciliani',
    title: 'Win the Northwind renewal and expansion',
    level: 'individual',
    team: 'Sales',
    alignTo: { objective: 'Grow enterprise revenue in EMEA', keyResult: 0 },
    keyResults: [
      {
        title: 'Northwind signed ARR',
        metric: { kind: 'currency', currency: 'EUR', start: 0, target: 200_000 },
        reach: 0.75,
        status: 'on_track',
        notes: [
          'Kick-off with procurement.',
          'Revised proposal sent.',
          'Verbal yes from the CFO.',
          'PO received for phase one.',
        ],
      },
      {
        title: 'Executive sponsor meetings held',
        metric: { kind: 'number', start: 0, target: 4 },
        reach: 0.5,
        status: 'on_track',
        notes: ['Met the COO in Dublin.', 'QBR with the CIO booked.'],
      },
    ],
    deliverables: [
      { title: 'Send the revised proposal', dueInDays: -20, state: 'done', keyResult: 0 },
      {
        title: 'Answer the security questionnaire',
        dueInDays: -2,
        state: 'blocked',
        keyResult: 0,
        dependsOn: { objective: 'Ship enterprise readiness', keyResult: 0 },
      },
      { title: 'Plan the phase-two workshop', dueInDays: 12, state: 'doing', keyResult: 1 },
    ],
  },
  {
    owner: 'Isaiah Langer',
    title: 'Open the Irish public sector market',
    level: 'individual',
    team: 'Sales',
    alignTo: { objective: 'Grow enterprise revenue in EMEA', keyResult: 1 },
    keyResults: [
      {
        title: 'Tender responses submitted',
        metric: { kind: 'number', start: 0, target: 6 },
        reach: 0.2,
        status: 'off_track',
        notes: ['Framework registration still pending.', 'Two tenders out of scope.'],
      },
      {
        title: 'Framework registration complete',
        metric: { kind: 'boolean', target: 1 },
        reach: 0,
        status: 'at_risk',
        notes: ['Waiting on the tax clearance certificate.'],
      },
    ],
  },
  {
    owner: 'Lidia Holloway',
    title: 'Ship enterprise readiness',
    level: 'team',
    team: 'Engineering',
    alignTo: { objective: 'Become the trusted choice for mid-market customers', keyResult: 1 },
    keyResults: [
      {
        title: 'Single sign-on generally available',
        metric: {
          kind: 'milestone',
          target: 1,
          milestones: [
            { title: 'Design review' },
            { title: 'Private preview' },
            { title: 'Security audit' },
            { title: 'General availability' },
          ],
        },
        reach: 0.5,
        status: 'at_risk',
        notes: [
          'Design review done.',
          'Private preview with three customers.',
          'Audit slot moved by two weeks.',
        ],
      },
      {
        title: 'p95 API latency stays below',
        metric: { kind: 'stay_below', start: 300, target: 300, current: 240, unit: 'ms' },
        reach: 1,
        status: 'on_track',
        notes: ['p95 at 240 ms after caching change.'],
      },
      {
        title: 'Availability stays above',
        metric: { kind: 'stay_above', start: 99.9, target: 99.9, current: 99.95, unit: '%' },
        reach: 1,
        status: 'on_track',
        notes: ['One minor incident, within budget.'],
      },
    ],
  },
  {
    owner: 'Adele Vance',
    title: 'Make the platform boringly reliable',
    level: 'team',
    team: 'Platform',
    alignTo: { objective: 'Ship enterprise readiness', keyResult: 2 },
    keyResults: [
      {
        title: 'Pages per week for the on-call engineer',
        metric: { kind: 'number', start: 14, target: 4, direction: 'decrease' },
        reach: 0.6,
        status: 'on_track',
        notes: ['Alert tuning removed noisy disk alerts.', 'Runbooks for the top five pages.'],
      },
      {
        title: 'Services with SLOs defined',
        metric: { kind: 'percent', start: 20, target: 100 },
        reach: 0.45,
        status: 'at_risk',
        notes: ['Payments and search done.', 'Waiting on owners for three services.'],
      },
    ],
  },
  {
    owner: 'Henrietta Mueller',
    title: 'Deliver SAML and SCIM for single sign-on',
    level: 'individual',
    team: 'Platform',
    alignTo: { objective: 'Ship enterprise readiness', keyResult: 0 },
    keyResults: [
      {
        title: 'Identity providers certified',
        metric: { kind: 'number', start: 0, target: 4 },
        reach: 0.5,
        status: 'on_track',
        notes: ['Entra ID certified.', 'Okta in progress.'],
      },
      {
        title: 'SCIM provisioning conformance tests passing',
        metric: { kind: 'percent', start: 0, target: 100 },
        reach: 0.7,
        status: 'on_track',
        notes: ['Groups endpoint done.', 'Patch semantics fixed.'],
      },
    ],
  },
  {
    owner: 'Patti Fernandez',
    title: 'Build a pipeline engine in marketing',
    level: 'team',
    team: 'Marketing',
    alignTo: { objective: 'Become the trusted choice for mid-market customers', keyResult: 0 },
    keyResults: [
      {
        title: 'Marketing-qualified leads',
        metric: { kind: 'number', start: 0, target: 900 },
        reach: 0.52,
        status: 'on_track',
        notes: ['Webinar series doing well.', 'Paid social paused for a week.'],
      },
      {
        title: 'Customer stories published',
        metric: { kind: 'number', start: 0, target: 6 },
        reach: 0.33,
        status: 'at_risk',
        notes: ['Northwind story waiting on their approval.'],
      },
    ],
  },
  {
    owner: 'Nestor Wilke',
    title: 'Run operations that scale with growth',
    level: 'team',
    team: 'Operations',
    alignTo: { objective: 'Become the trusted choice for mid-market customers' },
    keyResults: [
      {
        title: 'Days to close the books',
        metric: { kind: 'number', start: 12, target: 6, direction: 'decrease' },
        reach: 0.5,
        status: 'on_track',
        notes: ['Automated bank reconciliation.', 'Accruals template agreed.'],
      },
      {
        title: 'Supplier contracts renegotiated',
        metric: { kind: 'number', start: 0, target: 10 },
        reach: 0.3,
        status: 'off_track',
        notes: ['Two suppliers pushed to next quarter.'],
      },
    ],
  },
];

function checkInValues(plan: KrPlan, weeks: number): number[] {
  const metric = plan.metric;
  if (metric.kind === 'stay_above' || metric.kind === 'stay_below')
    return Array.from({ length: weeks }, () => metric.current ?? metric.target);
  if (metric.kind === 'boolean')
    return Array.from({ length: weeks }, (_, index) =>
      index === weeks - 1 && plan.reach >= 1 ? 1 : 0,
    );
  const start = metric.start ?? 0;
  const final = start + (metric.target - start) * plan.reach;
  return Array.from({ length: weeks }, (_, index) => {
    const share = (index + 1) / weeks;
    const wobble = index === weeks - 1 ? 0 : Math.sin(index * 1.7) * 0.04 * (metric.target - start);
    const value = start + (final - start) * share + wobble;
    return Math.abs(metric.target - start) >= 100 ? Math.round(value) : Math.round(value * 10) / 10;
  });
}

export async function seedDemoOkrs(
  db: Db,
  tenantId: string,
  people: DemoPerson[],
  now = new Date(),
): Promise<{ seeded: boolean }> {
  const byName = new Map(people.map((person) => [person.displayName, person]));
  const principalOf = (name: string): Principal => {
    const person = byName.get(name);
    if (!person) throw new Error(`no demo person ${name}`);
    return {
      tenantId,
      userId: person.id,
      name,
      username: person.mail,
      roles: person.isAdmin ? [ADMIN_ROLE] : [],
      isAdmin: person.isAdmin,
      assertion: '',
    };
  };
  // People as org sync would leave them; a synced record is never overwritten.
  for (const person of people) {
    await recordPersonUnlessKnown(db, tenantId, {
      id: person.id,
      ...personFields({ ...person, isActive: true }),
    });
  }
  const admin = principalOf('Megan Bowen');
  const quarter = quarterOf(now);
  const at = (time: Date, name: string): Context => ({
    db,
    principal: principalOf(name),
    now: time,
  });
  const setupTime = new Date(quarter.start.getTime() + 2 * DAY);
  if ((await okrs.listCycles({ db, principal: admin, now })).items.length > 0)
    return { seeded: false };

  const cycle = await okrs.createCycle(
    { db, principal: admin, now: setupTime },
    { name: quarter.name, startsOn: quarter.startsOn, endsOn: quarter.endsOn, kind: 'quarter' },
  );
  const teams = new Map<string, string>();
  for (const [name, parent, lead] of [
    ['Sales', null, 'Alex Wilber'],
    ['Engineering', null, 'Lidia Holloway'],
    ['Platform', 'Engineering', 'Adele Vance'],
    ['Apps', 'Engineering', 'Grady Archie'],
    ['Operations', null, 'Nestor Wilke'],
    ['Marketing', null, 'Patti Fernandez'],
  ] as const) {
    const members = people
      .filter((person) => person.managerId === byName.get(lead)!.id || person.displayName === lead)
      .map((person) => person.id);
    const team = await createTeam(db, admin, {
      name,
      parentId: parent ? teams.get(parent)! : null,
      leadId: byName.get(lead)!.id,
      memberIds: members,
    });
    teams.set(name, team.id);
  }

  const objectiveIds = new Map<string, string>();
  const keyResultIds = new Map<string, string[]>();
  for (const plan of plans) {
    const ctx = at(setupTime, plan.owner);
    const parentKrs = plan.alignTo ? keyResultIds.get(plan.alignTo.objective) : undefined;
    const alignsTo = plan.alignTo
      ? plan.alignTo.keyResult !== undefined && parentKrs
        ? { kind: 'keyResult' as const, id: parentKrs[plan.alignTo.keyResult]! }
        : { kind: 'objective' as const, id: objectiveIds.get(plan.alignTo.objective)! }
      : null;
    const objective = await okrs.createObjective(ctx, {
      cycleId: cycle.id,
      title: plan.title,
      level: plan.level,
      teamId: plan.team ? teams.get(plan.team)! : null,
      alignsTo,
      visibility: plan.visibility ?? 'public',
      includeAlignedInProgress: plan.level === 'company',
    });
    objectiveIds.set(plan.title, objective.id);
    const ids: string[] = [];
    for (const kr of plan.keyResults)
      ids.push(
        (
          await okrs.createKeyResult(ctx, {
            objectiveId: objective.id,
            title: kr.title,
            metric: kr.metric,
          })
        ).id,
      );
    keyResultIds.set(plan.title, ids);
  }

  // Weekly check-ins from the first full week until yesterday.
  const weeks = Math.max(
    1,
    Math.min(12, Math.floor((now.getTime() - setupTime.getTime()) / (7 * DAY))),
  );
  for (const plan of plans) {
    const ids = keyResultIds.get(plan.title)!;
    for (const [index, kr] of plan.keyResults.entries()) {
      const values = checkInValues(kr, weeks);
      let version = 1;
      for (let week = 0; week < weeks; week += 1) {
        const time = new Date(
          Math.min(
            now.getTime() - DAY,
            setupTime.getTime() + (week + 1) * 7 * DAY - index * 3600_000,
          ),
        );
        const isLast = week === weeks - 1;
        const request: CheckInRequest = {
          version,
          value: values[week]!,
          confidence: Math.max(
            3,
            Math.min(
              9,
              Math.round(
                6 +
                  (kr.status === 'on_track' ? 2 : kr.status === 'at_risk' ? -1 : -3) *
                    (isLast ? 1 : 0.5),
              ),
            ),
          ),
          status: isLast
            ? kr.status === 'not_started'
              ? 'on_track'
              : (kr.status as CheckInRequest['status'])
            : week < weeks / 2
              ? 'on_track'
              : (kr.status as CheckInRequest['status']),
          note:
            kr.notes[Math.min(kr.notes.length - 1, Math.floor((week / weeks) * kr.notes.length))] ??
            '',
          ...(kr.metric.kind === 'milestone'
            ? {
                milestones: (kr.metric.milestones ?? []).map(
                  (_, position) =>
                    position <
                    Math.round(
                      kr.reach * (kr.metric.milestones ?? []).length * ((week + 1) / weeks),
                    ),
                ),
              }
            : {}),
        };
        const updated = await checkInKeyResult(at(time, plan.owner), ids[index]!, request);
        version = updated.version;
      }
    }
  }

  for (const plan of plans) {
    for (const deliverable of plan.deliverables ?? []) {
      const ids = keyResultIds.get(plan.title)!;
      const ctx = at(new Date(setupTime.getTime() + DAY), plan.owner);
      const dependency = deliverable.dependsOn
        ? [
            {
              kind: 'keyResult' as const,
              id: keyResultIds.get(deliverable.dependsOn.objective)![
                deliverable.dependsOn.keyResult
              ]!,
            },
          ]
        : [];
      const created = await okrs.createDeliverable(ctx, {
        keyResultId: deliverable.keyResult !== undefined ? ids[deliverable.keyResult] : undefined,
        objectiveId: objectiveIds.get(plan.title),
        title: deliverable.title,
        ownerId: byName.get(deliverable.owner ?? plan.owner)!.id,
        dueDate: new Date(now.getTime() + deliverable.dueInDays * DAY).toISOString().slice(0, 10),
        state: deliverable.state === 'done' ? 'doing' : deliverable.state,
        dependsOn: dependency,
      });
      if (deliverable.state === 'done')
        await okrs.updateDeliverable(
          at(new Date(now.getTime() - 3 * DAY), plan.owner),
          created.id,
          { version: created.version, state: 'done' },
        );
    }
  }
  return { seeded: true };
}
