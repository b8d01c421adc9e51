// The bare upload server: plain node:http, no framework, no parsing, no checks. Every
// `POST /v1/uploads` body is streamed, as it arrives, to a new file in UPLOAD_DIR, and
// answered 201 once the file is written. What a generated `--uploads` route is compared with.
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { exitCleanly, settings } from './shared.mjs';

const dir = process.env.UPLOAD_DIR;
if (!dir) {
  process.stderr.write('upload-bare: UPLOAD_DIR is required\n');
  process.exit(1);
}

function answer(response, status, body) {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}

async function store(request, response) {
  const id = randomUUID();
  const file = createWriteStream(path.join(dir, id), { flags: 'wx', mode: 0o600 });
  try {
    await pipeline(request, file);
    answer(response, 201, { id, size: file.bytesWritten });
  } catch {
    answer(response, 500, { error: 'the body could not be written' });
  }
}

const server = http.createServer((request, response) => {
  if (request.method === 'POST' && request.url === '/v1/uploads') return void store(request, response);
  request.resume();
  if (request.method === 'GET' && request.url === '/health') return answer(response, 200, { status: 'ok' });
  answer(response, 404, { error: 'not found' });
});

server.listen(settings.port, settings.host);
exitCleanly(
  () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
);
