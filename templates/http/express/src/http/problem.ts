import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { codeForStatus, HttpError, PROBLEM_CONTENT_TYPE } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { RouteTable } from '../core/route-table.js';

const CONTENT_TYPE = `${PROBLEM_CONTENT_TYPE}; charset=utf-8`;

/**
 * Answers with the error as RFC 9457 problem details, plus any headers it carries. The
 * text goes to Node as it is, with its length (a HEAD request gets the headers only).
 */
export function sendProblem(res: Response, error: HttpError): void {
  if (error.headers !== undefined) {
    for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  }
  const body = JSON.stringify(error.toProblem(res.locals.requestId));
  res.statusCode = error.status;
  res.setHeader('content-type', CONTENT_TYPE);
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(body);
}

/** The HTTP status an error from Express, its router or a body parser carries, if any. */
function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = 'statusCode' in error ? error.statusCode : 'status' in error ? error.status : undefined;
  return typeof status === 'number' ? status : undefined;
}

/**
 * The last middleware: every error becomes problem+json. Errors raised by Express
 * itself (a malformed %-escape in a path parameter, …) keep their 4xx status but none
 * of their text; anything unexpected is a generic 500, logged. Express's own HTML
 * error page is never reached.
 */
export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (res.headersSent) {
      logger.error({ err: error, requestId: res.locals.requestId }, 'error after the response started');
      req.socket.destroy();
      return;
    }
    let problem: HttpError;
    if (error instanceof HttpError) {
      problem = error;
    } else {
      const status = statusOf(error);
      if (status !== undefined && status >= 400 && status < 500) {
        problem = new HttpError(codeForStatus(status));
      } else {
        logger.error({ err: error, requestId: res.locals.requestId }, 'unhandled error');
        problem = new HttpError('internal_error');
      }
    }
    try {
      sendProblem(res, problem);
    } catch (failure) {
      logger.error({ err: failure, requestId: res.locals.requestId }, 'could not send an error response');
      req.socket.destroy();
    }
  };
}

/**
 * After every route: 404 for unknown paths;
 * 405 with `Allow` for known paths asked with another method; 204 with `Allow` for
 * OPTIONS on a known path.
 */
export function createNotFoundHandler(routes: RouteTable): RequestHandler {
  return (req, res) => {
    const allow = routes.allowFor(req.path);
    if (allow === undefined) {
      sendProblem(res, new HttpError('not_found'));
      return;
    }
    res.setHeader('allow', allow);
    if (req.method === 'OPTIONS') {
      res.statusCode = 204;
      res.end();
      return;
    }
    sendProblem(res, new HttpError('method_not_allowed', { detail: `Allowed: ${allow}` }));
  };
}

/**
 * OPTIONS requests that are not CORS preflights get the route table's answer before any
 * router sees them (an Express router would answer with its own text/plain list).
 */
export function createOptionsHandler(routes: RouteTable): RequestHandler {
  const answer = createNotFoundHandler(routes);
  return (req, res, next) => {
    if (req.method === 'OPTIONS') answer(req, res, next);
    else next();
  };
}
