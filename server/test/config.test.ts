import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ConfigError, loadConfig } from '../src/config';

const valid = {
  MONGODB_URI: 'mongodb://127.0.0.1:27017/',
  AUTH_CLIENT_ID: 'a3a1d0f4-6c1b-4b8e-9d6a-1f0c2b3d4e5f',
};

describe('configuration', () => {
  it('fills defaults and derives the accepted audiences from the public URL', () => {
    const config = loadConfig({ ...valid, PUBLIC_URL: 'https://okrs.contoso.com' });
    expect(config.PORT).toBe(3978);
    expect(config.audiences).toEqual([
      valid.AUTH_CLIENT_ID,
      `api://okrs.contoso.com/${valid.AUTH_CLIENT_ID}`,
    ]);
    expect(config.jwksUrl).toBe('https://login.microsoftonline.com/common/discovery/v2.0/keys');
  });

  it('names each bad or missing variable', () => {
    let error: unknown;
    try {
      loadConfig({ MONGODB_URI: 'postgres://nope', PORT: 'eighty' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toMatch(/MONGODB_URI: must be a mongodb:\/\/ or mongodb\+srv:\/\/ URI/);
    expect(message).toMatch(/PORT: /);
    expect(message).toMatch(/AUTH_CLIENT_ID is required but not set/);
  });

  it('refuses to run in production with any sandbox or development setting, naming each', () => {
    const sandboxLike = {
      ...valid,
      NODE_ENV: 'production',
      AUTH_AUTHORITY: 'http://127.0.0.1:4010',
      AUTH_AUTHORITY_METADATA: JSON.stringify({
        token_endpoint: 'x',
        authorization_endpoint: 'x',
        issuer: 'x',
        jwks_uri: 'x',
      }),
      DEV_SIGN_IN_URL: 'http://127.0.0.1:4010/dev',
      DEV_HOST_URL: 'http://127.0.0.1:4010',
      PUBLIC_URL: 'http://localhost:3978',
      GRAPH_BASE_URL: 'https://localhost:4011',
      TOKEN_CACHE_KEY: Buffer.from('throughline-dev-token-cache-key!').toString('base64'),
    };
    const problems = (() => {
      try {
        loadConfig(sandboxLike);
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    })();
    expect(problems.map((problem) => problem.split(':')[0])).toEqual([
      'AUTH_AUTHORITY',
      'AUTH_AUTHORITY_METADATA',
      'DEV_SIGN_IN_URL',
      'DEV_HOST_URL',
      'PUBLIC_URL',
      'GRAPH_BASE_URL',
      'AUTH_CLIENT_ID',
      'TOKEN_CACHE_KEY',
      'AUTH_ALLOWED_TENANTS',
    ]);
    const production = {
      MONGODB_URI: valid.MONGODB_URI,
      NODE_ENV: 'production',
      AUTH_CLIENT_ID: '0b7e5c2a-1111-4222-8333-944455556666',
      PUBLIC_URL: 'https://okrs.contoso.com',
      AUTH_ALLOWED_TENANTS: '7d3e6c1a-2f4b-4c8d-9e0a-1b2c3d4e5f60',
    };
    expect(loadConfig(production).publicUrl).toBe('https://okrs.contoso.com');
    const anyTenant = { ...production, AUTH_ALLOWED_TENANTS: undefined };
    expect(() => loadConfig(anyTenant)).toThrow(/AUTH_ALLOWED_TENANTS: list the tenant ids/);
    expect(
      loadConfig({ ...anyTenant, AUTH_ALLOW_ANY_TENANT: 'true' }).AUTH_ALLOWED_TENANTS,
    ).toEqual([]);
  });

  it('has no bot without BOT_APP_ID, Bot Framework’s public addresses by default, and wants the secret and home tenant with the app id', () => {
    expect(loadConfig(valid).bot).toBeNull();
    const bot = {
      ...valid,
      BOT_APP_ID: '0b7e5c2a-1111-4222-8333-944455556666',
      BOT_APP_PASSWORD: 'secret',
      BOT_TENANT_ID: '7d3e6c1a-2f4b-4c8d-9e0a-1b2c3d4e5f60',
    };
    expect(loadConfig(bot).bot).toEqual({
      appId: bot.BOT_APP_ID,
      appPassword: 'secret',
      tenantId: bot.BOT_TENANT_ID,
      openIdMetadataUrl: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
      tokenIssuer: 'https://api.botframework.com',
      scope: 'https://api.botframework.com/.default',
      serviceUrl: 'https://smba.trafficmanager.net/teams/',
    });
    expect(() => loadConfig({ ...bot, BOT_APP_PASSWORD: undefined })).toThrow(
      /BOT_APP_PASSWORD and BOT_TENANT_ID: required with BOT_APP_ID/,
    );
  });

  it('refuses the sandbox’s bot and Bot Framework stand-in in production', () => {
    const production = {
      MONGODB_URI: valid.MONGODB_URI,
      NODE_ENV: 'production',
      AUTH_CLIENT_ID: '0b7e5c2a-1111-4222-8333-944455556666',
      PUBLIC_URL: 'https://okrs.contoso.com',
      AUTH_ALLOWED_TENANTS: '7d3e6c1a-2f4b-4c8d-9e0a-1b2c3d4e5f60',
      BOT_APP_ID: 'b07a5e1d-3c2f-4e8a-9b6d-7f1e2d3c4b5a',
      BOT_APP_PASSWORD: 'sandbox-bot-secret-not-for-production',
      BOT_TENANT_ID: '7d3e6c1a-2f4b-4c8d-9e0a-1b2c3d4e5f60',
      BOT_OPENID_METADATA_URL:
        'https://localhost:4443/botframework/v1/.well-known/openidconfiguration',
      BOT_SERVICE_URL: 'http://127.0.0.1:4443/botframework/teams/',
    };
    const problems = (() => {
      try {
        loadConfig(production);
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    })();
    expect(problems.map((problem) => problem.split(':')[0])).toEqual([
      'BOT_APP_ID',
      'BOT_OPENID_METADATA_URL',
      'BOT_SERVICE_URL',
    ]);
    expect(
      loadConfig({
        ...production,
        BOT_APP_ID: '1c2d3e4f-1111-4222-8333-944455556666',
        BOT_OPENID_METADATA_URL: undefined,
        BOT_SERVICE_URL: undefined,
      }).bot?.serviceUrl,
    ).toBe('https://smba.trafficmanager.net/teams/');
  });

  it('stops the server at start with a message naming the variable', () => {
    const result = spawnSync(
      process.execPath,
      [require.resolve('tsx/cli'), path.join(__dirname, '..', 'src', 'main.ts')],
      {
        env: { PATH: process.env.PATH, ...valid, PORT: 'not-a-port' },
        encoding: 'utf8',
        timeout: 20000,
      },
    );
    expect(result.status).toBe(78);
    expect(result.stderr).toMatch(/Invalid configuration:\n\s+- PORT: /);
  });
});
