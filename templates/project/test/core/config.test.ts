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
    const config = loadConfig(
      testEnv({ NODE_ENV: 'development', RATE_LIMIT_MAX: '', AUTH_RATE_LIMIT_MAX: '', PRINCIPAL_RATE_LIMIT_MAX: '' }),
    );
    expect(config).toMatchObject({
      environment: 'development',
      production: false,
      host: '127.0.0.1',
      port: 3000,
      corsOrigins: [],
      corsAllowedHeaders: ['Authorization', 'Content-Type'],
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
        CORS_ALLOWED_HEADERS: 'Authorization, Content-Type,X-Trace-Id',
      }),
    );
    expect(config.corsAllowedHeaders).toEqual(['Authorization', 'Content-Type', 'X-Trace-Id']);
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
    ['CORS_ALLOWED_HEADERS', 'X-Trace Id'],
    ['CORS_ALLOWED_HEADERS', 'Authorization,*'],
    ['CORS_ALLOWED_HEADERS', 'X-Bad:header'],
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

    it.each(['99', '11', '*'])('refuses TRUST_PROXY=%s, which trusts whatever a client writes in X-Forwarded-For', (value) => {
      expect(issues(testEnv({ TRUST_PROXY: value }))).toEqual(['TRUST_PROXY']);
      expect(errorMessage(testEnv({ TRUST_PROXY: value }))).not.toContain(value);
    });

    it('says what a hop count trusts', () => {
      expect(errorMessage(testEnv({ TRUST_PROXY: '99' }))).toMatch(
        /TRUST_PROXY: a hop count must be at most 10: it trusts that many addresses at the end of X-Forwarded-For/,
      );
      expect(loadConfig(testEnv({ TRUST_PROXY: '10' })).trustProxy).toBe(10);
    });

    it.each([
      '0.0.0.0/0',
      '::/0',
      '0.0.0.0/1,128.0.0.0/1',
      '128.0.0.0/1, 0.0.0.0/2, 64.0.0.0/2, 10.0.0.1',
      '::/1,8000::/1',
      '::ffff:0.0.0.0/96',
      '::ffff:0:0/97,128.0.0.0/1',
    ])('refuses TRUST_PROXY=%s, whose ranges together cover every address', (value) => {
      expect(issues(testEnv({ TRUST_PROXY: value }))).toEqual(['TRUST_PROXY']);
      expect(errorMessage(testEnv({ TRUST_PROXY: value }))).toMatch(/TRUST_PROXY: trusts every address/);
    });

    it.each(['10.0.0.1/33', '::1/129', 'fe80::1%eth0', '10.0.0.0/8/8', '10.0.0.256', 'loopback,,nowhere'])(
      'refuses the malformed TRUST_PROXY=%s with a config error',
      (value) => {
        expect(issues(testEnv({ TRUST_PROXY: value }))).toEqual(['TRUST_PROXY']);
        expect(errorMessage(testEnv({ TRUST_PROXY: value }))).toMatch(/TRUST_PROXY: must be false, a hop count, or a comma list/);
      },
    );

    it('accepts proxy ranges that leave most addresses untrusted', () => {
      expect(loadConfig(testEnv({ TRUST_PROXY: '0.0.0.0/1,::ffff:10.0.0.0/104,uniquelocal' })).trustProxy).toEqual([
        '0.0.0.0/1',
        '::ffff:10.0.0.0/104',
        'uniquelocal',
      ]);
    });
  });
});
