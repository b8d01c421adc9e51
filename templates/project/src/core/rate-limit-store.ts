import type { Awaitable } from './awaitable.js';

export interface RateLimitWindow {
  /** Hits counted in the current window, this one included. */
  readonly count: number;
  /** When the window ends, in ms since the epoch. */
  readonly resetAt: number;
}

/**
 * Where hit counts live. The in-memory store serves one process and counts at once; a
 * shared store (Redis, …) implements the same three calls, asynchronously, so limits
 * hold across instances.
 */
export interface RateLimitStore {
  increment(key: string, windowMs: number): Awaitable<RateLimitWindow>;
  reset(key: string): Promise<void>;
  close(): Promise<void>;
}

interface Entry {
  count: number;
  resetAt: number;
}

export interface MemoryStoreOptions {
  /** Entries kept before the oldest are dropped, so many distinct keys cannot exhaust memory. */
  readonly maxKeys?: number;
  readonly sweepIntervalMs?: number;
  readonly now?: () => number;
}

/** Fixed windows in a Map, swept of expired entries on a timer. */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly entries = new Map<string, Entry>();
  private readonly maxKeys: number;
  private readonly now: () => number;
  private readonly timer: NodeJS.Timeout;

  constructor(options: MemoryStoreOptions = {}) {
    this.maxKeys = options.maxKeys ?? 100_000;
    this.now = options.now ?? Date.now;
    this.timer = setInterval(() => this.sweep(), options.sweepIntervalMs ?? 60_000);
    this.timer.unref();
  }

  increment(key: string, windowMs: number): RateLimitWindow {
    const now = this.now();
    let entry = this.entries.get(key);
    if (entry === undefined || entry.resetAt <= now) {
      if (entry !== undefined) this.entries.delete(key);
      else if (this.entries.size >= this.maxKeys) this.makeRoom(now);
      entry = { count: 0, resetAt: now + windowMs };
      this.entries.set(key, entry);
    }
    entry.count += 1;
    return entry;
  }

  async reset(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.entries.clear();
  }

  private sweep(now = this.now()): void {
    for (const [key, entry] of this.entries) {
      if (entry.resetAt <= now) this.entries.delete(key);
    }
  }

  private makeRoom(now: number): void {
    this.sweep(now);
    for (const key of this.entries.keys()) {
      if (this.entries.size < this.maxKeys) break;
      this.entries.delete(key);
    }
  }
}
