import { Router } from 'express';
import { z } from 'zod';
import {
  AttachDocumentRequest,
  AttachEmailRequest,
  AttachLinkRequest,
  AttachMeetingRequest,
  Evidence,
  EvidenceByMessageQuery,
  EvidenceLocation,
  Id,
  ListEvidenceQuery,
  MailboxCopy,
  Page,
  DocumentSearchResult,
  SearchDocumentsQuery,
} from '@throughline/contracts';
import type { GraphClients } from '../platform/graph/client';
import { contextOf, sendIdempotent, type RouteDeps } from '../platform/http/handlers';
import { registerOperations } from '../platform/http/openapi';
import { parseInput } from '../platform/http/validate';
import { searchDocuments } from './document-search';
import * as evidence from './service';

const IdParams = z.object({ id: Id });

registerOperations([
  {
    method: 'post',
    path: '/api/evidence/email',
    summary: 'Attach an email (its REST id from Outlook) to a key result or deliverable',
    body: AttachEmailRequest,
    response: Evidence,
    status: 201,
    isIdempotent: true,
  },
  {
    method: 'post',
    path: '/api/evidence/document',
    summary: 'Attach a OneDrive/SharePoint document by sharing URL or drive item',
    body: AttachDocumentRequest,
    response: Evidence,
    status: 201,
    isIdempotent: true,
  },
  {
    method: 'post',
    path: '/api/evidence/meeting',
    summary: 'Attach a meeting from the calendar',
    body: AttachMeetingRequest,
    response: Evidence,
    status: 201,
    isIdempotent: true,
  },
  {
    method: 'post',
    path: '/api/evidence/link',
    summary: 'Attach a plain link',
    body: AttachLinkRequest,
    response: Evidence,
    status: 201,
    isIdempotent: true,
  },
  {
    method: 'get',
    path: '/api/evidence',
    summary: 'Evidence of a key result or deliverable',
    query: ListEvidenceQuery,
    response: Page(Evidence),
  },
  {
    method: 'get',
    path: '/api/evidence/by-message',
    summary: 'Where an email is attached (by message id or internetMessageId)',
    query: EvidenceByMessageQuery,
    response: Page(EvidenceLocation),
  },
  {
    method: 'get',
    path: '/api/evidence/{id}',
    summary: 'One evidence item with the snapshot Throughline keeps and what it is attached to',
    response: EvidenceLocation,
  },
  {
    method: 'get',
    path: '/api/evidence/{id}/my-copy',
    summary:
      'The reader’s own copy of an attached email, to open in Outlook (404 mailbox_copy_not_found when their mailbox has none)',
    response: MailboxCopy,
  },
  {
    method: 'get',
    path: '/api/documents',
    summary:
      'Find OneDrive and SharePoint documents the caller can open (Microsoft Search), to attach as evidence',
    query: SearchDocumentsQuery,
    response: DocumentSearchResult,
  },
  {
    method: 'delete',
    path: '/api/evidence/{id}',
    summary: 'Remove evidence (the narrative keeps its history; attaching again restores it)',
    response: Evidence,
  },
]);

export interface EvidenceRouteDeps extends RouteDeps {
  graph: GraphClients;
  watcher?: evidence.SourceWatcher;
}

export function evidenceRoutes(deps: EvidenceRouteDeps): Router {
  const router = Router();
  const withGraph = <T extends object>(ctx: T) => ({
    ...ctx,
    graph: deps.graph,
    watcher: deps.watcher,
  });
  // A new record answers 201, the existing one (attached before, by anyone) 200.
  const sent = (result: { evidence: unknown; isNew: boolean }) => ({
    status: result.isNew ? 201 : 200,
    body: result.evidence,
  });

  router.post('/evidence/email', async (req, res) => {
    const body = parseInput(AttachEmailRequest, req.body, 'body');
    await sendIdempotent(req, res, deps, async (ctx) =>
      sent(await evidence.attachEmailEvidence(withGraph(ctx), body)),
    );
  });
  router.post('/evidence/document', async (req, res) => {
    const body = parseInput(AttachDocumentRequest, req.body, 'body');
    await sendIdempotent(req, res, deps, async (ctx) =>
      sent(await evidence.attachDocumentEvidence(withGraph(ctx), body)),
    );
  });
  router.post('/evidence/meeting', async (req, res) => {
    const body = parseInput(AttachMeetingRequest, req.body, 'body');
    await sendIdempotent(req, res, deps, async (ctx) =>
      sent(await evidence.attachMeetingEvidence(withGraph(ctx), body)),
    );
  });
  router.post('/evidence/link', async (req, res) => {
    const body = parseInput(AttachLinkRequest, req.body, 'body');
    await sendIdempotent(req, res, deps, async (ctx) =>
      sent(await evidence.attachLinkEvidence(withGraph(ctx), body)),
    );
  });
  router.get('/documents', async (req, res) => {
    const query = parseInput(SearchDocumentsQuery, req.query, 'query');
    const ctx = contextOf(req, deps);
    res.json(await searchDocuments(deps.graph, ctx.principal, query));
  });
  router.get('/evidence', async (req, res) => {
    const query = parseInput(ListEvidenceQuery, req.query, 'query');
    res.json(await evidence.listEvidence(contextOf(req, deps), query));
  });
  router.get('/evidence/by-message', async (req, res) => {
    const query = parseInput(EvidenceByMessageQuery, req.query, 'query');
    res.json(await evidence.findEmailEvidence(contextOf(req, deps), query));
  });
  router.get('/evidence/:id', async (req, res) => {
    const { id } = parseInput(IdParams, req.params, 'params');
    res.json(await evidence.getEvidence(contextOf(req, deps), id));
  });
  router.get('/evidence/:id/my-copy', async (req, res) => {
    const { id } = parseInput(IdParams, req.params, 'params');
    res.json(await evidence.findMyCopy(withGraph(contextOf(req, deps)), id));
  });
  router.delete('/evidence/:id', async (req, res) => {
    const { id } = parseInput(IdParams, req.params, 'params');
    res.json(await evidence.removeEvidence(contextOf(req, deps), id));
  });
  return router;
}
