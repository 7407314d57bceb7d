/**
 * The one rule for what a person may see of the narrative, used by every path that shows
 * events: timelines (key result, objective, person, team), the weekly digest and the
 * 1-on-1 prep card.
 *
 * - An event of a private objective the viewer may not see is left out.
 * - An event about evidence the viewer may not see (restricted to the owner and their
 *   manager, or no longer readable) keeps its type, time, actor and target, and loses its
 *   content: the summary says what happened without the title, and the payload keeps only
 *   the evidence id, kind and target.
 *
 * Whether the viewer may see an evidence item is decided by `canSeeEvidence`, the same
 * function the evidence routes use.
 */
import type { Objective } from '@throughline/contracts';
import { canSeeEvidenceAmong } from '../evidence/service';
import { canSeeObjective } from '../okrs/permissions';
import { okrRecords } from '../okrs/records';
import type { Context } from '../platform/context';

export interface ShownEvent {
  type: string;
  subject: { kind: string; id: string };
  objectiveId: string | null;
  summary: string;
  payload: Record<string, unknown>;
}

const restrictedSummary = new Map([
  ['evidence.attached', 'attached evidence that only its owner and their manager can see'],
  ['evidence.removed', 'removed evidence that only its owner and their manager can see'],
]);

export async function visibleEventsFor<E extends ShownEvent>(
  ctx: Context,
  events: E[],
): Promise<E[]> {
  const okrs = okrRecords(ctx);
  const objectiveVerdicts = new Map<string, Promise<boolean>>();
  const canSee = (objectiveId: string) => {
    if (!objectiveVerdicts.has(objectiveId))
      objectiveVerdicts.set(
        objectiveId,
        okrs
          .objective(objectiveId)
          .then(async (objective: Objective | null) =>
            objective ? canSeeObjective(ctx, objective) : false,
          ),
      );
    return objectiveVerdicts.get(objectiveId)!;
  };
  const evidenceVerdicts = canSeeEvidenceAmong(ctx, [
    ...new Set(
      events.filter((event) => event.subject.kind === 'evidence').map((event) => event.subject.id),
    ),
  ]);
  // Awaited only by the events that get that far; a failure still reaches those.
  evidenceVerdicts.catch(() => undefined);
  const canSeeItem = async (evidenceId: string) =>
    (await evidenceVerdicts).get(evidenceId) ?? false;
  // Every verdict at once (each objective and item is asked once), the events in their order.
  const verdicts = await Promise.all(
    events.map(async (event) => {
      if (event.objectiveId && !(await canSee(event.objectiveId))) return 'hidden' as const;
      if (event.subject.kind === 'evidence' && !(await canSeeItem(event.subject.id)))
        return 'redacted' as const;
      return 'shown' as const;
    }),
  );
  return events.flatMap((event, index) =>
    verdicts[index] === 'hidden'
      ? []
      : [verdicts[index] === 'redacted' ? withoutContent(event) : event],
  );
}

function withoutContent<E extends ShownEvent>(event: E): E {
  const { payload } = event;
  return {
    ...event,
    summary:
      restrictedSummary.get(event.type) ??
      'changed evidence that only its owner and their manager can see',
    payload: {
      evidenceId: event.subject.id,
      kind: payload.kind ?? null,
      target: payload.target ?? null,
      isRestricted: true,
    },
  };
}
