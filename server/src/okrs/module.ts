/** Cycles, objectives, key results, deliverables, my OKRs and the alignment views. */
import { endpoints as api } from '@throughline/contracts';
import { on } from '../platform/http/endpoints';
import type { FeatureModule } from '../platform/module';
import { getAlignmentTree, getDependencies } from './alignment';
import * as okrs from './service';

export function okrsModule(): FeatureModule {
  return {
    name: 'okrs',
    endpoints: [
      on(api.cycles.list, (ctx) => okrs.listCycles(ctx)),
      on(api.cycles.create, (ctx, { body }) => okrs.createCycle(ctx, body)),
      on(api.cycles.update, (ctx, { params, body }) => okrs.updateCycle(ctx, params.id, body)),
      on(api.cycles.close, (ctx, { params }) => okrs.closeCycle(ctx, params.id)),
      on(api.cycles.review, (ctx, { params, query }) => okrs.getCycleReview(ctx, params.id, query)),
      on(api.cycles.alignmentTree, async (ctx, { params, query }) => {
        await okrs.getCycle(ctx, params.id);
        return getAlignmentTree(ctx, params.id, {
          teamId: query.teamId,
          atRiskOnly: query.atRiskOnly === 'true',
        });
      }),
      on(api.myOkrs, (ctx, { query }) => okrs.getMyOkrs(ctx, query.cycleId)),
      on(api.dependencies, (ctx, { query }) => getDependencies(ctx, query)),
      on(api.objectives.list, (ctx, { query }) => okrs.listObjectives(ctx, query)),
      on(api.objectives.create, (ctx, { body }) => okrs.createObjective(ctx, body)),
      on(api.objectives.get, (ctx, { params }) => okrs.getObjectiveDetail(ctx, params.id)),
      on(api.objectives.update, (ctx, { params, body }) =>
        okrs.updateObjective(ctx, params.id, body),
      ),
      on(api.objectives.overrideScore, (ctx, { params, body }) =>
        okrs.overrideObjectiveScore(ctx, params.id, body),
      ),
      on(api.objectives.carryOver, (ctx, { params, body }) => okrs.carryOver(ctx, params.id, body)),
      on(api.objectives.addLearning, (ctx, { params, body }) =>
        okrs.addLearning(ctx, params.id, body),
      ),
      on(api.keyResults.create, (ctx, { body }) => okrs.createKeyResult(ctx, body)),
      on(api.keyResults.get, (ctx, { params }) => okrs.getKeyResultDetail(ctx, params.id)),
      on(api.keyResults.update, (ctx, { params, body }) =>
        okrs.updateKeyResult(ctx, params.id, body),
      ),
      on(api.keyResults.overrideScore, (ctx, { params, body }) =>
        okrs.overrideKeyResultScore(ctx, params.id, body),
      ),
      on(api.deliverables.create, (ctx, { body }) => okrs.createDeliverable(ctx, body)),
      on(api.deliverables.update, (ctx, { params, body }) =>
        okrs.updateDeliverable(ctx, params.id, body),
      ),
    ],
  };
}
