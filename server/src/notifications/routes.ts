/**
 * The webhook Microsoft Graph calls. It is public (Graph has no bearer token for us):
 * a validation request is answered by echoing its token as text/plain; a notification
 * batch is authenticated per notification by its subscription's clientState, answered
 * 202 at once, and processed after the answer.
 */
import { Router } from 'express';
import { AppError } from '../platform/http/errors';
import { NotificationBatch, type NotificationService } from './service';

export const NOTIFICATIONS_PATH = '/graph/notifications';

export function notificationRoutes(service: NotificationService): Router {
  const router = Router();
  router.post(NOTIFICATIONS_PATH, async (req, res) => {
    const validationToken = req.query.validationToken;
    if (typeof validationToken === 'string') {
      if (validationToken.length > 1024)
        throw new AppError('validation_failed', 'The validation token is too long.');
      res.status(200).type('text/plain').send(validationToken);
      return;
    }
    const batch = NotificationBatch.safeParse(req.body);
    if (!batch.success)
      throw new AppError(
        'validation_failed',
        'The body is not a Microsoft Graph notification batch.',
      );
    const { authentic, refused } = await service.acceptNotifications(batch.data.value);
    if (authentic.length === 0 && refused > 0) {
      req.log?.warn(
        { refused },
        'graph notifications refused: unknown subscription or wrong clientState',
      );
      throw new AppError(
        'forbidden',
        'These notifications are not for a subscription of this server.',
      );
    }
    res.status(202).end();
    void service.processNotifications(authentic);
  });
  return router;
}
