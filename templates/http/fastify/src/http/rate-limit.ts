import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { rateLimited, type RateLimiter } from '../core/rate-limit.js';

/**
 * Counts the request against `limiter` under `key`, adds the policy to the IETF
 * RateLimit headers already on the reply, and throws the 429 when over the limit.
 */
export async function enforceRateLimit(reply: FastifyReply, limiter: RateLimiter, key: string): Promise<void> {
  const decision = await limiter.consume(key);
  if (!decision.allowed) throw rateLimited(limiter, decision);
  const policy = reply.getHeader('ratelimit-policy');
  const current = reply.getHeader('ratelimit');
  reply.header('ratelimit-policy', typeof policy === 'string' ? `${policy}, ${limiter.policy}` : limiter.policy);
  reply.header('ratelimit', typeof current === 'string' ? `${current}, ${decision.header}` : decision.header);
}

/** Per-address limit, as an onRequest hook. */
export function rateLimitByAddress(limiter: RateLimiter): onRequestAsyncHookHandler {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    await enforceRateLimit(reply, limiter, request.ip);
  };
}
