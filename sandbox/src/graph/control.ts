/**
 * The sandbox control API — NOT part of Microsoft Graph, and unauthenticated: it exists
 * only on the local emulator, under `/_sandbox/…`, for tests and demos. It reads what was
 * sent to Teams, counts requests, injects faults, changes mail, files and people (which
 * fires change notifications), forces lifecycle notifications and generates large
 * tenants. `GET /_sandbox` lists it.
 */
import { requestedPermissions } from '@throughline/manifest/src/app-registration';
import type { ConsentLedger } from '../identity/consent';
import type { SigningKeys } from '../identity/keys';
import { randomUUID } from 'node:crypto';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { generateDirectory } from '../seed/generated-tenant';
import { driveItemResource } from './files';
import { FaultRule, type FaultInjector, type RequestCounter } from './faults';
import { messageResource } from './mail';
import { automaticRepliesOf, graphWallTime } from './mailbox-settings';
import type { GraphStore, TenantState } from './store';
import type { LifecycleEvent, SubscriptionService } from './subscriptions';
import { subscriptionResource } from './subscriptions';
import type { TeamsRecorder } from './teams';
import type { WorkbookContents } from './workbook';
import { userResource } from './users';
import { botControlEntries } from '../bot-framework/bot-framework';

export interface ControlDependencies {
  store: GraphStore;
  faults: FaultInjector;
  counter: RequestCounter;
  teams: TeamsRecorder;
  subscriptions: SubscriptionService;
  /** Lets the identity provider issue tokens for generated tenants. */
  onTenantAdded?: (tenant: TenantState) => void;
  /** What each tenant's admin consented to; the identity provider issues tokens from it. */
  consent: ConsentLedger;
  /** The identity provider's signing keys, which a test can roll. */
  signingKeys: SigningKeys;
  /** The bytes of the drive's workbooks, which a test can fill and change. */
  workbooks: WorkbookContents;
}

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const Recipient = z.object({ emailAddress: z.object({ name: z.string(), address: z.string() }) });
const NewMessage = z.object({
  subject: z.string().min(1),
  from: Recipient.optional(),
  toRecipients: z.array(Recipient).optional(),
  ccRecipients: z.array(Recipient).optional(),
  body: z.string().optional(),
  folder: z.enum(['inbox', 'sentitems']).optional(),
  receivedDateTime: z.string().optional(),
  isRead: z.boolean().optional(),
  attachments: z
    .array(z.object({ name: z.string(), contentType: z.string(), size: z.number().int().min(0) }))
    .optional(),
});
const ConsentChange = z.object({
  type: z.enum(['delegated', 'application']).optional(),
  permissions: z.array(z.string().min(1)).optional(),
});
/** A wall time in UTC, as Exchange reports the window back; an instant with an offset is taken as that instant. */
const UtcDateTime = z
  .object({ dateTime: z.string().min(1), timeZone: z.literal('UTC').default('UTC') })
  .transform((value, issue) => {
    const instant = new Date(
      /(Z|[+-]\d\d:\d\d)$/.test(value.dateTime) ? value.dateTime : `${value.dateTime}Z`,
    );
    if (Number.isNaN(instant.getTime())) {
      issue.addIssue({ code: 'custom', message: 'is not a date and time' });
      return z.NEVER;
    }
    return graphWallTime(instant);
  });
const AutomaticRepliesPatch = z.object({
  status: z.enum(['disabled', 'alwaysEnabled', 'scheduled']).optional(),
  externalAudience: z.enum(['none', 'contactsOnly', 'all']).optional(),
  scheduledStartDateTime: UtcDateTime.optional(),
  scheduledEndDateTime: UtcDateTime.optional(),
  internalReplyMessage: z.string().optional(),
  externalReplyMessage: z.string().optional(),
});
const SentMessage = NewMessage.omit({ from: true, folder: true }).extend({
  toRecipients: z.array(Recipient).min(1),
});
const MessagePatch = z.object({
  subject: z.string().optional(),
  isRead: z.boolean().optional(),
  folder: z.enum(['inbox', 'sentitems', 'archive', 'deleteditems']).optional(),
});
const CellValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const WorkbookSpec = z.object({
  sheets: z.record(
    z.string().min(1),
    z.record(z.string().regex(/^[A-Z]{1,3}[0-9]{1,7}$/), CellValue),
  ),
  names: z.record(z.string().min(1), z.string().min(3)).optional(),
  numberFormats: z.record(z.string(), z.string()).optional(),
  formulas: z
    .record(
      z.string().regex(/^.+![A-Z]{1,3}[0-9]{1,7}$/),
      z.object({
        formula: z.string().min(1),
        result: z.union([z.string(), z.number(), z.boolean()]).optional(),
      }),
    )
    .optional(),
});
const NewDriveItem = z.object({
  name: z.string().min(1),
  size: z.number().int().min(0).optional(),
  /**
   * For an .xlsx item: its cells, saved as its content. Without `size`, the item's size is
   * the file's; a `size` stands in for a file of that size (the content stays small).
   */
  workbook: WorkbookSpec.optional(),
});
const CellChange = z.object({
  /** `Sheet1!B4` */
  cell: z.string().regex(/^.+![A-Z]{1,3}[0-9]{1,7}$/),
  value: CellValue,
});
const DriveItemPatch = z.object({
  name: z.string().min(1).optional(),
  size: z.number().int().min(0).optional(),
  modifiedBy: z.string().optional(),
});
const Person = z.object({
  id: z.string().optional(),
  displayName: z.string().min(1),
  givenName: z.string().optional(),
  surname: z.string().optional(),
  mail: z.string().optional(),
  userPrincipalName: z.string().optional(),
  jobTitle: z.string().default(''),
  department: z.string().default(''),
  officeLocation: z.string().default(''),
  managerId: z.string().nullable().default(null),
  isAdmin: z.boolean().default(false),
  directoryRoles: z.array(z.string()).default([]),
});
const GenerateTenant = z.object({
  people: z.number().int().min(1).max(100_000),
  name: z.string().min(1).optional(),
  span: z.number().int().min(1).max(100).optional(),
});
const Lifecycle = z.object({
  lifecycleEvent: z.enum(['reauthorizationRequired', 'subscriptionRemoved', 'missed']),
});

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (!result.success)
    throw new ControlError(
      400,
      result.error.issues
        .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
        .join('; '),
    );
  return result.data;
}

export function controlRoutes(deps: ControlDependencies): Router {
  const { store, faults, counter, teams, subscriptions, consent } = deps;
  const router = Router();

  const tenantOf = (req: Request) => {
    const tenant = store.tenant(req.params.tenantId as string);
    if (!tenant) throw new ControlError(404, `no tenant ${req.params.tenantId}`);
    return tenant;
  };
  const userOf = (req: Request) => {
    const tenant = tenantOf(req);
    const user = store.findUser(tenant, req.params.userId as string);
    if (!user) throw new ControlError(404, `no user ${req.params.userId} in tenant ${tenant.id}`);
    return { tenant, user };
  };

  router.get('/', (_req, res) => {
    res.json({
      description:
        'Sandbox control API (not Microsoft Graph; local emulator only; no authentication).',
      endpoints: [
        'GET    /_sandbox/tenants',
        'POST   /_sandbox/tenants/generate {people, name?, span?}',
        'POST   /_sandbox/tenants/{tenantId}/users {displayName, managerId?, …}',
        'PATCH  /_sandbox/tenants/{tenantId}/users/{userId} {jobTitle?, managerId?, …}',
        'DELETE /_sandbox/tenants/{tenantId}/users/{userId}[?permanent=true]',
        'POST   /_sandbox/tenants/{tenantId}/users/{userId}/messages {subject, from?, body?, …}',
        'GET    /_sandbox/tenants/{tenantId}/consent (what its admin consented to, and what the app requests)',
        'POST   /_sandbox/tenants/{tenantId}/consent {type?, permissions?} (grant admin consent: all requested by default)',
        'DELETE /_sandbox/tenants/{tenantId}/consent[?type=&permission=A,B] (revoke)',
        'POST   /_sandbox/tenants/{tenantId}/users/{userId}/send {subject, toRecipients, ccRecipients?, body?} (one message, a copy in each mailbox)',
        'PATCH  /_sandbox/tenants/{tenantId}/users/{userId}/messages/{messageId} {subject?, isRead?, folder?}',
        'PATCH  /_sandbox/tenants/{tenantId}/users/{userId}/mailboxSettings/automaticRepliesSetting {status?, scheduledStartDateTime?, scheduledEndDateTime?, …} (out of office, as the person sets it in Outlook; {status: "disabled"} turns it off)',
        'DELETE /_sandbox/tenants/{tenantId}/users/{userId}/messages/{messageId}',
        'POST   /_sandbox/tenants/{tenantId}/users/{userId}/drive/items {name, size?, workbook?: {sheets: {Sheet1: {B4: 42}}, names?: {Name: "Sheet1!$B$4"}, formulas?: {"Sheet1!B5": {formula, result?}}}}',
        'PATCH  /_sandbox/tenants/{tenantId}/users/{userId}/drive/items/{itemId} {name?, size?, modifiedBy?}',
        'PATCH  /_sandbox/tenants/{tenantId}/users/{userId}/drive/items/{itemId}/workbook {cell: "Sheet1!B4", value} (an edit saved in Excel; the item’s content changes)',
        'DELETE /_sandbox/tenants/{tenantId}/users/{userId}/drive/items/{itemId}',
        'GET    /_sandbox/teams/activity-notifications[?recipientUserId=]',
        'GET    /_sandbox/teams/chat-messages[?userId=]',
        'DELETE /_sandbox/recordings',
        'GET    /_sandbox/requests   DELETE /_sandbox/requests',
        'GET    /_sandbox/faults     POST /_sandbox/faults {method?, pathPrefix?|pathPattern?, latencyMs?, status?, retryAfterSeconds?, times?}',
        'DELETE /_sandbox/faults     DELETE /_sandbox/faults/{id}',
        'GET    /_sandbox/subscriptions',
        'POST   /_sandbox/subscriptions/{id}/lifecycle {lifecycleEvent}',
        'POST   /_sandbox/subscriptions/check-expiry',
        'GET    /_sandbox/notifications   DELETE /_sandbox/notifications',
        'POST   /_sandbox/identity/keys/roll (a new signing key; tokens signed by the old one are refused)',
        ...botControlEntries,
      ],
    });
  });

  // ---- tenants and people -------------------------------------------------------------
  router.get('/tenants', (_req, res) => {
    res.json({
      value: [...store.tenants.values()].map((tenant) => ({
        id: tenant.id,
        name: tenant.name,
        domain: tenant.domain,
        people: tenant.users.size,
        isGenerated: tenant.isGenerated,
      })),
    });
  });

  router.post('/tenants/generate', (req, res) => {
    const input = parse(GenerateTenant, req.body);
    const directory = generateDirectory({
      name: input.name ?? `Generated ${input.people}`,
      people: input.people,
      span: input.span,
    });
    const tenant = store.tenant(directory.id) ?? store.addTenant(directory, true);
    deps.onTenantAdded?.(tenant);
    res.status(201).json({
      tenantId: tenant.id,
      name: tenant.name,
      domain: tenant.domain,
      people: tenant.users.size,
      rootUserId: directory.people[0]!.id,
    });
  });

  router.post('/tenants/:tenantId/users', (req, res) => {
    const tenant = tenantOf(req);
    const input = parse(Person, req.body);
    const [given = input.displayName, ...rest] = input.displayName.split(' ');
    const alias = `${given}${rest.join('')}`
      .normalize('NFD')
      .replace(/[^A-Za-z]/g, '')
      .toLowerCase();
    const id = input.id ?? randomUUID();
    if (tenant.users.has(id)) throw new ControlError(409, `user ${id} already exists`);
    const user = store.upsertUser(tenant, {
      ...input,
      id,
      givenName: input.givenName ?? given,
      surname: input.surname ?? rest.join(' '),
      mail: input.mail ?? `${alias}@${tenant.domain}`,
      userPrincipalName: input.userPrincipalName ?? `${alias}@${tenant.domain}`,
    });
    res.status(201).json(userResource(user, tenant));
  });

  router.patch('/tenants/:tenantId/users/:userId', (req, res) => {
    const { tenant, user } = userOf(req);
    const patch = parse(Person.partial(), req.body);
    const defined = Object.fromEntries(
      Object.entries(patch).filter(([, value]) => value !== undefined),
    );
    const updated = store.upsertUser(tenant, { ...user, ...defined, id: user.id });
    res.json({ ...userResource(updated, tenant), managerId: updated.managerId });
  });

  router.delete('/tenants/:tenantId/users/:userId', (req, res) => {
    const { tenant, user } = userOf(req);
    store.removeUser(tenant, user.id, req.query.permanent === 'true' ? 'deleted' : 'changed');
    res.status(204).end();
  });

  // ---- mail ---------------------------------------------------------------------------
  router.post('/tenants/:tenantId/users/:userId/messages', (req, res) => {
    const { tenant, user } = userOf(req);
    const message = store.addMessage(tenant, user.id, parse(NewMessage, req.body));
    res.status(201).json({ ...messageResource(message, false), immutableId: message.immutableId });
  });

  // Automatic replies, as the person sets them in Outlook (Graph's own PATCH needs MailboxSettings.ReadWrite).
  router.patch(
    '/tenants/:tenantId/users/:userId/mailboxSettings/automaticRepliesSetting',
    (req, res) => {
      const { tenant, user } = userOf(req);
      const patch = parse(AutomaticRepliesPatch, req.body ?? {});
      const defined = Object.fromEntries(
        Object.entries(patch).filter(([, value]) => value !== undefined),
      );
      const next = { ...automaticRepliesOf(tenant, user.id, store.clock()), ...defined };
      if (
        Date.parse(`${next.scheduledEndDateTime.dateTime.slice(0, 23)}Z`) <=
        Date.parse(`${next.scheduledStartDateTime.dateTime.slice(0, 23)}Z`)
      )
        throw new ControlError(400, 'scheduledEndDateTime must be after scheduledStartDateTime');
      tenant.automaticReplies.set(user.id, next);
      res.json(next);
    },
  );

  // Admin consent, as the Entra portal's "Grant admin consent" and "Revoke" give and take it.
  const consentOf = (tenantId: string) => ({
    delegated: consent.granted(tenantId, 'delegated'),
    application: consent.granted(tenantId, 'application'),
    requested: {
      delegated: requestedPermissions('delegated'),
      application: requestedPermissions('application'),
    },
  });
  router.get('/tenants/:tenantId/consent', (req, res) => {
    res.json(consentOf(tenantOf(req).id));
  });
  router.post('/tenants/:tenantId/consent', (req, res) => {
    const tenant = tenantOf(req);
    const { type, permissions } = parse(ConsentChange, req.body ?? {});
    for (const kind of type ? [type] : (['delegated', 'application'] as const))
      consent.grant(tenant.id, kind, permissions);
    res.json(consentOf(tenant.id));
  });
  router.delete('/tenants/:tenantId/consent', (req, res) => {
    const tenant = tenantOf(req);
    const { type, permissions } = parse(ConsentChange, {
      type: req.query.type,
      permissions: req.query.permission ? String(req.query.permission).split(',') : undefined,
    });
    for (const kind of type ? [type] : (['delegated', 'application'] as const))
      consent.revoke(tenant.id, kind, permissions);
    res.json(consentOf(tenant.id));
  });

  router.post('/tenants/:tenantId/users/:userId/send', (req, res) => {
    const { tenant, user } = userOf(req);
    const copies = store.sendMessage(tenant, user.id, parse(SentMessage, req.body));
    res.status(201).json({
      internetMessageId: copies[0]!.internetMessageId,
      copies: copies.map((message) => ({
        mailboxOwnerId: message.mailboxOwnerId,
        folder: message.folder,
        id: message.id,
        immutableId: message.immutableId,
      })),
    });
  });

  router.patch('/tenants/:tenantId/users/:userId/messages/:messageId', (req, res) => {
    const { tenant, user } = userOf(req);
    const message = store.findMessage(tenant, user.id, req.params.messageId as string);
    if (!message) throw new ControlError(404, 'no such message in this mailbox');
    store.updateMessage(tenant, message, parse(MessagePatch, req.body));
    res.json({ ...messageResource(message, false), immutableId: message.immutableId });
  });

  router.delete('/tenants/:tenantId/users/:userId/messages/:messageId', (req, res) => {
    const { tenant, user } = userOf(req);
    const message = store.findMessage(tenant, user.id, req.params.messageId as string);
    if (!message) throw new ControlError(404, 'no such message in this mailbox');
    store.deleteMessage(tenant, message);
    res.status(204).end();
  });

  // ---- files --------------------------------------------------------------------------
  // A size given when the item was made stands in for a large file: edits keep it.
  const declaredSizes = new WeakSet<object>();
  router.post('/tenants/:tenantId/users/:userId/drive/items', async (req, res) => {
    const { tenant, user } = userOf(req);
    const input = parse(NewDriveItem, req.body);
    if (input.workbook && !input.name.toLowerCase().endsWith('.xlsx'))
      throw new ControlError(400, 'only an .xlsx item can hold a workbook');
    const item = store.addDriveItem(tenant, user.id, input);
    if (input.size !== undefined) declaredSizes.add(item);
    if (input.workbook) {
      deps.workbooks.set(item, input.workbook);
      if (input.size === undefined) item.size = (await deps.workbooks.bytes(item))!.length;
    }
    res.status(201).json(driveItemResource(item, store.drive(tenant, user.id)!));
  });

  const itemOf = (req: Request) => {
    const { tenant, user } = userOf(req);
    const drive = store.drive(tenant, user.id)!;
    const item = drive.items.find((candidate) => candidate.id === req.params.itemId);
    if (!item) throw new ControlError(404, 'no such item in this drive');
    return { tenant, drive, item };
  };

  router.patch('/tenants/:tenantId/users/:userId/drive/items/:itemId', (req, res) => {
    const { tenant, drive, item } = itemOf(req);
    store.updateDriveItem(tenant, item, parse(DriveItemPatch, req.body));
    res.json(driveItemResource(item, drive));
  });

  router.patch(
    '/tenants/:tenantId/users/:userId/drive/items/:itemId/workbook',
    async (req, res) => {
      const { tenant, drive, item } = itemOf(req);
      if (!deps.workbooks.isWorkbook(item)) throw new ControlError(400, 'that item is no workbook');
      const change = parse(CellChange, req.body);
      const size = await deps.workbooks.setCell(item, change.cell, change.value);
      store.updateDriveItem(tenant, item, declaredSizes.has(item) ? {} : { size });
      res.json(driveItemResource(item, drive));
    },
  );

  router.delete('/tenants/:tenantId/users/:userId/drive/items/:itemId', (req, res) => {
    const { tenant, item } = itemOf(req);
    store.deleteDriveItem(tenant, item);
    res.status(204).end();
  });

  // ---- Teams recordings ---------------------------------------------------------------
  router.get('/teams/activity-notifications', (req, res) => {
    const recipient = req.query.recipientUserId;
    res.json({
      value: teams.activityNotifications.filter(
        (entry) => !recipient || entry.recipientUserId === recipient,
      ),
    });
  });

  router.get('/teams/chat-messages', (req, res) => {
    const userId = req.query.userId;
    res.json({
      value: teams.chatMessages.filter(
        (entry) => !userId || entry.memberIds.includes(String(userId)),
      ),
    });
  });

  router.delete('/recordings', (_req, res) => {
    teams.reset();
    subscriptions.deliveries.length = 0;
    res.status(204).end();
  });

  // ---- identity -----------------------------------------------------------------------
  router.post('/identity/keys/roll', async (_req, res) => {
    res.json(await deps.signingKeys.roll());
  });

  // ---- requests and faults ------------------------------------------------------------
  router.get('/requests', (_req, res) => {
    res.json(counter.snapshot());
  });
  router.delete('/requests', (_req, res) => {
    counter.reset();
    res.status(204).end();
  });

  router.get('/faults', (_req, res) => {
    res.json({ value: faults.list() });
  });
  router.post('/faults', (req, res) => {
    res.status(201).json(faults.add(parse(FaultRule, req.body)));
  });
  router.delete('/faults', (_req, res) => {
    faults.clear();
    res.status(204).end();
  });
  router.delete('/faults/:id', (req, res) => {
    if (!faults.remove(req.params.id as string)) throw new ControlError(404, 'no such fault');
    res.status(204).end();
  });

  // ---- subscriptions and notifications ------------------------------------------------
  router.get('/subscriptions', (_req, res) => {
    res.json({
      value: [...subscriptions.subscriptions.values()].map((record) => ({
        ...subscriptionResource(record),
        tenantId: record.tenantId,
      })),
    });
  });
  router.post('/subscriptions/check-expiry', async (_req, res) => {
    await subscriptions.checkExpiry();
    res.status(204).end();
  });
  router.post('/subscriptions/:id/lifecycle', async (req, res) => {
    const record = subscriptions.subscriptions.get(req.params.id as string);
    if (!record) throw new ControlError(404, 'no such subscription');
    const { lifecycleEvent } = parse(Lifecycle, req.body);
    const isSent = await subscriptions.sendLifecycle(record, lifecycleEvent as LifecycleEvent);
    res.json({ isSent, lifecycleEvent });
  });
  router.get('/notifications', (_req, res) => {
    res.json({ value: subscriptions.deliveries });
  });
  router.delete('/notifications', (_req, res) => {
    subscriptions.deliveries.length = 0;
    res.status(204).end();
  });

  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (error instanceof ControlError) {
      res.status(error.status).json({ error: { code: 'sandbox_control', message: error.message } });
      return;
    }
    next(error);
  });
  return router;
}
