import type { Request, RequestHandler } from 'express';
import { HttpError } from '../core/errors.js';
import type { Authenticator, Principal } from '../core/principal.js';
import type { RateLimiter } from '../core/rate-limit.js';
import { enforceRateLimit } from './rate-limit.js';

const CHALLENGE = { 'www-authenticate': 'Bearer realm="api"' };

/**
 * Middleware of protected routes: credentials come from the Authorization header only
 * (never the URL); then the per-user rate limit applies.
 */
export function createAuthenticate(authenticator: Authenticator, limiter: RateLimiter): RequestHandler {
  return async (req, res, next) => {
    const principal = await authenticator.authenticate(req.headers.authorization);
    if (principal === undefined) throw new HttpError('unauthorized', { headers: CHALLENGE });
    req.principal = principal;
    await enforceRateLimit(res, limiter, principal.userId);
    next();
  };
}

/** The caller of a route behind the authenticate middleware. */
export function principalOf(req: Request): Principal {
  if (req.principal === undefined) throw new HttpError('unauthorized', { headers: CHALLENGE });
  return req.principal;
}
