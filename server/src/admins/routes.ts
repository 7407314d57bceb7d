import { Router } from 'express';
import { z } from 'zod';
import { AddAdminRequest, AdminRoster, EmptyRequest, Id, SetupState } from '@throughline/contracts';
import type { GraphClients } from '../platform/graph/client';
import { contextOf, type RouteDeps } from '../platform/http/handlers';
import { registerOperations } from '../platform/http/openapi';
import { parseInput } from '../platform/http/validate';
import * as admins from './service';

const PersonParams = z.object({ personId: Id });

registerOperations([
  {
    method: 'get',
    path: '/api/setup',
    summary: 'Whether Throughline is set up in this tenant, and whether the caller may set it up',
    response: SetupState,
  },
  {
    method: 'post',
    path: '/api/setup/first-admin',
    summary:
      'Become the first admin (a directory admin, while nobody runs Throughline here); 409 already_set_up otherwise',
    body: EmptyRequest,
    response: AdminRoster,
    status: 201,
  },
  {
    method: 'get',
    path: '/api/admins',
    summary: 'The tenant’s Throughline admins besides those holding the OKR.Admin app role',
    response: AdminRoster,
  },
  {
    method: 'post',
    path: '/api/admins',
    summary: 'Make someone an admin (admins only)',
    body: AddAdminRequest,
    response: AdminRoster,
  },
  {
    method: 'delete',
    path: '/api/admins/{personId}',
    summary: 'Remove an admin from the list (admins only; never the last one)',
    response: AdminRoster,
  },
]);

export interface AdminsRouteDeps extends RouteDeps {
  graph: GraphClients;
  /** Called once a tenant's first admin finished setup (the org sync starts for it). */
  onSetUp?: (tenantId: string) => void;
}

export function adminsRoutes(deps: AdminsRouteDeps): Router {
  const router = Router();
  const withGraph = (ctx: ReturnType<typeof contextOf>) => ({ ...ctx, graph: deps.graph });
  router.get('/setup', async (req, res) => {
    res.json(await admins.setupState(withGraph(contextOf(req, deps))));
  });
  router.post('/setup/first-admin', async (req, res) => {
    parseInput(EmptyRequest, req.body ?? {}, 'body');
    const ctx = withGraph(contextOf(req, deps));
    const roster = await admins.becomeFirstAdmin(ctx);
    deps.onSetUp?.(ctx.principal.tenantId);
    res.status(201).json(roster);
  });
  router.get('/admins', async (req, res) => {
    res.json(await admins.listAdmins(contextOf(req, deps)));
  });
  router.post('/admins', async (req, res) => {
    const { personId } = parseInput(AddAdminRequest, req.body, 'body');
    res.json(await admins.addAdmin(contextOf(req, deps), personId));
  });
  router.delete('/admins/:personId', async (req, res) => {
    const { personId } = parseInput(PersonParams, req.params, 'params');
    res.json(await admins.removeAdmin(contextOf(req, deps), personId));
  });
  return router;
}
