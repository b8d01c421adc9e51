import { readdirSync } from 'node:fs';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createUser, type TestUser } from '../helpers/auth.js';
import { testEnv } from '../helpers/env.js';
import { request } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { CLOSING, partHead, SAMPLES, sendUpload } from '../helpers/uploads.js';

const MB = 1_048_576;

/** A multipart body of one PNG file of `size` bytes, made chunk by chunk as it is sent. */
function streamedFile(size: number): Readable {
  const chunk = Buffer.alloc(64 * 1024, 0x5a);
  let left = size - SAMPLES.png.length;
  let started = false;
  return new Readable({
    read() {
      if (!started) {
        started = true;
        this.push(Buffer.concat([partHead({ field: 'file', fileName: 'large.png' }), SAMPLES.png]));
        return;
      }
      if (left <= 0) {
        this.push(CLOSING);
        this.push(null);
        return;
      }
      const next = chunk.subarray(0, Math.min(chunk.length, left));
      left -= next.length;
      this.push(next);
    },
  });
}

/** The JavaScript heap and the Buffers of this test process: where a buffered upload would sit. */
function heldBytes(): number {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

/**
 * Runs `work` while sampling heldBytes(); resolves with the peak growth in MB (garbage not
 * yet collected included, so it is an upper bound).
 */
async function peakGrowth(work: () => Promise<void>): Promise<number> {
  const before = heldBytes();
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, heldBytes());
  }, 10);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return (Math.max(peak, heldBytes()) - before) / MB;
}

describe('uploads keep memory bounded (SEC-U1)', () => {
  let server: TestServer;
  let user: TestUser;
  let dir: string;

  beforeAll(async () => {
    const env = testEnv({ UPLOAD_MAX_BYTES: '128mb' });
    dir = loadConfig(env).modules.uploads.dir;
    server = await startTestServer(env);
    user = await createUser(server);
  });
  afterAll(() => server?.close());

  it('streams a 96 MB upload to disk without holding it in memory', async () => {
    let id = '';
    const growth = await peakGrowth(async () => {
      const response = await sendUpload(server.url, streamedFile(96 * MB), { headers: user.headers });
      expect(response.status, response.text).toBe(201);
      expect(response.json.size).toBe(96 * MB);
      id = String(response.json.id);
    });
    console.info(`memory: one 96 MB upload stored, peak heap + buffers growth ${growth.toFixed(1)} MB`);
    // Holding the file would take at least 96 MB.
    expect(growth).toBeLessThan(64);
    expect((await request(server.url, 'DELETE', `/v1/uploads/${id}`, { headers: user.headers })).status).toBe(204);
  }, 60_000);

  it('refuses 10 concurrent 40 MB uploads over a 1 MB limit with bounded memory and nothing on disk', async () => {
    const small = await startTestServer(testEnv({ UPLOAD_MAX_BYTES: '1mb', UPLOAD_DIR: `${dir}-small` }));
    try {
      const owner = await createUser(small);
      const statuses: (number | string)[] = [];
      const growth = await peakGrowth(async () => {
        await Promise.all(
          Array.from({ length: 10 }, () =>
            sendUpload(small.url, streamedFile(40 * MB), { headers: owner.headers }).then(
              (response) => void statuses.push(response.status),
              (error: NodeJS.ErrnoException) => void statuses.push(error.code ?? 'error'),
            ),
          ),
        );
      });
      console.info(
        `memory: 10 concurrent 40 MB uploads refused, peak heap + buffers growth ${growth.toFixed(1)} MB; answers ${statuses.join(',')}`,
      );
      expect(statuses.filter((status) => status === 413).length).toBeGreaterThanOrEqual(1);
      expect(statuses.every((status) => status === 413 || status === 'ECONNRESET' || status === 'EPIPE')).toBe(true);
      expect(growth).toBeLessThan(64);
      expect(readdirSync(`${dir}-small`)).toEqual([]);
    } finally {
      await small.close();
    }
  }, 60_000);
});
