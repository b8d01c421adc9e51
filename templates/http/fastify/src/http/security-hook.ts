import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction, onRequestHookHandler } from 'fastify';
import { whenSettled } from '../core/awaitable.js';
import { isPreflight, type CorsPolicy } from '../core/cors.js';
import { HttpError } from '../core/errors.js';
import { rateLimited, type RateLimitDecision, type RateLimiter } from '../core/rate-limit.js';
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
 * It takes Fastify's callback form, so an in-memory count answers within the same tick.
 */
export function createSecurityHook({ cors, limiter, requireHttps, isClosing }: SecurityHookOptions): onRequestHookHandler {
  function admit(
    request: FastifyRequest,
    reply: FastifyReply,
    allowedOrigin: string | undefined,
    decision: RateLimitDecision,
    done: HookHandlerDoneFunction,
  ): void {
    reply.header('ratelimit-policy', limiter.policy);
    reply.header('ratelimit', decision.header);
    if (!decision.allowed) return done(rateLimited(limiter, decision));

    if (isClosing()) {
      reply.header('connection', 'close');
      return done(new HttpError('service_unavailable', { detail: 'The server is shutting down' }));
    }
    if (requireHttps && request.protocol === 'http' && request.headers['x-forwarded-proto'] !== undefined) {
      return done(new HttpError('https_required', { detail: 'This API is only served over HTTPS' }));
    }
    if (allowedOrigin !== undefined && isPreflight(request.method, request.headers)) {
      // Answered here: the route handlers never run for a preflight.
      reply.code(204).headers(cors.preflightHeaders(allowedOrigin)).send();
      return;
    }
    done();
  }

  return (request, reply, done) => {
    reply.headers(SECURITY_HEADERS);
    reply.header(REQUEST_ID_HEADER, request.id);

    const origin = cors.enabled ? request.headers.origin : undefined;
    const allowedOrigin = origin !== undefined && cors.allows(origin) ? origin : undefined;
    if (cors.enabled) reply.header('vary', 'Origin');
    if (allowedOrigin !== undefined) reply.headers(cors.responseHeaders(allowedOrigin));

    whenSettled(limiter.consume(request.ip), (decision) => admit(request, reply, allowedOrigin, decision, done), done);
  };
}
