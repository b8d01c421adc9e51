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

  constructor(
    private readonly store: RateLimitStore,
    options: RateLimiterOptions,
  ) {
    this.name = options.name;
    this.max = options.max;
    this.windowMs = options.windowMs;
    this.prefix = `${options.name}:`;
    this.policy = `"${options.name}";q=${options.max};w=${Math.ceil(options.windowMs / 1_000)}`;
  }

  /** Counts one hit under `key`. Decided at once when the store is in memory. */
  consume(key: string, now = Date.now()): Awaitable<RateLimitDecision> {
    const window = this.store.increment(this.prefix + key, this.windowMs);
    return window instanceof Promise ? window.then((counted) => this.decide(counted, now)) : this.decide(window, now);
  }

  private decide(window: RateLimitWindow, now: number): RateLimitDecision {
    const remaining = Math.max(0, this.max - window.count);
    const resetSeconds = Math.max(1, Math.ceil((window.resetAt - now) / 1_000));
    return {
      allowed: window.count <= this.max,
      header: `"${this.name}";r=${remaining};t=${resetSeconds}`,
      retryAfterSeconds: resetSeconds,
    };
  }

  async reset(key: string): Promise<void> {
    await this.store.reset(this.prefix + key);
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
