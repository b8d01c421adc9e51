import { durationVar, integerVar, secretVar, stringVar, type ConfigIssue } from '../../core/env.js';
import type { ConfigSection } from '../../core/modules.js';
import { PROJECT_NAME } from '../../core/project.js';
import { secretWeakness } from '../../core/secret-strength.js';

/** The placeholders written to .env.example; production refuses to start with them. */
export const EXAMPLE_SECRETS: readonly string[] = [
  'change-me-access-token-secret-use-48-random-bytes',
  'change-me-refresh-token-secret-use-48-random-bytes',
];

export const jwtEnv = {
  JWT_SECRET: secretVar(),
  JWT_REFRESH_SECRET: secretVar(),
  /** The secrets being rotated out: tokens they signed are still accepted, nothing new is signed with them. */
  JWT_SECRET_PREVIOUS: secretVar().optional(),
  JWT_REFRESH_SECRET_PREVIOUS: secretVar().optional(),
  JWT_ISSUER: stringVar().default(PROJECT_NAME),
  JWT_AUDIENCE: stringVar().default(PROJECT_NAME),
  ACCESS_TOKEN_TTL: durationVar(10_000, 3_600_000).prefault('15m'),
  REFRESH_TOKEN_TTL: durationVar(60_000, 90 * 86_400_000).prefault('7d'),
  LOGIN_FAILURE_MAX: integerVar(1, 1_000).prefault('5'),
  LOGIN_FAILURE_WINDOW: durationVar(1_000, 86_400_000).prefault('15m'),
  LOGIN_EMAIL_FAILURE_MAX: integerVar(1, 100_000).prefault('50'),
  LOGIN_EMAIL_FAILURE_WINDOW: durationVar(1_000, 7 * 86_400_000).prefault('1h'),
  REFRESH_RATE_LIMIT_MAX: integerVar(1, 1_000_000).prefault('30'),
  REFRESH_RATE_LIMIT_WINDOW: durationVar(1_000, 86_400_000).prefault('1m'),
};

export interface Limit {
  readonly max: number;
  readonly windowMs: number;
}

export interface JwtSettings {
  readonly accessSecret: string;
  readonly refreshSecret: string;
  /** Verified, never used to sign (rotation). */
  readonly previousAccessSecret: string | undefined;
  readonly previousRefreshSecret: string | undefined;
  readonly issuer: string;
  readonly audience: string;
  readonly accessTtlSeconds: number;
  readonly refreshTtlSeconds: number;
  /** Failed logins per email and client address. */
  readonly loginFailures: Limit;
  /** Failed logins per email, from any address. */
  readonly emailLoginFailures: Limit;
  /** Refresh and logout calls per client address. */
  readonly refreshLimit: Limit;
}

const SECRET_VARIABLES = ['JWT_SECRET', 'JWT_REFRESH_SECRET', 'JWT_SECRET_PREVIOUS', 'JWT_REFRESH_SECRET_PREVIOUS'] as const;

function weakness(secret: string): string | undefined {
  if (EXAMPLE_SECRETS.includes(secret)) return 'is the placeholder from .env.example; generate a random secret';
  return secretWeakness(secret);
}

/** JWT_* and token lifetimes (SEC-J3, SEC-J4, SEC-P1). */
export const jwtConfig: ConfigSection<typeof jwtEnv, JwtSettings> = {
  env: jwtEnv,
  read(vars, production) {
    const issues: ConfigIssue[] = [];
    const seen = new Map<string, string>();
    for (const variable of SECRET_VARIABLES) {
      const secret = vars[variable];
      if (secret === undefined) continue;
      const first = seen.get(secret);
      if (first !== undefined) issues.push({ variable, message: `must differ from ${first}` });
      else seen.set(secret, variable);
    }
    if (production) {
      for (const variable of SECRET_VARIABLES) {
        const secret = vars[variable];
        const problem = secret === undefined ? undefined : weakness(secret);
        if (problem) issues.push({ variable, message: problem });
      }
    }
    return {
      settings: {
        accessSecret: vars.JWT_SECRET,
        refreshSecret: vars.JWT_REFRESH_SECRET,
        previousAccessSecret: vars.JWT_SECRET_PREVIOUS,
        previousRefreshSecret: vars.JWT_REFRESH_SECRET_PREVIOUS,
        issuer: vars.JWT_ISSUER,
        audience: vars.JWT_AUDIENCE,
        accessTtlSeconds: Math.round(vars.ACCESS_TOKEN_TTL / 1_000),
        refreshTtlSeconds: Math.round(vars.REFRESH_TOKEN_TTL / 1_000),
        loginFailures: { max: vars.LOGIN_FAILURE_MAX, windowMs: vars.LOGIN_FAILURE_WINDOW },
        emailLoginFailures: { max: vars.LOGIN_EMAIL_FAILURE_MAX, windowMs: vars.LOGIN_EMAIL_FAILURE_WINDOW },
        refreshLimit: { max: vars.REFRESH_RATE_LIMIT_MAX, windowMs: vars.REFRESH_RATE_LIMIT_WINDOW },
      },
      issues,
    };
  },
};
