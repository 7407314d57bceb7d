/**
 * The typed client calls the API from the route table (contracts/src/routes.ts), which the
 * pages load without zod. It must say what the endpoint declarations say.
 */
import { endpoints, routes, routesOf } from '../src';

describe('the route table', () => {
  it('is what endpoints.ts declares (npx tsx scripts/generate-routes.ts writes it again)', () => {
    expect(routes).toEqual(routesOf(endpoints));
  });
});
