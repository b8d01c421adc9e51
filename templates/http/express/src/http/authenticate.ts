import type { RequestHandler, Response } from 'express';
import { whenSettled } from '../core/awaitable.js';
import { HttpError } from '../core/errors.js';
import type { Authenticator, Principal } from '../core/principal.js';
import type { RateLimiter } from '../core/rate-limit.js';
import { applyRateLimit } from './rate-limit.js';

const CHALLENGE = { 'www-authenticate': 'Bearer realm="api"' };

/**
 * Middleware of protected routes: credentials come from the Authorization header only
 * (never the URL); then the per-user rate limit applies.
 */
export function createAuthenticate(authenticator: Authenticator, limiter: RateLimiter): RequestHandler {
  return (req, res, next) => {
    whenSettled(
      authenticator.authenticate(req.headers.authorization),
      (principal) => {
        if (principal === undefined) {
          next(new HttpError('unauthorized', { headers: CHALLENGE }));
          return;
        }
        res.locals.principal = principal;
        whenSettled(limiter.consume(principal.userId), (decision) => next(applyRateLimit(res, limiter, decision)), next);
      },
      next,
    );
  };
}

/** The caller of a route behind the authenticate middleware. */
export function principalOf(res: Response): Principal {
  const { principal } = res.locals;
  if (principal === undefined) throw new HttpError('unauthorized', { headers: CHALLENGE });
  return principal;
}
