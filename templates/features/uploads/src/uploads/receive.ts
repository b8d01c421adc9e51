import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Busboy, type BusboyFileStream, type BusboyInstance } from '@fastify/busboy';
import { HttpError } from '../core/errors.js';
import { ScannerUnavailableError, type ScanSession } from './clamd.js';
import { sanitiseDisplayName } from './display-name.js';
import type { FileStore, PendingFile } from './file-store.js';
import { detectFileType, FILE_TYPES, SIGNATURE_BYTES, type FileType } from './file-types.js';

/** What a multipart request brings: its Content-Type, its declared length, and the unread body. */
export interface IncomingBody {
  readonly contentType: string;
  readonly contentLength: number | undefined;
  readonly stream: Readable;
}

export interface ReceiveOptions {
  readonly store: FileStore;
  /** UPLOAD_MAX_BYTES: the largest file. */
  readonly maxBytes: number;
  readonly allowedTypes: ReadonlySet<FileType>;
  /** Starts a clamd scan of one file; absent when scanning is off. */
  readonly scan: (() => ScanSession) | undefined;
}

/** A file written under its final name and scanned clean. */
export interface ReceivedFile {
  readonly id: string;
  readonly displayName: string;
  readonly type: FileType;
  readonly size: number;
  readonly sha256: string;
}

/**
 * The multipart envelope around the file (boundaries, part headers) may add this much to
 * UPLOAD_MAX_BYTES; a body longer than both together is refused before or while it is read.
 */
export const ENVELOPE_ALLOWANCE = 16 * 1024;

const ONE_FILE = 'Send exactly one multipart part, a file named "file", and no other field';

const tooLarge = (maxBytes: number) => new HttpError('payload_too_large', { detail: `The file must be at most ${maxBytes} bytes` });

const badRequest = (detail: string) => new HttpError('bad_request', { detail });

/**
 * How long the rest of a refused body is discarded before the connection is cut. Closing at
 * once, with the client's bytes still arriving, makes the kernel reset the connection, and
 * a client then loses the answer it was about to read; a client that reads it stops sending.
 */
export const LINGER_MS = 1_000;

/**
 * Stops using a body: its remaining bytes are discarded (never buffered) while the answer
 * goes out, and the connection is destroyed if the body has not ended after LINGER_MS.
 */
function discardThenClose(stream: Readable): void {
  if (stream.readableEnded || stream.destroyed) return;
  const timer = setTimeout(() => stream.destroy(), LINGER_MS);
  timer.unref();
  stream.once('end', () => clearTimeout(timer));
  stream.once('close', () => clearTimeout(timer));
  stream.resume();
}

/** Reads up to SIGNATURE_BYTES leading bytes, returning them and the chunks they came in. */
async function readHead(chunks: AsyncIterator<Buffer>): Promise<{ head: Buffer; buffered: Buffer[]; ended: boolean }> {
  const buffered: Buffer[] = [];
  let length = 0;
  while (length < SIGNATURE_BYTES) {
    const next = await chunks.next();
    if (next.done === true) return { head: Buffer.concat(buffered), buffered, ended: true };
    buffered.push(next.value);
    length += next.value.length;
  }
  return { head: Buffer.concat(buffered).subarray(0, SIGNATURE_BYTES), buffered, ended: false };
}

/**
 * Streams the one file of a multipart body to disk and, when scanning is on, to clamd at
 * the same time; nothing is buffered beyond one chunk per stream. Resolves once the file
 * is complete, scanned clean and under its final name. Otherwise rejects with an HttpError,
 * after removing the temp file and stopping to read the body:
 * - 413 when the declared length or the bytes read pass the limit;
 * - 400 for another part or field, no file, or a malformed or truncated body;
 * - 415 when the first bytes are not one of the allowed types (whatever the name or declared type);
 * - 422 when clamd finds a signature, 503 when it gives no verdict (fail closed).
 */
export function receiveUpload(body: IncomingBody, options: ReceiveOptions): Promise<ReceivedFile> {
  const bodyLimit = options.maxBytes + ENVELOPE_ALLOWANCE;
  if (body.contentLength !== undefined && body.contentLength > bodyLimit) {
    discardThenClose(body.stream);
    return Promise.reject(tooLarge(options.maxBytes));
  }

  let parser: BusboyInstance;
  try {
    parser = Busboy({
      headers: { 'content-type': body.contentType },
      preservePath: false,
      limits: { fileSize: options.maxBytes, files: 1, fields: 0, parts: 1, headerPairs: 8, headerSize: 8 * 1024, fieldNameSize: 64 },
    });
  } catch {
    discardThenClose(body.stream);
    return Promise.reject(badRequest('The multipart Content-Type needs a boundary'));
  }

  return new Promise<ReceivedFile>((resolve, reject) => {
    let settled = false;
    let failure: Error | undefined;
    let activeFile: BusboyFileStream | undefined;
    let sawFile = false;
    let bytesRead = 0;
    let stored: ReceivedFile | undefined;
    let parsed = false;

    const settle = (outcome: { file: ReceivedFile } | { error: Error }) => {
      if (settled) return;
      settled = true;
      body.stream.off('data', countBytes);
      if ('file' in outcome) return resolve(outcome.file);
      body.stream.unpipe(parser);
      discardThenClose(body.stream);
      reject(outcome.error);
    };
    /** Stops reading the body; an active file's own cleanup then settles with `error`. */
    const abort = (error: Error) => {
      if (failure !== undefined || settled) return;
      failure = error;
      body.stream.unpipe(parser);
      discardThenClose(body.stream);
      if (activeFile !== undefined) activeFile.destroy();
      else if (stored !== undefined) void options.store.remove(stored.id).finally(() => settle({ error }));
      else settle({ error });
    };
    const countBytes = (chunk: Buffer) => {
      bytesRead += chunk.length;
      if (bytesRead > bodyLimit) abort(tooLarge(options.maxBytes));
    };

    /** Success needs both: the file stored clean, and the body parsed to its closing boundary. */
    const succeedWhenComplete = () => {
      if (stored === undefined || !parsed) return;
      if (failure === undefined) return settle({ file: stored });
      const error = failure;
      void options.store.remove(stored.id).finally(() => settle({ error }));
    };

    parser.on('file', (field, file, fileName) => {
      if (sawFile || field !== 'file' || failure !== undefined) {
        file.resume();
        abort(badRequest(ONE_FILE));
        return;
      }
      sawFile = true;
      activeFile = file;
      file.on('limit', () => abort(tooLarge(options.maxBytes)));
      storeFile(file, fileName, options, () => failure).then(
        (file) => {
          activeFile = undefined;
          stored = file;
          // After a failure the body is no longer parsed: the stored file is removed at once.
          if (failure !== undefined) parsed = true;
          succeedWhenComplete();
        },
        (error: unknown) => {
          activeFile = undefined;
          settle({ error: failure ?? (error instanceof Error ? error : new Error(String(error))) });
        },
      );
    });
    parser.on('field', () => abort(badRequest(ONE_FILE)));
    parser.on('fieldsLimit', () => abort(badRequest(ONE_FILE)));
    parser.on('partsLimit', () => abort(badRequest(ONE_FILE)));
    parser.on('filesLimit', () => abort(badRequest(ONE_FILE)));
    parser.on('error', () => abort(badRequest('The multipart body is malformed or truncated')));
    parser.on('finish', () => {
      if (!sawFile) return abort(badRequest(ONE_FILE));
      parsed = true;
      succeedWhenComplete();
    });
    body.stream.on('data', countBytes);
    body.stream.on('error', () => abort(badRequest('The request body ended early')));
    body.stream.on('aborted', () => abort(badRequest('The request body ended early')));
    body.stream.pipe(parser);
  });
}

/**
 * Writes one file part: sniffs its type, then writes each chunk to the temp file and the
 * scanner together, and commits once the part ended within the limit and scanned clean.
 */
async function storeFile(
  file: BusboyFileStream,
  fileName: string | undefined,
  options: ReceiveOptions,
  aborted: () => Error | undefined,
): Promise<ReceivedFile> {
  const chunks = file[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let pending: PendingFile | undefined;
  let scan: ScanSession | undefined;
  try {
    const { head, buffered, ended } = await readHead(chunks);
    const type = detectFileType(head);
    if (type === undefined || !options.allowedTypes.has(type)) {
      throw new HttpError('unsupported_media_type', {
        detail: `The file's content must be one of: ${[...options.allowedTypes].map((name) => FILE_TYPES[name].mediaType).join(', ')}`,
      });
    }
    pending = await options.store.create();
    scan = options.scan?.();
    const hash = createHash('sha256');
    let size = 0;
    const write = async (chunk: Buffer) => {
      size += chunk.length;
      hash.update(chunk);
      await Promise.all([pending?.write(chunk), scan?.write(chunk)]);
    };
    for (const chunk of buffered) await write(chunk);
    if (!ended) {
      for (let next = await chunks.next(); next.done !== true; next = await chunks.next()) await write(next.value);
    }
    const failure = aborted();
    if (failure !== undefined) throw failure;
    if (file.truncated) throw tooLarge(options.maxBytes);
    if (scan !== undefined) {
      const verdict = await scan.verdict();
      if (!verdict.clean) {
        throw new HttpError('unprocessable_content', { detail: 'The file was refused by the virus scanner' });
      }
    }
    await pending.commit();
    return { id: pending.id, displayName: sanitiseDisplayName(fileName), type, size, sha256: hash.digest('hex') };
  } catch (error) {
    scan?.abort();
    await pending?.discard();
    if (error instanceof ScannerUnavailableError) {
      throw new HttpError('service_unavailable', {
        detail: 'The virus scanner is unavailable; the file was not stored',
        headers: { 'retry-after': '30' },
      });
    }
    throw error;
  }
}
