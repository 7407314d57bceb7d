import express, { Router } from 'express';
import { ImportQuery, ImportReport } from '@throughline/contracts';
import { contextOf, type RouteDeps } from '../platform/http/handlers';
import { registerOperations } from '../platform/http/openapi';
import { parseInput } from '../platform/http/validate';
import { importOkrs } from './service';

export const IMPORT_LIMIT = '5mb';

registerOperations([
  {
    method: 'post',
    path: '/api/admin/import',
    summary:
      'Import objectives and key results from the request body: an .xlsx workbook or a CSV file (Throughline columns or a Viva Goals export). dryRun=true (the default) writes nothing; admins only',
    query: ImportQuery,
    response: ImportReport,
  },
]);

export function importRoutes(deps: RouteDeps): Router {
  const router = Router();
  router.post(
    '/admin/import',
    // The file is the body, whatever the client calls its type; 413 beyond the limit.
    express.raw({ type: () => true, limit: IMPORT_LIMIT }),
    async (req, res) => {
      const query = parseInput(ImportQuery, req.query, 'query');
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      res.json(await importOkrs(contextOf(req, deps), body, query));
    },
  );
  return router;
}
