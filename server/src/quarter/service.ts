/**
 * The business review of a team (with its sub-teams) or of one person for a cycle: what
 * leaders used to assemble by hand from Excel lists and PowerPoint. Everything in it is read
 * as the caller, through the same rules as every other page: objectives they may not see
 * are not in it, and a footnote exists only for evidence they may open.
 */
import type {
  AlignmentNode,
  BusinessReview,
  BusinessReviewQuery,
  Evidence,
  Footnote,
  ObjectiveDetail,
  ReviewedDeliverable,
  ReviewedObjective,
} from '@throughline/contracts';
import type { z } from 'zod';
import { evidenceOfShownKeyResults } from '../evidence/service';
import * as okrs from '../okrs/service';
import { findPerson, findTeam, namesOf } from '../people/service';
import type { Context } from '../platform/context';
import { AppError, notFound } from '../platform/http/errors';
import { getRisks } from '../risks/service';

type Query = z.output<typeof BusinessReviewQuery>;

const severityRank = { critical: 0, warning: 1, info: 2 } as const;

export async function getBusinessReview(ctx: Context, query: Query): Promise<BusinessReview> {
  const cycle = await okrs.getCycle(ctx, query.cycleId);
  const { scope, objectives: placed } = query.teamId
    ? await teamObjectives(ctx, query.cycleId, query.teamId)
    : await personObjectives(ctx, query.cycleId, query.personId!);
  const depthOf = new Map(placed.map(({ id, depth }) => [id, depth]));
  const details = (
    await okrs.objectiveDetailsOf(
      ctx,
      placed.map(({ id }) => id),
    )
  ).map((detail) => ({
    depth: depthOf.get(detail.id) ?? 0,
    detail: query.personId ? onlyTheirs(detail, query.personId) : detail,
  }));
  const shown = details.flatMap(({ detail }) => detail.keyResults);
  const [evidenceOf, trends] = await Promise.all([
    evidenceOfShownKeyResults(
      ctx,
      shown,
      new Map(
        details.flatMap(({ detail }) =>
          detail.deliverables.map((deliverable) => [deliverable.id, deliverable.ownerId] as const),
        ),
      ),
    ),
    okrs.checkInTrends(ctx, shown, cycle),
  ]);
  const names = await namesOf(
    ctx,
    details.flatMap(({ detail }) => [
      detail.ownerId,
      ...detail.keyResults.map((keyResult) => keyResult.ownerId),
      ...detail.deliverables.map((deliverable) => deliverable.ownerId),
      ...detail.learnings.map((learning) => learning.authorId),
    ]),
  );
  const nameOf = (id: string) => names.get(id) ?? 'Someone who left';
  const teamNames = new Map<string, string>();
  for (const teamId of new Set(details.map(({ detail }) => detail.teamId).filter(Boolean))) {
    const team = await findTeam(ctx, teamId!);
    if (team) teamNames.set(team.id, team.name);
  }

  const footnotes: Footnote[] = [];
  const footnoteOf = new Map<string, number>();
  const objectives: ReviewedObjective[] = [];
  for (const { depth, detail } of details) {
    const keyResults = [];
    for (const keyResult of detail.keyResults) {
      const trend = trends.get(keyResult.id) ?? [];
      const numbers = (evidenceOf.get(keyResult.id) ?? []).map((item) => {
        if (!footnoteOf.has(item.id)) {
          footnoteOf.set(item.id, footnotes.length + 1);
          footnotes.push(footnoteFor(item, footnotes.length + 1, nameOf));
        }
        return footnoteOf.get(item.id)!;
      });
      keyResults.push({
        id: keyResult.id,
        title: keyResult.title,
        ownerName: nameOf(keyResult.ownerId),
        metric: keyResult.metric,
        progress: keyResult.progress,
        status: keyResult.status,
        score: keyResult.score,
        trend,
        footnotes: numbers,
      });
    }
    objectives.push({
      id: detail.id,
      title: detail.title,
      level: detail.level,
      ownerName: nameOf(detail.ownerId),
      teamName: detail.teamId ? (teamNames.get(detail.teamId) ?? null) : null,
      depth,
      progress: detail.progress,
      status: detail.status,
      score: detail.score,
      keyResults,
      learnings: detail.learnings.map((learning) => ({
        ...learning,
        authorName: nameOf(learning.authorId),
      })),
    });
  }

  const risks = (
    await getRisks(ctx, {
      cycleId: cycle.id,
      ...(query.teamId ? { teamId: query.teamId } : { personId: query.personId }),
    })
  ).findings
    .filter((finding) => finding.severity !== 'info')
    .sort((a, b) => severityRank[a.severity] - severityRank[b.severity])
    .map((finding) => ({
      subjectTitle: finding.subject.title,
      severity: finding.severity,
      explanation: finding.explanation,
    }));

  const deliverables = details.flatMap(({ detail }) =>
    detail.deliverables.map((deliverable): ReviewedDeliverable => ({
      id: deliverable.id,
      title: deliverable.title,
      ownerName: nameOf(deliverable.ownerId),
      objectiveTitle: detail.title,
      state: deliverable.state,
      dueDate: deliverable.dueDate,
    })),
  );
  const keyResults = objectives.flatMap((objective) => objective.keyResults);
  const scored = keyResults.filter((keyResult) => keyResult.score);
  return {
    cycle,
    scope,
    generatedAt: ctx.now.toISOString(),
    summary: {
      objectives: objectives.length,
      keyResults: keyResults.length,
      averageProgress: mean(objectives.map((objective) => objective.progress)),
      averageScore:
        scored.length > 0 ? mean(scored.map((keyResult) => keyResult.score!.final)) : null,
    },
    objectives,
    risks,
    deliverables: {
      done: deliverables.filter((deliverable) => deliverable.state === 'done'),
      blocked: deliverables.filter((deliverable) => deliverable.state === 'blocked'),
    },
    footnotes,
  };
}

const mean = (values: number[]) =>
  values.length === 0
    ? 0
    : Math.round((values.reduce((sum, value) => sum + value, 0) / values.length) * 100) / 100;

function footnoteFor(item: Evidence, number: number, nameOf: (id: string) => string): Footnote {
  const { snapshot } = item;
  const attached = item.attachedBy[0];
  const title = snapshot.subject ?? snapshot.fileName ?? snapshot.title;
  const from = snapshot.from?.name ?? (attached ? nameOf(attached.personId) : 'Someone');
  const on = (snapshot.receivedAt ?? snapshot.modifiedAt ?? attached?.at ?? item.createdAt).slice(
    0,
    10,
  );
  return { number, kind: item.kind, title, from, on };
}

/** A team's slice of the alignment tree, each objective with how deep it sits. */
async function teamObjectives(ctx: Context, cycleId: string, teamId: string) {
  const team = await findTeam(ctx, teamId);
  if (!team) throw notFound('That team', 'team_not_found');
  const tree = await okrs.getAlignmentTree(ctx, cycleId, { teamId, atRiskOnly: false });
  const objectives: { id: string; depth: number }[] = [];
  const walk = (nodes: AlignmentNode[], depth: number) => {
    for (const node of nodes) {
      if (node.kind === 'objective') objectives.push({ id: node.id, depth });
      walk(node.children, node.kind === 'objective' ? depth + 1 : depth);
    }
  };
  walk(tree.roots, 0);
  return { scope: { kind: 'team' as const, id: team.id, name: team.name }, objectives };
}

/**
 * One person's quarter — what they committed to (their objectives, and the key results they
 * own on others'), for themselves and the people above them in the org chart.
 */
async function personObjectives(ctx: Context, cycleId: string, personId: string) {
  const person = await findPerson(ctx, personId);
  if (!person) throw notFound('That person', 'person_not_found');
  if (!(await okrs.isOwnerOrManager(ctx, personId)))
    throw new AppError(
      'forbidden',
      'A person’s quarter is read by them, their managers and admins.',
    );
  const owned = await okrs.listObjectives(ctx, { cycleId, ownerId: personId, limit: 100 });
  const ids = new Set(owned.items.map((objective) => objective.id));
  const objectives = owned.items.map((objective) => ({ id: objective.id, depth: 0 }));
  const theirs = await okrs.keyResultsOwnedBy(ctx, personId, cycleId);
  for (const objectiveId of new Set(theirs.map((keyResult) => keyResult.objectiveId)))
    if (!ids.has(objectiveId)) objectives.push({ id: objectiveId, depth: 0 });
  return {
    scope: { kind: 'person' as const, id: person.id, name: person.displayName },
    objectives,
  };
}

/** Keeps only what a person's quarter is about, when the objective is someone else's. */
function onlyTheirs(detail: ObjectiveDetail, personId: string): ObjectiveDetail {
  if (detail.ownerId === personId) return detail;
  return {
    ...detail,
    keyResults: detail.keyResults.filter((keyResult) => keyResult.ownerId === personId),
    deliverables: detail.deliverables.filter((deliverable) => deliverable.ownerId === personId),
  };
}
