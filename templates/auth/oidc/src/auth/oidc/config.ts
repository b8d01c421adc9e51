import { durationVar, stringVar, type ConfigIssue } from '../../core/env.js';
import type { ConfigSection } from '../../core/modules.js';
import { z } from 'zod';

/** The placeholders written to .env and .env.example; production refuses to start with them. */
export const EXAMPLE_ISSUER = 'https://issuer.example.invalid/';
export const EXAMPLE_AUDIENCE = 'https://api.example.invalid/';

/** Asymmetric JWS algorithms only: a shared-secret (HS*) or unsigned (none) token is never accepted. */
export const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;

export type Algorithm = (typeof ASYMMETRIC_ALGORITHMS)[number];

/** Access-token media types RFC 9068 names, and plain JWT for providers that issue no `typ`. */
export const TOKEN_TYPES = ['at+jwt', 'jwt'] as const;

export type TokenType = (typeof TOKEN_TYPES)[number];

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

const list = () =>
  stringVar(2_000).transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  );

const algorithmsVar = () =>
  list().pipe(
    z
      .array(z.enum(ASYMMETRIC_ALGORITHMS, { error: `must list asymmetric algorithms only (${ASYMMETRIC_ALGORITHMS.join(', ')})` }))
      .min(1, { error: 'must name at least one algorithm' }),
  );

const tokenTypesVar = () =>
  list()
    .transform((types) => types.map((type) => normalizeTokenType(type)))
    .pipe(z.array(z.enum(TOKEN_TYPES, { error: 'must list at+jwt and/or JWT' })).min(1, { error: 'must name at least one type' }));

const claimNamesVar = () =>
  list().pipe(
    z
      .array(z.string().regex(/^[A-Za-z0-9_:.-]{1,100}$/, { error: 'must list claim names' }))
      .min(1, { error: 'must name at least one claim' }),
  );

/** `typ` compared as RFC 8725 says: case-insensitive, `application/` optional. */
export function normalizeTokenType(type: string): string {
  const lower = type.toLowerCase();
  return lower.startsWith('application/') ? lower.slice('application/'.length) : lower;
}

export const oidcEnv = {
  OIDC_ISSUER: stringVar(2_000),
  OIDC_AUDIENCE: list().pipe(z.array(z.string()).min(1, { error: 'must name at least one audience' })),
  /** Unset: read from the issuer's discovery document. */
  OIDC_JWKS_URI: stringVar(2_000).optional(),
  OIDC_ALGORITHMS: algorithmsVar().prefault('RS256,PS256,ES256,EdDSA'),
  OIDC_TOKEN_TYPES: tokenTypesVar().prefault('at+jwt'),
  OIDC_SCOPE_CLAIMS: claimNamesVar().prefault('scope,scp,permissions'),
  OIDC_JWKS_COOLDOWN: durationVar(1_000, 3_600_000).prefault('30s'),
  OIDC_JWKS_MAX_AGE: durationVar(1_000, 7 * 86_400_000).prefault('10m'),
  OIDC_JWKS_MAX_STALE: durationVar(1_000, 30 * 86_400_000).prefault('24h'),
  OIDC_HTTP_TIMEOUT: durationVar(100, 60_000).prefault('5s'),
};

export interface OidcSettings {
  /** Exactly as tokens and the discovery document must state it. */
  readonly issuer: string;
  readonly audiences: readonly string[];
  /** Where the keys are; undefined: from discovery. */
  readonly jwksUri: string | undefined;
  readonly algorithms: readonly Algorithm[];
  readonly tokenTypes: readonly TokenType[];
  readonly scopeClaims: readonly string[];
  /** Between two fetches of the key set (an unknown `kid`, or after a failure). */
  readonly cooldownMs: number;
  /** How often the key set is refreshed in the background. */
  readonly maxAgeMs: number;
  /** How long the last good key set is used while the issuer cannot be reached. */
  readonly maxStaleMs: number;
  readonly httpTimeoutMs: number;
  /** Production: https only, except for loopback hosts. */
  readonly production: boolean;
}

/**
 * Why a URL the server fetches keys from is refused, or undefined when it is fine: https,
 * or http outside production. In production http is allowed for loopback hosts only
 * (a provider on the same machine), where nothing crosses a network.
 */
export function urlProblem(value: string, production: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.username !== '' || url.password !== '') return 'must not hold credentials';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol !== 'http:') return 'must be an https URL';
  if (!production || LOOPBACK_HOSTS.has(url.hostname)) return undefined;
  return 'must be an https URL in production (http is allowed for loopback hosts only)';
}

/** OIDC_* (SEC-O1). */
export const oidcConfig: ConfigSection<typeof oidcEnv, OidcSettings> = {
  env: oidcEnv,
  read(vars, production) {
    const issues: ConfigIssue[] = [];
    for (const variable of ['OIDC_ISSUER', 'OIDC_JWKS_URI'] as const) {
      const value = vars[variable];
      const problem = value === undefined ? undefined : urlProblem(value, production);
      if (problem !== undefined) issues.push({ variable, message: problem });
    }
    if (production && vars.OIDC_ISSUER === EXAMPLE_ISSUER) {
      issues.push({ variable: 'OIDC_ISSUER', message: "is the placeholder from .env.example; set your provider's issuer" });
    }
    if (production && vars.OIDC_AUDIENCE.includes(EXAMPLE_AUDIENCE)) {
      issues.push({
        variable: 'OIDC_AUDIENCE',
        message: 'is the placeholder from .env.example; set the audience your provider puts in tokens for this API',
      });
    }
    if (vars.OIDC_JWKS_MAX_STALE < vars.OIDC_JWKS_MAX_AGE) {
      issues.push({ variable: 'OIDC_JWKS_MAX_STALE', message: 'must be at least OIDC_JWKS_MAX_AGE' });
    }
    return {
      settings: {
        issuer: vars.OIDC_ISSUER,
        audiences: vars.OIDC_AUDIENCE,
        jwksUri: vars.OIDC_JWKS_URI,
        algorithms: [...new Set(vars.OIDC_ALGORITHMS)],
        tokenTypes: [...new Set(vars.OIDC_TOKEN_TYPES)],
        scopeClaims: [...new Set(vars.OIDC_SCOPE_CLAIMS)],
        cooldownMs: vars.OIDC_JWKS_COOLDOWN,
        maxAgeMs: vars.OIDC_JWKS_MAX_AGE,
        maxStaleMs: vars.OIDC_JWKS_MAX_STALE,
        httpTimeoutMs: vars.OIDC_HTTP_TIMEOUT,
        production,
      },
      issues,
    };
  },
};
