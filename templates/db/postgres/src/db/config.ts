import { z } from 'zod';
import { durationVar, integerVar, stringVar, type ConfigIssue } from '../core/env.js';
import type { ConfigSection } from '../core/modules.js';

export const postgresEnv = {
  DATABASE_URL: stringVar(4_096).regex(/^postgres(ql)?:\/\/\S+$/, {
    error: 'this project uses Postgres: set postgres://user:password@host:5432/database',
  }),
  DATABASE_POOL_MAX: integerVar(1, 1_000).prefault('10'),
  DATABASE_CONNECT_TIMEOUT: durationVar(100, 60_000).prefault('5s'),
  DATABASE_STATEMENT_TIMEOUT: durationVar(100, 3_600_000).prefault('5s'),
  DATABASE_SSL: z.enum(['auto', 'require', 'disable'], { error: 'must be auto, require or disable' }).default('auto'),
  DATABASE_PREPARED_STATEMENTS: z.enum(['true', 'false'], { error: 'must be true or false' }).default('true'),
};

export interface PostgresSettings {
  readonly url: string;
  readonly poolMax: number;
  readonly connectTimeoutMs: number;
  readonly statementTimeoutMs: number;
  /** TLS with a verified certificate, or none. */
  readonly tls: boolean;
  /** Parameterised statements are prepared once per connection and reused (off behind a pooler that cannot keep them). */
  readonly preparedStatements: boolean;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|::1)$/i;

/** The host the URL connects to: its `host` parameter (a Unix socket folder) or its host name. */
function hostOf(url: URL): string {
  return url.searchParams.get('host') ?? url.hostname;
}

function isLocal(host: string): boolean {
  return host === '' || host.startsWith('/') || LOOPBACK.test(host);
}

/**
 * DATABASE_URL and the pool's limits. TLS is required (certificate verified) in production to
 * any host but this machine, and everywhere with DATABASE_SSL=require; DATABASE_SSL=disable
 * turns it off. The URL carries no ssl parameters: they would override these rules.
 */
export const postgresConfig: ConfigSection<typeof postgresEnv, PostgresSettings> = {
  env: postgresEnv,
  read(vars, production) {
    const issues: ConfigIssue[] = [];
    let url: URL | undefined;
    try {
      url = new URL(vars.DATABASE_URL);
    } catch {
      issues.push({ variable: 'DATABASE_URL', message: 'must be a valid postgres:// URL' });
    }
    if (url !== undefined && [...url.searchParams.keys()].some((key) => key.toLowerCase().startsWith('ssl'))) {
      issues.push({ variable: 'DATABASE_URL', message: 'must not carry ssl parameters: set DATABASE_SSL instead' });
    }
    const remote = url !== undefined && !isLocal(hostOf(url));
    return {
      settings: {
        url: vars.DATABASE_URL,
        poolMax: vars.DATABASE_POOL_MAX,
        connectTimeoutMs: vars.DATABASE_CONNECT_TIMEOUT,
        statementTimeoutMs: vars.DATABASE_STATEMENT_TIMEOUT,
        tls: vars.DATABASE_SSL === 'require' || (vars.DATABASE_SSL === 'auto' && production && remote),
        preparedStatements: vars.DATABASE_PREPARED_STATEMENTS === 'true',
      },
      issues,
    };
  },
};
