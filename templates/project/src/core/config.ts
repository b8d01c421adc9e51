import { accessSync, constants, existsSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError, durationVar, integerVar, pickVariables, sizeVar, stringVar, type ConfigIssue } from './env.js';
import type { ConfigSection } from './modules.js';
import type { ServerSettings } from './node-server.js';
import { parseTrustProxy, type TrustProxy } from './trust-proxy.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface RateLimitSettings {
  readonly max: number;
  readonly windowMs: number;
}

export interface BaseConfig {
  readonly environment: 'development' | 'production' | 'test';
  readonly production: boolean;
  readonly host: string;
  readonly port: number;
  /** Exact origins allowed by CORS, or "*" for any origin (refused in production). */
  readonly corsOrigins: readonly string[] | '*';
  /** Request headers a cross-origin script may send (the preflight's Access-Control-Allow-Headers). */
  readonly corsAllowedHeaders: readonly string[];
  readonly rateLimits: {
    readonly global: RateLimitSettings;
    readonly auth: RateLimitSettings;
    readonly principal: RateLimitSettings;
  };
  readonly bodyLimit: number;
  /** false, a hop count, or proxy addresses; never anything that trusts every address. */
  readonly trustProxy: TrustProxy;
  readonly server: ServerSettings;
  readonly logLevel: LogLevel;
}

/** Configuration sections of the active modules, by module name. */
export type ConfigSections = Readonly<Record<string, ConfigSection<z.ZodRawShape, unknown>>>;

export type SettingsOf<Section> = Section extends ConfigSection<infer _Shape, infer Settings> ? Settings : never;

/** The base configuration, plus the settings of each module section. */
export type Config<Sections extends ConfigSections = ConfigSections> = BaseConfig & {
  readonly modules: { readonly [K in keyof Sections]: SettingsOf<Sections[K]> };
};

/** An HTTP header name (RFC 9110 token); `*` is not one here, it would allow any header. */
const HEADER_NAME = /^[!#$%&'+.^_`|~0-9A-Za-z-]+$/;

function isExactOrigin(entry: string): boolean {
  try {
    const url = new URL(entry);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === entry;
  } catch {
    return false;
  }
}

const baseEnvShape = {
  NODE_ENV: z.enum(['development', 'production', 'test'], { error: 'must be development, production or test' }).default('development'),
  HOST: stringVar().default('127.0.0.1'),
  PORT: integerVar(0, 65_535).prefault('3000'),
  CORS_ORIGINS: stringVar(8_192)
    .transform((value, ctx): readonly string[] | '*' => {
      const entries = value
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== '');
      if (entries.length === 1 && entries[0] === '*') return '*';
      if (!entries.every(isExactOrigin)) {
        ctx.addIssue({
          code: 'custom',
          message: 'must be a comma list of exact origins such as https://app.example.com (scheme, host, optional port; no path, no "*")',
        });
        return z.NEVER;
      }
      return entries;
    })
    .optional(),
  CORS_ALLOWED_HEADERS: stringVar(4_096)
    .transform((value, ctx): readonly string[] => {
      const names = value
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name !== '');
      if (names.length === 0 || !names.every((name) => HEADER_NAME.test(name))) {
        ctx.addIssue({
          code: 'custom',
          message: 'must be a comma list of header names such as Authorization,Content-Type ("*" is refused)',
        });
        return z.NEVER;
      }
      return names;
    })
    .prefault('Authorization,Content-Type'),
  RATE_LIMIT_MAX: integerVar(1, 1_000_000).prefault('300'),
  RATE_LIMIT_WINDOW: durationVar(1_000, 86_400_000).prefault('1m'),
  AUTH_RATE_LIMIT_MAX: integerVar(1, 1_000_000).prefault('10'),
  AUTH_RATE_LIMIT_WINDOW: durationVar(1_000, 86_400_000).prefault('15m'),
  PRINCIPAL_RATE_LIMIT_MAX: integerVar(1, 1_000_000).prefault('120'),
  PRINCIPAL_RATE_LIMIT_WINDOW: durationVar(1_000, 86_400_000).prefault('1m'),
  BODY_LIMIT: sizeVar(1, 100 * 1_048_576).prefault('100kb'),
  TRUST_PROXY: stringVar(4_096)
    .transform((value, ctx): TrustProxy => {
      const parsed = parseTrustProxy(value);
      if (parsed.ok) return parsed.value;
      ctx.addIssue({ code: 'custom', message: parsed.message });
      return z.NEVER;
    })
    .prefault('false'),
  TLS_CERT_FILE: stringVar(4_096).optional(),
  TLS_KEY_FILE: stringVar(4_096).optional(),
  HEADERS_TIMEOUT: durationVar(100, 300_000).prefault('10s'),
  REQUEST_TIMEOUT: durationVar(100, 3_600_000).prefault('30s'),
  KEEP_ALIVE_TIMEOUT: durationVar(100, 600_000).prefault('5s'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'must be fatal, error, warn, info, debug, trace or silent',
    })
    .default('info'),
};

function issuesOf(error: z.ZodError): ConfigIssue[] {
  return error.issues.map((issue) => ({ variable: String(issue.path[0] ?? 'environment'), message: issue.message }));
}

function readable(file: string): boolean {
  try {
    accessSync(file, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads and checks the whole configuration: the base variables and those of every module
 * section. Throws ConfigError listing every problem.
 */
export function readConfig<Sections extends ConfigSections>(env: NodeJS.ProcessEnv, sections: Sections): Config<Sections> {
  const envSchema = z.object(Object.assign({}, baseEnvShape, ...Object.values(sections).map((section) => section.env)));
  const parsed = envSchema.safeParse(pickVariables(env, Object.keys(envSchema.shape)));
  if (!parsed.success) throw new ConfigError(issuesOf(parsed.error));
  const vars = parsed.data as z.output<z.ZodObject<typeof baseEnvShape>>;
  const production = vars.NODE_ENV === 'production';
  const issues: ConfigIssue[] = [];

  if ((vars.TLS_CERT_FILE === undefined) !== (vars.TLS_KEY_FILE === undefined)) {
    const missing = vars.TLS_CERT_FILE === undefined ? 'TLS_CERT_FILE' : 'TLS_KEY_FILE';
    issues.push({ variable: missing, message: 'is required when the other TLS file is set' });
  }
  for (const variable of ['TLS_CERT_FILE', 'TLS_KEY_FILE'] as const) {
    const file = vars[variable];
    if (file !== undefined && !readable(file)) issues.push({ variable, message: 'names a file that cannot be read' });
  }
  if (vars.HEADERS_TIMEOUT > vars.REQUEST_TIMEOUT) {
    issues.push({ variable: 'HEADERS_TIMEOUT', message: 'must not be longer than REQUEST_TIMEOUT' });
  }
  if (production && vars.CORS_ORIGINS === '*') {
    issues.push({ variable: 'CORS_ORIGINS', message: '"*" is refused in production; list the exact origins' });
  }
  const modules: Record<string, unknown> = {};
  for (const [name, section] of Object.entries(sections)) {
    const { settings, issues: found } = section.read(parsed.data as never, production);
    modules[name] = settings;
    issues.push(...found);
  }
  if (issues.length > 0) throw new ConfigError(issues);

  return {
    environment: vars.NODE_ENV,
    production,
    host: vars.HOST,
    port: vars.PORT,
    corsOrigins: vars.CORS_ORIGINS ?? [],
    corsAllowedHeaders: vars.CORS_ALLOWED_HEADERS,
    rateLimits: {
      global: { max: vars.RATE_LIMIT_MAX, windowMs: vars.RATE_LIMIT_WINDOW },
      auth: { max: vars.AUTH_RATE_LIMIT_MAX, windowMs: vars.AUTH_RATE_LIMIT_WINDOW },
      principal: { max: vars.PRINCIPAL_RATE_LIMIT_MAX, windowMs: vars.PRINCIPAL_RATE_LIMIT_WINDOW },
    },
    bodyLimit: vars.BODY_LIMIT,
    trustProxy: vars.TRUST_PROXY,
    server: {
      headersTimeoutMs: vars.HEADERS_TIMEOUT,
      requestTimeoutMs: vars.REQUEST_TIMEOUT,
      keepAliveTimeoutMs: vars.KEEP_ALIVE_TIMEOUT,
      bodyLimit: vars.BODY_LIMIT,
      tls:
        vars.TLS_CERT_FILE !== undefined && vars.TLS_KEY_FILE !== undefined
          ? { certFile: vars.TLS_CERT_FILE, keyFile: vars.TLS_KEY_FILE }
          : undefined,
    },
    logLevel: vars.LOG_LEVEL,
    modules: modules as Config<Sections>['modules'],
  };
}

/** One section's settings alone (and NODE_ENV), for tools that need nothing else. */
export function readSection<Shape extends z.ZodRawShape, Settings>(
  env: NodeJS.ProcessEnv,
  section: ConfigSection<Shape, Settings>,
): Settings {
  const envSchema = z.object({ NODE_ENV: baseEnvShape.NODE_ENV, ...section.env });
  const parsed = envSchema.safeParse(pickVariables(env, Object.keys(envSchema.shape)));
  if (!parsed.success) throw new ConfigError(issuesOf(parsed.error));
  const production = (parsed.data as { NODE_ENV: string }).NODE_ENV === 'production';
  const { settings, issues } = section.read(parsed.data as never, production);
  if (issues.length > 0) throw new ConfigError(issues);
  return settings;
}

/** Loads ./.env into process.env when it exists; variables already set win. */
export function loadDotEnv(file = '.env'): void {
  if (existsSync(file)) process.loadEnvFile(file);
}
