import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryClaims, PROCESSING_LEASE_MS } from '../../src/core/webhooks/deliveries.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

// The delivery claims on this project's real database (the migrated test database).

let server: TestServer;
let claims: DeliveryClaims;

beforeAll(async () => {
  server = await startTestServer();
  claims = new DeliveryClaims(server.db);
});

afterAll(async () => {
  await server?.close();
});

const key = () => `id:${randomUUID()}`;
// Recent times: the server's own sweep (claims older than WEBHOOK_DEDUPE_TTL) never touches them.
const now = new Date();
const later = (ms: number) => new Date(now.getTime() + ms);

describe('webhook delivery claims', () => {
  it('claims a delivery once: a second claim sees it processing, then done', async () => {
    const keys = [key()];
    expect(await claims.claim('hooks', keys, now)).toBe('claimed');
    expect(await claims.claim('hooks', keys, now)).toBe('processing');
    await claims.complete('hooks', keys);
    expect(await claims.claim('hooks', keys, now)).toBe('done');
  });

  it('gives exactly one of ten concurrent claims', async () => {
    const keys = [key()];
    const results = await Promise.all(Array.from({ length: 10 }, () => claims.claim('hooks', keys, now)));
    expect(results.filter((result) => result === 'claimed')).toHaveLength(1);
  });

  it('keeps receivers apart: the same key under another receiver is a new delivery', async () => {
    const keys = [key()];
    expect(await claims.claim('one', keys, now)).toBe('claimed');
    expect(await claims.claim('two', keys, now)).toBe('claimed');
  });

  it('claims a delivery with two keys only when neither is taken, and leaves nothing behind when one is', async () => {
    const [first, second, third] = [key(), key(), key()];
    expect(await claims.claim('hooks', [first, second], now)).toBe('claimed');
    await claims.complete('hooks', [first, second]);
    expect(await claims.claim('hooks', [third, second], now)).toBe('done');
    expect(await claims.claim('hooks', [third], now)).toBe('claimed');
  });

  it('releases a failed delivery for the retry', async () => {
    const keys = [key()];
    expect(await claims.claim('hooks', keys, now)).toBe('claimed');
    await claims.release('hooks', keys);
    expect(await claims.claim('hooks', keys, now)).toBe('claimed');
  });

  it('takes over a claim left processing past the lease (its process died), once', async () => {
    const keys = [key()];
    expect(await claims.claim('hooks', keys, now)).toBe('claimed');
    expect(await claims.claim('hooks', keys, later(PROCESSING_LEASE_MS - 1_000))).toBe('processing');
    const retries = await Promise.all([
      claims.claim('hooks', keys, later(PROCESSING_LEASE_MS + 1_000)),
      claims.claim('hooks', keys, later(PROCESSING_LEASE_MS + 1_000)),
    ]);
    expect(retries.sort()).toEqual(['claimed', 'processing']);
  });

  it('sweeps claims made before the cut-off, and only those', async () => {
    const old = [key()];
    const recent = [key()];
    await claims.claim('sweep', old, later(-2 * 86_400_000));
    await claims.complete('sweep', old);
    await claims.claim('sweep', recent, now);
    await claims.complete('sweep', recent);
    expect(await claims.sweep(later(-86_400_000))).toBeGreaterThanOrEqual(1);
    expect(await claims.claim('sweep', old, now)).toBe('claimed');
    expect(await claims.claim('sweep', recent, now)).toBe('done');
  });
});
