import type { Db } from 'mongodb';
import type { Principal } from './auth/principal';

/** What a service function needs to act for a caller: the database, who, and when. */
export interface Context {
  db: Db;
  principal: Principal;
  now: Date;
}
