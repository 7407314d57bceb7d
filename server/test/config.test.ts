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
