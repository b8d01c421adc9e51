import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpError } from '../../src/core/errors.js';
import { createLogger } from '../../src/core/logger.js';
import { RateLimiter } from '../../src/core/rate-limit.js';
import type { RateLimitStores } from '../../src/core/rate-limit-store.js';
import { redisRateLimitStores } from '../../src/store/redis-store.js';
import { TEST_REDIS_URL } from '../helpers/store.js';

/** A port on 127.0.0.1 where nothing listens: Redis "down". */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('SEC-R1 rate-limit counts in Redis', () => {
  const open: RateLimitStores[] = [];
  const lines: string[] = [];
  const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
  const stores = async (url = TEST_REDIS_URL, keyPrefix = `test:${randomUUID()}:`) => {
    const created = redisRateLimitStores({ url, keyPrefix, logger, connectTimeoutMs: 500, commandTimeoutMs: 5_000 });
    open.push(created);
    await created.connect();
    return created;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((created) => created.close()));
    lines.length = 0;
  });

  it('counts exactly across two instances: 20 hits alternating, limit 10, give 10 allowed', async () => {
    const prefix = `test:${randomUUID()}:`;
    const [a, b] = [await stores(TEST_REDIS_URL, prefix), await stores(TEST_REDIS_URL, prefix)];
    const limiters = [a, b].map((created) => new RateLimiter(created.layer('ip'), { name: 'ip', max: 10, windowMs: 60_000 }));
    const decisions = await Promise.all(Array.from({ length: 20 }, (_, i) => limiters[i % 2]?.consume('203.0.113.7')));
    expect(decisions.filter((decision) => decision?.allowed)).toHaveLength(10);
    expect(decisions.at(-1)?.header).toMatch(/^"ip";r=0;t=(59|60)$/);
  });

  it('starts a new window when the old one ends, and peeks without counting', async () => {
    const limiter = new RateLimiter((await stores()).layer('user'), { name: 'user', max: 2, windowMs: 300 });
    expect((await limiter.check('u')).allowed).toBe(true);
    expect((await limiter.consume('u')).allowed).toBe(true);
    expect((await limiter.consume('u')).allowed).toBe(true);
    expect((await limiter.check('u')).allowed).toBe(false);
    expect((await limiter.consume('u')).allowed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await limiter.consume('u')).allowed).toBe(true);
  });

  it('keeps projects sharing one Redis apart by key prefix, and forgets a key on reset', async () => {
    const mine = new RateLimiter((await stores()).layer('ip'), { name: 'ip', max: 1, windowMs: 60_000 });
    const theirs = new RateLimiter((await stores()).layer('ip'), { name: 'ip', max: 1, windowMs: 60_000 });
    expect((await mine.consume('a')).allowed).toBe(true);
    expect((await mine.consume('a')).allowed).toBe(false);
    expect((await theirs.consume('a')).allowed).toBe(true);
    await mine.reset('a');
    expect((await mine.consume('a')).allowed).toBe(true);
  });

  it('with Redis down: counts per instance on local layers, warns once, and refuses with 503 on refuse layers', async () => {
    const down = await stores(`redis://127.0.0.1:${await closedPort()}`);
    const local = new RateLimiter(down.layer('ip'), { name: 'ip', max: 2, windowMs: 60_000 });
    expect((await local.consume('a')).allowed).toBe(true);
    expect((await local.consume('a')).allowed).toBe(true);
    expect((await local.consume('a')).allowed).toBe(false);
    const strict = new RateLimiter(down.layer('login-email', { whenUnavailable: 'refuse' }), {
      name: 'login-email',
      max: 50,
      windowMs: 60_000,
    });
    const refused = await Promise.resolve(strict.check('victim@example.com')).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HttpError);
    expect((refused as HttpError).status).toBe(503);
    expect((refused as HttpError).headers?.['retry-after']).toBe('5');
    const warnings = lines.filter((line) => line.includes('"rate_limit_store_unavailable"'));
    expect(warnings).toHaveLength(1);
  });
});
