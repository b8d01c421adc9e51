import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { createResponseLog, type Logger } from '../core/logger.js';

/**
 * One JSON line per response: request id, method, route pattern (never the URL, which
 * could carry a secret), status, duration, and the user id when known. 401, 403 and
 * 429 are warnings, 5xx errors.
 */
export function createRequestLogHook(logger: Logger) {
  const logResponse = createResponseLog(logger);
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    logResponse({
      requestId: request.id,
      method: request.method,
      route: request.routeOptions.url ?? null,
      status: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 100) / 100,
      userId: request.principal?.userId,
      credentialId: request.principal?.credentialId,
    });
    done();
  };
}
