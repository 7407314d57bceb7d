/**
 * Outlook mail: `GET /me/messages/{id}`, `/users/{id}/messages/{id}`, message lists,
 * attachments and `translateExchangeIds`. A message id resolves only in its owner's
 * mailbox; both the REST id and the immutable id resolve, and with
 * `Prefer: IdType="ImmutableId"` the ids returned are the immutable ones.
 */
import { Router, type Request, type Response } from 'express';
import { mailFolderId } from '../seed/mail';
import { ewsIdFromRestId, restIdFromEwsId } from '../seed/graph-ids';
import { permissions } from './auth';
import { targetUser, type GraphContext } from './context';
import { errors, GraphError } from './errors';
import {
  applySelect,
  contextUrl,
  linkWith,
  parsePrefer,
  parseSelect,
  parseSkip,
  parseTop,
  queryString,
} from './odata';
import type { MessageRecord } from './store';

export const MESSAGE_PROPERTIES = [
  'id',
  'createdDateTime',
  'lastModifiedDateTime',
  'changeKey',
  'categories',
  'receivedDateTime',
  'sentDateTime',
  'hasAttachments',
  'internetMessageId',
  'subject',
  'bodyPreview',
  'importance',
  'parentFolderId',
  'conversationId',
  'isDeliveryReceiptRequested',
  'isReadReceiptRequested',
  'isRead',
  'isDraft',
  'webLink',
  'inferenceClassification',
  'body',
  'sender',
  'from',
  'toRecipients',
  'ccRecipients',
  'bccRecipients',
  'replyTo',
  'flag',
  'uniqueBody',
] as const;

const selectOptions = {
  known: MESSAGE_PROPERTIES,
  always: ['id'],
  typeName: 'Microsoft.OutlookServices.Message',
  errorCode: 'RequestBroker--ParseUri',
};

function changeKeyOf(message: MessageRecord): string {
  return Buffer.from(`${message.immutableId}/${message.changeVersion}`)
    .toString('base64')
    .slice(-28);
}

export function messageEtag(message: MessageRecord): string {
  return `W/"${changeKeyOf(message)}"`;
}

export function messageResource(
  message: MessageRecord,
  isImmutable: boolean,
): Record<string, unknown> {
  const id = isImmutable ? message.immutableId : message.id;
  const folderId = mailFolderId(message.tenantId, message.mailboxOwnerId, message.folder);
  return {
    '@odata.etag': messageEtag(message),
    id,
    createdDateTime: message.createdDateTime,
    lastModifiedDateTime: message.lastModifiedDateTime,
    changeKey: changeKeyOf(message),
    categories: [],
    receivedDateTime: message.receivedDateTime,
    sentDateTime: message.sentDateTime,
    hasAttachments: message.attachments.length > 0,
    internetMessageId: message.internetMessageId,
    subject: message.subject,
    bodyPreview: message.bodyPreview,
    importance: message.importance,
    parentFolderId: isImmutable ? folderId.replace(/^AAMkAG/, 'AAkALg') : folderId,
    conversationId: message.conversationId,
    isDeliveryReceiptRequested: false,
    isReadReceiptRequested: false,
    isRead: message.isRead,
    isDraft: false,
    webLink: `https://outlook.office365.com/owa/?ItemID=${encodeURIComponent(id)}&exvsurl=1&viewmodel=ReadMessageItem`,
    inferenceClassification: 'focused',
    body: { contentType: 'html', content: message.bodyHtml },
    sender: message.from,
    from: message.from,
    toRecipients: message.toRecipients,
    ccRecipients: message.ccRecipients,
    bccRecipients: [],
    replyTo: [],
    flag: { flagStatus: 'notFlagged' },
  };
}

function isImmutableRequested(req: Request, res: Response): boolean {
  const isImmutable = parsePrefer(req).get('idtype')?.toLowerCase() === 'immutableid';
  if (isImmutable) res.setHeader('Preference-Applied', 'IdType="ImmutableId"');
  return isImmutable;
}

/** The few `$filter` forms code really uses to look a message up. */
function filterMessages(messages: MessageRecord[], filter: string | undefined): MessageRecord[] {
  if (!filter) return messages;
  const match = filter.match(
    /^\s*(internetMessageId|conversationId|subject|isRead)\s+eq\s+(?:'((?:[^']|'')*)'|(true|false))\s*$/i,
  );
  if (!match)
    throw new GraphError(
      400,
      'ErrorInvalidUrlQueryFilter',
      'The query filter contains one or more invalid nodes.',
    );
  const [, property, quoted, boolean] = match;
  const value = quoted !== undefined ? quoted.replace(/''/g, "'") : boolean === 'true';
  const key = property!.charAt(0).toLowerCase() + property!.slice(1);
  return messages.filter(
    (message) => (message as unknown as Record<string, unknown>)[key] === value,
  );
}

const ID_SHAPE = /^[A-Za-z0-9_\-+/=]+$/;

export function mailRoutes(ctx: GraphContext): Router {
  const router = Router();
  const bases = ['/me', '/users/:userId'];

  function findOwnMessage(req: Request, res: Response) {
    const { tenant, user } = targetUser(ctx, req, res, permissions.mailRead, (id) =>
      errors.mailboxUserNotFound(id),
    );
    const id = req.params.messageId as string;
    if (!ID_SHAPE.test(id)) throw errors.invalidMessageId();
    const message = ctx.store.findMessage(tenant, user.id, id);
    if (!message) throw errors.messageNotFound();
    return { tenant, user, message };
  }

  for (const base of bases) {
    router.get(`${base}/messages`, (req, res) => {
      const { tenant, user } = targetUser(ctx, req, res, permissions.mailRead, (id) =>
        errors.mailboxUserNotFound(id),
      );
      const isImmutable = isImmutableRequested(req, res);
      const select = parseSelect(req);
      const top = parseTop(req, 10, 1000);
      const skip = parseSkip(req);
      const all = filterMessages(ctx.store.mailbox(tenant, user.id), queryString(req, '$filter'));
      const page = all.slice(skip, skip + top);
      const selectPart = select ? `(${select.join(',')})` : '';
      res.json({
        '@odata.context': contextUrl(
          ctx.serviceRoot(),
          `users('${user.id}')/messages${selectPart}`,
        ),
        value: page.map((message) =>
          applySelect(messageResource(message, isImmutable), select, selectOptions),
        ),
        ...(skip + top < all.length
          ? {
              '@odata.nextLink': linkWith(ctx.serviceRoot(), req, {
                $top: String(top),
                $skip: String(skip + top),
              }),
            }
          : {}),
      });
    });

    router.get(`${base}/messages/:messageId`, (req, res) => {
      const { user, message } = findOwnMessage(req, res);
      const isImmutable = isImmutableRequested(req, res);
      const select = parseSelect(req);
      const selectPart = select ? `(${select.join(',')})` : '';
      res.json({
        '@odata.context': contextUrl(
          ctx.serviceRoot(),
          `users('${user.id}')/messages${selectPart}/$entity`,
        ),
        ...applySelect(messageResource(message, isImmutable), select, selectOptions),
      });
    });

    router.get(`${base}/messages/:messageId/attachments`, (req, res) => {
      const { user, message } = findOwnMessage(req, res);
      res.json({
        '@odata.context': contextUrl(
          ctx.serviceRoot(),
          `users('${user.id}')/messages('${message.id}')/attachments`,
        ),
        value: message.attachments.map((attachment) => ({
          '@odata.type': '#microsoft.graph.fileAttachment',
          '@odata.mediaContentType': attachment.contentType,
          id: attachment.id,
          lastModifiedDateTime: message.receivedDateTime,
          name: attachment.name,
          contentType: attachment.contentType,
          size: attachment.size,
          isInline: false,
          contentId: null,
          contentLocation: null,
          // A stand-in payload: the bytes are not the document, only its first line.
          contentBytes: Buffer.from(`sandbox attachment: ${attachment.name}`).toString('base64'),
        })),
      });
    });

    router.post(`${base}/translateExchangeIds`, (req, res) => {
      const { tenant, user } = targetUser(ctx, req, res, permissions.mailRead, (id) =>
        errors.mailboxUserNotFound(id),
      );
      const body = req.body as {
        inputIds?: unknown;
        sourceIdType?: unknown;
        targetIdType?: unknown;
      };
      const kinds = ['ewsId', 'restId', 'restImmutableEntryId', 'ewsImmutableId'];
      if (
        !Array.isArray(body.inputIds) ||
        typeof body.sourceIdType !== 'string' ||
        typeof body.targetIdType !== 'string'
      ) {
        throw errors.badRequest(
          'inputIds, sourceIdType and targetIdType are required.',
          'ErrorInvalidParameter',
        );
      }
      if (!kinds.includes(body.sourceIdType) || !kinds.includes(body.targetIdType)) {
        throw errors.badRequest(
          `The id types supported by the sandbox are ${kinds.join(', ')}.`,
          'ErrorInvalidParameter',
        );
      }
      if (body.inputIds.length > 1000)
        throw errors.badRequest(
          'At most 1000 ids can be translated at once.',
          'ErrorInvalidParameter',
        );
      const source = body.sourceIdType;
      const target = body.targetIdType;
      const value = body.inputIds.map((input) => {
        const sourceId = String(input);
        const restForm =
          source === 'ewsId' || source === 'ewsImmutableId' ? restIdFromEwsId(sourceId) : sourceId;
        const message = ctx.store.findMessage(tenant, user.id, restForm);
        const isRightKind =
          message &&
          (source.includes('Immutable')
            ? message.immutableId === restForm
            : message.id === restForm);
        if (!message || !isRightKind) {
          return {
            sourceId,
            errorDetails: {
              code: 'ErrorItemNotFound',
              message: 'The specified object was not found in the store.',
            },
          };
        }
        const targetId = {
          restId: message.id,
          ewsId: ewsIdFromRestId(message.id),
          restImmutableEntryId: message.immutableId,
          ewsImmutableId: ewsIdFromRestId(message.immutableId),
        }[target as 'restId'];
        return { sourceId, targetId };
      });
      res.json({
        '@odata.context': contextUrl(
          ctx.serviceRoot(),
          'Collection(microsoft.graph.convertIdResult)',
        ),
        value,
      });
    });
  }
  return router;
}
