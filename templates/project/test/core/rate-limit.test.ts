import { afterEach, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/core/rate-limit.js';
import { MemoryRateLimitStore, type RateLimitStore } from '../../src/core/rate-limit-store.js';

describe('rate limiting', () => {
  let now = 1_000_000;
  const store = new MemoryRateLimitStore({ now: () => now, maxKeys: 3 });
  afterEach(() => {
    now += 3_600_000;
  });

  it('allows max hits per window, then refuses until the window ends', async () => {
    const limiter = new RateLimiter(store, { name: 'test', max: 2, windowMs: 10_000 });
    expect(limiter.policy).toBe('"test";q=2;w=10');
    const first = await limiter.consume('a', now);
    expect(first).toEqual({ allowed: true, header: '"test";r=1;t=10', retryAfterSeconds: 10 });
    expect((await limiter.consume('a', now)).allowed).toBe(true);
    now += 4_000;
    const refused = await limiter.consume('a', now);
    expect(refused).toEqual({ allowed: false, header: '"test";r=0;t=6', retryAfterSeconds: 6 });
    expect((await limiter.consume('b', now)).allowed).toBe(true);
    now += 6_000;
    expect((await limiter.consume('a', now)).allowed).toBe(true);
  });

  it('forgets a key on reset', async () => {
    const limiter = new RateLimiter(store, { name: 'reset', max: 1, windowMs: 60_000 });
    await limiter.consume('a', now);
    expect((await limiter.consume('a', now)).allowed).toBe(false);
    await limiter.reset('a');
    expect((await limiter.consume('a', now)).allowed).toBe(true);
  });

  it('keeps at most maxKeys entries, dropping the oldest', async () => {
    const limiter = new RateLimiter(store, { name: 'many', max: 1, windowMs: 60_000 });
    for (const key of ['k1', 'k2', 'k3', 'k4']) await limiter.consume(key, now);
    expect((await limiter.consume('k4', now)).allowed).toBe(false);
    expect((await limiter.consume('k1', now)).allowed).toBe(true);
  });

  it('decides at once with the in-memory store, and waits for a store that answers later', async () => {
    const memory = new RateLimiter(store, { name: 'memory', max: 1, windowMs: 60_000 });
    const immediate = memory.consume('a', now);
    expect(immediate).not.toBeInstanceOf(Promise);
    expect(immediate).toEqual({ allowed: true, header: '"memory";r=0;t=60', retryAfterSeconds: 60 });

    const inner = new MemoryRateLimitStore({ now: () => now });
    const remote: RateLimitStore = {
      increment: async (key, windowMs) => inner.increment(key, windowMs),
      reset: (key) => inner.reset(key),
      close: () => inner.close(),
    };
    const shared = new RateLimiter(remote, { name: 'shared', max: 1, windowMs: 60_000 });
    const later = shared.consume('a', now);
    expect(later).toBeInstanceOf(Promise);
    expect(await later).toEqual({ allowed: true, header: '"shared";r=0;t=60', retryAfterSeconds: 60 });
    expect((await shared.consume('a', now)).allowed).toBe(false);
    await remote.close();
  });
});
