/**
 * Every setting the server reads, taken once from the environment and validated.
 * Nothing else in the server reads process.env.
 */
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const csv = z
  .string()
  .optional()
  .transform((value) => (value ? value.split(',').map((item) => item.trim()).filter(Boolean) : []));
const mongoUri = z
  .string()
  .refine((value) => /^mongodb(\+srv)?:\/\/[^\s/]+/.test(value), 'must be a mongodb:// or mongodb+srv:// URI');

export const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: port.default(3978),
  PUBLIC_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MONGODB_URI: mongoUri,
  MONGODB_DB: z.string().regex(/^[A-Za-z0-9_-]{1,63}$/, 'letters, digits, _ and - only').default('throughline'),
  JSON_BODY_LIMIT: z.string().default('256kb'),
  AUTH_AUTHORITY: z.url().default('https://login.microsoftonline.com'),
  AUTH_JWKS_URL: z.url().optional(),
  AUTH_CLIENT_ID: z.string().min(1),
  AUTH_CLIENT_SECRET: z.string().min(1).optional(),
  AUTH_EXTRA_AUDIENCES: csv,
  AUTH_ALLOWED_TENANTS: csv,
  AUTH_REQUIRED_SCOPE: z.string().default('access_as_user'),
  GRAPH_BASE_URL: z.url().default('https://graph.microsoft.com'),
  TOKEN_CACHE_KEY: z
    .string()
    .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
    .optional(),
  TAB_DIST_DIR: z.string().optional(),
  ADDIN_DIST_DIR: z.string().optional(),
  DEV_SIGN_IN_URL: z.url().optional(),
  TEAMS_APP_ID: z.uuid().optional(),
});

export type Config = z.infer<typeof ConfigSchema> & { publicUrl: string; audiences: string[]; jwksUrl: string };

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
  const publicUrl = (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/$/, '');
  const host = new URL(publicUrl).host;
  return {
    ...config,
    publicUrl,
    audiences: [config.AUTH_CLIENT_ID, `api://${host}/${config.AUTH_CLIENT_ID}`, ...config.AUTH_EXTRA_AUDIENCES],
    jwksUrl: config.AUTH_JWKS_URL ?? `${config.AUTH_AUTHORITY.replace(/\/$/, '')}/common/discovery/v2.0/keys`,
  };
}
