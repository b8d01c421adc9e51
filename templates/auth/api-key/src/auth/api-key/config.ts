import { durationVar, type ConfigIssue } from '../../core/env.js';
import type { ConfigSection } from '../../core/modules.js';

const DAY = 86_400_000;

export const apiKeyEnv = {
  API_KEY_DEFAULT_TTL: durationVar(60_000, 3_650 * DAY).prefault('90d'),
  API_KEY_MAX_TTL: durationVar(60_000, 3_650 * DAY).prefault('365d'),
  API_KEY_MAX_GRACE: durationVar(0, 30 * DAY).prefault('7d'),
};

export interface ApiKeySettings {
  /** Lifetime of a key created without one. */
  readonly defaultTtlMs: number;
  /** The longest lifetime a key may be given. */
  readonly maxTtlMs: number;
  /** The longest an old key keeps working after a rotation. */
  readonly maxGraceMs: number;
}

/** API_KEY_* (SEC-K1): every key expires. */
export const apiKeyConfig: ConfigSection<typeof apiKeyEnv, ApiKeySettings> = {
  env: apiKeyEnv,
  read(vars) {
    const issues: ConfigIssue[] = [];
    if (vars.API_KEY_DEFAULT_TTL > vars.API_KEY_MAX_TTL) {
      issues.push({ variable: 'API_KEY_DEFAULT_TTL', message: 'must not be longer than API_KEY_MAX_TTL' });
    }
    return {
      settings: { defaultTtlMs: vars.API_KEY_DEFAULT_TTL, maxTtlMs: vars.API_KEY_MAX_TTL, maxGraceMs: vars.API_KEY_MAX_GRACE },
      issues,
    };
  },
};
