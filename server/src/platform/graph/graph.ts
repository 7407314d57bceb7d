/** Wires MSAL, the encrypted token cache and the Graph client from config: what features get as `graph`. */
import type { Db } from 'mongodb';
import type { Config } from '../../config';
import type { Logger } from '../log/logger';
import { createGraphClients, type GraphClients } from './client';
import { createTokenProvider } from './msal';
import { tokenCacheStore } from './token-cache-store';

export function createGraph(deps: {
  config: Config;
  db: Db;
  log: Logger;
  clock: () => Date;
}): GraphClients {
  const tokens = createTokenProvider({
    config: deps.config,
    cache: tokenCacheStore(deps.db, deps.clock),
    log: deps.log,
  });
  return createGraphClients({ config: deps.config, tokens, log: deps.log });
}
