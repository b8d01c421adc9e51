import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { HttpError, PROBLEM_CONTENT_TYPE, type ProblemCode } from './errors.js';
import { REQUEST_ID_HEADER, SECURITY_HEADERS } from './security-headers.js';

/**
 * Answers the Node server gives itself, before any framework sees the request: the same
 * problem+json and security headers as every other answer, and the connection closes.
 */
export interface ServerAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export function serverAnswer(code: ProblemCode): ServerAnswer {
  const requestId = randomUUID();
  const problem = new HttpError(code);
  const body = JSON.stringify(problem.toProblem(requestId));
  return {
    status: problem.status,
    headers: {
      ...SECURITY_HEADERS,
      [REQUEST_ID_HEADER]: requestId,
      'content-type': `${PROBLEM_CONTENT_TYPE}; charset=utf-8`,
      'content-length': String(Buffer.byteLength(body)),
      connection: 'close',
    },
    body,
  };
}

/** The answer as raw HTTP/1.1, for a socket that has no response object. */
function rawAnswer({ status, headers, body }: ServerAnswer): string {
  const lines = [
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** What Node's HTTP parser or its timeouts reported, as a problem code. */
function codeOf(error: NodeJS.ErrnoException): ProblemCode {
  if (error.code === 'HPE_HEADER_OVERFLOW') return 'header_fields_too_large';
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return 'request_timeout';
  return 'bad_request';
}

/**
 * Node's own check before it answers a client error: a response to an earlier request on
 * this connection has started, so another status line would corrupt it.
 */
function responseStarted(socket: Duplex): boolean {
  const message = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  return message?.headersSent === true;
}

/**
 * The server's `clientError` listener: a request Node could not parse (400), headers over
 * the size limit (431) or sent too slowly (408) gets a problem with the security headers,
 * where Node's own answer has none. A connection that cannot take an answer is dropped.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable || responseStarted(socket)) {
    socket.destroy();
    return;
  }
  socket.end(rawAnswer(serverAnswer(codeOf(error))));
}
