/**
 * The Teams bot's connection to Bot Framework, with the Teams SDK (`@microsoft/teams.apps`).
 *
 * One SDK `App` per server. It receives activities on an Express router the bot feature
 * mounts at `/api/messages` (the SDK checks each activity's Bot Framework token: signature
 * from the published keys, issuer, audience = our app id, `serviceurl`), and it posts into
 * personal chats through the Bot Connector. Every Microsoft address comes from config —
 * Bot Framework's OpenID metadata and issuer, the connector's service URL, the Entra
 * authority of the bot's own token — so production runs on the SDK's public-cloud values
 * and a local stand-in is just other settings.
 *
 * The bot's own token (client credentials of its app registration for the Bot Connector
 * scope) is fetched with the server's msal settings rather than the SDK's built-in msal,
 * which would insist on looking up an https authority on the network.
 */
import { ConfidentialClientApplication } from '@azure/msal-node';
import { App, ExpressAdapter, type AppOptions, type IPlugin } from '@microsoft/teams.apps';
import { Router } from 'express';
import type { BotSettings, Config } from '../../config';
import { msalConfiguration } from '../graph/msal';
import type { Logger } from '../log/logger';

type CloudEnvironment = NonNullable<AppOptions<IPlugin>['cloud']>;

/** An Adaptive Card attachment's content type on a Bot Framework activity. */
export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export interface PersonalChat {
  conversationId: string;
  /** The person's Teams id in that chat (`29:…`), what a card's `refresh.userIds` names. */
  personMri: string;
}

/** What features use of the bot: receiving (the SDK app and its router) and posting. */
export interface TeamsBot {
  appId: string;
  app: App;
  /** Mount under `/api`: the SDK registers its messaging endpoint `/messages` on it. */
  router: Router;
  /** Opens (or finds again: Teams keeps one per bot and person) the personal chat with a person. */
  openPersonalChat(tenantId: string, personId: string): Promise<PersonalChat>;
  /** Posts an Adaptive Card into a conversation; the connector's activity id. */
  postCard(conversationId: string, card: Record<string, unknown>): Promise<string>;
  /** A person's Teams id (`29:…`) in a conversation the bot is in, or null if they are not in it. */
  memberMri(conversationId: string, personId: string): Promise<string | null>;
}

/** The SDK logs through the server's logger, at one level lower (it is chatty). */
function sdkLogger(log: Logger) {
  const make = (bound: Logger): AppOptions<IPlugin>['logger'] => {
    const text = (parts: unknown[]) =>
      parts.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' ');
    return {
      error: (...parts: unknown[]) => bound.warn(text(parts)),
      warn: (...parts: unknown[]) => bound.info(text(parts)),
      info: (...parts: unknown[]) => bound.debug(text(parts)),
      debug: (...parts: unknown[]) => bound.trace(text(parts)),
      trace: (...parts: unknown[]) => bound.trace(text(parts)),
      log: (_level: string, ...parts: unknown[]) => bound.debug(text(parts)),
      child: (name: string) => make(bound.child({ sdk: name }))!,
    } as unknown as AppOptions<IPlugin>['logger'];
  };
  return make(log.child({ component: 'teams-sdk' }));
}

function cloudOf(config: Config, bot: BotSettings): CloudEnvironment {
  return {
    loginEndpoint: config.AUTH_AUTHORITY.replace(/\/$/, ''),
    loginTenant: bot.tenantId,
    botScope: bot.scope,
    tokenServiceUrl: 'https://token.botframework.com',
    openIdMetadataUrl: bot.openIdMetadataUrl,
    tokenIssuer: bot.tokenIssuer,
    graphScope: 'https://graph.microsoft.com/.default',
  };
}

export function createTeamsBot(config: Config, log: Logger): TeamsBot | null {
  const bot = config.bot;
  if (!bot) return null;
  // One msal client for the bot's identity: it caches the connector token until it expires.
  const msal = new ConfidentialClientApplication({
    auth: msalConfiguration(
      { AUTH_CLIENT_ID: bot.appId, AUTH_CLIENT_SECRET: bot.appPassword, msal: config.msal },
      bot.tenantId,
    ),
  });
  const router = Router();
  const app = new App({
    clientId: bot.appId,
    tenantId: bot.tenantId,
    token: async (scope) => {
      const scopes = Array.isArray(scope) ? scope : [scope];
      const result = await msal.acquireTokenByClientCredential({ scopes });
      if (!result?.accessToken)
        throw new Error('no Bot Connector token from the identity provider');
      return result.accessToken;
    },
    cloud: cloudOf(config, bot),
    serviceUrl: bot.serviceUrl,
    httpServerAdapter: new ExpressAdapter(router as never),
    messagingEndpoint: '/messages',
    dangerouslyAllowUnauthenticatedRequests: false,
    logger: sdkLogger(log),
  });
  const ready = app.initialize();
  const gate = Router();
  // The SDK registers its route when initialised; a request that arrives before waits for it.
  gate.use(async (_req, _res, next) => {
    await ready;
    next();
  });
  gate.use(router);
  return {
    appId: bot.appId,
    app,
    router: gate,
    async openPersonalChat(tenantId, personId) {
      const conversation = await app.api.conversations.create({
        isGroup: false,
        bot: { id: `28:${bot.appId}` },
        members: [{ id: personId, role: 'user', name: '' } as never],
        tenantId,
        channelData: { tenant: { id: tenantId } },
      });
      const members = await app.api.conversations.members(conversation.id).get();
      const person = members.find((member) => member.aadObjectId === personId) ?? members[0];
      if (!person) throw new Error('the personal chat has no member');
      return { conversationId: conversation.id, personMri: person.id };
    },
    async memberMri(conversationId, personId) {
      const members = await app.api.conversations.members(conversationId).get();
      return members.find((member) => member.aadObjectId === personId)?.id ?? null;
    },
    async postCard(conversationId, card) {
      const sent = await app.api.conversations.activities(conversationId).create({
        type: 'message',
        attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card as never }],
      });
      return sent.id;
    },
  };
}
