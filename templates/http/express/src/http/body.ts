import type { Request, RequestHandler } from 'express';
import { HttpError } from '../core/errors.js';
import { parseJsonBody } from '../core/json.js';

/** True for `application/json`, with or without parameters, in any letter case. */
function isJson(contentType: string): boolean {
  const end = contentType.indexOf(';');
  return (end === -1 ? contentType : contentType.slice(0, end)).trim().toLowerCase() === 'application/json';
}

/** The client may still be sending: the connection is closed after the 413 rather than drained. */
const tooLarge = () => new HttpError('payload_too_large', { headers: { connection: 'close' } });

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Reads the body as UTF-8 text. Past `limit` bytes the promise rejects with 413 and
 * nothing more is buffered.
 */
function readBody(req: Request, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const stop = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('close', onAbort);
    };
    function onData(chunk: Buffer): void {
      received += chunk.length;
      if (received > limit) {
        stop();
        reject(tooLarge());
      } else {
        chunks.push(chunk);
      }
    }
    function onEnd(): void {
      stop();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks, received).toString('utf8'));
    }
    function onAbort(): void {
      stop();
      reject(new HttpError('bad_request', { detail: 'The request body was not received in full' }));
    }
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAbort);
    req.on('close', onAbort);
  });
}

/**
 * The middleware of operations whose body is JSON: the parsed body becomes `req.body`
 * (undefined when the request has none). application/json is the only accepted body
 * type: any other gets 415. Bodies over `limit` bytes get 413 before any parsing: at
 * once when Content-Length says so, otherwise as soon as that many bytes have arrived.
 * Keys that could reach an object prototype and malformed JSON get 400 (src/core/json.ts).
 */
export function acceptJsonBodies(limit: number): RequestHandler {
  return async (req, _res, next) => {
    const contentType = req.headers['content-type'];
    if (contentType === undefined) {
      if (hasBody(req)) throw new HttpError('unsupported_media_type');
      next();
      return;
    }
    if (!isJson(contentType)) throw new HttpError('unsupported_media_type');
    const length = req.headers['content-length'];
    if (length !== undefined && Number(length) > limit) throw tooLarge();
    req.body = parseJsonBody(await readBody(req, limit));
    next();
  };
}
