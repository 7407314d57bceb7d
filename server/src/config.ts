/**
 * Every setting the server reads, taken once from the environment and validated.
 * Nothing else in the server reads process.env.
 */
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const csv = z
  .string()
  .optional()
  .transform((value) =>
    value
      ? value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean)
      : [],
  );
const mongoUri = z
  .string()
  .refine(
    (value) => /^mongodb(\+srv)?:\/\/[^\s/]+/.test(value),
    'must be a mongodb:// or mongodb+srv:// URI',
  );

export const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: port.default(3978),
  PUBLIC_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MONGODB_URI: mongoUri,
  MONGODB_DB: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,63}$/, 'letters, digits, _ and - only')
    .default('throughline'),
  JSON_BODY_LIMIT: z.string().default('256kb'),
  /** API requests one signed-in person may make per minute on one server (0: no limit). */
  RATE_LIMIT_PERSON_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  /** API requests one tenant's people may make together per minute on one server (0: no limit). */
  RATE_LIMIT_TENANT_PER_MINUTE: z.coerce.number().int().min(0).default(6000),
  /** Change notifications one address may post to the Graph webhook per minute (0: no limit). */
  RATE_LIMIT_WEBHOOK_PER_MINUTE: z.coerce.number().int().min(0).default(3000),
  /** Activities one address may post to the bot's messaging endpoint per minute (0: no limit). */
  RATE_LIMIT_BOT_PER_MINUTE: z.coerce.number().int().min(0).default(3000),
  AUTH_AUTHORITY: z.url().default('https://login.microsoftonline.com'),
  AUTH_JWKS_URL: z.url().optional(),
  AUTH_CLIENT_ID: z.string().min(1),
  AUTH_CLIENT_SECRET: z.string().min(1).optional(),
  AUTH_EXTRA_AUDIENCES: csv,
  AUTH_ALLOWED_TENANTS: csv,
  /** A multi-tenant deployment that serves any organisation says so explicitly. */
  AUTH_ALLOW_ANY_TENANT: z.enum(['true', 'false']).default('false'),
  AUTH_REQUIRED_SCOPE: z.string().default('access_as_user'),
  /** A JSON template (`{tenant}` is replaced) of the authority's OpenID metadata, for a stand-in identity provider. */
  AUTH_AUTHORITY_METADATA: z
    .string()
    .refine(
      isAuthorityMetadata,
      'must be JSON with token_endpoint, authorization_endpoint, issuer and jwks_uri',
    )
    .optional(),
  // The Graph client sends the bearer token only to https hosts, so http would fail every call quietly.
  GRAPH_BASE_URL: z
    .url({ protocol: /^https$/, error: 'must be an https:// URL' })
    .default('https://graph.microsoft.com'),
  GRAPH_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
  GRAPH_RETRY_DELAY_SECONDS: z.coerce.number().min(0).max(180).default(3),
  GRAPH_MAX_RETRY_AFTER_SECONDS: z.coerce.number().int().min(0).max(180).default(30),
  GRAPH_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(15_000),
  ORG_SYNC_INTERVAL_MINUTES: z.coerce.number().int().min(0).default(360),
  ORG_SYNC_PAGE_SIZE: z.coerce.number().int().min(1).max(999).default(999),
  /** How long a stopping server waits for its requests in flight and its jobs before it exits anyway. */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(1).max(600).default(10),
  /** Every scheduled job runs this often instead of at its own interval (load tests run them all often). */
  JOB_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).optional(),
  TOKEN_CACHE_KEY: z
    .string()
    .refine(
      (value) => Buffer.from(value, 'base64').length === 32,
      'must be 32 bytes, base64-encoded',
    )
    .optional(),
  TAB_DIST_DIR: z.string().optional(),
  ADDIN_DIST_DIR: z.string().optional(),
  DEV_SIGN_IN_URL: z.url().optional(),
  /** The sandbox's workbench: a development Outlook and Teams that frame the pages and serve their Office.js. */
  DEV_HOST_URL: z.url().optional(),
  TEAMS_APP_ID: z.uuid().optional(),
  /** The Azure Bot's Microsoft App ID; without it the server has no bot (no chat cards). */
  BOT_APP_ID: z.uuid().optional(),
  /** A client secret of the bot's Entra app registration. */
  BOT_APP_PASSWORD: z.string().min(1).optional(),
  /** The bot registration's home tenant (a single-tenant Azure Bot); its tokens come from there. */
  BOT_TENANT_ID: z.uuid().optional(),
  /** Where Bot Framework publishes the keys that sign the activities it sends the bot. */
  BOT_OPENID_METADATA_URL: z
    .url()
    .default('https://login.botframework.com/v1/.well-known/openidconfiguration'),
  /** The issuer of those activity tokens. */
  BOT_TOKEN_ISSUER: z.string().min(1).default('https://api.botframework.com'),
  /** The scope of the bot's own token for the Bot Connector. */
  BOT_SCOPE: z.string().min(1).default('https://api.botframework.com/.default'),
  /** The Bot Connector the bot starts personal chats at (Teams' global service URL). */
  BOT_SERVICE_URL: z.url().default('https://smba.trafficmanager.net/teams/'),
});

export type Config = z.infer<typeof ConfigSchema> & {
  publicUrl: string;
  audiences: string[];
  jwksUrl: string;
  /** What msal-node is given (see platform/graph/msal.ts): the authority host and, for a stand-in, its metadata template. */
  msal: { authorityHost: string; metadataTemplate: string | null };
  /** Where Microsoft Graph delivers change notifications for this server. */
  graphNotificationUrl: string;
  /** The Teams bot, when BOT_APP_ID is set. */
  bot: BotSettings | null;
};

export interface BotSettings {
  appId: string;
  appPassword: string;
  tenantId: string;
  openIdMetadataUrl: string;
  tokenIssuer: string;
  scope: string;
  serviceUrl: string;
}

function isAuthorityMetadata(value: string): boolean {
  try {
    const parsed = JSON.parse(value) as Record<string, unknown>;
    return ['token_endpoint', 'authorization_endpoint', 'issuer', 'jwks_uri'].every(
      (key) => typeof parsed[key] === 'string',
    );
  } catch {
    return false;
  }
}

const MICROSOFT_AUTHORITY = 'https://login.microsoftonline.com';

/**
 * msal-node insists on an https authority and would look its metadata up on the network.
 * Entra ID (any https AUTH_AUTHORITY) is used as is. A local stand-in on http keeps the
 * production authority and hands msal the stand-in's endpoints as `authorityMetadata`,
 * so no request ever goes to Microsoft and the production code path is unchanged.
 */
function msalSettings(authority: string, explicitTemplate: string | undefined): Config['msal'] {
  const base = authority.replace(/\/$/, '');
  const isHttps = base.startsWith('https://');
  if (explicitTemplate)
    return {
      authorityHost: isHttps ? base : MICROSOFT_AUTHORITY,
      metadataTemplate: explicitTemplate,
    };
  if (isHttps) return { authorityHost: base, metadataTemplate: null };
  return {
    authorityHost: MICROSOFT_AUTHORITY,
    metadataTemplate: JSON.stringify({
      issuer: `${MICROSOFT_AUTHORITY}/{tenant}/v2.0`,
      token_endpoint: `${base}/{tenant}/oauth2/v2.0/token`,
      authorization_endpoint: `${base}/{tenant}/oauth2/v2.0/authorize`,
      jwks_uri: `${base}/{tenant}/discovery/v2.0/keys`,
    }),
  };
}

/** What the local sandbox is configured with; production must not run with any of it. */
const SANDBOX_CLIENT_ID = 'a3a1d0f4-6c1b-4b8e-9d6a-1f0c2b3d4e5f';
const SANDBOX_BOT_APP_ID = 'b07a5e1d-3c2f-4e8a-9b6d-7f1e2d3c4b5a';
const DEVELOPMENT_TOKEN_CACHE_KEY = Buffer.from('throughline-dev-token-cache-key!').toString(
  'base64',
);
const isLocalHost = (url: string) =>
  ['localhost', '127.0.0.1', '[::1]'].includes(new URL(url).hostname);

/** With NODE_ENV=production the server refuses every setting that points at a stand-in or weakens trust. */
function productionProblems(config: z.infer<typeof ConfigSchema>): string[] {
  const problems: string[] = [];
  if (!config.AUTH_AUTHORITY.startsWith('https://'))
    problems.push(
      'AUTH_AUTHORITY: must be https in production (an http authority is a local stand-in)',
    );
  if (config.AUTH_AUTHORITY_METADATA)
    problems.push(
      'AUTH_AUTHORITY_METADATA: must not be set in production (it points sign-in at a stand-in)',
    );
  if (config.DEV_SIGN_IN_URL)
    problems.push(
      'DEV_SIGN_IN_URL: must not be set in production (it is the sandbox’s development sign-in)',
    );
  if (config.DEV_HOST_URL)
    problems.push(
      'DEV_HOST_URL: must not be set in production (it is the sandbox’s stand-in for Outlook and Teams)',
    );
  if (!config.PUBLIC_URL || !config.PUBLIC_URL.startsWith('https://'))
    problems.push(
      'PUBLIC_URL: must be the https address people reach in production (Teams and Outlook load only https)',
    );
  if (isLocalHost(config.GRAPH_BASE_URL))
    problems.push('GRAPH_BASE_URL: must be Microsoft Graph in production, not a local stand-in');
  if (config.AUTH_CLIENT_ID === SANDBOX_CLIENT_ID)
    problems.push(
      'AUTH_CLIENT_ID: is the sandbox’s demo app; set your Entra app registration’s client id',
    );
  if (config.TOKEN_CACHE_KEY === DEVELOPMENT_TOKEN_CACHE_KEY)
    problems.push(
      'TOKEN_CACHE_KEY: is the published development key; generate one with `openssl rand -base64 32`',
    );
  if (config.BOT_APP_ID === SANDBOX_BOT_APP_ID)
    problems.push('BOT_APP_ID: is the sandbox’s demo bot; set your Azure Bot’s Microsoft App ID');
  if (config.BOT_APP_ID) {
    for (const [name, value] of [
      ['BOT_OPENID_METADATA_URL', config.BOT_OPENID_METADATA_URL],
      ['BOT_SERVICE_URL', config.BOT_SERVICE_URL],
    ] as const)
      if (!value.startsWith('https://') || isLocalHost(value))
        problems.push(
          `${name}: must be Bot Framework's https address in production, not a local stand-in`,
        );
  }
  if (config.AUTH_ALLOWED_TENANTS.length === 0 && config.AUTH_ALLOW_ANY_TENANT !== 'true')
    problems.push(
      'AUTH_ALLOWED_TENANTS: list the tenant ids this deployment serves (or set AUTH_ALLOW_ANY_TENANT=true for a multi-tenant service open to any organisation)',
    );
  return problems;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

export function loadConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined>): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.');
      const value = env[name];
      return value === undefined ? `${name} is required but not set` : `${name}: ${issue.message}`;
    });
    throw new ConfigError(problems);
  }
  const config = parsed.data;
  if (config.BOT_APP_ID && (!config.BOT_APP_PASSWORD || !config.BOT_TENANT_ID))
    throw new ConfigError([
      'BOT_APP_PASSWORD and BOT_TENANT_ID: required with BOT_APP_ID (the bot’s client secret and the tenant its registration lives in)',
    ]);
  if (config.NODE_ENV === 'production') {
    const problems = productionProblems(config);
    if (problems.length > 0) throw new ConfigError(problems);
  }
  const publicUrl = (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/$/, '');
  const host = new URL(publicUrl).host;
  return {
    ...config,
    publicUrl,
    audiences: [
      config.AUTH_CLIENT_ID,
      `api://${host}/${config.AUTH_CLIENT_ID}`,
      ...config.AUTH_EXTRA_AUDIENCES,
    ],
    jwksUrl:
      config.AUTH_JWKS_URL ??
      `${config.AUTH_AUTHORITY.replace(/\/$/, '')}/common/discovery/v2.0/keys`,
    msal: msalSettings(config.AUTH_AUTHORITY, config.AUTH_AUTHORITY_METADATA),
    graphNotificationUrl: `${publicUrl}/api/graph/notifications`,
    bot:
      config.BOT_APP_ID && config.BOT_APP_PASSWORD && config.BOT_TENANT_ID
        ? {
            appId: config.BOT_APP_ID,
            appPassword: config.BOT_APP_PASSWORD,
            tenantId: config.BOT_TENANT_ID,
            openIdMetadataUrl: config.BOT_OPENID_METADATA_URL,
            tokenIssuer: config.BOT_TOKEN_ISSUER,
            scope: config.BOT_SCOPE,
            serviceUrl: config.BOT_SERVICE_URL,
          }
        : null,
  };
}
