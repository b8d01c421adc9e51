import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ConfigError } from '../../src/core/env.js';
import { testEnv } from '../helpers/env.js';

function issues(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((issue) => issue.variable);
    throw error;
  }
  return [];
}

function errorMessage(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return '';
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(testEnv({ NODE_ENV: 'development', DATABASE_URL: '', RATE_LIMIT_MAX: '', AUTH_RATE_LIMIT_MAX: '', PRINCIPAL_RATE_LIMIT_MAX: '' }));
    expect(config).toMatchObject({
      environment: 'development',
      production: false,
      host: '127.0.0.1',
      port: 3000,
      databaseUrl: 'sqlite:./data/app.db',
      corsOrigins: [],
      rateLimits: {
        global: { max: 300, windowMs: 60_000 },
        auth: { max: 10, windowMs: 900_000 },
        principal: { max: 120, windowMs: 60_000 },
      },
      bodyLimit: 102_400,
      trustProxy: false,
      server: { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000, bodyLimit: 102_400, tls: undefined },
      logLevel: 'info',
    });
  });

  it('parses lists, sizes, durations and proxy settings', () => {
    const config = loadConfig(
      testEnv({
        CORS_ORIGINS: 'https://a.example.com, http://localhost:5173',
        BODY_LIMIT: '1mb',
        RATE_LIMIT_WINDOW: '30s',
        TRUST_PROXY: '10.0.0.0/8,loopback',
      }),
    );
    expect(config.corsOrigins).toEqual(['https://a.example.com', 'http://localhost:5173']);
    expect(config.bodyLimit).toBe(1_048_576);
    expect(config.rateLimits.global.windowMs).toBe(30_000);
    expect(config.trustProxy).toEqual(['10.0.0.0/8', 'loopback']);
    expect(loadConfig(testEnv({ TRUST_PROXY: '2' })).trustProxy).toBe(2);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['NODE_ENV', 'staging'],
    ['DATABASE_URL', '//admin:hunter2-secret@db/app'],
    ['CORS_ORIGINS', 'https://a.example.com/path'],
    ['CORS_ORIGINS', 'a.example.com'],
    ['BODY_LIMIT', 'lots'],
    ['RATE_LIMIT_MAX', '0'],
    ['RATE_LIMIT_WINDOW', 'forever'],
    ['LOG_LEVEL', 'loud'],
    ['TRUST_PROXY', 'proxy.example.com'],
  ])('refuses %s=%s, naming the variable and never its value', (variable, value) => {
    expect(issues(testEnv({ [variable]: value }))).toEqual([variable]);
    expect(errorMessage(testEnv({ [variable]: value }))).not.toContain(value);
  });

  it('requires both TLS files, readable', () => {
    expect(issues(testEnv({ TLS_KEY_FILE: '/no/such/key.pem' }))).toEqual(['TLS_CERT_FILE', 'TLS_KEY_FILE']);
  });

  it('refuses a header timeout longer than the request timeout', () => {
    expect(issues(testEnv({ HEADERS_TIMEOUT: '1m', REQUEST_TIMEOUT: '30s' }))).toEqual(['HEADERS_TIMEOUT']);
  });

  describe('SEC-P1 production checks', () => {
    it('refuses CORS_ORIGINS=* in production, and allows it in development', () => {
      expect(issues(testEnv({ NODE_ENV: 'production', CORS_ORIGINS: '*' }))).toEqual(['CORS_ORIGINS']);
      expect(loadConfig(testEnv({ NODE_ENV: 'development', CORS_ORIGINS: '*' })).corsOrigins).toBe('*');
    });

    it('never accepts TRUST_PROXY=true, which would let clients choose their address', () => {
      expect(errorMessage(testEnv({ TRUST_PROXY: 'true' }))).toMatch(/TRUST_PROXY: .*"true" is refused/);
    });
  });
});
