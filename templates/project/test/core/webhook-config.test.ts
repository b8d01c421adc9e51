import { describe, expect, it } from 'vitest';
import { readSection } from '../../src/core/config.js';
import { ConfigError } from '../../src/core/env.js';
import { PROVIDER_SECRET_PLACEHOLDER, webhookConfig } from '../../src/core/webhooks/config.js';

const section = webhookConfig([
  { name: 'pay-events', preset: 'stripe' },
  { name: 'hooks', preset: 'standard' },
]);
const STANDARD = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
const STRIPE = `whsec_${'a1'.repeat(16)}`;

function problems(env: Record<string, string>): string {
  try {
    readSection(env, section);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return '';
}

describe('WEBHOOK_* configuration', () => {
  it('reads every secret of each receiver, newest first, and the defaults', () => {
    const settings = readSection(
      { WEBHOOK_PAY_EVENTS_SECRETS: `${STRIPE}, whsec_${'b2'.repeat(16)}`, WEBHOOK_HOOKS_SECRETS: STANDARD },
      section,
    );
    expect(settings.keys['pay-events']).toHaveLength(2);
    expect(settings.keys.hooks?.[0]?.key).toEqual(Buffer.alloc(32, 9));
    expect(settings.bodyLimit).toBe(1_048_576);
    expect(settings.dedupeTtlMs).toBe(7 * 86_400_000);
  });

  it('names a missing variable', () => {
    expect(problems({ WEBHOOK_HOOKS_SECRETS: STANDARD })).toContain('WEBHOOK_PAY_EVENTS_SECRETS: is required');
  });

  it('names a secret in the wrong format for its provider, never quoting it', () => {
    const message = problems({ WEBHOOK_PAY_EVENTS_SECRETS: 'sk_live_secret_value_1234', WEBHOOK_HOOKS_SECRETS: 'not-base64-secret-value' });
    expect(message).toContain('WEBHOOK_PAY_EVENTS_SECRETS: each secret must be a Stripe signing secret');
    expect(message).toContain('WEBHOOK_HOOKS_SECRETS: each secret must be whsec_');
    expect(message).not.toContain('sk_live_secret_value_1234');
    expect(message).not.toContain('not-base64-secret-value');
  });

  it('accepts the .env placeholder outside production (it verifies nothing), and refuses it in production', () => {
    const env = { WEBHOOK_PAY_EVENTS_SECRETS: PROVIDER_SECRET_PLACEHOLDER, WEBHOOK_HOOKS_SECRETS: STANDARD };
    expect(readSection(env, section).keys['pay-events']).toEqual([]);
    expect(problems({ ...env, NODE_ENV: 'production' })).toContain('WEBHOOK_PAY_EVENTS_SECRETS: is the placeholder from .env');
  });

  it('bounds WEBHOOK_BODY_LIMIT and WEBHOOK_DEDUPE_TTL', () => {
    const env = { WEBHOOK_PAY_EVENTS_SECRETS: STRIPE, WEBHOOK_HOOKS_SECRETS: STANDARD };
    expect(problems({ ...env, WEBHOOK_BODY_LIMIT: '1gb' })).toContain('WEBHOOK_BODY_LIMIT');
    expect(problems({ ...env, WEBHOOK_DEDUPE_TTL: '5s' })).toContain('WEBHOOK_DEDUPE_TTL');
  });
});
