/** The Teams bot: Bot Framework activities on `/api/messages` (the 1-on-1 prep card's actions, a help reply). */
import type { FeatureModule, ModuleDeps } from '../platform/module';
import type { TeamsBot } from '../platform/teams/bot';
import { botRoutes } from './routes';

export function botModule(deps: ModuleDeps & { bot: TeamsBot }): FeatureModule {
  return {
    name: 'bot',
    endpoints: [],
    // Bot Framework authenticates its own calls (its signed token), not the API's bearer token.
    publicRouters: [botRoutes(deps.bot, deps)],
  };
}
