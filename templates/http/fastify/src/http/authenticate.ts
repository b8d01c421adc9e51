import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { whenSettled } from '../core/awaitable.js';
import { HttpError } from '../core/errors.js';
import type { Authenticator, Principal } from '../core/principal.js';
import type { RateLimiter } from '../core/rate-limit.js';
import { applyRateLimit } from './rate-limit.js';

const CHALLENGE = { 'www-authenticate': 'Bearer realm="api"' };

/**
 * onRequest hook of protected routes: credentials come from the Authorization header
 * only (never the URL); then the per-user rate limit applies.
 */
export function createAuthenticateHook(authenticator: Authenticator, limiter: RateLimiter): onRequestHookHandler {
  return (request: FastifyRequest, reply: FastifyReply, done) => {
    whenSettled(
      authenticator.authenticate(request.headers.authorization),
      (principal) => {
        if (principal === undefined) {
          done(new HttpError('unauthorized', { headers: CHALLENGE }));
          return;
        }
        request.principal = principal;
        whenSettled(limiter.consume(principal.userId), (decision) => done(applyRateLimit(reply, limiter, decision)), done);
      },
      done,
    );
  };
}

/** The caller of a route behind the authenticate hook. */
export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === null) throw new HttpError('unauthorized', { headers: CHALLENGE });
  return request.principal;
}
