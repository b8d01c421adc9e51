import type { RateLimitStoreModule } from '../core/modules.js';
import { redisStoreConfig, type redisStoreEnv, type RedisStoreSettings } from './config.js';
import { redisRateLimitStores } from './redis-store.js';

/** Rate-limit counts in Redis, shared by every instance of the API. */
export const rateLimitStore: RateLimitStoreModule<typeof redisStoreEnv, RedisStoreSettings> = {
  name: 'redis',
  config: redisStoreConfig,
  create: ({ logger, settings }) => redisRateLimitStores({ ...settings, logger }),
};
