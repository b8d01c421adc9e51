import { describe, expect, it } from 'vitest';
import { apiKeyPrefixFor } from '../../generators/context.js';
import { answersSchema } from '../../src/answers.js';

describe('the API-key prefix', () => {
  it('is 2 to 10 letters and digits of the project name, without its scope', () => {
    expect(apiKeyPrefixFor('my-api')).toBe('myapi');
    expect(apiKeyPrefixFor('@acme/billing-service-v2')).toBe('billingser');
    expect(apiKeyPrefixFor('x')).toBe('xkey');
    expect(apiKeyPrefixFor('-_.')).toBe('key');
    for (const name of ['my-api', '@acme/x', 'a', 'Billing.API']) expect(apiKeyPrefixFor(name)).toMatch(/^[a-z0-9]{2,10}$/);
  });

  it('is taken back from a --config file only when it fits the format', () => {
    const answers = {
      projectName: 'my-api',
      framework: 'fastify',
      auth: 'api-key',
      resources: [],
      db: 'sqlite',
      rateLimitStore: 'memory',
      graphql: false,
      uploads: false,
      webhooks: [],
      packageManager: 'npm',
      install: false,
      git: false,
    };
    expect(answersSchema.safeParse({ ...answers, apiKeyPrefix: 'kept1' }).success).toBe(true);
    expect(answersSchema.safeParse(answers).success).toBe(true);
    for (const bad of ['K', 'a', 'toolongprefix', 'has_underscore', 'UPPER']) {
      expect(answersSchema.safeParse({ ...answers, apiKeyPrefix: bad }).success, bad).toBe(false);
    }
  });
});
