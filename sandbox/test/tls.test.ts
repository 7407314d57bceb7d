import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureSandboxCertificate } from '../src';

describe('the sandbox certificate', () => {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'sandbox-tls-')), 'tls');
  afterAll(() => rmSync(path.dirname(dir), { recursive: true, force: true }));

  it('makes a CA and a localhost / 127.0.0.1 certificate it signed', async () => {
    const paths = await ensureSandboxCertificate(dir);
    const ca = new X509Certificate(readFileSync(paths.caPath));
    const cert = new X509Certificate(readFileSync(paths.certPath));
    expect(ca.ca).toBe(true);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(readFileSync(paths.keyPath, 'utf8')).toMatch(/PRIVATE KEY/);
  });

  it('reuses the files it made, so NODE_EXTRA_CA_CERTS read at start stays valid', async () => {
    const first = await ensureSandboxCertificate(dir);
    const before = statSync(first.caPath).mtimeMs;
    const again = await ensureSandboxCertificate(dir);
    expect(again).toEqual(first);
    expect(statSync(again.caPath).mtimeMs).toBe(before);
  });
});
