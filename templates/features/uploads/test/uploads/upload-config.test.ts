import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ConfigError } from '../../src/core/env.js';
import { spawnServer } from '../helpers/child-server.js';
import { testEnv } from '../helpers/env.js';

/** The variables named by the configuration error, or [] when the environment is accepted. */
function refused(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((issue) => issue.variable);
    throw error;
  }
}

/** testEnv without the test-only UPLOAD_SCAN=off, plus `overrides`. */
function uploadEnv(overrides: Record<string, string>): Record<string, string> {
  const { UPLOAD_SCAN: _off, ...env } = testEnv();
  return { ...env, ...overrides };
}

describe('upload configuration', () => {
  it('in production, refuses to start without CLAMAV_URL unless UPLOAD_SCAN=off is set explicitly', async () => {
    const server = spawnServer(uploadEnv({ NODE_ENV: 'production' }));
    expect(await server.exited).toBe(1);
    expect(server.stderr()).toMatch(/^Invalid configuration:\n {2}CLAMAV_URL: is required in production/m);
    expect(server.stderr()).not.toMatch(/^\s+at /m);
    expect(refused(uploadEnv({ NODE_ENV: 'production', UPLOAD_SCAN: 'off' }))).toEqual([]);
    expect(refused(uploadEnv({ NODE_ENV: 'production', CLAMAV_URL: 'tcp://127.0.0.1:3310' }))).toEqual([]);
    expect(refused(uploadEnv({ NODE_ENV: 'development' }))).toEqual([]);
  });

  it('scans whenever CLAMAV_URL is set, and refuses contradictions', () => {
    expect(loadConfig(uploadEnv({ CLAMAV_URL: 'tcp://127.0.0.1:3310', CLAMAV_TIMEOUT: '2s' })).modules.uploads.clamd).toEqual({
      host: '127.0.0.1',
      port: 3310,
      timeoutMs: 2_000,
    });
    expect(loadConfig(uploadEnv({})).modules.uploads.clamd).toBeUndefined();
    expect(refused(uploadEnv({ UPLOAD_SCAN: 'on' }))).toEqual(['CLAMAV_URL']);
    expect(refused(uploadEnv({ UPLOAD_SCAN: 'off', CLAMAV_URL: 'tcp://127.0.0.1:3310' }))).toEqual(['UPLOAD_SCAN']);
  });

  it.each(['http://127.0.0.1:3310', 'tcp://127.0.0.1', 'tcp://127.0.0.1:99999', 'unix:///run/clamd.sock'])(
    'refuses CLAMAV_URL=%s',
    (url) => {
      expect(refused(uploadEnv({ CLAMAV_URL: url }))).toEqual(['CLAMAV_URL']);
    },
  );

  it.each(['svg', 'png,svg', 'html', 'image/svg+xml', 'text/html', 'gif', ''])(
    'refuses UPLOAD_ALLOWED_TYPES=%j: SVG and HTML can never be allowed',
    (types) => {
      expect(refused(uploadEnv({ UPLOAD_ALLOWED_TYPES: types === '' ? ',' : types }))).toEqual(['UPLOAD_ALLOWED_TYPES']);
    },
  );

  it('reads the defaults: 5mb, png, jpeg, webp and pdf', () => {
    const settings = loadConfig(uploadEnv({})).modules.uploads;
    expect(settings.maxBytes).toBe(5 * 1_048_576);
    expect([...settings.allowedTypes]).toEqual(['png', 'jpeg', 'webp', 'pdf']);
    expect(loadConfig(uploadEnv({ UPLOAD_ALLOWED_TYPES: 'PDF, png' })).modules.uploads.allowedTypes).toEqual(new Set(['pdf', 'png']));
  });
});
