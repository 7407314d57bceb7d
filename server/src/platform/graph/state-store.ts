/**
 * The `graphState` collection: what Throughline keeps about its conversation with Graph
 * per tenant — change-notification subscriptions (one per watched resource) and the org
 * sync's delta link and progress — plus `graphNotifications`, the insert-keyed record of
 * notifications already handled. Subscription records are claimed by an insert under a
 * deterministic `_id`, so two attaches in the same mailbox create one subscription.
 * The clientState is kept only as a SHA-256 hash: enough to check a notification, useless
 * to forge one.
 */
import { createHash } from 'node:crypto';
import type { Db, Document, Filter } from 'mongodb';
import { registerIndexes } from '../db/database';
import { isDuplicateKey } from '../db/documents';

export const GRAPH_STATE = 'graphState';
export const GRAPH_NOTIFICATIONS = 'graphNotifications';

registerIndexes(GRAPH_STATE, [
  { key: { tenantId: 1, kind: 1, subscriptionId: 1 }, name: 'by_subscription' },
  { key: { kind: 1, expiresAt: 1 }, name: 'by_expiry' },
]);
registerIndexes(GRAPH_NOTIFICATIONS, [{ key: { receivedAt: 1 }, name: 'by_age' }]);

/** The driver types `_id` as ObjectId; ours are strings. */
const byId = (id: string, tenantId: string) =>
  ({ _id: id, tenantId }) as unknown as Filter<Document>;

const hash = (text: string) => createHash('sha256').update(text).digest('hex');

export interface SubscriptionState {
  id: string;
  tenantId: string;
  resource: string;
  state: 'pending' | 'active' | 'failed' | 'removed';
  subscriptionId: string | null;
  clientStateHash: string | null;
  expiresAt: Date | null;
  claimedAt: Date;
  updatedAt: Date;
}

export interface OrgSyncProgress {
  state: 'idle' | 'running' | 'succeeded' | 'failed';
  runId: string | null;
  mode: 'full' | 'delta' | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  pages: number;
  seen: number;
  created: number;
  updated: number;
  deactivated: number;
  graphRequests: number;
  error: string | null;
}

export interface OrgSyncState {
  tenantId: string;
  /** Where the next sync starts: Graph's deltaLink after a finished round. */
  deltaLink: string | null;
  /** Where an interrupted round resumes: the nextLink of the last page fully applied. */
  resumeLink: string | null;
  progress: OrgSyncProgress;
}

type SubscriptionDocument = Omit<SubscriptionState, 'id'> & { _id: string; kind: 'subscription' };
type OrgSyncDocument = OrgSyncState & { _id: string; kind: 'orgSync' };

export function graphStateStore(db: Db) {
  const states = db.collection<Document>(GRAPH_STATE);
  const notifications = db.collection<Document>(GRAPH_NOTIFICATIONS);
  const subscriptionKey = (tenantId: string, resource: string) =>
    `sub-${hash(`${tenantId}\n${resource.toLowerCase()}`).slice(0, 40)}`;
  const toSubscription = (doc: Document | null): SubscriptionState | null => {
    if (!doc) return null;
    const { _id, kind: _kind, ...rest } = doc as SubscriptionDocument;
    return { id: _id, ...rest };
  };

  return {
    hashClientState: hash,

    async findSubscription(tenantId: string, resource: string): Promise<SubscriptionState | null> {
      return toSubscription(
        await states.findOne(byId(subscriptionKey(tenantId, resource), tenantId)),
      );
    },

    async findBySubscriptionId(
      tenantId: string,
      subscriptionId: string,
    ): Promise<SubscriptionState | null> {
      return toSubscription(
        await states.findOne({ tenantId, kind: 'subscription', subscriptionId }),
      );
    },

    /** True when this caller won the claim to create the subscription. */
    async claimSubscription(tenantId: string, resource: string, now: Date): Promise<boolean> {
      const doc: SubscriptionDocument = {
        _id: subscriptionKey(tenantId, resource),
        kind: 'subscription',
        tenantId,
        resource,
        state: 'pending',
        subscriptionId: null,
        clientStateHash: null,
        expiresAt: null,
        claimedAt: now,
        updatedAt: now,
      };
      try {
        await states.insertOne(doc as unknown as Document);
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },

    /** Takes over a stale or failed claim; not atomic, so at worst two subscriptions exist and both are handled. */
    async reclaimSubscription(tenantId: string, resource: string, now: Date): Promise<void> {
      await states.updateOne(byId(subscriptionKey(tenantId, resource), tenantId), {
        $set: { state: 'pending', claimedAt: now, updatedAt: now },
      });
    },

    async saveSubscription(
      tenantId: string,
      resource: string,
      fields: Partial<
        Pick<SubscriptionState, 'state' | 'subscriptionId' | 'clientStateHash' | 'expiresAt'>
      >,
      now: Date,
    ): Promise<void> {
      await states.updateOne(byId(subscriptionKey(tenantId, resource), tenantId), {
        $set: { ...fields, updatedAt: now },
      });
    },

    /** Across tenants, for the renewal job: subscriptions expiring before `before`, or lost ones to re-create. */
    async subscriptionsNeedingCare(
      before: Date,
      staleClaimBefore: Date,
    ): Promise<SubscriptionState[]> {
      const docs = await states
        .find({
          kind: 'subscription',
          $or: [
            { state: 'active', expiresAt: { $lt: before } },
            { state: { $in: ['failed', 'removed'] } },
            { state: 'pending', claimedAt: { $lt: staleClaimBefore } },
          ],
        })
        .limit(5000)
        .toArray();
      return docs.map((doc) => toSubscription(doc)!);
    },

    /** True the first time a notification key is seen; false for a duplicate. */
    async recordNotification(tenantId: string, key: string, now: Date): Promise<boolean> {
      try {
        await notifications.insertOne({
          _id: hash(key),
          tenantId,
          receivedAt: now,
        } as unknown as Document);
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },

    /** Lets a notification whose processing failed be handled when Graph (or a resync) brings it again. */
    async forgetNotification(tenantId: string, key: string): Promise<void> {
      await notifications.deleteOne(byId(hash(key), tenantId));
    },

    async expireNotifications(before: Date): Promise<void> {
      await notifications.deleteMany({ receivedAt: { $lt: before } });
    },

    async readOrgSync(tenantId: string): Promise<OrgSyncState | null> {
      const doc = (await states.findOne(
        byId(`orgsync-${tenantId}`, tenantId),
      )) as OrgSyncDocument | null;
      if (!doc) return null;
      return {
        tenantId: doc.tenantId,
        deltaLink: doc.deltaLink,
        resumeLink: doc.resumeLink,
        progress: doc.progress,
      };
    },

    async writeOrgSync(state: OrgSyncState): Promise<void> {
      await states.replaceOne(
        byId(`orgsync-${state.tenantId}`, state.tenantId),
        { kind: 'orgSync', ...state },
        { upsert: true },
      );
    },

    /**
     * A one-time claim under a key: the insert lands once, so of two servers about to do the
     * same thing only one does. A claim older than `staleBefore` is taken over, since its
     * holder died before finishing.
     */
    async claimOnce(tenantId: string, key: string, now: Date, staleBefore: Date): Promise<boolean> {
      const doc = { _id: `claim-${key}`, kind: 'claim', tenantId, claimedAt: now };
      const insert = async () => {
        try {
          await states.insertOne(doc as unknown as Document);
          return true;
        } catch (error) {
          if (isDuplicateKey(error)) return false;
          throw error;
        }
      };
      if (await insert()) return true;
      const taken = await states.deleteOne({
        ...byId(doc._id, tenantId),
        claimedAt: { $lt: staleBefore },
      } as unknown as Filter<Document>);
      return taken.deletedCount === 1 && (await insert());
    },

    /** Forgets the claims whose keys start with `prefix`, but `keep`. */
    async forgetClaims(tenantId: string, prefix: string, keep: string): Promise<void> {
      await states.deleteMany({
        tenantId,
        kind: 'claim',
        _id: {
          $regex: `^claim-${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
          $ne: `claim-${keep}`,
        },
      } as unknown as Filter<Document>);
    },

    /** Tenants whose org sync has been started at least once (the scheduled job keeps them current). */
    async orgSyncTenants(): Promise<string[]> {
      const docs = await states
        .find({ kind: 'orgSync' }, { projection: { tenantId: 1 } })
        .limit(10_000)
        .toArray();
      return docs.map((doc) => String(doc.tenantId));
    },
  };
}

export type GraphStateStore = ReturnType<typeof graphStateStore>;
