import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { whenSettled } from '../core/awaitable.js';
import { rateLimited, type RateLimitDecision, type RateLimiter } from '../core/rate-limit.js';

/**
 * Adds a counted request's policy to the IETF RateLimit headers already on the reply;
 * returns the 429 to raise when the limit is exceeded.
 */
export function applyRateLimit(reply: FastifyReply, limiter: RateLimiter, decision: RateLimitDecision): Error | undefined {
  if (!decision.allowed) return rateLimited(limiter, decision);
  const policy = reply.getHeader('ratelimit-policy');
  const current = reply.getHeader('ratelimit');
  reply.header('ratelimit-policy', typeof policy === 'string' ? `${policy}, ${limiter.policy}` : limiter.policy);
  reply.header('ratelimit', typeof current === 'string' ? `${current}, ${decision.header}` : decision.header);
  return undefined;
}

/**
 * Per-address limit, as an onRequest hook. Hooks here take Fastify's callback form, so
 * an in-memory count answers within the same tick instead of a promise per request.
 */
export function rateLimitByAddress(limiter: RateLimiter): onRequestHookHandler {
  return (request: FastifyRequest, reply: FastifyReply, done) => {
    whenSettled(limiter.consume(request.ip), (decision) => done(applyRateLimit(reply, limiter, decision)), done);
  };
}
