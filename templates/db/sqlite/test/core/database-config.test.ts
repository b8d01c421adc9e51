import { describe, expect, it } from 'vitest';
import { loadDatabaseSettings } from '../../src/config.js';
import { ConfigError } from '../../src/core/env.js';

describe('the database variables', () => {
  it('default to the file ./data/app.db and take sqlite::memory:', () => {
    expect(loadDatabaseSettings({})).toEqual({ filename: './data/app.db' });
    expect(loadDatabaseSettings({ DATABASE_URL: 'sqlite::memory:' })).toEqual({ filename: ':memory:' });
  });

  it('refuse a URL for another database, naming DATABASE_URL without its value', () => {
    try {
      loadDatabaseSettings({ DATABASE_URL: 'postgres://admin:hunter2@db/app' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues).toEqual([
        { variable: 'DATABASE_URL', message: expect.stringContaining('this project uses SQLite') },
      ]);
      expect((error as ConfigError).message).not.toContain('hunter2');
    }
  });
});
