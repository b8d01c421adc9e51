import { randomUUID } from 'node:crypto';
import type { RequestListener } from 'node:http';
import { getRequestListener, RequestError } from '@hono/node-server';
import type { Hono } from 'hono';
import { HttpError } from '../core/errors.js';
import { createResponseLog, type Logger } from '../core/logger.js';
import { REQUEST_ID_HEADER, SECURITY_HEADERS } from '../core/security-headers.js';
import { PROBLEM_CONTENT_TYPE_UTF8 } from './problem.js';
import type { AppEnv } from './types.js';

/**
 * Node's request listener for the app, through @hono/node-server. A request without a
 * Host header is read as addressed to localhost. One that cannot even become a fetch
 * Request (a malformed Host or target) never reaches the app: it is answered here with
 * a 400 problem carrying the same security headers.
 */
export function createRequestListener(app: Hono<AppEnv>, logger: Logger): RequestListener {
  const logResponse = createResponseLog(logger);
  return getRequestListener(app.fetch, {
    hostname: 'localhost',
    errorHandler: (error) => {
      const requestId = randomUUID();
      const problem = error instanceof RequestError ? new HttpError('bad_request') : new HttpError('internal_error');
      if (problem.status >= 500) logger.error({ err: error, requestId }, 'unhandled error');
      logResponse({ requestId, method: '', route: null, status: problem.status, durationMs: 0 });
      return new Response(JSON.stringify(problem.toProblem(requestId)), {
        status: problem.status,
        headers: { ...SECURITY_HEADERS, [REQUEST_ID_HEADER]: requestId, 'content-type': PROBLEM_CONTENT_TYPE_UTF8 },
      });
    },
  });
}
