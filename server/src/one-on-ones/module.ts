/** 1-on-1s: detected from calendars, with prep cards, shared notes and action items. */
import { endpoints as api } from '@throughline/contracts';
import { on } from '../platform/http/endpoints';
import type { FeatureModule, ModuleDeps } from '../platform/module';
import type { DeliveryJobDeps } from '../risks/digest-job';
import { runPrepCards } from './prep-job';
import {
  addNote,
  createActionItem,
  getOneOnOne,
  getOneOnOneByChat,
  getOneOnOneByEvent,
  listMyOneOnOnes,
  updateActionItem,
  type OneOnOneDeps,
} from './service';

export function oneOnOnesModule(deps: ModuleDeps): FeatureModule {
  const graphFor = (tenantId: string) => deps.graph.forApp(tenantId);
  const feature: OneOnOneDeps = {
    graphFor,
    publicUrl: deps.config.publicUrl,
    teamsAppId: deps.config.TEAMS_APP_ID,
    log: deps.log,
  };
  const jobDeps: DeliveryJobDeps = { ...deps, graphFor };
  return {
    name: 'one-on-ones',
    endpoints: [
      on(api.oneOnOnes.list, (ctx, { query }) => listMyOneOnOnes(ctx, feature, query)),
      on(api.oneOnOnes.get, (ctx, { params }) => getOneOnOne(ctx, feature, params.id)),
      on(api.oneOnOnes.byEvent, (ctx, { params }) =>
        getOneOnOneByEvent(ctx, feature, params.eventId),
      ),
      on(api.oneOnOnes.byChat, (ctx, { params }) => getOneOnOneByChat(ctx, feature, params.chatId)),
      on(api.oneOnOnes.addNote, (ctx, { params, body }) => addNote(ctx, params.id, body)),
      on(api.oneOnOnes.addActionItem, (ctx, { params, body }) =>
        createActionItem(ctx, params.id, body),
      ),
      on(api.oneOnOnes.updateActionItem, (ctx, { params, body }) =>
        updateActionItem(ctx, params.id, params.itemId, body),
      ),
    ],
    jobs: [
      // Every five minutes, so a card arrives close to its lead time before the meeting.
      {
        name: 'prep-cards',
        intervalMs: 5 * 60_000,
        run: async (now) => void (await runPrepCards(jobDeps, now)),
      },
    ],
    tenantJobs: [
      { name: 'prep-cards', run: (now, options) => runPrepCards(jobDeps, now, options) },
    ],
  };
}
