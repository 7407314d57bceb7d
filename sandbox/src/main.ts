/**
 * `npx tsx sandbox/src/main.ts`: the sandbox Microsoft 365 on its own (identity on 4010,
 * Graph on 4443), for exploring the emulator without the rest of the suite. Ports and
 * faults come from SANDBOX_PORT, SANDBOX_GRAPH_PORT and SANDBOX_GRAPH_FAULTS.
 */
import { defaultKeysDir, parseGraphFaults, startSandbox } from './index';

async function main() {
  const sandbox = await startSandbox({
    identityPort: Number(process.env.SANDBOX_PORT ?? 4010),
    graphPort: Number(process.env.SANDBOX_GRAPH_PORT ?? 4443),
    graphFaults: parseGraphFaults(process.env.SANDBOX_GRAPH_FAULTS),
    keysDir: defaultKeysDir,
  });
  console.log(`Sandbox Microsoft 365
  workbench     ${sandbox.identityUrl}/   (the panes need the server: npm start runs both)
  identity      ${sandbox.identityUrl}   (demo people: ${sandbox.identityUrl}/dev/people)
  graph         ${sandbox.graphUrl}/v1.0
  bot framework ${sandbox.botFramework.openIdMetadataUrl}
  connector     ${sandbox.botFramework.serviceUrl}
  control API   ${sandbox.graphUrl}/_sandbox
  trust         NODE_EXTRA_CA_CERTS=${sandbox.tls.caPath}`);
  const stop = () => void sandbox.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
