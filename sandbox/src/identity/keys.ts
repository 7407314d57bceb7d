import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  type CryptoKey,
  type JWK,
  type JWTVerifyGetKey,
} from 'jose';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

async function createSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  const publicJwk = { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' };
  return { kid, privateKey, publicJwk };
}

const KEY_FILE = 'signing-key.json';

/** Where `npm start` keeps the key: beside the suite's database, so resetting `.data` resets both. */
export const defaultKeysDir = path.resolve(
  __dirname,
  '..',
  '..',
  '..',
  '.data',
  'sandbox-identity',
);

async function readSigningKey(dir: string, fileName: string): Promise<SigningKey | null> {
  let saved: { kid: string; privateJwk: JWK; publicJwk: JWK };
  try {
    saved = JSON.parse(readFileSync(path.join(dir, fileName), 'utf8')) as typeof saved;
  } catch {
    return null;
  }
  const privateKey = (await importJWK(saved.privateJwk, 'RS256')) as CryptoKey;
  return { kid: saved.kid, privateKey, publicJwk: saved.publicJwk };
}

async function writeSigningKey(dir: string, fileName: string, key: SigningKey): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, fileName);
  const temporary = `${file}.${process.pid}.tmp`;
  const privateJwk = await exportJWK(key.privateKey);
  writeFileSync(temporary, JSON.stringify({ kid: key.kid, privateJwk, publicJwk: key.publicJwk }), {
    mode: 0o600,
  });
  // Rename is atomic: a sandbox starting at the same moment reads the old key or the new one, never half.
  renameSync(temporary, file);
}

/**
 * The identity provider's signing key, as Entra ID keeps it: the same key across restarts
 * when the sandbox is given a folder to keep it in (`npm start` does, so tokens the server
 * cached in its database stay valid), a fresh one per start otherwise (tests get isolation).
 *
 * `roll()` replaces the key and withdraws the old one at once, so every token signed before
 * it is refused — what a server meets when Entra ID rolls a key early, or when a token is
 * revoked or fails continuous access evaluation. (Entra ID's scheduled rollover publishes the
 * next key weeks ahead; a roll that refuses old tokens is the case a server must survive.)
 */
export class SigningKeys {
  private key: SigningKey;
  private verifier: JWTVerifyGetKey;

  private constructor(
    key: SigningKey,
    private readonly dir: string | undefined,
    private readonly fileName: string,
  ) {
    this.key = key;
    this.verifier = createLocalJWKSet({ keys: [key.publicJwk] });
  }

  /** `fileName` keeps another issuer's key (Bot Framework's) beside the identity provider's. */
  static async open(dir?: string, fileName = KEY_FILE): Promise<SigningKeys> {
    const saved = dir ? await readSigningKey(dir, fileName) : null;
    if (saved) return new SigningKeys(saved, dir, fileName);
    const key = await createSigningKey();
    if (dir) await writeSigningKey(dir, fileName, key);
    return new SigningKeys(key, dir, fileName);
  }

  /** The key new tokens are signed with. */
  get current(): SigningKey {
    return this.key;
  }

  /** What the JWKS endpoint publishes. */
  get publicKeys(): JWK[] {
    return [this.key.publicJwk];
  }

  /** A jose key resolver over the published keys, current at each call. */
  readonly resolve: JWTVerifyGetKey = (header, token) => this.verifier(header, token);

  async roll(): Promise<{ kid: string; previousKid: string }> {
    const previousKid = this.key.kid;
    const next = await createSigningKey();
    if (this.dir) await writeSigningKey(this.dir, this.fileName, next);
    this.key = next;
    this.verifier = createLocalJWKSet({ keys: [next.publicJwk] });
    return { kid: next.kid, previousKid };
  }
}
