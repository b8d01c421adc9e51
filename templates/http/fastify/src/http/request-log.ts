import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { Logger } from '../core/logger.js';

/**
 * One JSON line per response: request id, method, route pattern (never the URL, which
 * could carry a secret), status, duration, and the user id when known. 401, 403 and
 * 429 are warnings, 5xx errors.
 */
export function createRequestLogHook(logger: Logger) {
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    const status = reply.statusCode;
    const entry = {
      requestId: request.id,
      method: request.method,
      route: request.routeOptions.url ?? null,
      status,
      durationMs: Math.round(reply.elapsedTime * 100) / 100,
      userId: request.principal?.userId,
    };
    if (status >= 500) logger.error(entry, 'request failed');
    else if (status === 401 || status === 403 || status === 429) logger.warn(entry, 'request refused');
    else logger.info(entry, 'request completed');
    done();
  };
}
