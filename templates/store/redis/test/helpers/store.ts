import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

/** The Redis the tests use; each test server counts under its own key prefix. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A project built for Redis cannot be tested without one: say so at once, naming the URL. */
async function requireRedis(url: string): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 1_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch {
    throw new Error(
      `No Redis answers at ${url}. This project keeps its rate-limit counts in Redis and its tests need one: ` +
        'start redis-server (or docker run --rm -p 6379:6379 redis:7), or set TEST_REDIS_URL.',
    );
  } finally {
    client.disconnect();
  }
}

await requireRedis(TEST_REDIS_URL);

export function storeTestEnv(): Record<string, string> {
  return { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: `test:${randomUUID()}:` };
}
