import type { Awaitable } from './awaitable.js';

export interface RateLimitWindow {
  /** Hits counted in the current window, this one included; `Infinity` when the store refused to count. */
  readonly count: number;
  /** When the window ends, in ms since the epoch. */
  readonly resetAt: number;
}

/**
 * Where the hit counts of one rate-limit layer live. The in-memory store serves one
 * process and answers at once; a shared store (Redis, …) implements the same calls,
 * asynchronously, so limits hold across instances.
 */
export interface RateLimitStore {
  /** Counts one hit under `key`. */
  increment(key: string, windowMs: number): Awaitable<RateLimitWindow>;
  /** The current window of `key` without counting a hit; undefined when it has none. */
  peek(key: string): Awaitable<RateLimitWindow | undefined>;
  reset(key: string): Promise<void>;
  close(): Promise<void>;
}

export interface LayerOptions {
  /**
   * What a shared store does for this layer while it cannot be reached: `local` counts in
   * this process meanwhile (limits hold per instance), `refuse` fails the request with 503
   * (for limits that must never loosen, such as failed logins per email). Default `local`.
   */
  readonly whenUnavailable?: 'local' | 'refuse';
}

/** One store per rate-limit layer, so one layer's keys can never crowd out another's. */
export interface RateLimitStores {
  layer(name: string, options?: LayerOptions): RateLimitStore;
  /** Resolves once the stores can count (at once in memory; a shared store tries to connect first). */
  connect(): Promise<void>;
  close(): Promise<void>;
}

interface Entry {
  count: number;
  resetAt: number;
}

export interface MemoryStoreOptions {
  /** Live windows kept at most; past it, new keys are refused (never a live one dropped). */
  readonly maxKeys?: number;
  readonly sweepIntervalMs?: number;
  readonly now?: () => number;
  /** Told once per sweep interval while the store is full and refusing new keys. */
  readonly onFull?: () => void;
}

/** A full store sweeps expired windows at most this often, so a flood cannot make every new key pay a full scan. */
const FULL_SWEEP_INTERVAL_MS = 1_000;

/**
 * Fixed windows in a Map, swept of expired entries on a timer. Memory is bounded by
 * `maxKeys`, reached by refusing new keys (they count as over the limit until windows
 * expire and make room), never by dropping a live window: a client flooding the store
 * with new keys cannot free a key that is counting or blocked (SEC-R1).
 */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly entries = new Map<string, Entry>();
  private readonly maxKeys: number;
  private readonly now: () => number;
  private readonly onFull: (() => void) | undefined;
  private readonly timer: NodeJS.Timeout;
  private lastFullSweep = Number.NEGATIVE_INFINITY;
  private fullReported = false;

  constructor(options: MemoryStoreOptions = {}) {
    this.maxKeys = options.maxKeys ?? 100_000;
    this.now = options.now ?? Date.now;
    this.onFull = options.onFull;
    this.timer = setInterval(() => {
      this.sweep(this.now());
      this.fullReported = false;
    }, options.sweepIntervalMs ?? 60_000);
    this.timer.unref();
  }

  increment(key: string, windowMs: number): RateLimitWindow {
    const now = this.now();
    let entry = this.entries.get(key);
    if (entry !== undefined && entry.resetAt <= now) {
      this.entries.delete(key);
      entry = undefined;
    }
    if (entry === undefined) {
      if (this.entries.size >= this.maxKeys && !this.makeRoom(now)) return { count: Number.POSITIVE_INFINITY, resetAt: now + windowMs };
      entry = { count: 0, resetAt: now + windowMs };
      this.entries.set(key, entry);
    }
    entry.count += 1;
    return entry;
  }

  peek(key: string): RateLimitWindow | undefined {
    const entry = this.entries.get(key);
    return entry === undefined || entry.resetAt <= this.now() ? undefined : entry;
  }

  async reset(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.entries.clear();
  }

  /** Live windows held; for tests and metrics. */
  get size(): number {
    return this.entries.size;
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.entries) {
      if (entry.resetAt <= now) this.entries.delete(key);
    }
  }

  private makeRoom(now: number): boolean {
    if (now - this.lastFullSweep >= FULL_SWEEP_INTERVAL_MS) {
      this.lastFullSweep = now;
      this.sweep(now);
    }
    if (this.entries.size < this.maxKeys) return true;
    if (!this.fullReported) {
      this.fullReported = true;
      this.onFull?.();
    }
    return false;
  }
}

/** In-memory stores, one per layer. */
export function memoryRateLimitStores(
  options: Omit<MemoryStoreOptions, 'onFull'> & { onFull?: (layer: string) => void } = {},
): RateLimitStores {
  const stores = new Map<string, MemoryRateLimitStore>();
  return {
    layer(name) {
      let store = stores.get(name);
      if (store === undefined) {
        store = new MemoryRateLimitStore({ ...options, onFull: () => options.onFull?.(name) });
        stores.set(name, store);
      }
      return store;
    },
    connect: () => Promise.resolve(),
    async close() {
      await Promise.all([...stores.values()].map((store) => store.close()));
      stores.clear();
    },
  };
}
