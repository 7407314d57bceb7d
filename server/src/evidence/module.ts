/** Evidence: emails, documents, meetings and links attached to key results and deliverables. */
import { endpoints as api } from '@throughline/contracts';
import { on, reply } from '../platform/http/endpoints';
import type { FeatureModule, ModuleDeps } from '../platform/module';
import type { Context } from '../platform/context';
import { searchDocuments } from './document-search';
import * as evidence from './service';

export function evidenceModule(
  deps: ModuleDeps & { watcher?: evidence.SourceWatcher },
): FeatureModule {
  const withGraph = (ctx: Context) => ({ ...ctx, graph: deps.graph, watcher: deps.watcher });
  // A new record answers 201, the existing one (attached before, by anyone) 200.
  const sent = <T>(result: { evidence: T; isNew: boolean }) =>
    reply(result.isNew ? 201 : 200, result.evidence);
  return {
    name: 'evidence',
    endpoints: [
      on(api.evidence.attachEmail, async (ctx, { body }) =>
        sent(await evidence.attachEmailEvidence(withGraph(ctx), body)),
      ),
      on(api.evidence.attachDocument, async (ctx, { body }) =>
        sent(await evidence.attachDocumentEvidence(withGraph(ctx), body)),
      ),
      on(api.evidence.attachMeeting, async (ctx, { body }) =>
        sent(await evidence.attachMeetingEvidence(withGraph(ctx), body)),
      ),
      on(api.evidence.attachLink, async (ctx, { body }) =>
        sent(await evidence.attachLinkEvidence(withGraph(ctx), body)),
      ),
      on(api.evidence.searchDocuments, (ctx, { query }) =>
        searchDocuments(deps.graph, ctx.principal, query),
      ),
      on(api.evidence.list, (ctx, { query }) => evidence.listEvidence(ctx, query)),
      on(api.evidence.byMessage, (ctx, { query }) => evidence.findEmailEvidence(ctx, query)),
      on(api.evidence.get, (ctx, { params }) => evidence.getEvidence(ctx, params.id)),
      on(api.evidence.myCopy, (ctx, { params }) => evidence.findMyCopy(withGraph(ctx), params.id)),
      on(api.evidence.remove, (ctx, { params }) => evidence.removeEvidence(ctx, params.id)),
    ],
  };
}
