import type { RequestHandler } from 'express';
import { AppError, MissingCredentialsError } from '../http/errors';
import type { Principal } from './principal';
import type { TokenVerifier } from './token-verifier';

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

export function authenticate(verify: TokenVerifier): RequestHandler {
  return async (req, _res, next) => {
    const header = req.headers.authorization;
    if (!header || !/^Bearer\s+\S+$/i.test(header)) {
      next(new MissingCredentialsError('Sign in first: the request has no bearer token.'));
      return;
    }
    try {
      req.principal = await verify(header.replace(/^Bearer\s+/i, ''));
      req.log?.setBindings?.({ tenantId: req.principal.tenantId, userId: req.principal.userId });
      next();
    } catch (error) {
      next(error);
    }
  };
}

export function principalOf(req: { principal?: Principal }): Principal {
  if (!req.principal) throw new AppError('unauthenticated', 'Sign in first.');
  return req.principal;
}
