/**
 * The Bot Framework service as Teams uses it, for one registered bot (the sandbox's Azure
 * Bot, `sandboxBot`):
 *
 * - what Bot Framework publishes for bots to check the tokens on its activities: an OpenID
 *   metadata document and a JWKS (its own signing key, not the identity provider's,
 *   endorsed for `msteams`), shaped like login.botframework.com/v1/.well-known/…;
 * - the connector a bot calls back at the activity's `serviceUrl` (create a personal
 *   conversation, send and update activities, read members), which accepts only an Entra
 *   token issued to the registered bot for `https://api.botframework.com` — what the real
 *   connector answers otherwise is a 401 with its published message;
 * - for tests and demos (control API): what the bot posted where, and "be Teams": send an
 *   activity signed like Bot Framework's (`iss` https://api.botframework.com, `aud` the
 *   bot's app id, `serviceurl`, a few minutes of life) from a person to a messaging
 *   endpoint, and hand back the bot's HTTP answer.
 */
import { createHash, randomUUID } from 'node:crypto';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { z } from 'zod';
import type { GraphStore, UserRecord } from '../graph/store';
import type { SigningKeys } from '../identity/keys';
import { BOT_FRAMEWORK_RESOURCE } from '../identity/identity-provider';
import { sandboxBot } from '../seed/organisation';
import { meetingChatId } from '../graph/calendar';
import { seriesForPerson } from '../seed/calendar';

/** What Bot Framework's tokens on activities carry as issuer. */
export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';
/** Bot Framework's activity tokens live minutes, not hours; the bot's check allows 5 minutes of skew. */
const ACTIVITY_TOKEN_SECONDS = 10 * 60;

export interface PostedActivity {
  tenantId: string;
  conversationId: string;
  conversationType: 'personal' | 'groupChat';
  /** The person whose personal chat with the bot it is (Entra object id); '' in a group chat. */
  userId: string;
  activityId: string;
  activity: Record<string, unknown>;
  postedAt: string;
  /** Each later version the bot PUT, newest last. */
  updates: { activity: Record<string, unknown>; at: string }[];
}

type Conversation =
  | { kind: 'personal'; id: string; tenantId: string; userId: string; botId: string }
  /** A meeting's chat the app was added to: the bot may post there while it stays installed. */
  | { kind: 'groupChat'; id: string; tenantId: string; memberIds: string[]; botId: string };

export interface BotFrameworkOptions {
  /** Bot Framework's own signing key (kept across restarts beside the identity key). */
  keys: SigningKeys;
  /** The identity provider's keys: the connector accepts only tokens it signed. */
  identityKeys: SigningKeys;
  identityUrl: () => string;
  store: GraphStore;
  clock: () => Date;
}

/** The Teams id (MRI) Bot Framework gives a person in a bot's conversations. */
export const mriOf = (userId: string) =>
  `29:1${createHash('sha256').update(userId).digest('base64url').slice(0, 40)}`;
const botMri = (appId: string) => `28:${appId}`;

class ConnectorError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const Account = z.object({ id: z.string().min(1), name: z.string().optional() }).loose();
const CreateConversation = z
  .object({
    isGroup: z.boolean().optional(),
    bot: Account.optional(),
    members: z.array(Account).min(1),
    tenantId: z.string().optional(),
    channelData: z
      .object({ tenant: z.object({ id: z.string() }).optional() })
      .loose()
      .optional(),
  })
  .loose();
const OutgoingActivity = z.object({ type: z.string().min(1) }).loose();

export const SendActivity = z.object({
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages. */
  endpoint: z.url(),
  tenantId: z.string().min(1),
  /** The Entra object id of the person acting. */
  fromUserId: z.string().min(1),
  /** `installationUpdate`: the app added to (or removed from) the `conversation`, by this person. */
  type: z.enum(['message', 'invoke', 'installationUpdate']),
  action: z.enum(['add', 'remove']).optional(),
  name: z.string().optional(),
  text: z.string().optional(),
  value: z.unknown().optional(),
  /** The bot's message the action was taken on (a card's activity id). */
  replyToId: z.string().optional(),
  /** The activity's id; Teams sends the same id again when it retries an invoke. */
  id: z.string().min(1).optional(),
  /**
   * A group chat or a channel the activity comes from (a message extension is used in any
   * conversation); by default the person's personal chat with the bot.
   */
  conversation: z
    .object({
      conversationType: z.enum(['groupChat', 'channel']),
      id: z
        .string()
        .regex(/^19:[A-Za-z0-9_.@-]{1,200}(;messageid=\d{1,20})?$/, 'must be a Teams thread id'),
    })
    .optional(),
  /** What a forger or a misconfigured registration would send; by default a valid token. */
  token: z
    .object({
      audience: z.string().optional(),
      issuer: z.string().optional(),
      /** Signed with a key Bot Framework never published. */
      isForged: z.boolean().optional(),
      expiresInSeconds: z.number().int().optional(),
      omit: z.boolean().optional(),
    })
    .optional(),
});

export class BotFramework {
  readonly posted: PostedActivity[] = [];
  private readonly conversations = new Map<string, Conversation>();
  private forgeryKey: Promise<CryptoKey> | null = null;
  private baseUrl = '';

  constructor(private readonly options: BotFrameworkOptions) {}

  /** Called once the HTTPS server knows its address. */
  setBaseUrl(url: string) {
    this.baseUrl = url;
  }

  get openIdMetadataUrl() {
    return `${this.baseUrl}/botframework/v1/.well-known/openidconfiguration`;
  }

  /** The value for BOT_SERVICE_URL: where Teams would say `serviceUrl` is. */
  get serviceUrl() {
    return `${this.baseUrl}/botframework/teams/`;
  }

  /** `/botframework/...`: the published metadata, keys and the connector. */
  router(): Router {
    const router = Router();
    router.get('/v1/.well-known/openidconfiguration', (_req, res) => {
      res.json({
        issuer: BOT_FRAMEWORK_ISSUER,
        authorization_endpoint: 'https://invalid.botframework.com',
        jwks_uri: `${this.baseUrl}/botframework/v1/.well-known/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      });
    });
    router.get('/v1/.well-known/keys', (_req, res) => {
      res.json({
        keys: this.options.keys.publicKeys.map((key) => ({ ...key, endorsements: ['msteams'] })),
      });
    });
    const connector = Router();
    connector.use(express.json({ limit: '256kb' }));
    connector.use((req, res, next) => void this.authenticate(req, res, next));
    connector.post('/v3/conversations', (req, res) => this.createConversation(req, res));
    connector.get('/v3/conversations/:conversationId/members', (req, res) =>
      this.members(req, res),
    );
    connector.post('/v3/conversations/:conversationId/activities', (req, res) =>
      this.sendActivity(req, res),
    );
    connector.put('/v3/conversations/:conversationId/activities/:activityId', (req, res) =>
      this.updateActivity(req, res),
    );
    connector.use((req: Request, _res: Response, next: NextFunction) =>
      next(new ConnectorError(404, 'NotFound', `No connector operation ${req.method} ${req.path}`)),
    );
    connector.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
      if (error instanceof ConnectorError) {
        if (error.status === 401) res.status(401).json({ message: error.message });
        else res.status(error.status).json({ error: { code: error.code, message: error.message } });
        return;
      }
      res.status(500).json({ error: { code: 'ServiceError', message: String(error) } });
    });
    router.use('/teams', connector);
    return router;
  }

  /** `/_sandbox/bot/...`: see `controlEntries`. */
  controlRouter(): Router {
    const router = Router();
    router.get('/bot/activities', (req, res) => {
      const { tenantId, userId, conversationId } = req.query as Record<string, string | undefined>;
      res.json({
        value: this.posted.filter(
          (item) =>
            (!tenantId || item.tenantId === tenantId) &&
            (!userId || item.userId === userId) &&
            (!conversationId || item.conversationId === conversationId),
        ),
      });
    });
    router.post('/bot/send', async (req, res) => {
      const parsed = SendActivity.safeParse(req.body ?? {});
      if (!parsed.success) {
        res.status(400).json({
          error: parsed.error.issues
            .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
            .join('; '),
        });
        return;
      }
      try {
        res.json(await this.deliver(parsed.data));
      } catch (error) {
        if (error instanceof ConnectorError) {
          res.status(error.status).json({ error: error.message });
          return;
        }
        res.status(502).json({ error: `could not reach the bot: ${(error as Error).message}` });
      }
    });
    return router;
  }

  // ---- the connector ------------------------------------------------------------------

  private async authenticate(req: Request, res: Response, next: NextFunction) {
    const token = req.headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
    const refuse = () =>
      next(
        new ConnectorError(401, 'Unauthorized', 'Authorization has been denied for this request.'),
      );
    if (!token) return refuse();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.options.identityKeys.resolve, {
        audience: BOT_FRAMEWORK_RESOURCE,
        algorithms: ['RS256'],
      }));
    } catch {
      return refuse();
    }
    const tenantId = String(payload.tid ?? '');
    const isFromIdentity = payload.iss === `${this.options.identityUrl()}/${tenantId}/v2.0`;
    const appId = String(payload.appid ?? payload.azp ?? '');
    if (!isFromIdentity || appId !== sandboxBot.appId) return refuse();
    res.locals.botAppId = appId;
    next();
  }

  private personIn(tenantId: string, memberId: string): UserRecord | undefined {
    const tenant = this.options.store.tenant(tenantId);
    if (!tenant) return undefined;
    const direct = tenant.users.get(memberId);
    if (direct) return direct;
    for (const user of tenant.users.values()) if (mriOf(user.id) === memberId) return user;
    return undefined;
  }

  private createConversation(req: Request, res: Response) {
    const parsed = CreateConversation.safeParse(req.body ?? {});
    if (!parsed.success)
      throw new ConnectorError(400, 'BadArgument', 'The request body is not a conversation.');
    const body = parsed.data;
    const tenantId = body.tenantId ?? body.channelData?.tenant?.id;
    if (!tenantId || !this.options.store.tenant(tenantId))
      throw new ConnectorError(
        400,
        'BadArgument',
        'Tenant id is required for Teams conversations.',
      );
    if (body.isGroup || body.members.length !== 1)
      throw new ConnectorError(
        400,
        'BadArgument',
        'A bot can only create a personal (1:1) conversation with one member.',
      );
    const person = this.personIn(tenantId, body.members[0]!.id);
    if (!person)
      throw new ConnectorError(404, 'NotFound', 'The member is not a user of this tenant.');
    const botId = res.locals.botAppId as string;
    // Teams answers the same 1:1 conversation for the same bot and person, however often asked.
    const id = `a:1${createHash('sha256').update(`${botId}|${tenantId}|${person.id}`).digest('base64url')}`;
    this.conversations.set(id, { kind: 'personal', id, tenantId, userId: person.id, botId });
    res.status(201).json({ id });
  }

  private conversationOf(req: Request, res: Response): Conversation {
    const conversation = this.conversations.get(req.params.conversationId as string);
    if (!conversation || conversation.botId !== res.locals.botAppId)
      throw new ConnectorError(
        403,
        'BotNotInConversationRoster',
        'The bot is not part of the conversation roster.',
      );
    return conversation;
  }

  private members(req: Request, res: Response) {
    const conversation = this.conversationOf(req, res);
    const ids = conversation.kind === 'personal' ? [conversation.userId] : conversation.memberIds;
    res.json(
      ids.flatMap((id) => {
        const person = this.personIn(conversation.tenantId, id);
        return person
          ? [
              {
                id: mriOf(person.id),
                name: person.displayName,
                aadObjectId: person.id,
                givenName: person.givenName,
                surname: person.surname,
                email: person.mail,
                userPrincipalName: person.userPrincipalName,
                tenantId: conversation.tenantId,
                userRole: 'user',
              },
            ]
          : [];
      }),
    );
  }

  private sendActivity(req: Request, res: Response) {
    const conversation = this.conversationOf(req, res);
    const parsed = OutgoingActivity.safeParse(req.body ?? {});
    if (!parsed.success) throw new ConnectorError(400, 'BadArgument', 'The activity has no type.');
    const activityId = `1:${randomUUID()}`;
    this.posted.push({
      tenantId: conversation.tenantId,
      conversationId: conversation.id,
      conversationType: conversation.kind,
      userId: conversation.kind === 'personal' ? conversation.userId : '',
      activityId,
      activity: parsed.data,
      postedAt: this.options.clock().toISOString(),
      updates: [],
    });
    res.status(201).json({ id: activityId });
  }

  private updateActivity(req: Request, res: Response) {
    const conversation = this.conversationOf(req, res);
    const posted = this.posted.find(
      (item) =>
        item.conversationId === conversation.id && item.activityId === req.params.activityId,
    );
    if (!posted)
      throw new ConnectorError(404, 'ActivityNotFoundInConversation', 'Unknown activity.');
    const parsed = OutgoingActivity.safeParse(req.body ?? {});
    if (!parsed.success) throw new ConnectorError(400, 'BadArgument', 'The activity has no type.');
    posted.updates.push({ activity: parsed.data, at: this.options.clock().toISOString() });
    res.status(200).json({ id: posted.activityId });
  }

  // ---- being Teams --------------------------------------------------------------------

  /** Signs an activity token as Bot Framework does (or as a forger would) for the bot. */
  private async activityToken(options: z.infer<typeof SendActivity>['token'] = {}) {
    const now = Math.floor(this.options.clock().getTime() / 1000);
    const life = options.expiresInSeconds ?? ACTIVITY_TOKEN_SECONDS;
    const key = this.options.keys.current;
    const signingKey = options.isForged
      ? await (this.forgeryKey ??= generateKeyPair('RS256').then((pair) => pair.privateKey))
      : key.privateKey;
    return new SignJWT({ serviceurl: this.serviceUrl })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
      .setIssuer(options.issuer ?? BOT_FRAMEWORK_ISSUER)
      .setAudience(options.audience ?? sandboxBot.appId)
      .setNotBefore(Math.min(now, now + life) - 5)
      .setExpirationTime(now + life)
      .sign(signingKey);
  }

  /**
   * The app added to (or removed from) a meeting's chat by one of its members, as Teams does
   * when the app is added to a meeting: from then on the bot may post there and read its
   * members. Only a meeting of the sandbox's calendar, and only by someone invited to it.
   */
  private install(request: z.infer<typeof SendActivity>, personId: string) {
    const chatId = request.conversation?.id;
    if (!chatId || request.conversation?.conversationType !== 'groupChat')
      throw new ConnectorError(400, 'BadArgument', 'An installation names a group chat.');
    if ((request.action ?? 'add') === 'remove') {
      this.conversations.delete(chatId);
      return;
    }
    const tenant = this.options.store.tenant(request.tenantId);
    const person = this.personIn(request.tenantId, personId);
    const series =
      tenant && person
        ? seriesForPerson(this.options.store.directory(tenant), person, this.options.clock()).find(
            (candidate) => meetingChatId(candidate) === chatId,
          )
        : undefined;
    if (!series)
      throw new ConnectorError(
        403,
        'Forbidden',
        'Only someone in that meeting’s chat can add an app to it.',
      );
    this.conversations.set(chatId, {
      kind: 'groupChat',
      id: chatId,
      tenantId: request.tenantId,
      memberIds: [series.organizer.id, ...series.attendees.map((attendee) => attendee.id)],
      botId: sandboxBot.appId,
    });
  }

  /** Be Teams: an activity from a person, signed as Bot Framework signs it, to a messaging endpoint. */
  async deliver(request: z.infer<typeof SendActivity>) {
    const person = this.personIn(request.tenantId, request.fromUserId);
    const from = person
      ? { id: mriOf(person.id), name: person.displayName, aadObjectId: person.id }
      : { id: mriOf(request.fromUserId), name: 'Unknown', aadObjectId: request.fromUserId };
    if (request.type === 'installationUpdate') this.install(request, from.aadObjectId);
    const conversationId = `a:1${createHash('sha256').update(`${sandboxBot.appId}|${request.tenantId}|${from.aadObjectId}`).digest('base64url')}`;
    this.conversations.set(conversationId, {
      kind: 'personal',
      id: conversationId,
      tenantId: request.tenantId,
      userId: from.aadObjectId,
      botId: sandboxBot.appId,
    });
    const now = this.options.clock();
    const activity = {
      type: request.type,
      ...(request.name ? { name: request.name } : {}),
      ...(request.type === 'installationUpdate' ? { action: request.action ?? 'add' } : {}),
      ...(request.text !== undefined ? { text: request.text, textFormat: 'plain' } : {}),
      ...(request.value !== undefined ? { value: request.value } : {}),
      ...(request.replyToId ? { replyToId: request.replyToId } : {}),
      id: request.id ?? (request.type === 'invoke' ? `f:${randomUUID()}` : `1${now.getTime()}`),
      timestamp: now.toISOString(),
      localTimestamp: now.toISOString(),
      serviceUrl: this.serviceUrl,
      channelId: 'msteams',
      from,
      conversation: request.conversation
        ? { ...request.conversation, tenantId: request.tenantId, isGroup: true }
        : { conversationType: 'personal', tenantId: request.tenantId, id: conversationId },
      recipient: { id: botMri(sandboxBot.appId), name: sandboxBot.name },
      entities: [
        {
          type: 'clientInfo',
          locale: 'en-GB',
          country: 'GB',
          platform: 'Web',
          timezone: 'Europe/London',
        },
      ],
      channelData: {
        tenant: { id: request.tenantId },
        ...(request.type === 'invoke' ? { source: { name: 'message' } } : {}),
      },
      locale: 'en-GB',
    };
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (!request.token?.omit)
      headers.authorization = `Bearer ${await this.activityToken(request.token)}`;
    const response = await fetch(request.endpoint, {
      method: 'POST',
      headers,
      body: JSON.stringify(activity),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON: handed back as text.
    }
    return { status: response.status, body, activity };
  }
}

/** The control API lines `GET /_sandbox` lists for the Bot Framework stand-in. */
export const botControlEntries = [
  'GET    /_sandbox/bot/activities[?tenantId=&userId=&conversationId=] (what the bot posted into whose personal chat or which meeting chat, with later updates)',
  'POST   /_sandbox/bot/send {endpoint, tenantId, fromUserId, type: message|invoke|installationUpdate, action?: add|remove, name?, text?, value?, replyToId?, id?, conversation?: {conversationType: groupChat|channel, id}, token?: {audience?, issuer?, isForged?, expiresInSeconds?, omit?}} (an activity signed as Bot Framework signs it; answers the bot’s {status, body})',
];
