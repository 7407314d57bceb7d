/**
 * Change notifications: `POST/GET/PATCH/DELETE /subscriptions` with Graph's handshake —
 * on create, the emulator POSTs to `notificationUrl?validationToken=…` (and to
 * `lifecycleNotificationUrl` when given) and accepts the subscription only if the token
 * comes back as text/plain with 200 within the timeout (10 s, as Graph). Then sandbox
 * data changes are delivered as `{ value: [ { subscriptionId, changeType, resource,
 * resourceData, clientState, tenantId, … } ] }`, and lifecycle notifications
 * (`reauthorizationRequired` when expiry is near, `subscriptionRemoved` at expiry,
 * or on demand) go to the lifecycle URL.
 *
 * Two deliberate differences from Graph, both for local work: `http://` notification
 * URLs are accepted for localhost and 127.0.0.1 (Graph demands https everywhere), and
 * drive notifications — `changeType: "updated"` on the root, as OneDrive sends them —
 * also carry `resourceData` naming the item that changed. Production code must not rely
 * on that: OneDrive gives no item, so the server should re-read the item or the drive.
 */
import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { permissions, requirePermission, type Permission, type Principal } from './auth';
import { callerOf, type GraphContext } from './context';
import { GraphError } from './errors';
import { messageEtag } from './mail';
import { driveItemEtag } from './files';
import { contextUrl } from './odata';
import type { ChangeType, StoreChange, TenantState } from './store';

export interface SubscriptionOptions {
  /** How long the notification endpoint has to echo the validation token (Graph: 10 s). */
  validationTimeoutMs?: number;
  /** How close to expiry `reauthorizationRequired` is sent. */
  lifecycleWindowMs?: number;
  /** How often expiry is checked. */
  lifecycleCheckIntervalMs?: number;
  /** How long a notification endpoint may take to accept a delivery. */
  deliveryTimeoutMs?: number;
}

type Target =
  | { kind: 'mail'; userId: string }
  | { kind: 'drive'; driveId: string; userId: string }
  | { kind: 'users' }
  | { kind: 'user'; userId: string };

export interface SubscriptionRecord {
  id: string;
  tenantId: string;
  resource: string;
  target: Target;
  changeTypes: ChangeType[];
  clientState: string | null;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  expirationMs: number;
  applicationId: string;
  creatorId: string;
  /** The expiry a `reauthorizationRequired` was last sent for, so it is sent once. */
  reauthorizationSentFor?: number;
}

export type LifecycleEvent = 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed';

export interface DeliveryRecord {
  at: string;
  kind: 'validation' | 'change' | 'lifecycle';
  subscriptionId: string | null;
  url: string;
  status: number | null;
  error?: string;
  payload: unknown;
}

const MINUTE = 60_000;
// The docs' "maximum length of subscription per resource type".
const MAX_MINUTES: Record<Target['kind'], number> = {
  mail: 4230,
  drive: 42300,
  users: 41760,
  user: 41760,
};

function isoOffset(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '+00:00');
}

export function subscriptionResource(record: SubscriptionRecord) {
  return {
    id: record.id,
    resource: record.resource,
    applicationId: record.applicationId,
    changeType: record.changeTypes.join(','),
    clientState: record.clientState,
    notificationUrl: record.notificationUrl,
    notificationQueryOptions: null,
    lifecycleNotificationUrl: record.lifecycleNotificationUrl,
    expirationDateTime: new Date(record.expirationMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    creatorId: record.creatorId,
    includeResourceData: false,
    latestSupportedTlsVersion: 'v1_2',
    encryptionCertificate: null,
    encryptionCertificateId: null,
    notificationUrlAppId: null,
  };
}

export class SubscriptionService {
  readonly subscriptions = new Map<string, SubscriptionRecord>();
  readonly deliveries: DeliveryRecord[] = [];
  private readonly timer: NodeJS.Timeout;
  private readonly options: Required<SubscriptionOptions>;

  constructor(
    private readonly ctx: GraphContext,
    options: SubscriptionOptions = {},
  ) {
    this.options = {
      validationTimeoutMs: options.validationTimeoutMs ?? 10_000,
      lifecycleWindowMs: options.lifecycleWindowMs ?? 60 * MINUTE,
      lifecycleCheckIntervalMs: options.lifecycleCheckIntervalMs ?? 30_000,
      deliveryTimeoutMs: options.deliveryTimeoutMs ?? 10_000,
    };
    ctx.store.changes.on('change', (change) => void this.onChange(change));
    this.timer = setInterval(() => void this.checkExpiry(), this.options.lifecycleCheckIntervalMs);
    this.timer.unref();
  }

  stop() {
    clearInterval(this.timer);
  }

  private now() {
    return this.ctx.store.clock().getTime();
  }

  /** Resolves `me/…`, `users('x')/…` and UPNs to one normal form, or refuses the resource. */
  private targetOf(resource: string, tenant: TenantState, principal: Principal): Target {
    const path = resource.replace(/^\//, '').replace(/^users\('([^']+)'\)/i, 'users/$1');
    const meUser = () => {
      if (principal.isApp)
        throw new GraphError(
          400,
          'InvalidRequest',
          '/me request is only valid with delegated authentication flow.',
        );
      return principal.userId!;
    };
    const userOf = (idOrUpn: string) => {
      const user = this.ctx.store.findUser(tenant, idOrUpn);
      if (!user)
        throw new GraphError(404, 'ResourceNotFound', `Resource '${resource}' does not exist.`);
      return user.id;
    };
    let match: RegExpMatchArray | null;
    if ((match = path.match(/^me\/(?:mailFolders\/[^/]+\/)?messages$/i)))
      return { kind: 'mail', userId: meUser() };
    if ((match = path.match(/^users\/([^/]+)\/(?:mailFolders\/[^/]+\/)?messages$/i)))
      return { kind: 'mail', userId: userOf(match[1]!) };
    if (/^me\/drive\/root$/i.test(path)) {
      const userId = meUser();
      return { kind: 'drive', userId, driveId: this.ctx.store.drive(tenant, userId)!.id };
    }
    if ((match = path.match(/^users\/([^/]+)\/drive\/root$/i))) {
      const userId = userOf(match[1]!);
      return { kind: 'drive', userId, driveId: this.ctx.store.drive(tenant, userId)!.id };
    }
    if ((match = path.match(/^drives\/([^/]+)\/root$/i))) {
      const drive = this.ctx.store.driveById(tenant, match[1]!);
      if (!drive)
        throw new GraphError(404, 'ResourceNotFound', `Resource '${resource}' does not exist.`);
      return { kind: 'drive', userId: drive.ownerId, driveId: drive.id };
    }
    if (/^users$/i.test(path)) return { kind: 'users' };
    if ((match = path.match(/^users\/([^/]+)$/i)))
      return { kind: 'user', userId: userOf(match[1]!) };
    throw new GraphError(
      400,
      'InvalidRequest',
      `The sandbox does not support subscriptions to '${resource}'. Supported: me/messages, users/{id}/messages, me/drive/root, users/{id}/drive/root, drives/{id}/root, users, users/{id}.`,
    );
  }

  private authorise(target: Target, principal: Principal) {
    const permission: Permission =
      target.kind === 'mail'
        ? permissions.mailRead
        : target.kind === 'drive'
          ? permissions.filesRead
          : permissions.userReadAll;
    requirePermission(principal, permission);
    if (
      !principal.isApp &&
      (target.kind === 'mail' || target.kind === 'drive') &&
      target.userId !== principal.userId
    )
      throw permission.denied();
  }

  private checkExpiration(raw: unknown, target: Target): number {
    const ms = typeof raw === 'string' ? Date.parse(raw) : NaN;
    if (Number.isNaN(ms))
      throw new GraphError(
        400,
        'InvalidRequest',
        'expirationDateTime is required and must be a date and time.',
      );
    if (ms <= this.now())
      throw new GraphError(400, 'InvalidRequest', 'Subscription expiration must be in the future.');
    const max = MAX_MINUTES[target.kind];
    // A minute of grace: clients compute "now + max" a moment before we read it.
    if (ms > this.now() + (max + 1) * MINUTE)
      throw new GraphError(
        400,
        'InvalidRequest',
        `Subscription expiration can only be ${max} minutes in the future.`,
      );
    return ms;
  }

  private checkUrl(raw: unknown, name: string): string {
    let url: URL;
    try {
      url = new URL(String(raw));
    } catch {
      throw new GraphError(400, 'InvalidRequest', `${name} must be an absolute URL.`);
    }
    const isLoopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback)) {
      throw new GraphError(
        400,
        'InvalidRequest',
        `${name} must use https (the sandbox also allows http on localhost).`,
      );
    }
    return url.toString();
  }

  /** Graph's validation handshake against one URL; throws ValidationError when it fails. */
  private async validate(url: string, subscriptionId: string | null) {
    const token = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
    const target = `${url}${url.includes('?') ? '&' : '?'}validationToken=${encodeURIComponent(token)}`;
    const failed = (detail: string, status: number | null, error?: string): never => {
      this.deliveries.push({
        at: new Date().toISOString(),
        kind: 'validation',
        subscriptionId,
        url,
        status,
        ...(error ? { error } : {}),
        payload: token,
      });
      throw new GraphError(
        400,
        'ValidationError',
        `Subscription validation request failed. ${detail}`,
      );
    };
    let response: globalThis.Response;
    try {
      response = await fetch(target, {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain; charset=utf-8' },
        body: '',
        signal: AbortSignal.timeout(this.options.validationTimeoutMs),
      });
    } catch (error) {
      const isTimeout = (error as Error).name === 'TimeoutError';
      return failed(
        isTimeout
          ? 'Subscription validation request timed out.'
          : 'Notification endpoint could not be reached.',
        null,
        (error as Error).message,
      );
    }
    const text = await response.text();
    if (response.status !== 200)
      return failed(
        'Notification endpoint must respond with 200 OK to validation request.',
        response.status,
      );
    if (!(response.headers.get('content-type') ?? '').toLowerCase().startsWith('text/plain'))
      return failed('Response must be of content type text/plain.', response.status);
    if (text !== token)
      return failed(
        'Response must exactly match validationToken query parameter.',
        response.status,
      );
    this.deliveries.push({
      at: new Date().toISOString(),
      kind: 'validation',
      subscriptionId,
      url,
      status: 200,
      payload: token,
    });
  }

  async create(
    tenant: TenantState,
    principal: Principal,
    body: Record<string, unknown>,
  ): Promise<SubscriptionRecord> {
    for (const name of ['changeType', 'notificationUrl', 'resource', 'expirationDateTime']) {
      if (body[name] === undefined || body[name] === null || body[name] === '')
        throw new GraphError(400, 'InvalidRequest', `${name} is required.`);
    }
    const changeTypes = String(body.changeType)
      .split(',')
      .map((item) => item.trim());
    if (changeTypes.some((item) => !['created', 'updated', 'deleted'].includes(item))) {
      throw new GraphError(
        400,
        'InvalidRequest',
        "changeType must be a comma-separated list of 'created', 'updated', 'deleted'.",
      );
    }
    const target = this.targetOf(String(body.resource), tenant, principal);
    this.authorise(target, principal);
    const expirationMs = this.checkExpiration(body.expirationDateTime, target);
    const notificationUrl = this.checkUrl(body.notificationUrl, 'notificationUrl');
    const lifecycleNotificationUrl = body.lifecycleNotificationUrl
      ? this.checkUrl(body.lifecycleNotificationUrl, 'lifecycleNotificationUrl')
      : null;
    if (typeof body.clientState === 'string' && body.clientState.length > 128)
      throw new GraphError(400, 'InvalidRequest', 'clientState can be at most 128 characters.');
    await this.validate(notificationUrl, null);
    if (lifecycleNotificationUrl) await this.validate(lifecycleNotificationUrl, null);
    const record: SubscriptionRecord = {
      id: randomUUID(),
      tenantId: tenant.id,
      resource: String(body.resource),
      target,
      changeTypes: changeTypes as ChangeType[],
      clientState: typeof body.clientState === 'string' ? body.clientState : null,
      notificationUrl,
      lifecycleNotificationUrl,
      expirationMs,
      applicationId: principal.appId,
      creatorId: principal.isApp ? principal.appId : principal.userId!,
    };
    this.subscriptions.set(record.id, record);
    return record;
  }

  /** The caller's subscription, or 404 (another tenant's or another user's is not found). */
  find(tenant: TenantState, principal: Principal, id: string): SubscriptionRecord {
    const record = this.subscriptions.get(id);
    const isVisible =
      record &&
      record.tenantId === tenant.id &&
      (principal.isApp || record.creatorId === principal.userId);
    if (!record || !isVisible)
      throw new GraphError(404, 'ResourceNotFound', 'The object was not found.');
    return record;
  }

  listFor(tenant: TenantState, principal: Principal): SubscriptionRecord[] {
    return [...this.subscriptions.values()].filter(
      (record) =>
        record.tenantId === tenant.id &&
        (principal.isApp
          ? record.applicationId === principal.appId
          : record.creatorId === principal.userId),
    );
  }

  async update(record: SubscriptionRecord, body: Record<string, unknown>) {
    if (body.expirationDateTime !== undefined) {
      record.expirationMs = this.checkExpiration(body.expirationDateTime, record.target);
    }
    if (body.notificationUrl !== undefined) {
      const url = this.checkUrl(body.notificationUrl, 'notificationUrl');
      await this.validate(url, record.id);
      record.notificationUrl = url;
    }
    return record;
  }

  remove(id: string): boolean {
    return this.subscriptions.delete(id);
  }

  private matches(record: SubscriptionRecord, change: StoreChange): boolean {
    if (record.tenantId !== change.tenantId || record.expirationMs <= this.now()) return false;
    const target = record.target;
    if (change.kind === 'message')
      return target.kind === 'mail' && target.userId === change.ownerId;
    if (change.kind === 'driveItem')
      return target.kind === 'drive' && target.driveId === change.driveId;
    return target.kind === 'users' || (target.kind === 'user' && target.userId === change.userId);
  }

  private notificationFor(record: SubscriptionRecord, change: StoreChange) {
    const base = {
      id: randomUUID(),
      subscriptionId: record.id,
      subscriptionExpirationDateTime: isoOffset(record.expirationMs),
      clientState: record.clientState,
      tenantId: record.tenantId,
    };
    if (change.kind === 'message') {
      const path = `Users/${change.ownerId}/Messages/${change.message.id}`;
      return {
        ...base,
        changeType: change.changeType,
        resource: path,
        resourceData: {
          '@odata.type': '#Microsoft.Graph.Message',
          '@odata.id': path,
          '@odata.etag': messageEtag(change.message),
          id: change.message.id,
        },
      };
    }
    if (change.kind === 'driveItem') {
      // OneDrive reports every change under a root as "updated" on the subscribed resource.
      return {
        ...base,
        changeType: 'updated' as const,
        resource: record.resource,
        resourceData: {
          '@odata.type': '#Microsoft.Graph.DriveItem',
          '@odata.id': `drives/${change.driveId}/items/${change.item.id}`,
          '@odata.etag': driveItemEtag(change.item),
          id: change.item.id,
        },
      };
    }
    const path = `Users/${change.userId}`;
    return {
      ...base,
      changeType: change.changeType,
      resource: path,
      resourceData: {
        '@odata.type': '#Microsoft.Graph.User',
        '@odata.id': path,
        id: change.userId,
        organizationId: change.tenantId,
      },
    };
  }

  private async onChange(change: StoreChange) {
    const deliveredType: ChangeType = change.kind === 'driveItem' ? 'updated' : change.changeType;
    const targets = [...this.subscriptions.values()].filter(
      (record) => this.matches(record, change) && record.changeTypes.includes(deliveredType),
    );
    await Promise.all(
      targets.map((record) =>
        this.post('change', record.id, record.notificationUrl, {
          value: [this.notificationFor(record, change)],
        }),
      ),
    );
  }

  private async post(
    kind: DeliveryRecord['kind'],
    subscriptionId: string,
    url: string,
    payload: unknown,
  ) {
    const entry: DeliveryRecord = {
      at: new Date().toISOString(),
      kind,
      subscriptionId,
      url,
      status: null,
      payload,
    };
    this.deliveries.push(entry);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(this.options.deliveryTimeoutMs),
      });
      entry.status = response.status;
      await response.arrayBuffer();
    } catch (error) {
      entry.error = (error as Error).message;
    }
  }

  /** Sends a lifecycle notification now (and removes the subscription for `subscriptionRemoved`). */
  async sendLifecycle(record: SubscriptionRecord, lifecycleEvent: LifecycleEvent) {
    if (lifecycleEvent === 'subscriptionRemoved') this.subscriptions.delete(record.id);
    if (lifecycleEvent === 'reauthorizationRequired')
      record.reauthorizationSentFor = record.expirationMs;
    if (!record.lifecycleNotificationUrl) return false;
    await this.post('lifecycle', record.id, record.lifecycleNotificationUrl, {
      value: [
        {
          subscriptionId: record.id,
          subscriptionExpirationDateTime: isoOffset(record.expirationMs),
          tenantId: record.tenantId,
          clientState: record.clientState,
          lifecycleEvent,
        },
      ],
    });
    return true;
  }

  /** Expiry near → reauthorizationRequired (once per expiry); expired → subscriptionRemoved. */
  async checkExpiry() {
    const now = this.now();
    for (const record of [...this.subscriptions.values()]) {
      if (record.expirationMs <= now) await this.sendLifecycle(record, 'subscriptionRemoved');
      else if (
        record.expirationMs - now <= this.options.lifecycleWindowMs &&
        record.reauthorizationSentFor !== record.expirationMs
      ) {
        await this.sendLifecycle(record, 'reauthorizationRequired');
      }
    }
  }
}

export function subscriptionRoutes(ctx: GraphContext, service: SubscriptionService): Router {
  const router = Router();
  const send = (res: Response, status: number, record: SubscriptionRecord) =>
    res.status(status).json({
      '@odata.context': contextUrl(ctx.serviceRoot(), 'subscriptions/$entity'),
      ...subscriptionResource(record),
    });

  router.post('/subscriptions', async (req: Request, res: Response) => {
    const { principal, tenant } = callerOf(ctx, res);
    send(
      res,
      201,
      await service.create(tenant, principal, (req.body ?? {}) as Record<string, unknown>),
    );
  });
  router.get('/subscriptions', (_req, res) => {
    const { principal, tenant } = callerOf(ctx, res);
    res.json({
      '@odata.context': contextUrl(ctx.serviceRoot(), 'subscriptions'),
      value: service.listFor(tenant, principal).map(subscriptionResource),
    });
  });
  router.get('/subscriptions/:id', (req, res) => {
    const { principal, tenant } = callerOf(ctx, res);
    send(res, 200, service.find(tenant, principal, req.params.id as string));
  });
  router.patch('/subscriptions/:id', async (req, res) => {
    const { principal, tenant } = callerOf(ctx, res);
    const record = service.find(tenant, principal, req.params.id as string);
    send(res, 200, await service.update(record, (req.body ?? {}) as Record<string, unknown>));
  });
  router.post('/subscriptions/:id/reauthorize', (req, res) => {
    const { principal, tenant } = callerOf(ctx, res);
    const record = service.find(tenant, principal, req.params.id as string);
    record.reauthorizationSentFor = undefined;
    res.status(204).end();
  });
  router.delete('/subscriptions/:id', (req, res) => {
    const { principal, tenant } = callerOf(ctx, res);
    service.remove(service.find(tenant, principal, req.params.id as string).id);
    res.status(204).end();
  });
  return router;
}
