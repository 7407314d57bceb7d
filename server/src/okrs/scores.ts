/**
 * Scores: set by an owner in the closing review while the cycle is open (a proposed score),
 * recorded from progress when the cycle closes (with the proposed score as its override),
 * and overridden with a reason afterwards. The computed score stays beside any override.
 */
import type { ProposedScore, Score, ScoreOverrideRequest } from '@throughline/contracts';
import { computedScore } from './progress';

export function recordedScore(
  progress: number,
  scoredAt: string,
  proposed: ProposedScore | null = null,
): Score {
  const computed = computedScore(progress);
  return proposed
    ? {
        computed,
        override: proposed.score,
        reason: proposed.reason,
        final: proposed.score,
        scoredAt,
      }
    : { computed, override: null, reason: null, final: computed, scoredAt };
}

/**
 * What an owner's score changes, and what its event says: before the close it is the score
 * closing will record; after, an override of the recorded one.
 */
export function ownersScore(
  before: { title: string; progress: number; score: Score | null },
  request: ScoreOverrideRequest,
  options: { isCycleOpen: boolean; byId: string; at: string },
) {
  const said = `${request.score.toFixed(1)}`;
  if (options.isCycleOpen || !before.score) {
    const computed = computedScore(before.progress);
    return {
      changes: {
        proposedScore: {
          score: request.score,
          reason: request.reason,
          byId: options.byId,
          at: options.at,
        },
      },
      type: 'score_proposed',
      summary: `set the score of “${before.title}” to ${said} for the close (progress gives ${computed.toFixed(1)} today): ${request.reason}`,
      payload: { computedToday: computed, score: request.score, reason: request.reason },
    };
  }
  const { computed } = before.score;
  return {
    changes: {
      score: {
        ...before.score,
        override: request.score,
        reason: request.reason,
        final: request.score,
      },
    },
    type: 'score_overridden',
    summary: `scored “${before.title}” ${said} (computed ${computed.toFixed(1)}): ${request.reason}`,
    payload: { computed, override: request.score, reason: request.reason },
  };
}
