/**
 * A mailbox's automatic replies (out of office): `GET /me/mailboxSettings/automaticRepliesSetting`
 * and `GET /users/{id}/mailboxSettings/automaticRepliesSetting`, in Graph's v1.0 shape.
 * Exchange answers, so a caller without `MailboxSettings.Read` or `.ReadWrite` gets 403
 * `ErrorAccessDenied` and an unknown person 404 `ErrorInvalidUser`. Nobody starts out of
 * office: a mailbox whose replies were never set answers `disabled`, with the window
 * Exchange proposes (the next hour, for a day). Tests set one through the control API.
 */
import { Router } from 'express';
import { permissions } from './auth';
import { targetUser, type GraphContext } from './context';
import { errors } from './errors';
import type { AutomaticRepliesSetting, DateTimeTimeZone, TenantState } from './store';

const HOUR_MS = 3_600_000;

/** Exchange writes seven fractional digits and no offset: `2026-12-04T20:00:00.0000000`. */
export function graphWallTime(instant: Date): DateTimeTimeZone {
  return { dateTime: instant.toISOString().replace(/\.\d{3}Z$/, '.0000000'), timeZone: 'UTC' };
}

export function defaultAutomaticReplies(now: Date): AutomaticRepliesSetting {
  const start = new Date(Math.ceil(now.getTime() / HOUR_MS) * HOUR_MS);
  return {
    status: 'disabled',
    externalAudience: 'all',
    scheduledStartDateTime: graphWallTime(start),
    scheduledEndDateTime: graphWallTime(new Date(start.getTime() + 24 * HOUR_MS)),
    internalReplyMessage: '',
    externalReplyMessage: '',
  };
}

export function automaticRepliesOf(
  tenant: TenantState,
  userId: string,
  now: Date,
): AutomaticRepliesSetting {
  return tenant.automaticReplies.get(userId) ?? defaultAutomaticReplies(now);
}

export function mailboxSettingsRoutes(ctx: GraphContext): Router {
  const router = Router();
  for (const base of ['/me', '/users/:userId']) {
    router.get(`${base}/mailboxSettings/automaticRepliesSetting`, (req, res) => {
      const { tenant, user } = targetUser(
        ctx,
        req,
        res,
        permissions.mailboxSettingsRead,
        errors.mailboxUserNotFound,
      );
      const who =
        (req.params as { userId?: string }).userId === undefined ? 'me' : `users('${user.id}')`;
      res.json({
        '@odata.context': `${ctx.serviceRoot()}/$metadata#${who}/mailboxSettings/automaticRepliesSetting`,
        ...automaticRepliesOf(tenant, user.id, ctx.store.clock()),
      });
    });
  }
  return router;
}
