/**
 * The sandbox Graph must be HTTPS: @microsoft/microsoft-graph-client drops the bearer
 * token on any other scheme. So the project makes its own small certificate authority
 * once per machine and a `localhost` / `127.0.0.1` certificate signed by it. Processes
 * trust it with `NODE_EXTRA_CA_CERTS=<ca.pem>`, which Node reads only at start — that is
 * why the files are made once and reused rather than made per run.
 */
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generate } from 'selfsigned';

export interface SandboxCertificate {
  dir: string;
  /** The certificate authority to trust (`NODE_EXTRA_CA_CERTS`). */
  caPath: string;
  /** The server certificate for localhost and 127.0.0.1, signed by the authority. */
  certPath: string;
  keyPath: string;
}

export const defaultTlsDir = path.resolve(__dirname, '..', '..', '.tools', 'sandbox-tls');

const DAY_MS = 24 * 60 * 60 * 1000;

function pathsIn(dir: string): SandboxCertificate {
  return {
    dir,
    caPath: path.join(dir, 'ca.pem'),
    certPath: path.join(dir, 'cert.pem'),
    keyPath: path.join(dir, 'key.pem'),
  };
}

/** True when the three files exist, belong together and stay valid for another month. */
function isUsable(paths: SandboxCertificate): boolean {
  if (![paths.caPath, paths.certPath, paths.keyPath].every((file) => existsSync(file)))
    return false;
  try {
    const ca = new X509Certificate(readFileSync(paths.caPath));
    const cert = new X509Certificate(readFileSync(paths.certPath));
    const soon = Date.now() + 30 * DAY_MS;
    return (
      cert.verify(ca.publicKey) &&
      new Date(cert.validTo).getTime() > soon &&
      new Date(ca.validTo).getTime() > soon &&
      cert.checkHost('localhost') !== undefined &&
      cert.checkIP('127.0.0.1') !== undefined
    );
  } catch {
    return false;
  }
}

/**
 * Makes (once) and returns the sandbox's TLS files: `ca.pem`, `cert.pem`, `key.pem` in
 * `dir`. Concurrent callers are safe: each writes into its own folder and renames it
 * into place; whoever loses the rename uses the winner's files.
 */
export async function ensureSandboxCertificate(
  dir: string = defaultTlsDir,
): Promise<SandboxCertificate> {
  const paths = pathsIn(dir);
  if (isUsable(paths)) return paths;

  const now = new Date();
  const ca = await generate(
    [
      { name: 'commonName', value: 'Throughline sandbox local CA' },
      { name: 'organizationName', value: 'Throughline sandbox' },
    ],
    {
      keySize: 2048,
      algorithm: 'sha256',
      notBeforeDate: new Date(now.getTime() - DAY_MS),
      notAfterDate: new Date(now.getTime() + 5 * 365 * DAY_MS),
      extensions: [
        { name: 'basicConstraints', cA: true, critical: true },
        {
          name: 'keyUsage',
          keyCertSign: true,
          cRLSign: true,
          digitalSignature: true,
          critical: true,
        },
      ],
    },
  );
  const server = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - DAY_MS),
    notAfterDate: new Date(now.getTime() + 2 * 365 * DAY_MS),
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });

  const staging = `${dir}.${process.pid}.${Date.now()}`;
  mkdirSync(staging, { recursive: true });
  const staged = pathsIn(staging);
  writeFileSync(staged.caPath, ca.cert);
  writeFileSync(staged.certPath, server.cert);
  writeFileSync(staged.keyPath, server.private, { mode: 0o600 });
  // A stale or broken folder is replaced; a fresh one made meanwhile by someone else wins.
  if (existsSync(dir) && !isUsable(paths)) rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.dirname(dir), { recursive: true });
  try {
    renameSync(staging, dir);
  } catch {
    rmSync(staging, { recursive: true, force: true });
  }
  if (!isUsable(paths)) throw new Error(`could not make the sandbox certificate in ${dir}`);
  return paths;
}
