import type { FastifyReply, FastifyRequest } from 'fastify';
import { codeForStatus, HttpError, PROBLEM_CONTENT_TYPE } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { RouteTable } from '../core/route-table.js';
import { malformedPath } from '../core/request-target.js';
import { REQUEST_ID_HEADER, SECURITY_HEADERS } from '../core/security-headers.js';

export function sendProblem(reply: FastifyReply, error: HttpError): FastifyReply {
  if (error.headers !== undefined) reply.headers(error.headers);
  return reply
    .code(error.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(error.toProblem(reply.request.id)));
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('statusCode' in error)) return undefined;
  return typeof error.statusCode === 'number' ? error.statusCode : undefined;
}

/**
 * Every error becomes problem+json. Errors raised by Fastify itself (415, 413, …) keep
 * their status but none of their text; anything unexpected is a generic 500, logged.
 */
export function createErrorHandler(logger: Logger) {
  return (error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    if (error instanceof HttpError) return sendProblem(reply, error);
    const status = statusOf(error);
    if (status !== undefined && status >= 400 && status < 500) return sendProblem(reply, new HttpError(codeForStatus(status)));
    logger.error({ err: error, requestId: request.id }, 'unhandled error');
    return sendProblem(reply, new HttpError('internal_error'));
  };
}

/** 404 for unknown paths; 405 with `Allow` for known paths asked with another method. */
export function createNotFoundHandler(routes: RouteTable) {
  return (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const queryStart = request.url.indexOf('?');
    const allow = routes.allowFor(queryStart === -1 ? request.url : request.url.slice(0, queryStart));
    if (allow === undefined) return sendProblem(reply, new HttpError('not_found'));
    reply.header('allow', allow);
    if (request.method === 'OPTIONS') return reply.code(204).send();
    return sendProblem(reply, new HttpError('method_not_allowed', { detail: `Allowed: ${allow}` }));
  };
}

/**
 * Errors Fastify raises before any hook runs (a malformed URL such as `/v1/x/%E0%A4%A`):
 * the same headers and problem format as every other answer.
 */
export function handleFrameworkError(_error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  reply.headers(SECURITY_HEADERS);
  reply.header(REQUEST_ID_HEADER, request.id);
  return sendProblem(reply, malformedPath());
}
