import { afterEach, describe, expect, it } from 'vitest';
import { addressKey, RateLimiter } from '../../src/core/rate-limit.js';
import { MemoryRateLimitStore, memoryRateLimitStores, type RateLimitStore } from '../../src/core/rate-limit-store.js';

describe('rate limiting', () => {
  let now = 1_000_000;
  const store = new MemoryRateLimitStore({ now: () => now });
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

  it('never drops a live window to make room: new keys are refused until windows expire (SEC-R1)', async () => {
    let full = 0;
    const bounded = new MemoryRateLimitStore({ now: () => now, maxKeys: 3, onFull: () => (full += 1) });
    const limiter = new RateLimiter(bounded, { name: 'many', max: 1, windowMs: 60_000 });
    expect((await limiter.consume('victim', now)).allowed).toBe(true);
    expect((await limiter.consume('victim', now)).allowed).toBe(false);
    for (const key of ['k2', 'k3', 'k4', 'k5', 'k6']) await limiter.consume(key, now);
    expect(bounded.size).toBe(3);
    expect((await limiter.consume('victim', now)).allowed).toBe(false);
    const refused = await limiter.consume('k7', now);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBe(60);
    expect(full).toBe(1);
    now += 60_000;
    expect((await limiter.consume('k7', now)).allowed).toBe(true);
    await bounded.close();
  });

  it('checks without counting, for limits that count only failures', async () => {
    const limiter = new RateLimiter(store, { name: 'failures', max: 2, windowMs: 60_000 });
    for (let i = 0; i < 5; i += 1) expect((await limiter.check('a', now)).allowed).toBe(true);
    await limiter.consume('a', now);
    expect(await limiter.check('a', now)).toEqual({ allowed: true, header: '"failures";r=1;t=60', retryAfterSeconds: 60 });
    await limiter.consume('a', now);
    expect(await limiter.check('a', now)).toEqual({ allowed: false, header: '"failures";r=0;t=60', retryAfterSeconds: 60 });
  });

  it('keeps one store per layer, so one layer cannot fill another', async () => {
    const stores = memoryRateLimitStores({ now: () => now, maxKeys: 2 });
    const login = new RateLimiter(stores.layer('login'), { name: 'login', max: 1, windowMs: 60_000 });
    const ip = new RateLimiter(stores.layer('ip'), { name: 'ip', max: 1, windowMs: 60_000 });
    for (const key of ['a', 'b', 'c']) await ip.consume(key, now);
    expect((await login.consume('victim', now)).allowed).toBe(true);
    expect(stores.layer('login')).toBe(stores.layer('login'));
    await stores.close();
  });

  it('counts IPv6 clients per /64 and IPv4-mapped addresses as IPv4', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0DB8:0001:0002:ffff::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('2001:db8:1:2::')).toBe('2001:db8:1:2::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });

  it('shares one count between the addresses of one IPv6 /64', async () => {
    const limiter = new RateLimiter(store, { name: 'ip6', max: 2, windowMs: 60_000, keyOf: addressKey });
    expect((await limiter.consume('2001:db8:1:2::1', now)).allowed).toBe(true);
    expect((await limiter.consume('2001:db8:1:2:ffff:ffff:ffff:ffff', now)).allowed).toBe(true);
    expect((await limiter.consume('2001:db8:1:2:dead::beef', now)).allowed).toBe(false);
    expect((await limiter.consume('2001:db8:1:3::1', now)).allowed).toBe(true);
  });

  it('decides at once with the in-memory store, and waits for a store that answers later', async () => {
    const memory = new RateLimiter(store, { name: 'memory', max: 1, windowMs: 60_000 });
    const immediate = memory.consume('a', now);
    expect(immediate).not.toBeInstanceOf(Promise);
    expect(immediate).toEqual({ allowed: true, header: '"memory";r=0;t=60', retryAfterSeconds: 60 });

    const inner = new MemoryRateLimitStore({ now: () => now });
    const remote: RateLimitStore = {
      increment: async (key, windowMs) => inner.increment(key, windowMs),
      peek: async (key) => inner.peek(key),
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
