import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type TestUser } from '../helpers/auth.js';
import { asArray, request } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { fileBody, multipartBody, partHead, SAMPLES, sendUpload } from '../helpers/uploads.js';

const MAX_BYTES = 64 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uploads (SEC-U1)', () => {
  let server: TestServer;
  let owner: TestUser;
  let stranger: TestUser;
  let dir: string;

  beforeAll(async () => {
    dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'uploads-')), 'files');
    server = await startTestServer({ UPLOAD_DIR: dir, UPLOAD_MAX_BYTES: String(MAX_BYTES) });
    owner = await createUser(server);
    stranger = await createUser(server);
  });
  afterAll(() => server?.close());

  const upload = (
    body: Buffer | Readable,
    user: TestUser = owner,
    options: { contentLength?: number; headers?: Record<string, string> } = {},
  ) => sendUpload(server.url, body, { ...options, headers: { ...user.headers, ...options.headers } });

  /** Every stored file and temp file: a refused upload leaves nothing. */
  const stored = () => readdirSync(dir);

  async function expectRefused(response: Awaited<ReturnType<typeof upload>>, status: number, type: string) {
    expect(response.status, response.text).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json.type).toBe(`urn:problem-type:${type}`);
    expect(response.text).not.toMatch(/\/tmp|\/data|Error:|at [\w.]+ \(/);
    await sleep(20);
    expect(stored()).toEqual([]);
  }

  describe('create, list, read, download, delete', () => {
    it.each(['png', 'jpeg', 'webp', 'pdf'] as const)(
      'stores a %s under a server-made name and answers 201 with its metadata',
      async (kind) => {
        const response = await upload(fileBody(SAMPLES[kind], `holiday.${kind}`));
        expect(response.status, response.text).toBe(201);
        const item = response.json;
        expect(Object.keys(item).sort()).toEqual(['createdAt', 'id', 'mediaType', 'name', 'sha256', 'size']);
        expect(item.id).toMatch(UUID);
        expect(item.name).toBe(`holiday.${kind}`);
        expect(item.mediaType).toBe({ png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp', pdf: 'application/pdf' }[kind]);
        expect(item.size).toBe(SAMPLES[kind].length);
        const file = path.join(dir, String(item.id));
        expect(readFileSync(file)).toEqual(SAMPLES[kind]);
        expect(statSync(file).mode & 0o777).toBe(0o600);
        expect(stored().filter((name) => name.endsWith('.part'))).toEqual([]);
        expect((await request(server.url, 'DELETE', `/v1/uploads/${String(item.id)}`, { headers: owner.headers })).status).toBe(204);
      },
    );

    it('lists, reads and downloads only the owner’s uploads; another owner gets 404 everywhere', async () => {
      const created = (await upload(fileBody(SAMPLES.png, 'mine.png'))).json;
      const id = String(created.id);
      const list = await request(server.url, 'GET', '/v1/uploads?limit=10', { headers: owner.headers });
      expect(list.status).toBe(200);
      expect(asArray(list.body.data).map((item) => item.id)).toContain(id);
      const theirs = await request(server.url, 'GET', '/v1/uploads', { headers: stranger.headers });
      expect(asArray(theirs.body.data).map((item) => item.id)).not.toContain(id);

      const meta = await request(server.url, 'GET', `/v1/uploads/${id}`, { headers: owner.headers });
      expect(meta.status).toBe(200);
      expect(meta.body).toEqual(created);

      for (const suffix of ['', '/content']) {
        expect((await request(server.url, 'GET', `/v1/uploads/${id}${suffix}`, { headers: stranger.headers })).status).toBe(404);
      }
      expect((await request(server.url, 'DELETE', `/v1/uploads/${id}`, { headers: stranger.headers })).status).toBe(404);
      expect(stored()).toContain(id);

      const download = await fetch(`${server.url}/v1/uploads/${id}/content`, { headers: owner.headers });
      expect(download.status).toBe(200);
      expect(Buffer.from(await download.arrayBuffer())).toEqual(SAMPLES.png);
      expect(download.headers.get('content-type')).toBe('image/png');
      expect(download.headers.get('x-content-type-options')).toBe('nosniff');
      expect(download.headers.get('content-disposition')).toBe(`attachment; filename="mine.png"; filename*=UTF-8''mine.png`);

      expect((await request(server.url, 'DELETE', `/v1/uploads/${id}`, { headers: owner.headers })).status).toBe(204);
      expect(stored()).not.toContain(id);
      expect((await request(server.url, 'GET', `/v1/uploads/${id}`, { headers: owner.headers })).status).toBe(404);
      expect((await request(server.url, 'GET', `/v1/uploads/${id}/content`, { headers: owner.headers })).status).toBe(404);
    });

    it('needs credentials on every route', async () => {
      expect((await sendUpload(server.url, fileBody(SAMPLES.png))).status).toBe(401);
      expect((await request(server.url, 'GET', '/v1/uploads')).status).toBe(401);
      expect(stored()).toEqual([]);
    });
  });

  describe('the type comes from the bytes', () => {
    it.each([
      ['an HTML page named .png and declared image/png', SAMPLES.html, 'avatar.png', 'image/png'],
      ['an SVG with a script, declared image/svg+xml', SAMPLES.svg, 'logo.svg', 'image/svg+xml'],
      ['an SVG renamed to .jpg', SAMPLES.svg, 'photo.jpg', 'image/jpeg'],
      ['plain text named .pdf', SAMPLES.text, 'report.pdf', 'application/pdf'],
      ['an empty file', Buffer.alloc(0), 'empty.png', 'image/png'],
      ['three bytes of a PNG signature', SAMPLES.png.subarray(0, 3), 'short.png', 'image/png'],
    ])('refuses %s with 415', async (_name, data, fileName, contentType) => {
      await expectRefused(await upload(fileBody(data, fileName, contentType)), 415, 'unsupported_media_type');
    });

    it('takes only the types UPLOAD_ALLOWED_TYPES lists', async () => {
      const pdfOnly = await startTestServer({ UPLOAD_ALLOWED_TYPES: 'pdf' });
      try {
        const user = await createUser(pdfOnly);
        const png = await sendUpload(pdfOnly.url, fileBody(SAMPLES.png, 'a.png', 'image/png'), { headers: user.headers });
        expect(png.status, png.text).toBe(415);
        expect(png.json.detail).toBe("The file's content must be one of: application/pdf");
        const pdf = await sendUpload(pdfOnly.url, fileBody(SAMPLES.pdf, 'a.pdf', 'application/pdf'), { headers: user.headers });
        expect(pdf.status, pdf.text).toBe(201);
      } finally {
        await pdfOnly.close();
      }
    });

    it('serves a polyglot (a PNG with HTML appended) as the PNG it starts as: attachment, image/png, nosniff', async () => {
      const polyglot = Buffer.concat([SAMPLES.png, SAMPLES.html]);
      const created = await upload(fileBody(polyglot, 'page.html', 'text/html'));
      expect(created.status, created.text).toBe(201);
      expect(created.json.mediaType).toBe('image/png');
      const download = await fetch(`${server.url}/v1/uploads/${String(created.json.id)}/content`, { headers: owner.headers });
      expect(download.headers.get('content-type')).toBe('image/png');
      expect(download.headers.get('content-disposition')).toMatch(/^attachment; /);
      expect(download.headers.get('x-content-type-options')).toBe('nosniff');
      expect(Buffer.from(await download.arrayBuffer())).toEqual(polyglot);
      await request(server.url, 'DELETE', `/v1/uploads/${String(created.json.id)}`, { headers: owner.headers });
    });
  });

  describe('display names are sanitised and never paths', () => {
    it.each([
      ['a bidi override that shows exe.pdf as fdp.exe', 'invoice\u202Efdp.exe', 'invoicefdp.exe'],
      ['NUL and other controls', 'a\u0000b\u0007c\u001b.png', 'abc.png'],
      ['zero-width and isolate characters', 'x\u200By\u2066z\u2069.png', 'xyz.png'],
      ['a path', '../../etc/passwd', 'passwd'],
      ['Windows separators', '..\\..\\boot.ini', 'boot.ini'],
      ['decomposed accents (stored as NFC)', 'cafe\u0301.png', 'caf\u00e9.png'],
      ['a name of only invisible characters', '\u202E\u200B', 'upload'],
    ])('%s', async (_name, fileName, expected) => {
      const response = await upload(fileBody(SAMPLES.png, fileName));
      expect(response.status, response.text).toBe(201);
      expect(response.json.name).toBe(expected);
      expect(stored()).toEqual([String(response.json.id)]);
      const download = await fetch(`${server.url}/v1/uploads/${String(response.json.id)}/content`, { headers: owner.headers });
      const disposition = String(download.headers.get('content-disposition'));
      expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9!#$&+.^_`|~%-]*$/);
      await download.arrayBuffer();
      await request(server.url, 'DELETE', `/v1/uploads/${String(response.json.id)}`, { headers: owner.headers });
    });

    it('cuts a long name at 255 UTF-8 bytes without splitting a character', async () => {
      const response = await upload(fileBody(SAMPLES.png, `${'é'.repeat(300)}.png`));
      expect(response.status).toBe(201);
      const name = String(response.json.name);
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
      expect(name).toBe('é'.repeat(127));
      await request(server.url, 'DELETE', `/v1/uploads/${String(response.json.id)}`, { headers: owner.headers });
    });
  });

  describe('exactly one part named file', () => {
    it.each([
      ['a file part with another name', [{ field: 'upload', fileName: 'a.png', contentType: 'image/png', data: SAMPLES.png }]],
      ['a text field only', [{ field: 'file', data: 'not a file' }]],
      [
        'a field before the file',
        [
          { field: 'title', data: 'hello' },
          { field: 'file', fileName: 'a.png', data: SAMPLES.png },
        ],
      ],
      [
        'two files',
        [
          { field: 'file', fileName: 'a.png', data: SAMPLES.png },
          { field: 'file', fileName: 'b.png', data: SAMPLES.png },
        ],
      ],
      ['no part at all', []],
    ])('refuses %s with 400', async (_name, parts) => {
      await expectRefused(await upload(multipartBody(parts)), 400, 'bad_request');
    });

    it('refuses a truncated body (no closing boundary) with 400', async () => {
      const body = Buffer.concat([partHead({ field: 'file', fileName: 'a.png' }), SAMPLES.png]);
      await expectRefused(await upload(body), 400, 'bad_request');
    });

    it('refuses a multipart type without a boundary with 400, and other types with 415', async () => {
      await expectRefused(
        await upload(fileBody(SAMPLES.png), owner, { headers: { 'content-type': 'multipart/form-data' } }),
        400,
        'bad_request',
      );
      await expectRefused(await upload(SAMPLES.png, owner, { headers: { 'content-type': 'image/png' } }), 415, 'unsupported_media_type');
      await expectRefused(
        await upload(Buffer.from('{"file":"x"}'), owner, { headers: { 'content-type': 'application/json' } }),
        415,
        'unsupported_media_type',
      );
    });
  });

  describe('size limits', () => {
    it('accepts a file of exactly UPLOAD_MAX_BYTES', async () => {
      const data = Buffer.concat([SAMPLES.png, Buffer.alloc(MAX_BYTES - SAMPLES.png.length, 7)]);
      const response = await upload(fileBody(data));
      expect(response.status, response.text).toBe(201);
      expect(response.json.size).toBe(MAX_BYTES);
      await request(server.url, 'DELETE', `/v1/uploads/${String(response.json.id)}`, { headers: owner.headers });
    });

    it('refuses a file one byte over the limit with 413 and leaves nothing', async () => {
      const data = Buffer.concat([SAMPLES.png, Buffer.alloc(MAX_BYTES + 1 - SAMPLES.png.length, 7)]);
      await expectRefused(await upload(fileBody(data)), 413, 'payload_too_large');
    });

    it('answers 413 to a declared length over the limit before reading the body', async () => {
      const body = new Readable({ read() {} });
      body.push(partHead({ field: 'file', fileName: 'big.png' }));
      body.push(SAMPLES.png);
      // The body is never finished: only an answer given before reading it ends the request.
      const response = await upload(body, owner, { contentLength: 100 * 1024 * 1024 });
      await expectRefused(response, 413, 'payload_too_large');
      body.destroy();
    });

    it('stops using a chunked stream at the limit: 413 while the client is still sending, no temp file', async () => {
      let sent = 0;
      const chunk = Buffer.alloc(16 * 1024, 1);
      const body = new Readable({
        read() {
          if (sent === 0) this.push(Buffer.concat([partHead({ field: 'file', fileName: 'big.png' }), SAMPLES.png]));
          sent += chunk.length;
          if (sent > 50 * 1024 * 1024) this.push(null);
          else setImmediate(() => this.push(chunk));
        },
      });
      const response = await upload(body);
      await expectRefused(response, 413, 'payload_too_large');
      expect(sent).toBeLessThan(10 * 1024 * 1024);
      body.destroy();
    });

    it('cuts the connection of a client that keeps sending after the 413', async () => {
      const { hostname, port } = new URL(server.url);
      const socket = net.connect({ host: hostname, port: Number(port) });
      const headers = Object.entries({
        ...owner.headers,
        'content-type': 'multipart/form-data; boundary=x',
        'transfer-encoding': 'chunked',
      });
      socket.write(
        `POST /v1/uploads HTTP/1.1\r\nhost: ${hostname}\r\n${headers.map(([name, value]) => `${name}: ${value}`).join('\r\n')}\r\n\r\n`,
      );
      const frame = (data: Buffer) => Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n')]);
      socket.write(
        frame(Buffer.from('--x\r\ncontent-disposition: form-data; name="file"; filename="a.png"\r\ncontent-type: image/png\r\n\r\n')),
      );
      socket.write(frame(SAMPLES.png));
      const chunk = frame(Buffer.alloc(16 * 1024, 1));
      let answer = '';
      socket.on('data', (data: Buffer) => {
        answer += data.toString('latin1');
      });
      socket.on('error', () => undefined);
      const started = Date.now();
      const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
      const pump = setInterval(() => {
        if (!socket.destroyed) socket.write(chunk);
      }, 1);
      await closed;
      clearInterval(pump);
      expect(answer).toMatch(/^HTTP\/1\.1 413 /);
      expect(Date.now() - started).toBeLessThan(10_000);
      await sleep(20);
      expect(stored()).toEqual([]);
    });
  });

  it('takes a slow upload sent in small pieces, and lists it only once complete', async () => {
    const data = Buffer.concat([SAMPLES.png, Buffer.alloc(20 * 1024, 3)]);
    const whole = fileBody(data, 'slow.png');
    const body = new Readable({ read() {} });
    const sending = upload(body);
    for (let offset = 0; offset < whole.length; offset += 2_048) {
      body.push(whole.subarray(offset, offset + 2_048));
      await sleep(25);
      if (offset === 8_192) {
        const during = await request(server.url, 'GET', '/v1/uploads', { headers: owner.headers });
        expect(asArray(during.body.data).map((item) => item.name)).not.toContain('slow.png');
        expect(stored().filter((name) => !name.endsWith('.part'))).toEqual([]);
      }
    }
    body.push(null);
    const response = await sending;
    expect(response.status, response.text).toBe(201);
    expect(readFileSync(path.join(dir, String(response.json.id)))).toEqual(data);
    await request(server.url, 'DELETE', `/v1/uploads/${String(response.json.id)}`, { headers: owner.headers });
  });

  it('removes the temp files a stopped process left, and keeps those of uploads in progress', async () => {
    const leftovers = path.join(mkdtempSync(path.join(os.tmpdir(), 'uploads-stale-')), 'files');
    mkdirSync(leftovers);
    const stale = path.join(leftovers, `${randomUUID()}.part`);
    const fresh = path.join(leftovers, `${randomUUID()}.part`);
    writeFileSync(stale, 'half an upload');
    writeFileSync(fresh, 'an upload in progress');
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1_000);
    utimesSync(stale, twoHoursAgo, twoHoursAgo);
    const restarted = await startTestServer({ UPLOAD_DIR: leftovers });
    try {
      expect(readdirSync(leftovers)).toEqual([path.basename(fresh)]);
    } finally {
      await restarted.close();
    }
  });

  it('a client that disconnects mid-upload leaves no file behind', async () => {
    const body = new Readable({ read() {} });
    const sending = upload(body).catch(() => undefined);
    body.push(partHead({ field: 'file', fileName: 'gone.png' }));
    body.push(SAMPLES.png);
    await sleep(100);
    body.destroy(new Error('client went away'));
    await sending;
    await sleep(200);
    expect(stored()).toEqual([]);
  });
});
