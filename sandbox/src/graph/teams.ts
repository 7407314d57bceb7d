/**
 * Microsoft Teams delivery: activity feed notifications
 * (`POST /users/{id}/teamwork/sendActivityNotification`), one-on-one chats
 * (`POST /chats`; the same pair always gets the same chat) and chat messages with
 * Adaptive Card attachments (`POST /chats/{id}/messages`). Nothing is shown to anyone:
 * what was sent is recorded so tests and demos can read it from the control API.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import { permissions, requirePermission } from './auth';
import { callerOf, type GraphContext } from './context';
import { errors, GraphError } from './errors';
import { contextUrl } from './odata';

/**
 * The activity types Throughline's Teams app manifest declares. Graph sends only those of
 * the installed app's manifest and refuses any other, so the stand-in reads the same list.
 */
const declaredActivityTypes = new Set(
  (
    JSON.parse(
      readFileSync(
        path.resolve(__dirname, '..', '..', '..', 'manifest', 'templates', 'manifest.json'),
        'utf8',
      ),
    ) as { activities?: { activityTypes?: { type: string }[] } }
  ).activities?.activityTypes?.map((activity) => activity.type) ?? [],
);

export interface RecordedActivityNotification {
  at: string;
  tenantId: string;
  recipientUserId: string;
  sentBy: { userId: string | null; appId: string };
  topic: unknown;
  activityType: string;
  previewText: unknown;
  templateParameters: unknown;
  body: Record<string, unknown>;
}

export interface Chat {
  id: string;
  tenantId: string;
  chatType: 'oneOnOne';
  memberIds: [string, string];
  createdDateTime: string;
}

export interface RecordedChatMessage {
  at: string;
  tenantId: string;
  chatId: string;
  /** The chat's members, so a test can find "what did Diego receive". */
  memberIds: string[];
  fromUserId: string;
  message: Record<string, unknown>;
  /** Adaptive Card attachments with `content` parsed from its JSON string. */
  adaptiveCards: unknown[];
}

export class TeamsRecorder {
  activityNotifications: RecordedActivityNotification[] = [];
  chatMessages: RecordedChatMessage[] = [];
  readonly chats = new Map<string, Chat>();

  reset() {
    this.activityNotifications = [];
    this.chatMessages = [];
  }
}

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

function userIdFromBind(value: unknown): string | undefined {
  const match =
    typeof value === 'string'
      ? (value.match(/users\('([^']+)'\)/i) ?? value.match(/users\/([^/?]+)/i))
      : null;
  return match?.[1];
}

export function teamsRoutes(ctx: GraphContext, recorder: TeamsRecorder): Router {
  const router = Router();

  router.post('/users/:userId/teamwork/sendActivityNotification', (req, res) => {
    const { principal, tenant } = callerOf(ctx, res);
    requirePermission(principal, permissions.activitySend);
    const recipient = ctx.store.findUser(tenant, req.params.userId as string);
    if (!recipient) throw errors.userNotFound(req.params.userId as string);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const topic = body.topic as { source?: string; value?: string; webUrl?: string } | undefined;
    if (!topic || !['entityUrl', 'text'].includes(topic.source ?? '') || !topic.value) {
      throw new GraphError(
        400,
        'BadRequest',
        "topic with source 'entityUrl' or 'text' and a value is required.",
      );
    }
    if (topic.source === 'text' && !topic.webUrl)
      throw new GraphError(
        400,
        'BadRequest',
        "topic.webUrl is required when topic.source is 'text'.",
      );
    if (typeof body.activityType !== 'string' || !body.activityType)
      throw new GraphError(400, 'BadRequest', 'activityType is required.');
    if (body.activityType !== 'systemDefault' && !declaredActivityTypes.has(body.activityType))
      throw new GraphError(
        400,
        'BadRequest',
        `The activity type '${body.activityType}' is not declared in the app manifest.`,
      );
    const preview = body.previewText as { content?: unknown } | undefined;
    if (!preview || typeof preview.content !== 'string')
      throw new GraphError(400, 'BadRequest', 'previewText.content is required.');
    if (preview.content.length > 150)
      throw new GraphError(400, 'BadRequest', 'previewText.content can be at most 150 characters.');
    recorder.activityNotifications.push({
      at: new Date().toISOString(),
      tenantId: tenant.id,
      recipientUserId: recipient.id,
      sentBy: { userId: principal.userId ?? null, appId: principal.appId },
      topic,
      activityType: body.activityType,
      previewText: preview,
      templateParameters: body.templateParameters ?? [],
      body,
    });
    res.status(204).end();
  });

  router.post('/chats', (req, res) => {
    const { principal, tenant } = callerOf(ctx, res);
    requirePermission(principal, permissions.chatCreate);
    const body = (req.body ?? {}) as {
      chatType?: string;
      members?: Array<Record<string, unknown>>;
    };
    if (body.chatType !== 'oneOnOne')
      throw new GraphError(
        400,
        'BadRequest',
        "The sandbox creates only chats with chatType 'oneOnOne'.",
      );
    const memberIds = (body.members ?? []).map((member) =>
      userIdFromBind(member['user@odata.bind']),
    );
    if (memberIds.length !== 2 || memberIds.some((id) => !id))
      throw new GraphError(
        400,
        'BadRequest',
        'A oneOnOne chat needs exactly two members bound with user@odata.bind.',
      );
    const users = memberIds.map((id) => ctx.store.findUser(tenant, id!));
    if (users.some((user) => !user))
      throw errors.userNotFound(memberIds.find((_id, index) => !users[index])!);
    const ids = users.map((user) => user!.id).sort() as [string, string];
    if (!principal.isApp && !ids.includes(principal.userId!))
      throw new GraphError(403, 'Forbidden', 'The signed-in user must be a member of the chat.');
    const id = `19:${ids[0]}_${ids[1]}@unq.gbl.spaces`;
    let chat = recorder.chats.get(id);
    if (!chat) {
      chat = {
        id,
        tenantId: tenant.id,
        chatType: 'oneOnOne',
        memberIds: ids,
        createdDateTime: new Date().toISOString(),
      };
      recorder.chats.set(id, chat);
    }
    res.status(201).json({
      '@odata.context': contextUrl(ctx.serviceRoot(), 'chats/$entity'),
      id: chat.id,
      topic: null,
      createdDateTime: chat.createdDateTime,
      lastUpdatedDateTime: chat.createdDateTime,
      chatType: 'oneOnOne',
      webUrl: `https://teams.microsoft.com/l/chat/${encodeURIComponent(chat.id)}/0?tenantId=${tenant.id}`,
      tenantId: tenant.id,
      isHiddenForAllMembers: false,
    });
  });

  router.post('/chats/:chatId/messages', (req, res) => {
    const { principal, tenant } = callerOf(ctx, res);
    requirePermission(principal, permissions.chatMessageSend);
    const chat = recorder.chats.get(req.params.chatId as string);
    if (!chat || chat.tenantId !== tenant.id)
      throw new GraphError(404, 'NotFound', 'Chat not found.');
    if (!chat.memberIds.includes(principal.userId!))
      throw new GraphError(403, 'Forbidden', 'The signed-in user is not a member of the chat.');
    const body = (req.body ?? {}) as {
      body?: { contentType?: string; content?: string };
      attachments?: Array<Record<string, unknown>>;
    };
    const content = body.body?.content;
    if (typeof content !== 'string')
      throw new GraphError(400, 'BadRequest', 'body.content is required.');
    const attachments = body.attachments ?? [];
    const adaptiveCards: unknown[] = [];
    for (const attachment of attachments) {
      const id = String(attachment.id ?? '');
      if (
        !content.includes(`<attachment id="${id}"></attachment>`) &&
        !content.includes(`<attachment id="${id}"/>`)
      ) {
        throw new GraphError(
          400,
          'BadRequest',
          `Attachment '${id}' is not referenced in the message body with <attachment id="${id}"></attachment>.`,
        );
      }
      if (attachment.contentType === ADAPTIVE_CARD) {
        if (typeof attachment.content !== 'string')
          throw new GraphError(
            400,
            'BadRequest',
            'An Adaptive Card attachment carries its card as a JSON string in content.',
          );
        try {
          adaptiveCards.push(JSON.parse(attachment.content));
        } catch {
          throw new GraphError(400, 'BadRequest', `Attachment '${id}' content is not valid JSON.`);
        }
      }
    }
    for (const match of content.matchAll(/<attachment id="([^"]+)"/g)) {
      if (!attachments.some((attachment) => String(attachment.id) === match[1]))
        throw new GraphError(
          400,
          'BadRequest',
          `The body references attachment '${match[1]}', which is not in attachments.`,
        );
    }
    const sender = tenant.users.get(principal.userId!)!;
    const now = new Date().toISOString();
    // Teams message ids are millisecond timestamps; the counter keeps two in one millisecond apart.
    const messageId = String(Date.now() * 1000 + (recorder.chatMessages.length % 1000));
    const message = {
      '@odata.context': contextUrl(
        ctx.serviceRoot(),
        `chats('${encodeURIComponent(chat.id)}')/messages/$entity`,
      ),
      id: messageId,
      replyToId: null,
      etag: messageId,
      messageType: 'message',
      createdDateTime: now,
      lastModifiedDateTime: now,
      lastEditedDateTime: null,
      deletedDateTime: null,
      subject: null,
      summary: null,
      chatId: chat.id,
      importance: 'normal',
      locale: 'en-us',
      webUrl: null,
      channelIdentity: null,
      policyViolation: null,
      eventDetail: null,
      from: {
        application: null,
        device: null,
        user: {
          '@odata.type': '#microsoft.graph.teamworkUserIdentity',
          id: sender.id,
          displayName: sender.displayName,
          userIdentityType: 'aadUser',
          tenantId: tenant.id,
        },
      },
      body: { contentType: body.body?.contentType ?? 'text', content },
      attachments: attachments.map((attachment) => ({
        id: attachment.id,
        contentType: attachment.contentType,
        contentUrl: null,
        content: attachment.content ?? null,
        name: attachment.name ?? null,
        thumbnailUrl: null,
        teamsAppId: null,
      })),
      mentions: [],
      reactions: [],
    };
    recorder.chatMessages.push({
      at: now,
      tenantId: tenant.id,
      chatId: chat.id,
      memberIds: chat.memberIds,
      fromUserId: sender.id,
      message,
      adaptiveCards,
    });
    res.status(201).json(message);
  });
  return router;
}
