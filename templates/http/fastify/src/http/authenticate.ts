import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { HttpError } from '../core/errors.js';
import type { Authenticator, Principal } from '../core/principal.js';
import type { RateLimiter } from '../core/rate-limit.js';
import { enforceRateLimit } from './rate-limit.js';

const CHALLENGE = { 'www-authenticate': 'Bearer realm="api"' };

/**
 * onRequest hook of protected routes: credentials come from the Authorization header
 * only (never the URL); then the per-user rate limit applies.
 */
export function createAuthenticateHook(authenticator: Authenticator, limiter: RateLimiter): onRequestAsyncHookHandler {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const principal = await authenticator.authenticate(request.headers.authorization);
    if (principal === undefined) throw new HttpError('unauthorized', { headers: CHALLENGE });
    request.principal = principal;
    await enforceRateLimit(reply, limiter, principal.userId);
  };
}

/** The caller of a route behind the authenticate hook. */
export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === null) throw new HttpError('unauthorized', { headers: CHALLENGE });
  return request.principal;
}
