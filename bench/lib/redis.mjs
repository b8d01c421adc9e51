// The Redis the generated servers count their rate limits in (--rate-limit-store redis).

import { Redis } from 'ioredis';

/** The Redis server of the bench. */
export const BENCH_REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Checks that Redis answers, and gives each generated server a key prefix of this run
 * (`env(serverKey)`); `close()` deletes every key of the run.
 * @param {string} runId
 */
export async function redisStore(runId) {
  const client = new Redis(BENCH_REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 2_000,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    client.disconnect();
    throw new Error(`no Redis answers at BENCH_REDIS_URL ${BENCH_REDIS_URL} (${error.message})`);
  }
  const runPrefix = `bench:${runId}:`;
  return {
    env: (serverKey) => ({ REDIS_URL: BENCH_REDIS_URL, REDIS_KEY_PREFIX: `${runPrefix}${serverKey}:` }),
    async close() {
      try {
        let cursor = '0';
        do {
          const [next, keys] = await client.scan(cursor, 'MATCH', `${runPrefix}*`, 'COUNT', 1000);
          if (keys.length > 0) await client.del(...keys);
          cursor = next;
        } while (cursor !== '0');
      } finally {
        client.disconnect();
      }
    },
  };
}
