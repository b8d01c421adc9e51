import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import net from 'node:net';
import { Transform, type Readable } from 'node:stream';

/** Files whose first bytes prove their type (and a few that prove none). */
export const SAMPLES = {
  png: Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), randomBytes(64)]),
  jpeg: Buffer.concat([Buffer.from('ffd8ffe000104a464946', 'hex'), randomBytes(64)]),
  webp: Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x24, 0, 0, 0]), Buffer.from('WEBPVP8 '), randomBytes(64)]),
  pdf: Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n'),
  html: Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>'),
  svg: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
  text: Buffer.from('just some text, not an image'),
} as const;

/**
 * The 68-byte EICAR test file every virus scanner detects (harmless by design). Kept
 * reversed here, so this source file itself does not trip a scanner on a developer's machine.
 */
export const EICAR = Buffer.from([...'*H+H$!ELIF-TSET-SURIVITNA-DRADNATS-RACIE$}7)CC7)^P(45XZP\\4[PA@%P!O5X'].reverse().join(''), 'latin1');

export interface Part {
  readonly field: string;
  /** Absent for a plain form field. */
  readonly fileName?: string;
  readonly contentType?: string;
  readonly data: Buffer | string;
}

export const BOUNDARY = '----secure-api-test-boundary-7d1f0b';

/** The multipart/form-data head of a part. */
export function partHead(part: Omit<Part, 'data'>): Buffer {
  const disposition =
    part.fileName === undefined
      ? `form-data; name="${part.field}"`
      : `form-data; name="${part.field}"; filename="${part.fileName.replace(/"/g, '%22')}"`;
  const lines = [`--${BOUNDARY}`, `Content-Disposition: ${disposition}`];
  if (part.contentType !== undefined) lines.push(`Content-Type: ${part.contentType}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8');
}

export const CLOSING = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);

/** A complete multipart/form-data body holding the given parts. */
export function multipartBody(parts: readonly Part[]): Buffer {
  return Buffer.concat([
    ...parts.flatMap((part, index) => [index === 0 ? Buffer.alloc(0) : Buffer.from('\r\n'), partHead(part), Buffer.from(part.data)]),
    CLOSING,
  ]);
}

/** One file part named `file`. */
export function fileBody(data: Buffer | string, fileName = 'picture.png', contentType = 'application/octet-stream'): Buffer {
  return multipartBody([{ field: 'file', fileName, contentType, data }]);
}

export const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;

export interface UploadResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
  readonly json: Record<string, unknown>;
}

export interface SendOptions {
  readonly headers?: Record<string, string>;
  /** A Content-Length to declare; chunked when undefined and the body is a stream. */
  readonly contentLength?: number;
}

/** Decodes a chunked response body. */
function dechunk(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = raw.indexOf('\r\n', offset);
    if (lineEnd === -1) break;
    const size = Number.parseInt(raw.subarray(offset, lineEnd).toString('latin1'), 16);
    if (!(size > 0)) break;
    parts.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** The answer in `raw`, once it is complete (head, and a body of its declared length or chunks). */
function parseAnswer(raw: Buffer, ended: boolean): UploadResponse | undefined {
  const headEnd = raw.indexOf('\r\n\r\n');
  if (headEnd === -1) return undefined;
  const [statusLine = '', ...lines] = raw.subarray(0, headEnd).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = raw.subarray(headEnd + 4);
  if (headers['content-length'] !== undefined) {
    const length = Number(headers['content-length']);
    if (body.length < length) return undefined;
    body = body.subarray(0, length);
  } else if (headers['transfer-encoding'] === 'chunked') {
    if (!body.includes('0\r\n\r\n') && !ended) return undefined;
    body = dechunk(body);
  } else if (!ended) return undefined;
  const text = body.toString('utf8');
  const json = (headers['content-type'] ?? '').includes('json') && text !== '' ? (JSON.parse(text) as Record<string, unknown>) : {};
  return { status: Number(statusLine.split(' ')[1]), headers, text, json };
}

/**
 * POSTs a body to /v1/uploads over a plain TCP socket (a Buffer, or a stream sent as it
 * comes, chunked unless a length is declared), reading the answer while it sends: a server
 * that answers early and closes the connection is seen answering, as a browser would.
 */
export function sendUpload(baseUrl: string, body: Buffer | Readable, options: SendOptions = {}): Promise<UploadResponse> {
  const { hostname, port } = new URL(baseUrl);
  const headers: Record<string, string> = { host: `${hostname}:${port}`, 'content-type': MULTIPART, ...options.headers };
  const chunked = !Buffer.isBuffer(body) && options.contentLength === undefined;
  if (options.contentLength !== undefined) headers['content-length'] = String(options.contentLength);
  else if (Buffer.isBuffer(body)) headers['content-length'] = String(body.length);
  else headers['transfer-encoding'] = 'chunked';
  const head = `POST /v1/uploads HTTP/1.1\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\r\n')}\r\n\r\n`;

  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    const received: Buffer[] = [];
    let done = false;
    const finish = (ended: boolean, error?: Error) => {
      if (done) return;
      const answer = parseAnswer(Buffer.concat(received), ended);
      if (answer !== undefined) {
        done = true;
        if (!Buffer.isBuffer(body)) body.unpipe();
        socket.destroy();
        resolve(answer);
      } else if (ended) {
        done = true;
        socket.destroy();
        reject(error ?? new Error('the connection closed without an answer'));
      }
    };
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk);
      finish(false);
    });
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', (error) => finish(true, error));
    socket.write(head);
    if (Buffer.isBuffer(body)) {
      socket.write(body);
      return;
    }
    const framing = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        callback(null, chunked ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]) : chunk);
      },
      flush(callback) {
        callback(null, chunked ? Buffer.from('0\r\n\r\n') : undefined);
      },
    });
    body.on('error', () => socket.destroy());
    body.pipe(framing).pipe(socket, { end: false });
  });
}

/** The files in a folder (none when it does not exist). */
export function filesIn(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
