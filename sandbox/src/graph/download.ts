/**
 * Pre-authenticated download URLs, as SharePoint hands them out behind Graph's
 * `…/items/{id}/content` 302: the URL itself carries a short-lived signed grant
 * (`tempauth`), and the request needs — and gets nothing from — an Authorization header.
 * The grant names one item of one tenant and lapses after an hour; a lapsed or forged
 * grant is 401, an item deleted since is 404. A request that brings a bearer token is
 * refused too: Microsoft says to follow the URL without the Authorization header, and a
 * client that forwards its Graph token to the storage host hands it to the wrong party.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import type { SeedDriveItem } from '../seed/files';
import type { GraphStore } from './store';

const LIFETIME_MS = 60 * 60_000;
export const DOWNLOAD_PATH = '/_layouts/15/download.aspx';

interface Grant {
  tenantId: string;
  driveId: string;
  itemId: string;
  expiresAt: number;
}

export class DownloadGrants {
  // A key of this process only: a URL handed out before a restart lapses, as a short-lived one would.
  private readonly key = randomBytes(32);

  constructor(private readonly clock: () => number = Date.now) {}

  /** The `tempauth` for one item, valid for an hour. */
  issue(item: Pick<SeedDriveItem, 'tenantId' | 'driveId' | 'id'>): string {
    const grant: Grant = {
      tenantId: item.tenantId,
      driveId: item.driveId,
      itemId: item.id,
      expiresAt: this.clock() + LIFETIME_MS,
    };
    const body = Buffer.from(JSON.stringify(grant)).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  verify(token: string): Grant | null {
    const [body, signature] = token.split('.');
    if (!body || !signature) return null;
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    const grant = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Grant;
    return grant.expiresAt > this.clock() ? grant : null;
  }

  private sign(body: string) {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}

/** What a drive item's file holds: a workbook's saved bytes, or a stand-in for a seeded document. */
export type ContentOf = (item: SeedDriveItem) => Promise<Buffer>;

export function downloadRoutes(deps: {
  store: GraphStore;
  grants: DownloadGrants;
  contentOf: ContentOf;
}): Router {
  const router = Router();
  router.get(DOWNLOAD_PATH, async (req, res) => {
    const grant = deps.grants.verify(String(req.query.tempauth ?? ''));
    const hasBearer = /^bearer\s/i.test(req.headers.authorization ?? '');
    if (!grant || grant.itemId !== req.query.UniqueId || hasBearer) {
      // SharePoint's answer to a lapsed or forged grant.
      res.status(401).json({
        error: {
          code: '-2147024891, System.UnauthorizedAccessException',
          message: { lang: 'en-US', value: 'Access denied.' },
        },
      });
      return;
    }
    const tenant = deps.store.tenant(grant.tenantId);
    const drive = tenant ? deps.store.driveById(tenant, grant.driveId) : undefined;
    const item = drive?.items.find((candidate) => candidate.id === grant.itemId);
    if (!item) {
      res.status(404).json({
        error: {
          code: '-2147024894, System.IO.FileNotFoundException',
          message: { lang: 'en-US', value: 'File Not Found.' },
        },
      });
      return;
    }
    const bytes = await deps.contentOf(item);
    res.setHeader('Content-Type', item.mimeType);
    res.setHeader('Content-Length', String(bytes.length));
    res.setHeader(
      'Content-Disposition',
      `attachment; filename*=UTF-8''${encodeURIComponent(item.name)}`,
    );
    res.status(200).end(bytes);
  });
  return router;
}
