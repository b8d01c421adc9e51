import { connect, type Socket } from 'node:net';

/** Where clamd listens (CLAMAV_URL `tcp://host:port`) and how long it may stay silent. */
export interface ClamdSettings {
  readonly host: string;
  readonly port: number;
  readonly timeoutMs: number;
}

export type ScanVerdict = { readonly clean: true } | { readonly clean: false; readonly signature: string };

/** clamd could not give a verdict: refused connection, timeout, size limit, empty or unknown reply. */
export class ScannerUnavailableError extends Error {
  constructor(reason: string) {
    super(`virus scanner unavailable: ${reason}`);
    this.name = 'ScannerUnavailableError';
  }
}

/** One file being streamed to clamd. */
export interface ScanSession {
  /** Sends a chunk; resolves once clamd's socket takes more (backpressure). */
  write(chunk: Buffer): Promise<void>;
  /** Ends the stream and waits for clamd's verdict; throws ScannerUnavailableError when there is none. */
  verdict(): Promise<ScanVerdict>;
  /** Drops the scan (the upload failed for another reason). */
  abort(): void;
}

/** clamd's INSTREAM takes chunks of at most this many bytes each (its default StreamMaxLength is far larger). */
const MAX_CHUNK = 64 * 1024;
const MAX_REPLY = 1024;
const END_OF_STREAM = Buffer.alloc(4);

/**
 * Parses clamd's reply to INSTREAM: `stream: OK`, or `stream: <signature> FOUND`. Anything
 * else (the size-limit error, a read timeout, an empty or unknown reply) gives no verdict.
 */
export function parseScanReply(reply: string): ScanVerdict | undefined {
  const line = reply.replace(/\0/g, '').trim();
  if (line === 'stream: OK') return { clean: true };
  const found = /^stream: (.+) FOUND$/.exec(line);
  return found?.[1] === undefined ? undefined : { clean: false, signature: found[1] };
}

/**
 * Opens an INSTREAM scan: the bytes are sent as they arrive, in length-prefixed chunks,
 * so the file is scanned while it is written. Fails closed: every state but an explicit
 * `OK` or `FOUND` reply becomes ScannerUnavailableError, and a silent clamd times out
 * after `timeoutMs`.
 */
export function startScan(settings: ClamdSettings): ScanSession {
  const socket: Socket = connect({ host: settings.host, port: settings.port });
  socket.setTimeout(settings.timeoutMs);
  const replyChunks: Buffer[] = [];
  let replyBytes = 0;
  let failure: ScannerUnavailableError | undefined;
  let settled = false;

  const outcome = new Promise<ScanVerdict>((resolve, reject) => {
    const fail = (reason: string) => {
      failure ??= new ScannerUnavailableError(reason);
      if (!settled) {
        settled = true;
        reject(failure);
      }
      socket.destroy();
    };
    socket.on('data', (chunk: Buffer) => {
      replyBytes += chunk.length;
      if (replyBytes > MAX_REPLY) return fail('reply too long');
      replyChunks.push(chunk);
      if (chunk.includes(0)) socket.end();
    });
    socket.on('end', () => {
      const reply = Buffer.concat(replyChunks).toString('utf8');
      const verdict = parseScanReply(reply);
      if (verdict === undefined) return fail(reply.trim() === '' ? 'empty reply' : 'unexpected reply');
      if (!settled) {
        settled = true;
        resolve(verdict);
      }
      socket.destroy();
    });
    socket.on('timeout', () => fail('timed out'));
    socket.on('error', (error: NodeJS.ErrnoException) => fail(error.code ?? 'connection error'));
    socket.on('close', () => fail('connection closed'));
  });
  // The verdict may be awaited late (after the last chunk): never an unhandled rejection.
  outcome.catch(() => undefined);

  const send = (data: Buffer): Promise<void> =>
    new Promise((resolve, reject) => {
      if (failure !== undefined) return reject(failure);
      if (socket.write(data)) return resolve();
      const onDrain = () => {
        socket.off('close', onClose);
        resolve();
      };
      const onClose = () => {
        socket.off('drain', onDrain);
        reject(failure ?? new ScannerUnavailableError('connection closed'));
      };
      socket.once('drain', onDrain);
      socket.once('close', onClose);
    });

  socket.write('zINSTREAM\0');

  return {
    async write(chunk) {
      for (let offset = 0; offset < chunk.length; offset += MAX_CHUNK) {
        const part = chunk.subarray(offset, offset + MAX_CHUNK);
        const length = Buffer.alloc(4);
        length.writeUInt32BE(part.length);
        await send(Buffer.concat([length, part]));
      }
    },
    async verdict() {
      await send(END_OF_STREAM);
      return outcome;
    },
    abort() {
      settled = true;
      socket.destroy();
    },
  };
}
