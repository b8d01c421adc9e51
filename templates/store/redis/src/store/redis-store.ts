import { Redis } from 'ioredis';
import { HttpError } from '../core/errors.js';
import { logSecurityEvent, type Logger } from '../core/logger.js';
import {
  MemoryRateLimitStore,
  type LayerOptions,
  type RateLimitStore,
  type RateLimitStores,
  type RateLimitWindow,
} from '../core/rate-limit-store.js';

/** One hit in a fixed window, atomically: the window starts with the first hit. Answers [count, ms left]. */
const HIT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}`;

/** The current window without counting: [count, ms left], or nil. */
const PEEK = `
local count = redis.call('GET', KEYS[1])
if not count then return nil end
return {tonumber(count), redis.call('PTTL', KEYS[1])}`;

interface RateLimitCommands {
  rateLimitHit(key: string, windowMs: number): Promise<[number, number]>;
  rateLimitPeek(key: string): Promise<[number, number] | null>;
}

type RateLimitRedis = Redis & RateLimitCommands;

export interface RedisStoreOptions {
  readonly url: string;
  /** Put before every key this project writes. */
  readonly keyPrefix: string;
  readonly logger: Logger;
  /** How long a command may take before the layer falls back (or refuses). */
  readonly commandTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
}

/** Retry-After of the 503 a `refuse` layer answers while Redis is unreachable. */
const UNAVAILABLE_RETRY_SECONDS = 5;

/**
 * Rate-limit stores in Redis, so every instance counts against the same windows
 * (SEC-R1). No offline queue and short timeouts: while Redis cannot be reached a
 * command fails at once, and each layer either counts in this process meanwhile
 * (`local`: limits hold per instance) or answers 503 (`refuse`). The outage is
 * logged once, and its end too.
 */
export function redisRateLimitStores(options: RedisStoreOptions): RateLimitStores {
  const { logger } = options;
  const client = new Redis(options.url, {
    keyPrefix: `${options.keyPrefix}rl:`,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: options.connectTimeoutMs ?? 2_000,
    commandTimeout: options.commandTimeoutMs ?? 1_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  }) as RateLimitRedis;
  client.defineCommand('rateLimitHit', { numberOfKeys: 1, lua: HIT });
  client.defineCommand('rateLimitPeek', { numberOfKeys: 1, lua: PEEK });

  let down = false;
  const unavailable = (error: unknown) => {
    if (down) return;
    down = true;
    logSecurityEvent(logger, 'rate_limit_store_unavailable', { reason: error instanceof Error ? error.message : String(error) });
  };
  // Without a listener ioredis prints every failed reconnection itself.
  client.on('error', unavailable);
  client.on('ready', () => {
    if (!down) return;
    down = false;
    logger.info({ event: 'rate_limit_store_available' }, 'rate-limit store reachable again');
  });

  const layers = new Map<string, RedisLayerStore>();
  return {
    layer(name, layerOptions = {}) {
      let store = layers.get(name);
      if (store === undefined) {
        store = new RedisLayerStore(client, layerOptions, unavailable);
        layers.set(name, store);
      }
      return store;
    },
    async connect() {
      try {
        await client.connect();
      } catch (error) {
        // Serve anyway: layers count locally (or refuse) until a reconnection succeeds.
        unavailable(error);
      }
    },
    async close() {
      await Promise.all([...layers.values()].map((store) => store.close()));
      layers.clear();
      if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
      else client.disconnect();
    },
  };
}

class RedisLayerStore implements RateLimitStore {
  /** Where this layer counts while Redis is unreachable (`local` layers only). */
  private local: MemoryRateLimitStore | undefined;

  constructor(
    private readonly client: RateLimitRedis,
    private readonly options: LayerOptions,
    private readonly unavailable: (error: unknown) => void,
  ) {}

  async increment(key: string, windowMs: number): Promise<RateLimitWindow> {
    if (this.client.status === 'ready') {
      try {
        const [count, ttl] = await this.client.rateLimitHit(key, windowMs);
        return { count, resetAt: Date.now() + ttl };
      } catch (error) {
        this.unavailable(error);
      }
    }
    return this.fallback().increment(key, windowMs);
  }

  async peek(key: string): Promise<RateLimitWindow | undefined> {
    if (this.client.status === 'ready') {
      try {
        const found = await this.client.rateLimitPeek(key);
        return found === null ? undefined : { count: found[0], resetAt: Date.now() + Math.max(0, found[1]) };
      } catch (error) {
        this.unavailable(error);
      }
    }
    return this.fallback().peek(key);
  }

  async reset(key: string): Promise<void> {
    await this.local?.reset(key);
    if (this.client.status === 'ready') await this.client.del(key).catch(this.unavailable);
  }

  async close(): Promise<void> {
    await this.local?.close();
  }

  private fallback(): MemoryRateLimitStore {
    if (this.options.whenUnavailable === 'refuse') {
      throw new HttpError('service_unavailable', {
        detail: 'This limit cannot be checked right now; retry shortly',
        headers: { 'retry-after': String(UNAVAILABLE_RETRY_SECONDS) },
      });
    }
    this.local ??= new MemoryRateLimitStore();
    return this.local;
  }
}
