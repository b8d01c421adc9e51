import { describe, expect, it } from 'vitest';
import { loadDatabaseSettings } from '../../src/config.js';
import { ConfigError } from '../../src/core/env.js';

function issues(env: Record<string, string>): string[] {
  try {
    loadDatabaseSettings(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((issue) => `${issue.variable}: ${issue.message}`);
    throw error;
  }
  return [];
}

const REMOTE = 'postgres://app:secret@db.example.com:5432/app';

describe('the database variables', () => {
  it('apply the documented defaults', () => {
    expect(loadDatabaseSettings({ DATABASE_URL: 'postgres://localhost/app' })).toEqual({
      url: 'postgres://localhost/app',
      poolMax: 10,
      connectTimeoutMs: 5_000,
      statementTimeoutMs: 5_000,
      tls: false,
      preparedStatements: true,
    });
  });

  it('turn prepared statements off with DATABASE_PREPARED_STATEMENTS=false, and refuse any other value', () => {
    const off = loadDatabaseSettings({ DATABASE_URL: 'postgres://localhost/app', DATABASE_PREPARED_STATEMENTS: 'false' });
    expect(off.preparedStatements).toBe(false);
    expect(issues({ DATABASE_URL: 'postgres://localhost/app', DATABASE_PREPARED_STATEMENTS: 'no' })).toEqual([
      'DATABASE_PREPARED_STATEMENTS: must be true or false',
    ]);
  });

  it('refuse a missing URL and one for another database, naming DATABASE_URL without its value', () => {
    expect(issues({})).toEqual([expect.stringMatching(/^DATABASE_URL: /)]);
    const refused = issues({ DATABASE_URL: 'sqlite:./data/app.db' });
    expect(refused).toEqual([expect.stringContaining('DATABASE_URL: this project uses Postgres')]);
    expect(issues({ DATABASE_URL: 'mysql://admin:hunter2@db/app' }).join()).not.toContain('hunter2');
  });

  it('refuse ssl parameters in the URL, which would override DATABASE_SSL', () => {
    expect(issues({ DATABASE_URL: `${REMOTE}?sslmode=disable` })).toEqual([expect.stringContaining('DATABASE_SSL')]);
  });

  it('require TLS with a verified certificate in production to any host but this machine', () => {
    const tls = (env: Record<string, string>) => loadDatabaseSettings(env).tls;
    expect(tls({ NODE_ENV: 'production', DATABASE_URL: REMOTE })).toBe(true);
    expect(tls({ NODE_ENV: 'production', DATABASE_URL: REMOTE, DATABASE_SSL: 'disable' })).toBe(false);
    expect(tls({ NODE_ENV: 'production', DATABASE_URL: 'postgres://app@127.0.0.1/app' })).toBe(false);
    expect(tls({ NODE_ENV: 'production', DATABASE_URL: 'postgres://app@[::1]/app' })).toBe(false);
    expect(tls({ NODE_ENV: 'production', DATABASE_URL: 'postgres://app@localhost/app?host=/var/run/postgresql' })).toBe(false);
    expect(tls({ NODE_ENV: 'production', DATABASE_URL: 'postgres://app@localhost/app?host=db.example.com' })).toBe(true);
    expect(tls({ DATABASE_URL: REMOTE })).toBe(false);
    expect(tls({ DATABASE_URL: 'postgres://app@127.0.0.1/app', DATABASE_SSL: 'require' })).toBe(true);
    expect(issues({ DATABASE_URL: REMOTE, DATABASE_SSL: 'maybe' })).toEqual([expect.stringMatching(/^DATABASE_SSL: /)]);
  });
});
