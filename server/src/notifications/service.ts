/**
 * Change notifications from Microsoft Graph keep evidence in step with its source.
 *
 * - `watch` makes sure a subscription exists for a resource that holds evidence
 *   (a mailbox's messages, a drive's root). It is claimed by an insert, created app-only
 *   with a fresh random clientState, and never fails the attach that asked for it.
 * - `acceptNotifications` runs inside the webhook request: it checks every notification's
 *   clientState against its subscription (constant time) and returns the authentic ones,
 *   so the route can answer 202 at once.
 * - `processNotifications` runs after the answer: change notifications re-read the
 *   affected sources (`$batch`, app-only) and record what became of them; lifecycle
 *   notifications renew (`reauthorizationRequired`), re-create (`subscriptionRemoved`) or
 *   resync (`missed`). Each change notification is recorded by an insert-keyed record
 *   first, so a duplicate is dropped; and because every outcome is re-read from Graph and
 *   applied only when it differs, a late or out-of-order one changes nothing twice.
 */
import { z } from 'zod';
import type { Db } from 'mongodb';
import type { Config } from '../config';
import { evidenceWatching, refreshEvidenceSources, type SourceWatcher } from '../evidence/service';
import type { GraphClients } from '../platform/graph/client';
import { GraphFailure } from '../platform/graph/client';
import { graphStateStore, type SubscriptionState } from '../platform/graph/state-store';
import type { Logger } from '../platform/log/logger';
import { hashClientState, isClientStateValid, newClientState } from './client-state';

const HOUR = 3_600_000;
/** Mail allows 4230 minutes and drives 42300; two days keeps the renewal job's work small and regular. */
const SUBSCRIPTION_LIFETIME_MS = 48 * HOUR;
const RENEW_WHEN_LEFT_MS = 24 * HOUR;
const STALE_CLAIM_MS = 2 * 60_000;

export const ChangeNotification = z.object({
  subscriptionId: z.string().max(200),
  tenantId: z.string().max(100),
  clientState: z.string().max(256).nullable().optional(),
  changeType: z.string().max(50).optional(),
  resource: z.string().max(2000).optional(),
  resourceData: z
    .object({ id: z.string().max(1000).optional(), '@odata.etag': z.string().max(500).optional() })
    .passthrough()
    .optional(),
  lifecycleEvent: z.enum(['reauthorizationRequired', 'subscriptionRemoved', 'missed']).optional(),
});
export type ChangeNotification = z.infer<typeof ChangeNotification>;
export const NotificationBatch = z.object({ value: z.array(z.unknown()).max(1000) });

export interface Authentic {
  notification: ChangeNotification;
  subscription: SubscriptionState;
}

export interface NotificationDeps {
  db: Db;
  graph: GraphClients;
  config: Pick<Config, 'graphNotificationUrl'>;
  log: Logger;
  clock: () => Date;
}

/** What the subscription covers: message changes need no "created"; OneDrive only reports "updated". */
function changeTypeFor(resource: string): string {
  return /\/root$/i.test(resource) ? 'updated' : 'updated,deleted';
}

export function createNotificationService(deps: NotificationDeps) {
  const states = graphStateStore(deps.db);
  const inFlight = new Set<Promise<void>>();

  async function createSubscription(tenantId: string, resource: string): Promise<void> {
    const now = deps.clock();
    const clientState = newClientState();
    const expiresAt = new Date(now.getTime() + SUBSCRIPTION_LIFETIME_MS);
    try {
      const created = await deps.graph
        .forApp(tenantId)
        .post<{ id: string; expirationDateTime: string }>('/subscriptions', {
          changeType: changeTypeFor(resource),
          notificationUrl: deps.config.graphNotificationUrl,
          lifecycleNotificationUrl: deps.config.graphNotificationUrl,
          resource,
          expirationDateTime: expiresAt.toISOString(),
          clientState,
        });
      await states.saveSubscription(
        tenantId,
        resource,
        {
          state: 'active',
          subscriptionId: created.id,
          clientStateHash: hashClientState(clientState),
          expiresAt: new Date(created.expirationDateTime ?? expiresAt),
        },
        deps.clock(),
      );
      deps.log.info(
        { tenantId, resource, subscriptionId: created.id },
        'graph subscription created',
      );
    } catch (error) {
      await states.saveSubscription(tenantId, resource, { state: 'failed' }, deps.clock());
      throw error;
    }
  }

  async function renew(subscription: SubscriptionState): Promise<void> {
    if (!subscription.subscriptionId)
      return createSubscription(subscription.tenantId, subscription.resource);
    // Every server runs the renewal job: the renewal of this expiry is one server's.
    const prefix = `renew-${subscription.subscriptionId}-`;
    const claim = `${prefix}${subscription.expiresAt?.getTime() ?? 'none'}`;
    const now = deps.clock();
    if (
      !(await states.claimOnce(
        subscription.tenantId,
        claim,
        now,
        new Date(now.getTime() - STALE_CLAIM_MS),
      ))
    )
      return;
    const expiresAt = new Date(now.getTime() + SUBSCRIPTION_LIFETIME_MS);
    try {
      const renewed = await deps.graph
        .forApp(subscription.tenantId)
        .patch<{ expirationDateTime?: string }>(
          `/subscriptions/${encodeURIComponent(subscription.subscriptionId)}`,
          { expirationDateTime: expiresAt.toISOString() },
        );
      await states.saveSubscription(
        subscription.tenantId,
        subscription.resource,
        { state: 'active', expiresAt: new Date(renewed?.expirationDateTime ?? expiresAt) },
        deps.clock(),
      );
      await states.forgetClaims(subscription.tenantId, prefix, claim);
      deps.log.info(
        { tenantId: subscription.tenantId, subscriptionId: subscription.subscriptionId },
        'graph subscription renewed',
      );
    } catch (error) {
      // Gone on Graph's side: make a new one rather than keep renewing nothing.
      if (error instanceof GraphFailure && error.status === 404)
        return createSubscription(subscription.tenantId, subscription.resource);
      throw error;
    }
  }

  const watcher: SourceWatcher = {
    async watch(tenantId, resource) {
      try {
        const now = deps.clock();
        const existing = await states.findSubscription(tenantId, resource);
        if (
          existing?.state === 'active' &&
          existing.expiresAt &&
          existing.expiresAt.getTime() - now.getTime() > RENEW_WHEN_LEFT_MS
        )
          return;
        if (
          existing?.state === 'pending' &&
          now.getTime() - existing.claimedAt.getTime() < STALE_CLAIM_MS
        )
          return;
        if (!existing) {
          if (!(await states.claimSubscription(tenantId, resource, now))) return;
          await createSubscription(tenantId, resource);
        } else if (existing.state === 'active') {
          await renew(existing);
        } else {
          await states.reclaimSubscription(tenantId, resource, now);
          await createSubscription(tenantId, resource);
        }
      } catch (error) {
        deps.log.warn(
          { tenantId, resource, err: describe(error) },
          'could not subscribe to changes; evidence will be refreshed by the renewal job',
        );
      }
    },
  };

  async function acceptNotifications(
    items: unknown[],
  ): Promise<{ authentic: Authentic[]; refused: number }> {
    const authentic: Authentic[] = [];
    let refused = 0;
    for (const item of items) {
      const parsed = ChangeNotification.safeParse(item);
      const subscription = parsed.success
        ? await states.findBySubscriptionId(parsed.data.tenantId, parsed.data.subscriptionId)
        : null;
      if (
        !parsed.success ||
        !subscription ||
        !isClientStateValid(parsed.data.clientState, subscription.clientStateHash)
      ) {
        refused += 1;
        continue;
      }
      authentic.push({ notification: parsed.data, subscription });
    }
    return { authentic, refused };
  }

  function dedupeKey({ notification, subscription }: Authentic): string | null {
    const id = notification.resourceData?.id;
    if (!id) return null;
    return [
      subscription.tenantId,
      subscription.resource,
      notification.changeType ?? '',
      id,
      notification.resourceData?.['@odata.etag'] ?? '',
    ].join('\n');
  }

  async function refreshResource(
    tenantId: string,
    resource: string,
    onlyMessageId?: string,
  ): Promise<void> {
    let items = await evidenceWatching(deps.db, tenantId, resource);
    // A mailbox holds much more than evidence: only the messages we know by that id matter.
    if (onlyMessageId) items = items.filter((item) => item.messageIds.includes(onlyMessageId));
    if (items.length === 0) return;
    const outcome = await refreshEvidenceSources(
      { db: deps.db, graph: deps.graph, tenantId, now: deps.clock() },
      items,
    );
    deps.log.info({ tenantId, resource, ...outcome }, 'evidence sources refreshed');
  }

  async function processOne(entry: Authentic): Promise<void> {
    const { notification, subscription } = entry;
    const { tenantId, resource } = subscription;
    if (notification.lifecycleEvent === 'reauthorizationRequired') return renew(subscription);
    if (notification.lifecycleEvent === 'subscriptionRemoved') {
      await states.saveSubscription(tenantId, resource, { state: 'removed' }, deps.clock());
      return watcher.watch(tenantId, resource);
    }
    if (notification.lifecycleEvent === 'missed') return refreshResource(tenantId, resource);
    const key = dedupeKey(entry);
    if (key && !(await states.recordNotification(tenantId, key, deps.clock()))) return;
    try {
      const isMailbox = /\/messages$/i.test(resource);
      await refreshResource(
        tenantId,
        resource,
        isMailbox ? notification.resourceData?.id : undefined,
      );
    } catch (error) {
      if (key) await states.forgetNotification(tenantId, key);
      throw error;
    }
  }

  /** Runs after the webhook answered; failures are logged, never thrown at Graph. */
  function processNotifications(entries: Authentic[]): Promise<void> {
    const run = (async () => {
      for (const entry of entries) {
        try {
          await processOne(entry);
        } catch (error) {
          deps.log.warn(
            {
              tenantId: entry.subscription.tenantId,
              subscriptionId: entry.subscription.subscriptionId,
              err: describe(error),
            },
            'change notification not processed',
          );
        }
      }
    })();
    inFlight.add(run);
    void run.finally(() => inFlight.delete(run));
    return run;
  }

  /** The renewal job: renew subscriptions that expire within a day, re-create lost ones, forget old dedupe records. */
  async function renewSubscriptions(now: Date): Promise<{ renewed: number; failed: number }> {
    const due = await states.subscriptionsNeedingCare(
      new Date(now.getTime() + RENEW_WHEN_LEFT_MS),
      new Date(now.getTime() - STALE_CLAIM_MS),
    );
    let renewed = 0;
    let failed = 0;
    for (const subscription of due) {
      try {
        if (subscription.state === 'active') await renew(subscription);
        else {
          await states.reclaimSubscription(subscription.tenantId, subscription.resource, now);
          await createSubscription(subscription.tenantId, subscription.resource);
          // Whatever happened while nobody was listening.
          await refreshResource(subscription.tenantId, subscription.resource);
        }
        renewed += 1;
      } catch (error) {
        failed += 1;
        deps.log.warn(
          {
            tenantId: subscription.tenantId,
            resource: subscription.resource,
            err: describe(error),
          },
          'subscription renewal failed',
        );
      }
    }
    await states.expireNotifications(new Date(now.getTime() - 7 * 24 * HOUR));
    return { renewed, failed };
  }

  return {
    watcher,
    acceptNotifications,
    processNotifications,
    renewSubscriptions,
    /** Resolves when notifications accepted so far are processed (tests and shutdown). */
    async settled() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

export type NotificationService = ReturnType<typeof createNotificationService>;

/** Errors for the log: name, status and message, never headers or bodies (which may carry tokens). */
function describe(error: unknown) {
  const { name, message, status, code } = error as {
    name?: string;
    message?: string;
    status?: number;
    code?: string;
  };
  return { name, status, code, message: message?.slice(0, 300) };
}
