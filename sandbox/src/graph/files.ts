/**
 * OneDrive for Business: `/shares/{u!…}/driveItem` (a sharing URL encoded as the docs
 * say: base64url, padding removed, prefixed `u!`), `/drives/{d}/items/{i}`,
 * `/me/drive/items/{i}`, `/users/{id}/drive/...` and `root/children`, and a file's content
 * (`…/items/{i}/content`, `/shares/{u!…}/driveItem/content`): 302 to a pre-authenticated
 * download URL (`download.ts`), as Graph answers. Items are readable
 * by anyone in the owner's tenant with an `.All` file permission (the seed shares every
 * document with the organisation), by the owner alone with `Files.Read`; nobody outside
 * the tenant can resolve them.
 */
import { Router, type Request, type Response } from 'express';
import type { SeedDrive, SeedDriveItem } from '../seed/files';
import { permissions, requireFileAccess, requirePermission } from './auth';
import { callerOf, targetUser, type GraphContext } from './context';
import { errors, GraphError } from './errors';
import { applySelect, contextUrl, parseSelect } from './odata';
import type { TenantState } from './store';

export const DRIVE_ITEM_PROPERTIES = [
  'id',
  'name',
  'webUrl',
  'size',
  'eTag',
  'cTag',
  'createdBy',
  'lastModifiedBy',
  'createdDateTime',
  'lastModifiedDateTime',
  'parentReference',
  'file',
  'folder',
  'root',
  'fileSystemInfo',
  'shared',
];
const selectOptions = {
  known: DRIVE_ITEM_PROPERTIES,
  always: ['id'],
  typeName: 'oneDrive.item',
  errorCode: 'invalidRequest',
};

/** Encodes a sharing URL for `/shares/{id}` as the docs describe. */
export function encodeSharingUrl(url: string): string {
  return `u!${Buffer.from(url, 'utf8').toString('base64').replace(/=+$/, '').replace(/\//g, '_').replace(/\+/g, '-')}`;
}

export function decodeSharingUrl(shareId: string): string | undefined {
  if (!shareId.startsWith('u!')) return undefined;
  const text = Buffer.from(shareId.slice(2), 'base64url').toString('utf8');
  return /^https?:\/\//.test(text) ? text : undefined;
}

export function driveItemEtag(item: SeedDriveItem): string {
  return `"{${item.tagGuid}},${item.version}"`;
}

export function driveItemResource(item: SeedDriveItem, drive: SeedDrive): Record<string, unknown> {
  return {
    createdDateTime: item.createdDateTime,
    eTag: driveItemEtag(item),
    id: item.id,
    lastModifiedDateTime: item.lastModifiedDateTime,
    name: item.name,
    webUrl: item.webUrl,
    cTag: `"c:{${item.tagGuid}},${item.version}"`,
    size: item.size,
    createdBy: {
      user: {
        email: item.createdBy.email,
        id: item.createdBy.id,
        displayName: item.createdBy.displayName,
      },
    },
    lastModifiedBy: {
      user: {
        email: item.lastModifiedBy.email,
        id: item.lastModifiedBy.id,
        displayName: item.lastModifiedBy.displayName,
      },
    },
    parentReference: {
      driveType: 'business',
      driveId: drive.id,
      id: drive.rootId,
      name: 'Documents',
      path: `/drives/${drive.id}/root:`,
    },
    file: {
      mimeType: item.mimeType,
      hashes: {
        quickXorHash: Buffer.from(`${item.tagGuid}${item.version}`).toString('base64').slice(0, 28),
      },
    },
    fileSystemInfo: {
      createdDateTime: item.createdDateTime,
      lastModifiedDateTime: item.lastModifiedDateTime,
    },
    shared: { scope: 'organization' },
  };
}

function rootResource(drive: SeedDrive): Record<string, unknown> {
  const newest =
    drive.items
      .map((item) => item.lastModifiedDateTime)
      .sort()
      .pop() ?? '2020-01-01T00:00:00Z';
  return {
    createdDateTime: '2020-01-01T00:00:00Z',
    id: drive.rootId,
    lastModifiedDateTime: newest,
    name: 'root',
    webUrl: drive.webUrl,
    size: drive.items.reduce((sum, item) => sum + item.size, 0),
    parentReference: { driveType: 'business', driveId: drive.id },
    fileSystemInfo: { createdDateTime: '2020-01-01T00:00:00Z', lastModifiedDateTime: newest },
    folder: { childCount: drive.items.length },
    root: {},
  };
}

export interface FileDownloads {
  /** The pre-authenticated URL of an item's bytes, absolute. */
  urlOf(item: SeedDriveItem): string;
}

export function filesRoutes(ctx: GraphContext, downloads: FileDownloads): Router {
  const router = Router();

  // Graph answers a content request with a redirect, never the bytes: the client follows it.
  function sendContent(res: Response, item: SeedDriveItem) {
    res.setHeader('Location', downloads.urlOf(item));
    res.status(302).end();
  }

  function sendItem(req: Request, res: Response, item: SeedDriveItem, drive: SeedDrive) {
    const select = parseSelect(req);
    res.json({
      '@odata.context': contextUrl(
        ctx.serviceRoot(),
        `drives('${drive.id}')/items${select ? `(${select.join(',')})` : ''}/$entity`,
      ),
      ...applySelect(driveItemResource(item, drive), select, selectOptions),
    });
  }

  function sendChildren(req: Request, res: Response, drive: SeedDrive) {
    const select = parseSelect(req);
    res.json({
      '@odata.context': contextUrl(ctx.serviceRoot(), `drives('${drive.id}')/root/children`),
      value: drive.items.map((item) =>
        applySelect(driveItemResource(item, drive), select, selectOptions),
      ),
    });
  }

  function driveOf(req: Request, res: Response): { tenant: TenantState; drive: SeedDrive } {
    if (req.params.driveId !== undefined) {
      const { principal, tenant } = callerOf(ctx, res);
      requirePermission(principal, permissions.filesRead);
      const drive = ctx.store.driveById(tenant, req.params.driveId as string);
      if (!drive) throw errors.itemNotFound();
      requireFileAccess(principal, drive.ownerId);
      return { tenant, drive };
    }
    // Colleagues' drives are readable within the tenant (see the module comment).
    const { tenant, user, principal } = targetUser(
      ctx,
      req,
      res,
      permissions.filesRead,
      () => errors.itemNotFound(),
      true,
    );
    requireFileAccess(principal, user.id);
    return { tenant, drive: ctx.store.drive(tenant, user.id)! };
  }

  router.get('/shares/:shareId/driveItem', (req, res) => {
    const { principal, tenant } = callerOf(ctx, res);
    requirePermission(principal, permissions.filesRead);
    const url = decodeSharingUrl(req.params.shareId as string);
    if (!url)
      throw new GraphError(400, 'invalidRequest', 'Invalid shareId or sharing URL encoding.');
    const item = ctx.store.findItemBySharingUrl(tenant, url);
    if (!item) throw errors.itemNotFound();
    requireFileAccess(principal, item.ownerId);
    sendItem(req, res, item, ctx.store.drive(tenant, item.ownerId)!);
  });
  router.get('/shares/:shareId/driveItem/content', (req, res) => {
    const { principal, tenant } = callerOf(ctx, res);
    requirePermission(principal, permissions.filesRead);
    const url = decodeSharingUrl(req.params.shareId as string);
    if (!url)
      throw new GraphError(400, 'invalidRequest', 'Invalid shareId or sharing URL encoding.');
    const item = ctx.store.findItemBySharingUrl(tenant, url);
    if (!item) throw errors.itemNotFound();
    requireFileAccess(principal, item.ownerId);
    sendContent(res, item);
  });

  for (const base of ['/me/drive', '/users/:userId/drive', '/drives/:driveId']) {
    router.get(base, (req, res) => {
      const { tenant, drive } = driveOf(req, res);
      const owner = tenant.users.get(drive.ownerId)!;
      res.json({
        '@odata.context': contextUrl(ctx.serviceRoot(), 'drives/$entity'),
        id: drive.id,
        driveType: 'business',
        name: 'OneDrive',
        webUrl: drive.webUrl,
        owner: { user: { email: owner.mail, id: owner.id, displayName: owner.displayName } },
        quota: {
          deleted: 0,
          remaining: 1_099_511_627_776,
          state: 'normal',
          total: 1_099_511_627_776,
          used: drive.items.reduce((sum, item) => sum + item.size, 0),
        },
      });
    });
    router.get(`${base}/root`, (req, res) => {
      const { drive } = driveOf(req, res);
      res.json({
        '@odata.context': contextUrl(ctx.serviceRoot(), `drives('${drive.id}')/root/$entity`),
        ...rootResource(drive),
      });
    });
    router.get(`${base}/root/children`, (req, res) => {
      const { drive } = driveOf(req, res);
      sendChildren(req, res, drive);
    });
    router.get(`${base}/items/:itemId`, (req, res) => {
      const { drive } = driveOf(req, res);
      if (req.params.itemId === drive.rootId) {
        res.json({
          '@odata.context': contextUrl(ctx.serviceRoot(), `drives('${drive.id}')/items/$entity`),
          ...rootResource(drive),
        });
        return;
      }
      const item = drive.items.find((candidate) => candidate.id === req.params.itemId);
      if (!item) throw errors.itemNotFound();
      sendItem(req, res, item, drive);
    });
    router.get(`${base}/items/:itemId/content`, (req, res) => {
      const { drive } = driveOf(req, res);
      // The root is a folder, which has no content to download.
      const item = drive.items.find((candidate) => candidate.id === req.params.itemId);
      if (!item) throw errors.itemNotFound();
      sendContent(res, item);
    });
    router.get(`${base}/items/:itemId/children`, (req, res) => {
      const { drive } = driveOf(req, res);
      if (req.params.itemId !== drive.rootId) throw errors.itemNotFound();
      sendChildren(req, res, drive);
    });
  }
  return router;
}
