/**
 * Microsoft Graph change notifications: the subscriptions that watch attached evidence,
 * their renewal, and the public webhook Graph calls (it authenticates each notification
 * by its subscription's clientState, so it sits outside the bearer-token API).
 */
import type { FeatureModule, ModuleDeps } from '../platform/module';
import { notificationRoutes } from './routes';
import { createNotificationService, type NotificationService } from './service';

export function notificationsModule(
  deps: ModuleDeps,
): FeatureModule & { notifications: NotificationService } {
  const notifications = createNotificationService(deps);
  return {
    name: 'notifications',
    notifications,
    endpoints: [],
    publicRouters: [notificationRoutes(notifications)],
    jobs: [
      {
        name: 'graph-subscription-renewal',
        intervalMs: 30 * 60_000,
        run: async (now) => {
          await notifications.renewSubscriptions(now);
        },
      },
    ],
  };
}
