import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import http from 'node:http';
import type { Readable } from 'node:stream';

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
  readonly headers: http.IncomingHttpHeaders;
  readonly text: string;
  readonly json: Record<string, unknown>;
}

export interface SendOptions {
  readonly headers?: Record<string, string>;
  /** A Content-Length to declare; chunked when undefined and the body is a stream. */
  readonly contentLength?: number;
}

/**
 * POSTs a body with node:http (a Buffer, or a stream sent as it comes). Resolves with the
 * answer even when the server stops reading and closes the connection before the body is sent.
 */
export function sendUpload(baseUrl: string, body: Buffer | Readable, options: SendOptions = {}): Promise<UploadResponse> {
  const { hostname, port } = new URL(baseUrl);
  const headers: Record<string, string> = { 'content-type': MULTIPART, ...options.headers };
  if (options.contentLength !== undefined) headers['content-length'] = String(options.contentLength);
  else if (Buffer.isBuffer(body)) headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request({ hostname, port, path: '/v1/uploads', method: 'POST', headers, agent: false }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const type = String(res.headers['content-type'] ?? '');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: type.includes('json') && text !== '' ? JSON.parse(text) : {} });
      });
      res.on('error', reject);
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    if (Buffer.isBuffer(body)) req.end(body);
    else {
      body.on('error', () => req.destroy());
      body.pipe(req);
    }
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
