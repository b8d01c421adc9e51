import { stringVar } from '../core/env.js';
import type { ConfigSection } from '../core/modules.js';
import { PROJECT_NAME } from '../core/project.js';

export const redisStoreEnv = {
  REDIS_URL: stringVar(4_096).regex(/^rediss?:\/\/\S+$/, { error: 'must be a redis:// or rediss:// URL' }),
  /** Keeps this project's counts apart from other users of the same Redis (and test runs apart from each other). */
  REDIS_KEY_PREFIX: stringVar(100)
    .regex(/^[A-Za-z0-9:._-]+$/, { error: 'must hold only letters, digits and : . _ -' })
    .default(`${PROJECT_NAME}:`),
};

export interface RedisStoreSettings {
  readonly url: string;
  readonly keyPrefix: string;
}

/** REDIS_URL and REDIS_KEY_PREFIX: where every instance keeps the shared rate-limit counts. */
export const redisStoreConfig: ConfigSection<typeof redisStoreEnv, RedisStoreSettings> = {
  env: redisStoreEnv,
  read: (vars) => ({ settings: { url: vars.REDIS_URL, keyPrefix: vars.REDIS_KEY_PREFIX }, issues: [] }),
};
