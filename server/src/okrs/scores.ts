/**
 * Scores: recorded from progress when a cycle closes, and overridden by an owner with a
 * reason afterwards. The computed score stays beside the override.
 */
import type { Score, ScoreOverrideRequest } from '@throughline/contracts';
import { AppError } from '../platform/http/errors';
import { computedScore } from './progress';

export function recordedScore(progress: number, scoredAt: string): Score {
  const computed = computedScore(progress);
  return { computed, override: null, reason: null, final: computed, scoredAt };
}

/** The owner's override of a recorded score, with what its event says. */
export function overriddenScore(
  before: { title: string; score: Score | null },
  request: ScoreOverrideRequest,
  what: 'objective' | 'key result',
) {
  if (!before.score)
    throw new AppError(
      'conflict',
      `Scores are recorded when the cycle closes; this ${what} has none yet.`,
    );
  const { computed } = before.score;
  return {
    score: {
      ...before.score,
      override: request.score,
      reason: request.reason,
      final: request.score,
    },
    summary: `scored “${before.title}” ${request.score.toFixed(1)} (computed ${computed.toFixed(1)}): ${request.reason}`,
    payload: { computed, override: request.score, reason: request.reason },
  };
}
