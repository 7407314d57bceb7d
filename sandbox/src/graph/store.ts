/**
 * The emulator's data: every tenant's directory, mailboxes and drives, in memory.
 * Mailboxes and drives are built from the seed on first use (a generated 10,000-person
 * tenant would otherwise hold 150,000 messages nobody reads). Every change goes through
 * here and is announced on `changes`, which subscriptions turn into notifications and
 * the users delta turns into rounds.
 */
import { EventEmitter } from 'node:events';
import { graphTimestamp } from '../seed/clock';
import {
  buildDrive,
  itemWebUrl,
  mimeTypeFor,
  personalSiteName,
  type SeedDrive,
  type SeedDriveItem,
} from '../seed/files';
import {
  driveId as makeDriveId,
  driveItemId,
  guidFrom,
  immutableMessageId,
  restMessageId,
  exchangeId,
  hexId,
} from '../seed/graph-ids';
import { buildMailbox, previewOf, type Recipient, type SeedMessage } from '../seed/mail';
import type { SeedPerson, SeedTenant } from '../seed/organisation';
import { reportsIndex, type Directory } from '../seed/relations';

export interface UserRecord extends SeedPerson {
  createdDateTime: string;
  /** The tenant change sequence number of the last change (for delta). */
  seq: number;
}

export interface MessageRecord extends SeedMessage {
  createdDateTime: string;
  lastModifiedDateTime: string;
  changeVersion: number;
}

export interface TenantState {
  id: string;
  name: string;
  domain: string;
  isGenerated: boolean;
  users: Map<string, UserRecord>;
  /** Users removed from the directory, by id: when and how (for delta's `@removed`). */
  removed: Map<string, { seq: number; reason: 'changed' | 'deleted' }>;
  seq: number;
  mailboxes: Map<string, MessageRecord[]>;
  drives: Map<string, SeedDrive>;
  driveOwnerById?: Map<string, string>;
  /** Each person's automatic replies (out of office) as set; absent is Exchange's default, disabled. */
  automaticReplies: Map<string, AutomaticRepliesSetting>;
  cache: { people?: SeedPerson[]; reports?: Map<string, SeedPerson[]> };
}

/** Graph's `dateTimeTimeZone`: a wall time without offset, in the zone it names. */
export interface DateTimeTimeZone {
  dateTime: string;
  timeZone: string;
}

/** A mailbox's `automaticRepliesSetting`, as Exchange keeps it. */
export interface AutomaticRepliesSetting {
  status: 'disabled' | 'alwaysEnabled' | 'scheduled';
  externalAudience: 'none' | 'contactsOnly' | 'all';
  scheduledStartDateTime: DateTimeTimeZone;
  scheduledEndDateTime: DateTimeTimeZone;
  internalReplyMessage: string;
  externalReplyMessage: string;
}

export type ChangeType = 'created' | 'updated' | 'deleted';

export type StoreChange =
  | {
      kind: 'message';
      changeType: ChangeType;
      tenantId: string;
      ownerId: string;
      message: MessageRecord;
    }
  | {
      kind: 'driveItem';
      changeType: ChangeType;
      tenantId: string;
      ownerId: string;
      driveId: string;
      item: SeedDriveItem;
    }
  | { kind: 'user'; changeType: ChangeType; tenantId: string; userId: string };

export interface NewMessage {
  subject: string;
  from?: Recipient;
  toRecipients?: Recipient[];
  ccRecipients?: Recipient[];
  body?: string;
  folder?: 'inbox' | 'sentitems';
  receivedDateTime?: string;
  isRead?: boolean;
  attachments?: Array<{ name: string; contentType: string; size: number }>;
}

export class GraphStore {
  readonly tenants = new Map<string, TenantState>();
  readonly changes = new EventEmitter<{ change: [StoreChange] }>();
  private counter = 0;

  constructor(
    seed: SeedTenant[],
    readonly clock: () => Date,
  ) {
    for (const tenant of seed) this.addTenant(tenant, false);
  }

  addTenant(tenant: Directory, isGenerated: boolean): TenantState {
    const created = graphTimestamp(new Date(this.clock().getTime() - 400 * 24 * 3600 * 1000));
    const state: TenantState = {
      id: tenant.id,
      name: tenant.name,
      domain: tenant.domain,
      isGenerated,
      users: new Map(
        tenant.people.map((person, index) => [
          person.id,
          { ...person, createdDateTime: created, seq: index + 1 },
        ]),
      ),
      removed: new Map(),
      seq: tenant.people.length,
      mailboxes: new Map(),
      drives: new Map(),
      automaticReplies: new Map(),
      cache: {},
    };
    this.tenants.set(tenant.id, state);
    return state;
  }

  tenant(tenantId: string): TenantState | undefined {
    return this.tenants.get(tenantId);
  }

  directory(state: TenantState): Directory {
    state.cache.people ??= [...state.users.values()];
    return { id: state.id, name: state.name, domain: state.domain, people: state.cache.people };
  }

  reports(state: TenantState): Map<string, SeedPerson[]> {
    state.cache.reports ??= reportsIndex(this.directory(state).people);
    return state.cache.reports;
  }

  /** A user by object id or userPrincipalName (Graph accepts both in `/users/{id}`). */
  findUser(state: TenantState, idOrUpn: string): UserRecord | undefined {
    const byId = state.users.get(idOrUpn);
    if (byId) return byId;
    const lower = idOrUpn.toLowerCase();
    for (const user of state.users.values())
      if (user.userPrincipalName.toLowerCase() === lower) return user;
    return undefined;
  }

  // ---- directory changes -------------------------------------------------------------

  private touchDirectory(state: TenantState) {
    state.cache = {};
  }

  upsertUser(state: TenantState, person: Omit<SeedPerson, 'tenantId'>): UserRecord {
    const existing = state.users.get(person.id);
    state.seq += 1;
    const record: UserRecord = {
      ...person,
      tenantId: state.id,
      createdDateTime: existing?.createdDateTime ?? graphTimestamp(this.clock()),
      seq: state.seq,
    };
    state.users.set(person.id, record);
    state.removed.delete(person.id);
    this.touchDirectory(state);
    this.changes.emit('change', {
      kind: 'user',
      changeType: existing ? 'updated' : 'created',
      tenantId: state.id,
      userId: person.id,
    });
    return record;
  }

  removeUser(state: TenantState, userId: string, reason: 'changed' | 'deleted'): boolean {
    if (!state.users.delete(userId)) return false;
    state.seq += 1;
    state.removed.set(userId, { seq: state.seq, reason });
    // Reports of a removed manager have no manager any more, as in Entra ID.
    for (const user of state.users.values()) {
      if (user.managerId === userId) {
        state.seq += 1;
        user.managerId = null;
        user.seq = state.seq;
      }
    }
    this.touchDirectory(state);
    this.changes.emit('change', {
      kind: 'user',
      changeType: 'deleted',
      tenantId: state.id,
      userId,
    });
    return true;
  }

  // ---- mail ---------------------------------------------------------------------------

  mailbox(state: TenantState, ownerId: string): MessageRecord[] {
    let mailbox = state.mailboxes.get(ownerId);
    if (!mailbox) {
      const person = state.users.get(ownerId);
      if (!person) return [];
      mailbox = buildMailbox(this.directory(state), person, this.clock()).map((message) => ({
        ...message,
        createdDateTime: message.receivedDateTime,
        lastModifiedDateTime: message.receivedDateTime,
        changeVersion: 1,
      }));
      sortNewestFirst(mailbox);
      state.mailboxes.set(ownerId, mailbox);
    }
    return mailbox;
  }

  /** A message by REST id or immutable id, only in the owner's mailbox. */
  findMessage(state: TenantState, ownerId: string, id: string): MessageRecord | undefined {
    return this.mailbox(state, ownerId).find(
      (message) => message.id === id || message.immutableId === id,
    );
  }

  /** Where a message id lives in the tenant (for translateExchangeIds and the control API). */
  findMessageAnywhere(state: TenantState, id: string): MessageRecord | undefined {
    for (const ownerId of state.users.keys()) {
      if (!state.mailboxes.has(ownerId) && state.isGenerated) continue;
      const found = this.findMessage(state, ownerId, id);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * Sends a message as Exchange delivers it: one copy in the sender's Sent Items and one in
   * the inbox of every recipient in the tenant, all with the same `internetMessageId` and
   * each with its own REST and immutable id. Recipients outside the tenant get nothing here.
   */
  sendMessage(
    state: TenantState,
    senderId: string,
    input: Omit<NewMessage, 'from' | 'folder'>,
  ): MessageRecord[] {
    const sender = state.users.get(senderId)!;
    const from = { emailAddress: { name: sender.displayName, address: sender.mail } };
    const internetMessageId = `<${hexId(24, state.id, senderId, `sent-${(this.counter += 1)}-${Date.now()}`)}@sandbox.example>`;
    const addresses = [...(input.toRecipients ?? []), ...(input.ccRecipients ?? [])].map(
      (recipient) => recipient.emailAddress.address.toLowerCase(),
    );
    const recipients = [...state.users.values()].filter(
      (user) => user.id !== senderId && addresses.includes(user.mail.toLowerCase()),
    );
    const copy = (ownerId: string, folder: 'inbox' | 'sentitems') =>
      this.addMessage(
        state,
        ownerId,
        { ...input, from, folder, isRead: folder === 'sentitems' ? true : input.isRead },
        internetMessageId,
      );
    return [copy(senderId, 'sentitems'), ...recipients.map((user) => copy(user.id, 'inbox'))];
  }

  addMessage(
    state: TenantState,
    ownerId: string,
    input: NewMessage,
    internetMessageId?: string,
  ): MessageRecord {
    const owner = state.users.get(ownerId)!;
    const key = `added-${(this.counter += 1)}-${Date.now()}`;
    const now = this.clock();
    const received = input.receivedDateTime ?? graphTimestamp(now);
    const text = input.body ?? '';
    const from = input.from ?? {
      emailAddress: {
        name: 'Northwind Traders Procurement',
        address: 'procurement@northwind.example',
      },
    };
    const message: MessageRecord = {
      key,
      tenantId: state.id,
      mailboxOwnerId: ownerId,
      id: restMessageId(state.id, ownerId, key),
      immutableId: immutableMessageId(state.id, ownerId, key),
      internetMessageId:
        internetMessageId ?? `<${hexId(24, state.id, ownerId, key)}@sandbox.example>`,
      conversationId: exchangeId('AAQkAG', state.id, ownerId, key),
      folder: input.folder ?? 'inbox',
      subject: input.subject,
      from,
      toRecipients: input.toRecipients ?? [
        { emailAddress: { name: owner.displayName, address: owner.mail } },
      ],
      ccRecipients: input.ccRecipients ?? [],
      receivedDateTime: received,
      sentDateTime: received,
      bodyHtml: `<html><body><p>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p></body></html>`,
      bodyPreview: previewOf([text]),
      isRead: input.isRead ?? false,
      importance: 'normal',
      attachments: (input.attachments ?? []).map((attachment) => ({
        ...attachment,
        id: `AAMkAG${guidFrom(key, attachment.name).replace(/-/g, '')}=`,
      })),
      createdDateTime: graphTimestamp(now),
      lastModifiedDateTime: graphTimestamp(now),
      changeVersion: 1,
    };
    const mailbox = this.mailbox(state, ownerId);
    mailbox.push(message);
    sortNewestFirst(mailbox);
    this.changes.emit('change', {
      kind: 'message',
      changeType: 'created',
      tenantId: state.id,
      ownerId,
      message,
    });
    return message;
  }

  /**
   * Changes a message. Moving it to another folder gives it a new REST id, as Exchange
   * does — the immutable id stays, which is why Throughline stores that one.
   */
  updateMessage(
    state: TenantState,
    message: MessageRecord,
    patch: {
      subject?: string;
      isRead?: boolean;
      folder?: 'inbox' | 'sentitems' | 'archive' | 'deleteditems';
    },
  ) {
    if (patch.subject !== undefined) message.subject = patch.subject;
    if (patch.isRead !== undefined) message.isRead = patch.isRead;
    if (patch.folder !== undefined && patch.folder !== message.folder) {
      message.folder = patch.folder as MessageRecord['folder'];
      message.id = restMessageId(
        state.id,
        message.mailboxOwnerId,
        message.key,
        'moved',
        patch.folder,
        String((this.counter += 1)),
      );
    }
    message.changeVersion += 1;
    message.lastModifiedDateTime = graphTimestamp(this.clock());
    this.changes.emit('change', {
      kind: 'message',
      changeType: 'updated',
      tenantId: state.id,
      ownerId: message.mailboxOwnerId,
      message,
    });
  }

  deleteMessage(state: TenantState, message: MessageRecord) {
    const mailbox = this.mailbox(state, message.mailboxOwnerId);
    mailbox.splice(mailbox.indexOf(message), 1);
    this.changes.emit('change', {
      kind: 'message',
      changeType: 'deleted',
      tenantId: state.id,
      ownerId: message.mailboxOwnerId,
      message,
    });
  }

  // ---- files --------------------------------------------------------------------------

  drive(state: TenantState, ownerId: string): SeedDrive | undefined {
    let drive = state.drives.get(ownerId);
    if (!drive) {
      const person = state.users.get(ownerId);
      if (!person) return undefined;
      drive = buildDrive(this.directory(state), person, this.clock());
      state.drives.set(ownerId, drive);
    }
    return drive;
  }

  driveById(state: TenantState, id: string): SeedDrive | undefined {
    if (!state.driveOwnerById) {
      state.driveOwnerById = new Map();
      for (const userId of state.users.keys())
        state.driveOwnerById.set(makeDriveId(state.id, userId), userId);
    }
    const ownerId = state.driveOwnerById.get(id);
    return ownerId ? this.drive(state, ownerId) : undefined;
  }

  /** Resolves a sharing URL (the item's webUrl, percent-encoding aside) in this tenant. */
  findItemBySharingUrl(state: TenantState, sharingUrl: string): SeedDriveItem | undefined {
    let url: URL;
    try {
      url = new URL(sharingUrl);
    } catch {
      return undefined;
    }
    const match = decodeURIComponent(url.pathname).match(/^\/personal\/([^/]+)\/Documents\/(.+)$/);
    if (!match) return undefined;
    const [, site, name] = match;
    for (const user of state.users.values()) {
      if (personalSiteName(user) !== site) continue;
      const drive = this.drive(state, user.id);
      const expectedHost = new URL(drive?.webUrl ?? 'https://invalid').host;
      if (url.host.toLowerCase() !== expectedHost) return undefined;
      return drive?.items.find((item) => item.name === name);
    }
    return undefined;
  }

  addDriveItem(
    state: TenantState,
    ownerId: string,
    input: { name: string; size?: number },
  ): SeedDriveItem {
    const drive = this.drive(state, ownerId)!;
    const owner = state.users.get(ownerId)!;
    const key = `added-${(this.counter += 1)}-${Date.now()}`;
    const now = graphTimestamp(this.clock());
    const who = { id: owner.id, displayName: owner.displayName, email: owner.mail };
    const item: SeedDriveItem = {
      key,
      tenantId: state.id,
      ownerId,
      driveId: drive.id,
      id: driveItemId(state.id, ownerId, key),
      name: input.name,
      mimeType: mimeTypeFor(input.name),
      size: input.size ?? 24_576,
      createdDateTime: now,
      lastModifiedDateTime: now,
      createdBy: who,
      lastModifiedBy: who,
      webUrl: itemWebUrl(drive.webUrl, input.name),
      version: 1,
      tagGuid: guidFrom(state.id, ownerId, key),
    };
    drive.items.push(item);
    this.changes.emit('change', {
      kind: 'driveItem',
      changeType: 'created',
      tenantId: state.id,
      ownerId,
      driveId: drive.id,
      item,
    });
    return item;
  }

  updateDriveItem(
    state: TenantState,
    item: SeedDriveItem,
    patch: { name?: string; size?: number; modifiedBy?: string },
  ) {
    const drive = this.drive(state, item.ownerId)!;
    if (patch.name !== undefined) {
      item.name = patch.name;
      item.mimeType = mimeTypeFor(patch.name);
      item.webUrl = itemWebUrl(drive.webUrl, patch.name);
    }
    if (patch.size !== undefined) item.size = patch.size;
    const editor = patch.modifiedBy ? state.users.get(patch.modifiedBy) : undefined;
    if (editor)
      item.lastModifiedBy = { id: editor.id, displayName: editor.displayName, email: editor.mail };
    item.version += 1;
    item.lastModifiedDateTime = graphTimestamp(this.clock());
    this.changes.emit('change', {
      kind: 'driveItem',
      changeType: 'updated',
      tenantId: state.id,
      ownerId: item.ownerId,
      driveId: drive.id,
      item,
    });
  }

  deleteDriveItem(state: TenantState, item: SeedDriveItem) {
    const drive = this.drive(state, item.ownerId)!;
    drive.items.splice(drive.items.indexOf(item), 1);
    this.changes.emit('change', {
      kind: 'driveItem',
      changeType: 'deleted',
      tenantId: state.id,
      ownerId: item.ownerId,
      driveId: drive.id,
      item,
    });
  }
}

function sortNewestFirst(mailbox: MessageRecord[]) {
  mailbox.sort((a, b) => b.receivedDateTime.localeCompare(a.receivedDateTime));
}
