import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { isPreflight } from '../core/cors.js';
import { HttpError } from '../core/errors.js';
import { rateLimited } from '../core/rate-limit.js';
import { requestTargetError } from '../core/request-target.js';
import { REQUEST_ID_HEADER, SECURITY_HEADERS } from '../core/security-headers.js';
import type { Services } from '../services.js';

/** Adds one policy to the IETF `RateLimit` and `RateLimit-Policy` headers already on the reply. */
export function addRateLimit(reply: FastifyReply, policy: string, value: string): void {
  const policies = reply.getHeader('ratelimit-policy');
  const current = reply.getHeader('ratelimit');
  reply.header('ratelimit-policy', typeof policies === 'string' ? `${policies}, ${policy}` : policy);
  reply.header('ratelimit', typeof current === 'string' ? `${current}, ${value}` : value);
}

/**
 * The first hook of every request, 404s included: security headers and request id,
 * CORS, the per-address rate limit, request targets no route may see
 * (core/request-target.ts), the shutdown answer, the HTTPS requirement, and
 * CORS preflights.
 */
export function createSecurityHook({ cors, limits, requireHttps, closing }: Services): onRequestHookHandler {
  const limiter = limits.address;
  return async (request: FastifyRequest, reply: FastifyReply) => {
    reply.headers(SECURITY_HEADERS);
    reply.header(REQUEST_ID_HEADER, request.id);

    const origin = cors.enabled ? request.headers.origin : undefined;
    const allowedOrigin = origin !== undefined && cors.allows(origin) ? origin : undefined;
    if (cors.enabled) reply.header('vary', 'Origin');
    if (allowedOrigin !== undefined) reply.headers(cors.responseHeaders(allowedOrigin));

    const decision = await limiter.consume(request.ip);
    addRateLimit(reply, limiter.policy, decision.header);
    if (!decision.allowed) throw rateLimited(limiter, decision);
    // request.url is the target as sent; Fastify's router has decoded it for matching.
    const targetError = requestTargetError(request.url);
    if (targetError !== undefined) throw targetError;

    if (closing()) {
      reply.header('connection', 'close');
      throw new HttpError('service_unavailable', { detail: 'The server is shutting down' });
    }
    if (requireHttps && request.protocol === 'http' && request.headers['x-forwarded-proto'] !== undefined) {
      throw new HttpError('https_required', { detail: 'This API is only served over HTTPS' });
    }
    if (allowedOrigin !== undefined && isPreflight(request.method, request.headers)) {
      // Answered here: the operation never runs for a preflight.
      return reply.code(204).headers(cors.preflightHeaders(allowedOrigin)).send();
    }
    return undefined;
  };
}
