import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { codeForStatus, HttpError, PROBLEM_CONTENT_TYPE } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { RouteTable } from '../core/route-table.js';
import { headersOf, respond } from './response-headers.js';
import type { AppEnv } from './types.js';

export const PROBLEM_CONTENT_TYPE_UTF8 = `${PROBLEM_CONTENT_TYPE}; charset=utf-8`;

/** The error as problem+json, over the headers the request already has (security headers, rate limits…). */
export function sendProblem(c: Context<AppEnv>, error: HttpError): Response {
  return respond(c, error.status, JSON.stringify(error.toProblem(c.get('requestId'))), PROBLEM_CONTENT_TYPE_UTF8, error.headers);
}

function statusOf(error: Error): number | undefined {
  if (error instanceof HTTPException) return error.status;
  return 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : undefined;
}

/**
 * `app.onError`: every error becomes problem+json. Client errors raised by Hono itself
 * keep their status but none of their text; anything unexpected is a generic 500, logged.
 */
export function createErrorHandler(logger: Logger): ErrorHandler<AppEnv> {
  return (error, c) => {
    if (error instanceof HttpError) return sendProblem(c, error);
    const status = statusOf(error);
    if (status !== undefined && status >= 400 && status < 500) return sendProblem(c, new HttpError(codeForStatus(status)));
    logger.error({ err: error, requestId: c.get('requestId') }, 'unhandled error');
    return sendProblem(c, new HttpError('internal_error'));
  };
}

/** `app.notFound`: 404 for unknown paths; 405 with `Allow` for known paths asked with another method. */
export function createNotFoundHandler(routes: RouteTable): NotFoundHandler<AppEnv> {
  return (c) => {
    const { incoming } = c.env;
    const url = incoming.url ?? '/';
    const queryStart = url.indexOf('?');
    const allow = routes.allowFor(queryStart === -1 ? url : url.slice(0, queryStart));
    if (allow === undefined) return sendProblem(c, new HttpError('not_found'));
    headersOf(c).allow = allow;
    if (incoming.method === 'OPTIONS') return respond(c, 204, null);
    return sendProblem(c, new HttpError('method_not_allowed', { detail: `Allowed: ${allow}` }));
  };
}
