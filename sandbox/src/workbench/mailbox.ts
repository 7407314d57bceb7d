/**
 * A person's sandbox mailbox as the workbench's mail client shows it: the folders, and in
 * each the messages as Graph returns them (REST ids, as `GET /me/messages` without the
 * immutable-id preference), plus what Outlook tells an add-in about each one — `itemId` in
 * the EWS form, which `Office.context.mailbox.convertToRestId` turns back into the REST id.
 */
import { messageResource } from '../graph/mail';
import type { GraphStore, TenantState } from '../graph/store';
import { ewsIdFromRestId } from '../seed/graph-ids';
import { mailFolderId } from '../seed/mail';

export interface WorkbenchMessage {
  /** The message as `GET /me/messages/{id}` returns it. */
  graph: Record<string, unknown>;
  /** What Office.js's `mailbox.item` holds while the message is selected. */
  officeItem: {
    itemId: string;
    subject: string;
    from: { name: string; address: string };
    receivedDateTime: string;
    internetMessageId: string;
    conversationId: string;
  };
}

export interface WorkbenchFolder {
  id: string;
  displayName: string;
  messages: WorkbenchMessage[];
}

const FOLDERS = [
  { key: 'inbox', displayName: 'Inbox' },
  { key: 'sentitems', displayName: 'Sent Items' },
] as const;

export function mailboxOf(
  store: GraphStore,
  tenant: TenantState,
  ownerId: string,
): { folders: WorkbenchFolder[] } {
  const messages = store.mailbox(tenant, ownerId);
  return {
    folders: FOLDERS.map(({ key, displayName }) => ({
      id: mailFolderId(tenant.id, ownerId, key),
      displayName,
      messages: messages
        .filter((message) => message.folder === key)
        .map((message) => ({
          graph: messageResource(message, false),
          officeItem: {
            itemId: ewsIdFromRestId(message.id),
            subject: message.subject,
            from: message.from.emailAddress,
            receivedDateTime: message.receivedDateTime,
            internetMessageId: message.internetMessageId,
            conversationId: message.conversationId,
          },
        })),
    })),
  };
}
