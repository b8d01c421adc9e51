import type { Awaitable } from './awaitable.js';
import { HttpError } from './errors.js';
import type { RateLimitStore, RateLimitWindow } from './rate-limit-store.js';

export interface RateLimitDecision {
  readonly allowed: boolean;
  /** Value of the IETF `RateLimit` header for this policy. */
  readonly header: string;
  readonly retryAfterSeconds: number;
}

export interface RateLimiterOptions {
  /** Policy name in the `RateLimit` / `RateLimit-Policy` headers, and key prefix in the store. */
  readonly name: string;
  readonly max: number;
  readonly windowMs: number;
  /** Turns the caller's key into the counted one (e.g. `addressKey` for client addresses). */
  readonly keyOf?: (key: string) => string;
}

/**
 * The key a client address is counted under: an IPv4 address as it is (an IPv4-mapped
 * IPv6 address as its IPv4 form), an IPv6 address by its /64 prefix, since one
 * subscriber usually holds a whole /64 and could otherwise take a fresh count per address.
 */
export function addressKey(address: string): string {
  if (!address.includes(':')) return address;
  let plain = address.toLowerCase();
  const zone = plain.indexOf('%');
  if (zone !== -1) plain = plain.slice(0, zone);
  if (plain.startsWith('::ffff:') && plain.includes('.')) return plain.slice(7);
  const gap = plain.indexOf('::');
  const groupsOf = (part: string) => (part === '' ? [] : part.split(':'));
  let groups: string[];
  if (gap === -1) {
    groups = groupsOf(plain);
  } else {
    const head = groupsOf(plain.slice(0, gap));
    const tail = groupsOf(plain.slice(gap + 2));
    const tailSize = tail.reduce((size, group) => size + (group.includes('.') ? 2 : 1), 0);
    groups = [...head, ...Array<string>(Math.max(0, 8 - head.length - tailSize)).fill('0'), ...tail];
  }
  const prefix = groups.slice(0, 4).map((group) => (group.includes('.') ? group : Number.parseInt(group, 16).toString(16)));
  return `${prefix.join(':')}::/64`;
}

/**
 * One rate-limit layer (per address, per user, per email…) over a shared store.
 * Headers follow draft-ietf-httpapi-ratelimit-headers: `RateLimit-Policy: "ip";q=300;w=60`
 * and `RateLimit: "ip";r=299;t=60`.
 */
export class RateLimiter {
  readonly name: string;
  /** Value of the `RateLimit-Policy` header; constant. */
  readonly policy: string;
  private readonly max: number;
  private readonly windowMs: number;
  private readonly prefix: string;
  private readonly keyOf: ((key: string) => string) | undefined;

  constructor(
    private readonly store: RateLimitStore,
    options: RateLimiterOptions,
  ) {
    this.name = options.name;
    this.max = options.max;
    this.windowMs = options.windowMs;
    this.prefix = `${options.name}:`;
    this.keyOf = options.keyOf;
    this.policy = `"${options.name}";q=${options.max};w=${Math.ceil(options.windowMs / 1_000)}`;
  }

  private storeKey(key: string): string {
    return this.prefix + (this.keyOf === undefined ? key : this.keyOf(key));
  }

  /** Counts one hit under `key`. Decided at once when the store is in memory. */
  consume(key: string, now = Date.now()): Awaitable<RateLimitDecision> {
    const window = this.store.increment(this.storeKey(key), this.windowMs);
    return window instanceof Promise ? window.then((counted) => this.decide(counted, 0, now)) : this.decide(window, 0, now);
  }

  /**
   * Whether one more hit would be allowed, without counting one: for limits that count
   * only failures (the caller counts with `consume` once the attempt has failed).
   */
  check(key: string, now = Date.now()): Awaitable<RateLimitDecision> {
    const window = this.store.peek(this.storeKey(key));
    return window instanceof Promise ? window.then((current) => this.decideNext(current, now)) : this.decideNext(window, now);
  }

  private decideNext(window: RateLimitWindow | undefined, now: number): RateLimitDecision {
    return this.decide(window ?? { count: 0, resetAt: now + this.windowMs }, 1, now);
  }

  /** `ahead`: hits about to be made (1 for a check), which must still fit. */
  private decide(window: RateLimitWindow, ahead: number, now: number): RateLimitDecision {
    const remaining = Math.max(0, this.max - window.count);
    const resetSeconds = Math.max(1, Math.ceil((window.resetAt - now) / 1_000));
    return {
      allowed: window.count + ahead <= this.max,
      header: `"${this.name}";r=${remaining};t=${resetSeconds}`,
      retryAfterSeconds: resetSeconds,
    };
  }

  async reset(key: string): Promise<void> {
    await this.store.reset(this.storeKey(key));
  }
}

/** The 429 for a refused decision, with `Retry-After` and the limiting policy's headers. */
export function rateLimited(limiter: RateLimiter, decision: RateLimitDecision): HttpError {
  return new HttpError('rate_limited', {
    detail: `Too many requests; retry in ${decision.retryAfterSeconds} s`,
    headers: {
      'retry-after': String(decision.retryAfterSeconds),
      ratelimit: decision.header,
      'ratelimit-policy': limiter.policy,
    },
  });
}
