/**
 * Writes contracts/src/routes.ts, the route table the typed client calls the API with,
 * from the endpoint declarations (contracts/src/endpoints.ts). Run it after changing an
 * endpoint: `npx tsx scripts/generate-routes.ts`; contracts/test/routes.test.ts fails
 * while the table is stale.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { format, resolveConfig } from 'prettier';
import { endpoints, routesOf } from '../contracts/src';

const routesFile = path.resolve(__dirname, '..', 'contracts', 'src', 'routes.ts');

async function routesSource(): Promise<string> {
  const source = `/**
 * The route of every endpoint, without its schemas: what the typed client calls the API
 * with, so the pages that call it need not load zod. Written by scripts/generate-routes.ts
 * from endpoints.ts; contracts/test/routes.test.ts fails when it is stale.
 */
import type { RouteTree } from './endpoint';

export const routes = ${JSON.stringify(routesOf(endpoints), null, 2)} satisfies RouteTree;
`;
  return format(source, { ...(await resolveConfig(routesFile)), filepath: routesFile });
}

if (require.main === module)
  void routesSource().then((source) => {
    writeFileSync(routesFile, source);
    process.stdout.write(`wrote ${path.relative(process.cwd(), routesFile)}\n`);
  });
