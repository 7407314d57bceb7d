/**
 * Why an objective someone else owns is in My OKRs: it was shared with the reader as a
 * contributor, in person or through one of their teams (horizontal alignment). An objective
 * that is there only because the reader owns, co-owns or updates one of its key results is
 * not "shared": it is theirs to work on, and its key results say so.
 */
import type { Objective, Team } from '@throughline/contracts';

export type SharedWithMe =
  | { kind: 'person' }
  /** Through this team of theirs; the first of their teams among the contributors. */
  | { kind: 'team'; team: Team };

export function sharedWithMe(
  objective: Pick<Objective, 'ownerId' | 'contributors'>,
  myPersonId: string,
  myTeams: readonly Team[],
): SharedWithMe | null {
  if (objective.ownerId === myPersonId) return null;
  const isNamed = objective.contributors.some(
    (contributor) => contributor.kind === 'person' && contributor.id === myPersonId,
  );
  if (isNamed) return { kind: 'person' };
  for (const contributor of objective.contributors) {
    if (contributor.kind !== 'team') continue;
    const team = myTeams.find((candidate) => candidate.id === contributor.id);
    if (team) return { kind: 'team', team };
  }
  return null;
}

/** Whether telling if it is shared needs the reader's teams: it names teams and not them. */
export function needsMyTeams(
  objective: Pick<Objective, 'ownerId' | 'contributors'>,
  myPersonId: string,
): boolean {
  return (
    objective.ownerId !== myPersonId &&
    objective.contributors.some((contributor) => contributor.kind === 'team') &&
    sharedWithMe(objective, myPersonId, []) === null
  );
}
