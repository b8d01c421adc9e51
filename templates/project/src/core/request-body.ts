import type { IncomingMessage } from 'node:http';
import { HttpError } from './errors.js';
import type { RawBody, StreamBody } from './operation.js';

/** The media type of a Content-Type header: lower case, parameters dropped; undefined when absent or empty. */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const end = contentType.indexOf(';');
  const mediaType = (end === -1 ? contentType : contentType.slice(0, end)).trim().toLowerCase();
  return mediaType === '' ? undefined : mediaType;
}

function carriesBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** The client may still be sending: the connection is closed after the 413 rather than drained. */
const tooLarge = () => new HttpError('payload_too_large', { headers: { connection: 'close' } });

/**
 * The media type of a body an operation reads itself: 415 unless it is one of
 * `mediaTypes`. A request with no body and no Content-Type passes with the first of
 * them, so a handler sees an empty body rather than a guessed type.
 */
function acceptedMediaType(request: IncomingMessage, mediaTypes: readonly string[]): { mediaType: string; contentType: string } {
  const contentType = request.headers['content-type'];
  const mediaType = mediaTypeOf(contentType);
  if (mediaType === undefined && !carriesBody(request) && mediaTypes[0] !== undefined) return { mediaType: mediaTypes[0], contentType: '' };
  if (mediaType === undefined || contentType === undefined || !mediaTypes.includes(mediaType)) {
    throw new HttpError('unsupported_media_type', { detail: `Accepted content types: ${mediaTypes.join(', ')}` });
  }
  return { mediaType, contentType };
}

/** The declared Content-Length, or undefined when absent or not a plain decimal number. */
function declaredLength(request: IncomingMessage): number | undefined {
  const length = request.headers['content-length'];
  return length !== undefined && /^\d{1,15}$/.test(length) ? Number(length) : undefined;
}

/**
 * Collects the body's bytes, giving up with 413 as soon as more than `maxBytes` have
 * arrived and keeping none past it. The stream is left undestroyed, so the 413 can still
 * be written (the connection closes after it).
 */
function collect(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const stop = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onBroken);
      request.off('close', onBroken);
    };
    function onData(chunk: Buffer): void {
      received += chunk.length;
      if (received > maxBytes) {
        stop();
        request.pause();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    }
    function onEnd(): void {
      stop();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, received));
    }
    function onBroken(): void {
      stop();
      reject(new HttpError('bad_request', { detail: 'The request body was not received in full' }));
    }
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onBroken);
    request.on('close', onBroken);
  });
}

/**
 * Reads a whole body as bytes for a `raw` operation. 415 for a media type outside
 * `mediaTypes`; 413 at once when Content-Length passes `maxBytes`, else as soon as that
 * many bytes have arrived; 400 when the client stops sending.
 */
export async function readRawBody(request: IncomingMessage, mediaTypes: readonly string[], maxBytes: number): Promise<RawBody> {
  const { mediaType, contentType } = acceptedMediaType(request, mediaTypes);
  const length = declaredLength(request);
  if (length !== undefined && length > maxBytes) throw tooLarge();
  const bytes = await collect(request, maxBytes);
  if (length !== undefined && bytes.length !== length)
    throw new HttpError('bad_request', { detail: 'The request body was not received in full' });
  return { mediaType, contentType, bytes };
}

/** The unread body of a `stream` operation: 415 for a media type outside `mediaTypes`. */
export function streamBody(request: IncomingMessage, mediaTypes: readonly string[]): StreamBody {
  const { mediaType, contentType } = acceptedMediaType(request, mediaTypes);
  return { mediaType, contentType, contentLength: declaredLength(request), stream: request };
}
