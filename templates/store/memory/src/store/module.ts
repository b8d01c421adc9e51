import { stringVar } from '../core/env.js';
import { logSecurityEvent } from '../core/logger.js';
import type { RateLimitStoreModule } from '../core/modules.js';
import { memoryRateLimitStores } from '../core/rate-limit-store.js';

const memoryStoreEnv = {
  /** Read only to refuse it: counts stay in this process, so a Redis URL would be silently ignored. */
  REDIS_URL: stringVar(4_096).optional(),
};

/** Rate-limit counts in this process's memory, one bounded store per layer. */
export const rateLimitStore: RateLimitStoreModule<typeof memoryStoreEnv, undefined> = {
  name: 'memory',
  config: {
    env: memoryStoreEnv,
    read: (vars) => ({
      settings: undefined,
      issues:
        vars.REDIS_URL === undefined
          ? []
          : [
              {
                variable: 'REDIS_URL',
                message:
                  'is set, but this project keeps rate-limit counts in memory (one instance); unset it, or generate the project with --rate-limit-store redis',
              },
            ],
    }),
  },
  create: ({ logger }) => memoryRateLimitStores({ onFull: (layer) => logSecurityEvent(logger, 'rate_limit_store_full', { layer }) }),
};
