/** `npm start`: the whole suite on this machine, then the addresses to open. Ctrl-C stops it. */
import { buildPagesIfStale } from './lib/build-pages';
import { defaultKeysDir, findSeedPersonByName } from '@throughline/sandbox';
import { startStack } from './lib/stack';

async function main() {
  const isReadyJson = process.argv.includes('--ready-json');
  if (!process.argv.includes('--skip-build')) buildPagesIfStale();
  const stack = await startStack({
    serverPort: Number(process.env.PORT ?? 3978),
    sandboxPort: Number(process.env.SANDBOX_PORT ?? 4010),
    mongoUri: process.env.MONGODB_URI,
    dataDir: process.env.DATA_DIR,
    logLevel: process.env.LOG_LEVEL ?? 'warn',
    quiet: isReadyJson,
    seedDemo: process.env.SEED_DEMO !== 'false',
    // The same signing key on every start, as Entra ID keeps its keys: Graph tokens the server cached stay valid.
    sandboxKeysDir: defaultKeysDir,
  });
  const diego = findSeedPersonByName('Diego Siciliani');
  if (isReadyJson) {
    console.log(JSON.stringify({ ready: { ...stack, stop: undefined } }));
  } else {
    console.log(`
Throughline is running. Open the workbench first:

  Workbench               ${stack.workbenchUrl}
    Outlook               ${stack.surfaceUrlFor('outlook', diego)}  (Diego; anyone from the workbench)
    Teams                 ${stack.surfaceUrlFor('teams', diego)}
    Teams tab alone       ${stack.tabUrl}  (in a browser, asks which demo person you are)
    Outlook add-in pages  ${stack.addinUrl}
  API                     ${stack.serverUrl}/api  (OpenAPI: ${stack.serverUrl}/api/openapi.json)
  Health                  ${stack.serverUrl}/readyz
  Try                     Diego Siciliani (Contoso, a quarter of OKRs), or Tom Becker
                          (Northwind Traders, a tenant on its first day)
  Database                ${stack.mongoUri}

Press Ctrl-C to stop.`);
  }
  let isStopping = false;
  const stop = async () => {
    if (isStopping) return;
    isStopping = true;
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
