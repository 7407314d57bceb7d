/**
 * Microsoft Search over OneDrive and SharePoint: `POST /search/query` with
 * `entityTypes: ["driveItem"]`, answered in Graph's `searchResponse` shape
 * (`value[].hitsContainers[].hits[].resource`). Search runs as the signed-in person, so it
 * needs a delegated token (app-only search of files needs a `region` and is not served
 * here) and finds only what that person can open: their own documents and those of the
 * people they work with (their manager, their reports and their peers), which the seed
 * shares with the organisation. A term matches a word that starts with it in the file
 * name, as SharePoint's prefix matching does; several terms must all match.
 */
import { Router } from 'express';
import type { SeedDrive, SeedDriveItem } from '../seed/files';
import { canReadFilesOf, permissions, requirePermission } from './auth';
import { callerOf, type GraphContext } from './context';
import { errors, GraphError } from './errors';
import { driveItemResource } from './files';
import type { TenantState } from './store';

const SUPPORTED_ENTITY_TYPES = new Set(['driveItem']);
/** Graph's page size limit for driveItem search. */
const MAX_SIZE = 500;

interface SearchRequest {
  entityTypes?: unknown;
  query?: { queryString?: unknown };
  from?: unknown;
  size?: unknown;
}

export function searchRoutes(ctx: GraphContext): Router {
  const router = Router();
  router.post('/search/query', (req, res) => {
    const { principal, tenant } = callerOf(ctx, res);
    const requests = (req.body as { requests?: unknown } | undefined)?.requests;
    if (!Array.isArray(requests) || requests.length === 0)
      throw new GraphError(400, 'BadRequest', 'Requests should not be empty.');
    if (principal.isApp)
      throw new GraphError(
        400,
        'BadRequest',
        'Region is required when request with application permission.',
      );
    requirePermission(principal, permissions.filesRead);
    const value = (requests as SearchRequest[]).map((request) => {
      const entityTypes = request.entityTypes;
      if (
        !Array.isArray(entityTypes) ||
        entityTypes.length === 0 ||
        !entityTypes.every((type) => SUPPORTED_ENTITY_TYPES.has(String(type)))
      )
        throw new GraphError(
          400,
          'BadRequest',
          `The entity types ${JSON.stringify(entityTypes)} are not supported here; use ["driveItem"].`,
        );
      const queryString = request.query?.queryString;
      if (typeof queryString !== 'string' || queryString.trim() === '')
        throw new GraphError(400, 'BadRequest', 'QueryString cannot be null or empty.');
      const from = request.from === undefined ? 0 : Number(request.from);
      const size = request.size === undefined ? 25 : Number(request.size);
      if (!Number.isInteger(from) || from < 0)
        throw new GraphError(400, 'BadRequest', 'From must be a non-negative integer.');
      if (!Number.isInteger(size) || size < 1 || size > MAX_SIZE)
        throw new GraphError(400, 'BadRequest', `Size must be between 1 and ${MAX_SIZE}.`);
      const terms = queryString.toLowerCase().split(/\s+/).filter(Boolean);
      const matches = reachableDrives(ctx, tenant, principal.userId!)
        .filter((drive) => canReadFilesOf(principal, drive.ownerId))
        .flatMap((drive) => drive.items.map((item) => ({ item, drive })))
        .filter(({ item }) => terms.every((term) => matchesTerm(item, term)))
        .sort((a, b) => b.item.lastModifiedDateTime.localeCompare(a.item.lastModifiedDateTime));
      const page = matches.slice(from, from + size);
      return {
        searchTerms: terms,
        hitsContainers: [
          {
            hits: page.map(({ item, drive }, index) => ({
              hitId: item.id,
              rank: from + index + 1,
              summary: item.name,
              resource: { '@odata.type': '#microsoft.graph.driveItem', ...resourceOf(item, drive) },
            })),
            total: matches.length,
            moreResultsAvailable: from + size < matches.length,
          },
        ],
      };
    });
    res.json({ '@odata.context': `${ctx.serviceRoot()}/$metadata#search`, value });
  });
  return router;
}

function reachableDrives(ctx: GraphContext, tenant: TenantState, userId: string): SeedDrive[] {
  const me = tenant.users.get(userId);
  if (!me) throw errors.itemNotFound();
  const reports = ctx.store.reports(tenant);
  const people = new Set([
    me.id,
    ...(me.managerId ? [me.managerId] : []),
    ...(reports.get(me.id) ?? []).map((person) => person.id),
    ...(me.managerId ? (reports.get(me.managerId) ?? []).map((person) => person.id) : []),
  ]);
  return [...people]
    .map((id) => ctx.store.drive(tenant, id))
    .filter((drive): drive is SeedDrive => !!drive);
}

function matchesTerm(item: SeedDriveItem, term: string): boolean {
  return item.name
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .some((word) => word.startsWith(term));
}

/** Search answers a driveItem with fewer properties than `/drives/{d}/items/{i}` does. */
function resourceOf(item: SeedDriveItem, drive: SeedDrive) {
  const full = driveItemResource(item, drive);
  const { parentReference } = full as { parentReference: Record<string, unknown> };
  return {
    createdDateTime: full.createdDateTime,
    lastModifiedDateTime: full.lastModifiedDateTime,
    id: full.id,
    name: full.name,
    webUrl: full.webUrl,
    size: full.size,
    createdBy: full.createdBy,
    lastModifiedBy: full.lastModifiedBy,
    parentReference: { driveId: parentReference.driveId, id: parentReference.id },
    file: full.file,
  };
}
