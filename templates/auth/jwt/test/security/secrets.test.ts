import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ConfigError } from '../../src/core/env.js';
import { testEnv } from '../helpers/env.js';
import { spawnServer } from '../helpers/child-server.js';

const secret = () => randomBytes(48).toString('base64url');

function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return '';
}

/** The values .env.example ships for each variable. */
function exampleValues(): Record<string, string> {
  const text = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
  return Object.fromEntries(
    text
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

describe('SEC-J3 signing secrets', () => {
  it('refuses a previous secret equal to a current one, and checks previous secrets like current ones', () => {
    const env = testEnv();
    expect(refusal({ ...env, JWT_SECRET_PREVIOUS: env.JWT_SECRET ?? '' })).toContain('JWT_SECRET_PREVIOUS: must differ from JWT_SECRET');
    expect(refusal({ ...env, JWT_REFRESH_SECRET_PREVIOUS: env.JWT_SECRET ?? '' })).toContain(
      'JWT_REFRESH_SECRET_PREVIOUS: must differ from JWT_SECRET',
    );
    expect(refusal({ ...env, JWT_SECRET_PREVIOUS: 'short' })).toContain('JWT_SECRET_PREVIOUS');
    const previous = secret();
    expect(loadConfig({ ...env, JWT_SECRET_PREVIOUS: previous }).modules.jwt.previousAccessSecret).toBe(previous);
    expect(loadConfig(env).modules.jwt.previousAccessSecret).toBeUndefined();
  });

  it.each(['JWT_SECRET', 'JWT_REFRESH_SECRET'])('%s is required', (name) => {
    expect(refusal(testEnv({ [name]: '' }))).toMatch(new RegExp(`${name}: is required`));
  });

  it.each(['JWT_SECRET', 'JWT_REFRESH_SECRET'])('%s must be at least 32 bytes, in every environment', (name) => {
    const short = 'a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p';
    expect(refusal(testEnv({ NODE_ENV: 'development', [name]: short }))).toContain(`${name}: must be at least 32 bytes`);
    expect(refusal(testEnv({ NODE_ENV: 'development', [name]: short }))).not.toContain(short);
  });

  it('access and refresh secrets must differ', () => {
    const shared = secret();
    expect(refusal(testEnv({ JWT_SECRET: shared, JWT_REFRESH_SECRET: shared }))).toContain(
      'JWT_REFRESH_SECRET: must differ from JWT_SECRET',
    );
  });

  it('are read from the environment', () => {
    const access = secret();
    expect(loadConfig(testEnv({ JWT_SECRET: access })).modules.jwt.accessSecret).toBe(access);
  });
});

describe('SEC-P1 production refuses weak or example secrets', () => {
  it.each(['JWT_SECRET', 'JWT_REFRESH_SECRET'])('refuses the .env.example value of %s', (name) => {
    const example = exampleValues()[name];
    expect(example).toBeTruthy();
    const env = testEnv({ NODE_ENV: 'production', [name]: String(example) });
    expect(refusal(env)).toContain(`${name}: is the placeholder from .env.example`);
    expect(refusal(env)).not.toContain(String(example));
    expect(() => loadConfig({ ...env, NODE_ENV: 'development' })).not.toThrow();
  });

  it('refuses a long but patterned secret', () => {
    expect(refusal(testEnv({ NODE_ENV: 'production', JWT_SECRET: 'abcabcabcabcabcabcabcabcabcabcabcabc' }))).toContain(
      'JWT_SECRET: is too weak',
    );
  });

  it.each([
    ['JWT_SECRET', '0123456789'.repeat(4)],
    ['JWT_REFRESH_SECRET', 'abcdefghij'.repeat(4)],
    ['JWT_SECRET', 'my-super-secret-jwt-key-for-production-use'],
  ])('refuses %s=%s (under 128 bits of estimated entropy), saying how to make a good one', (name, value) => {
    const message = refusal(testEnv({ NODE_ENV: 'production', [name]: value }));
    expect(message).toContain(`${name}: is too weak`);
    expect(message).toContain('openssl rand -base64 48');
    expect(message).not.toContain(value);
    expect(() => loadConfig(testEnv({ NODE_ENV: 'development', [name]: value }))).not.toThrow();
  });

  it('the real server exits 1 on a patterned secret in production, naming it without its value', async () => {
    const patterned = 'my-super-secret-jwt-key-for-production-use';
    const server = spawnServer(testEnv({ NODE_ENV: 'production', JWT_SECRET: patterned }));
    try {
      expect(await server.exited).toBe(1);
      expect(server.stderr()).toMatch(/^Invalid configuration:\n {2}JWT_SECRET: is too weak/);
      expect(server.stderr()).toContain("require('node:crypto').randomBytes(48).toString('base64url')");
      expect(server.stderr()).not.toContain(patterned);
    } finally {
      server.child.kill('SIGKILL');
    }
  });

  it('starts with random secrets', () => {
    expect(loadConfig(testEnv({ NODE_ENV: 'production', JWT_SECRET: secret(), JWT_REFRESH_SECRET: secret() })).production).toBe(true);
  });

  it('the real server exits 1 naming a missing secret', async () => {
    const env = testEnv({ NODE_ENV: 'production' });
    delete env.JWT_SECRET;
    const server = spawnServer(env);
    expect(await server.exited).toBe(1);
    expect(server.stderr()).toContain('JWT_SECRET: is required');
    expect(server.stderr()).not.toContain(String(env.JWT_REFRESH_SECRET));
  });
});
