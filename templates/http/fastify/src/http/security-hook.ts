import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { isPreflight, type CorsPolicy } from '../core/cors.js';
import { HttpError } from '../core/errors.js';
import { rateLimited, type RateLimiter } from '../core/rate-limit.js';
import { REQUEST_ID_HEADER, SECURITY_HEADERS } from '../core/security-headers.js';

export interface SecurityHookOptions {
  readonly cors: CorsPolicy;
  /** The per-address limit of every route. */
  readonly limiter: RateLimiter;
  /** Production behind a trusted proxy: refuse requests the proxy received over plain HTTP. */
  readonly requireHttps: boolean;
  readonly isClosing: () => boolean;
}

/**
 * The first hook of every request, 404s included: security headers and request id,
 * CORS, the per-address rate limit, the HTTPS requirement, and CORS preflights.
 */
export function createSecurityHook({ cors, limiter, requireHttps, isClosing }: SecurityHookOptions): onRequestAsyncHookHandler {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    reply.headers(SECURITY_HEADERS);
    reply.header(REQUEST_ID_HEADER, request.id);

    const origin = cors.enabled ? request.headers.origin : undefined;
    const allowedOrigin = origin !== undefined && cors.allows(origin) ? origin : undefined;
    if (cors.enabled) reply.header('vary', 'Origin');
    if (allowedOrigin !== undefined) reply.headers(cors.responseHeaders(allowedOrigin));

    const decision = await limiter.consume(request.ip);
    reply.header('ratelimit-policy', limiter.policy);
    reply.header('ratelimit', decision.header);
    if (!decision.allowed) throw rateLimited(limiter, decision);

    if (isClosing()) {
      reply.header('connection', 'close');
      throw new HttpError('service_unavailable', { detail: 'The server is shutting down' });
    }
    if (requireHttps && request.protocol === 'http' && request.headers['x-forwarded-proto'] !== undefined) {
      throw new HttpError('https_required', { detail: 'This API is only served over HTTPS' });
    }
    if (allowedOrigin !== undefined && isPreflight(request.method, request.headers)) {
      return reply.code(204).headers(cors.preflightHeaders(allowedOrigin)).send();
    }
    return undefined;
  };
}
