// Concurrent oversized uploads, in their own process (on the load CPU when the bench pins):
// `uploads` connections each POST a multipart body of `bytes` bytes (a PNG file part), sent
// chunked as fast as the server takes it, so the server cannot refuse it from a declared
// length and has to count while it reads. Each upload ends when the answer arrives or the
// server closes the connection.
//
// Usage: node upload-flood.mjs '<json>' with { url, headers, uploads, bytes, boundary }
// Prints one JSON line: { uploads: [{ status | error, sentBytes, ms }], ms }.

import net from 'node:net';
import { closingOf, PNG_SIGNATURE, partHeadOf } from './multipart.mjs';

const { url, headers, uploads, bytes, boundary } = JSON.parse(process.argv[2]);
const CHUNK = Buffer.alloc(64 * 1024, 0x5a);

/** One chunk of the chunked transfer coding. */
const framed = (chunk) => Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);

function upload() {
  const { hostname, port, pathname } = new URL(url);
  const head = [
    `POST ${pathname} HTTP/1.1`,
    `host: ${hostname}:${port}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    'transfer-encoding: chunked',
  ];
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port), noDelay: true });
    let received = Buffer.alloc(0);
    let sentBytes = 0;
    let done = false;
    const finish = (outcome) => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve({ ...outcome, sentBytes, ms: Number(process.hrtime.bigint() - started) / 1e6 });
    };
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      const lineEnd = received.indexOf('\r\n');
      if (lineEnd !== -1) finish({ status: Number(received.toString('latin1', 9, 12)) });
    });
    socket.on('error', (error) => finish({ error: error.code ?? error.message }));
    socket.on('close', () => finish({ error: 'closed without an answer' }));
    socket.once('connect', () => {
      socket.write(`${head.join('\r\n')}\r\n\r\n`);
      socket.write(framed(Buffer.concat([partHeadOf(boundary, 'file', 'large.png'), PNG_SIGNATURE])));
      let left = bytes - PNG_SIGNATURE.length;
      const pump = () => {
        while (!done && left > 0) {
          const chunk = CHUNK.subarray(0, Math.min(CHUNK.length, left));
          left -= chunk.length;
          sentBytes += chunk.length;
          if (!socket.write(framed(chunk))) return void socket.once('drain', pump);
        }
        if (!done) socket.write(Buffer.concat([framed(closingOf(boundary)), Buffer.from('0\r\n\r\n')]));
      };
      pump();
    });
  });
}

const t0 = process.hrtime.bigint();
const results = await Promise.all(Array.from({ length: uploads }, () => upload()));
process.stdout.write(`${JSON.stringify({ uploads: results, ms: Number(process.hrtime.bigint() - t0) / 1e6 })}\n`);
