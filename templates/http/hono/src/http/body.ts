import type { IncomingMessage } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import { HttpError } from '../core/errors.js';
import { parseJsonBody } from '../core/json.js';
import { headersOf } from './response-headers.js';
import type { AppEnv } from './types.js';

function isJson(contentType: string): boolean {
  const end = contentType.indexOf(';');
  return (end === -1 ? contentType : contentType.slice(0, end)).trim().toLowerCase() === 'application/json';
}

/** The raw body as text; gives up with 413 as soon as it grows past `limit` bytes, keeping no more of it. */
function readText(incoming: IncomingMessage, limit: number, declaredLength: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const stop = () => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onBroken);
      incoming.off('close', onBroken);
    };
    function onData(chunk: Buffer): void {
      received += chunk.length;
      if (received > limit) {
        stop();
        reject(new HttpError('payload_too_large'));
        return;
      }
      chunks.push(chunk);
    }
    function onEnd(): void {
      stop();
      if (!Number.isNaN(declaredLength) && received !== declaredLength) {
        reject(new HttpError('bad_request'));
        return;
      }
      resolve(chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks, received).toString('utf8'));
    }
    function onBroken(): void {
      stop();
      reject(new HttpError('bad_request'));
    }
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onBroken);
    incoming.on('close', onBroken);
  });
}

/**
 * Whether the request carries a body to read as JSON. application/json is the only
 * accepted type: any other gets 415. A request with no body at all has none to read.
 */
function hasJsonBody(incoming: IncomingMessage): boolean {
  const { headers } = incoming;
  const type = headers['content-type'];
  if (type === undefined) {
    const length = headers['content-length'];
    if (headers['transfer-encoding'] === undefined && (length === undefined || length === '0')) return false;
    throw new HttpError('unsupported_media_type');
  }
  if (!isJson(type)) throw new HttpError('unsupported_media_type');
  return true;
}

/**
 * The middleware of operations whose body is JSON: the parsed body becomes
 * `c.get('body')` (undefined when the request has none). A body over `limit` gets 413
 * before any parsing: from its Content-Length when declared, else as soon as that many
 * bytes have arrived. After a refused body the rest of it is left unread, so the
 * connection is closed.
 */
export function acceptJsonBodies(limit: number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { incoming } = c.env;
    if (hasJsonBody(incoming)) {
      try {
        const declaredLength = Number(incoming.headers['content-length']);
        if (declaredLength > limit) throw new HttpError('payload_too_large');
        c.set('body', parseJsonBody(await readText(incoming, limit, declaredLength)));
      } catch (error) {
        headersOf(c).connection = 'close';
        throw error;
      }
    }
    await next();
  };
}
