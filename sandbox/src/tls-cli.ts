/**
 * `npx tsx sandbox/src/tls-cli.ts`: makes (or reuses) the sandbox's TLS files and prints
 * the CA path — for scripts that must have it before starting Node processes
 * (`NODE_EXTRA_CA_CERTS` is read only at start) and for trusting it by hand.
 */
import { ensureSandboxCertificate } from './tls';

ensureSandboxCertificate(process.argv[2])
  .then((certificate) => process.stdout.write(`${certificate.caPath}\n`))
  .catch((error: unknown) => {
    process.stderr.write(
      `could not make the sandbox certificate: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
