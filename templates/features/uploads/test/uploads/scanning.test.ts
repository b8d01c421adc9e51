import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type TestUser } from '../helpers/auth.js';
import { closedPort, startFakeClamd, startRealClamd, type FakeClamd, type FakeClamdMode, type RealClamd } from '../helpers/clamd.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { EICAR, fileBody, SAMPLES, sendUpload } from '../helpers/uploads.js';

const PDF_WITH_EICAR = Buffer.concat([SAMPLES.pdf, Buffer.from('\n'), EICAR, Buffer.from('\n')]);

/** A server scanning with clamd at `clamavUrl`, its upload folder and a user. */
async function scanningServer(clamavUrl: string, timeout = '10s') {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'uploads-scan-')), 'files');
  const server = await startTestServer({ UPLOAD_DIR: dir, UPLOAD_SCAN: 'on', CLAMAV_URL: clamavUrl, CLAMAV_TIMEOUT: timeout });
  const user = await createUser(server);
  return { server, user, stored: () => readdirSync(dir) };
}

describe('virus scanning with a fake clamd (SEC-U1)', () => {
  let clamd: FakeClamd;
  let server: TestServer;
  let user: TestUser;
  let stored: () => string[];

  beforeAll(async () => {
    clamd = await startFakeClamd();
    ({ server, user, stored } = await scanningServer(clamd.url, '500ms'));
  });
  afterAll(async () => {
    await server?.close();
    await clamd?.close();
  });

  const upload = (data: Buffer) => sendUpload(server.url, fileBody(data, 'scanned.pdf'), { headers: user.headers });

  it('streams every byte to clamd and stores a clean file', async () => {
    clamd.mode = 'scan';
    const response = await upload(SAMPLES.pdf);
    expect(response.status, response.text).toBe(201);
    expect(clamd.received.at(-1)).toBe(SAMPLES.pdf.length);
    expect(stored()).toEqual([String(response.json.id)]);
    await fetch(`${server.url}/v1/uploads/${String(response.json.id)}`, { method: 'DELETE', headers: user.headers });
  });

  it('refuses an infected file with 422 and stores nothing', async () => {
    clamd.mode = 'scan';
    const response = await upload(PDF_WITH_EICAR);
    expect(response.status, response.text).toBe(422);
    expect(response.json.type).toBe('urn:problem-type:unprocessable_content');
    expect(response.text).not.toContain('Eicar');
    await sleep(20);
    expect(stored()).toEqual([]);
    expect(server.logs.some((line) => line.includes('virus found'))).toBe(true);
  });

  it.each([
    ['hangs past CLAMAV_TIMEOUT', 'hang'],
    ['answers the size-limit error', 'size-limit'],
    ['closes without a reply', 'empty'],
    ['answers something unknown', 'garbage'],
  ] as const satisfies readonly (readonly [string, FakeClamdMode])[])(
    'fails closed when clamd %s: 503, nothing stored',
    async (_name, mode) => {
      clamd.mode = mode;
      const started = Date.now();
      const response = await upload(SAMPLES.pdf);
      expect(response.status, response.text).toBe(503);
      expect(response.json.type).toBe('urn:problem-type:service_unavailable');
      expect(Date.now() - started).toBeLessThan(5_000);
      await sleep(20);
      expect(stored()).toEqual([]);
    },
  );

  it('fails closed when nothing listens at CLAMAV_URL: 503, nothing stored', async () => {
    const down = await scanningServer(`tcp://127.0.0.1:${await closedPort()}`);
    try {
      const response = await sendUpload(down.server.url, fileBody(SAMPLES.png), { headers: down.user.headers });
      expect(response.status, response.text).toBe(503);
      await sleep(20);
      expect(down.stored()).toEqual([]);
    } finally {
      await down.server.close();
    }
  });
});

describe('virus scanning with the real clamd', () => {
  let clamd: RealClamd | undefined;

  beforeAll(async () => {
    clamd = await startRealClamd();
    if (clamd === undefined && process.env.CI !== undefined) {
      throw new Error('clamd is not installed: CI must run the real scanner (apt-get install -y --no-install-recommends clamav-daemon)');
    }
    if (clamd === undefined)
      console.warn('skipping the real-clamd tests: clamd is not installed (apt-get install -y --no-install-recommends clamav-daemon)');
  }, 60_000);
  afterAll(async () => {
    await clamd?.close();
  });

  it('stores a clean file and refuses the EICAR test file with 422', async (context) => {
    if (clamd === undefined) return context.skip();
    const { server, user, stored } = await scanningServer(clamd.url);
    try {
      const clean = await sendUpload(server.url, fileBody(SAMPLES.pdf, 'clean.pdf'), { headers: user.headers });
      expect(clean.status, clean.text).toBe(201);
      const infected = await sendUpload(server.url, fileBody(PDF_WITH_EICAR, 'infected.pdf'), { headers: user.headers });
      expect(infected.status, infected.text).toBe(422);
      await sleep(20);
      expect(stored()).toEqual([String(clean.json.id)]);
    } finally {
      await server.close();
    }
  });
});
