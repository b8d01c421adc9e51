import { authTestEnv } from './auth.js';
import { databaseTestEnv } from './database.js';
import { storeTestEnv } from './store.js';
import { webhookTestEnv } from './webhooks.js';

/**
 * A complete environment for a test server: the test database, generous
 * rate limits (tests that check limits set their own), and test secrets.
 */
export function testEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    RATE_LIMIT_MAX: '100000',
    AUTH_RATE_LIMIT_MAX: '100000',
    PRINCIPAL_RATE_LIMIT_MAX: '100000',
    ...databaseTestEnv(),
    ...authTestEnv(),
    ...storeTestEnv(),
    ...webhookTestEnv(),
    ...overrides,
  };
}
