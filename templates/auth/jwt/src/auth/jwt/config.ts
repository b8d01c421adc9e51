import { durationVar, secretVar, stringVar, type ConfigIssue } from '../../core/env.js';
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
  JWT_ISSUER: stringVar().default(PROJECT_NAME),
  JWT_AUDIENCE: stringVar().default(PROJECT_NAME),
  ACCESS_TOKEN_TTL: durationVar(10_000, 3_600_000).prefault('15m'),
  REFRESH_TOKEN_TTL: durationVar(60_000, 90 * 86_400_000).prefault('7d'),
};

export interface JwtSettings {
  readonly accessSecret: string;
  readonly refreshSecret: string;
  readonly issuer: string;
  readonly audience: string;
  readonly accessTtlSeconds: number;
  readonly refreshTtlSeconds: number;
}

function weakness(secret: string): string | undefined {
  if (EXAMPLE_SECRETS.includes(secret)) return 'is the placeholder from .env.example; generate a random secret';
  return secretWeakness(secret);
}

/** JWT_* and token lifetimes (SEC-J3, SEC-J4, SEC-P1). */
export const jwtConfig: ConfigSection<typeof jwtEnv, JwtSettings> = {
  env: jwtEnv,
  read(vars, production) {
    const issues: ConfigIssue[] = [];
    if (vars.JWT_SECRET === vars.JWT_REFRESH_SECRET) {
      issues.push({ variable: 'JWT_REFRESH_SECRET', message: 'must differ from JWT_SECRET' });
    }
    if (production) {
      for (const variable of ['JWT_SECRET', 'JWT_REFRESH_SECRET'] as const) {
        const problem = weakness(vars[variable]);
        if (problem) issues.push({ variable, message: problem });
      }
    }
    return {
      settings: {
        accessSecret: vars.JWT_SECRET,
        refreshSecret: vars.JWT_REFRESH_SECRET,
        issuer: vars.JWT_ISSUER,
        audience: vars.JWT_AUDIENCE,
        accessTtlSeconds: Math.round(vars.ACCESS_TOKEN_TTL / 1_000),
        refreshTtlSeconds: Math.round(vars.REFRESH_TOKEN_TTL / 1_000),
      },
      issues,
    };
  },
};
