import { Router } from 'express';
import { z } from 'zod';
import {
  AddNoteRequest,
  CreateActionItemRequest,
  GraphEventId,
  Id,
  ListOneOnOnesQuery,
  UpdateActionItemRequest,
} from '@throughline/contracts';
import { contextOf, sendIdempotent, type RouteDeps } from '../platform/http/handlers';
import { parseInput } from '../platform/http/validate';
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

const IdParams = z.object({ id: Id });
const ItemParams = z.object({ id: Id, itemId: Id });
const EventParams = z.object({ eventId: GraphEventId });
const ChatParams = z.object({ chatId: GraphEventId });

export function oneOnOneRoutes(deps: RouteDeps, feature: OneOnOneDeps): Router {
  const router = Router();
  router.get('/one-on-ones', async (req, res) => {
    const query = parseInput(ListOneOnOnesQuery, req.query, 'query');
    res.json(await listMyOneOnOnes(contextOf(req, deps), feature, query));
  });
  router.get('/one-on-ones/by-event/:eventId', async (req, res) => {
    const { eventId } = parseInput(EventParams, req.params, 'params');
    res.json(await getOneOnOneByEvent(contextOf(req, deps), feature, eventId));
  });
  router.get('/one-on-ones/by-chat/:chatId', async (req, res) => {
    const { chatId } = parseInput(ChatParams, req.params, 'params');
    res.json(await getOneOnOneByChat(contextOf(req, deps), feature, chatId));
  });
  router.get('/one-on-ones/:id', async (req, res) => {
    const { id } = parseInput(IdParams, req.params, 'params');
    res.json(await getOneOnOne(contextOf(req, deps), feature, id));
  });
  router.post('/one-on-ones/:id/notes', async (req, res) => {
    const { id } = parseInput(IdParams, req.params, 'params');
    const body = parseInput(AddNoteRequest, req.body, 'body');
    await sendIdempotent(req, res, deps, async (ctx) => ({
      status: 201,
      body: await addNote(ctx, id, body),
    }));
  });
  router.post('/one-on-ones/:id/action-items', async (req, res) => {
    const { id } = parseInput(IdParams, req.params, 'params');
    const body = parseInput(CreateActionItemRequest, req.body, 'body');
    await sendIdempotent(req, res, deps, async (ctx) => ({
      status: 201,
      body: await createActionItem(ctx, id, body),
    }));
  });
  router.patch('/one-on-ones/:id/action-items/:itemId', async (req, res) => {
    const { id, itemId } = parseInput(ItemParams, req.params, 'params');
    const body = parseInput(UpdateActionItemRequest, req.body, 'body');
    res.json(await updateActionItem(contextOf(req, deps), id, itemId, body));
  });
  return router;
}
