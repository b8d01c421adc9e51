import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { newKey, newKeyId, parseKey } from '../../src/auth/api-key/format.js';
import { API_KEY_PREFIX } from '../../src/auth/api-key/prefix.js';

// SEC-K1: the project ships a secret-scanning rule for its own keys, and holds none.

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const CANDIDATE = new RegExp(`${API_KEY_PREFIX}_[0-9A-Za-z]{61}`, 'g');
/** Never committed: dependencies, local settings, data, build output. */
const UNTRACKED = new Set(['node_modules', '.git', '.env', 'data', 'dist', 'coverage']);
const MAX_FILE_BYTES = 2 * 1_048_576;

/** The tracked files when the project is the root of a git repository, else every file but UNTRACKED. */
function projectFiles(): string[] {
  try {
    const top = execFileSync('git', ['rev-parse', '--show-toplevel'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    if (resolve(top) === ROOT) {
      return execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
        .split('\0')
        .filter((file) => file !== '');
    }
  } catch {
    // not a git repository, or no git
  }
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (UNTRACKED.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push(relative(ROOT, path));
    }
  };
  walk(ROOT);
  return files;
}

/** Valid keys (right prefix, shape and checksum) in `text`. */
function keysIn(text: string): string[] {
  return [...text.matchAll(CANDIDATE)].map((match) => match[0]).filter((candidate) => parseKey(candidate) !== undefined);
}

describe('SEC-K1 secret scanning', () => {
  it('finds a real key, and only a key whose checksum is valid', () => {
    const { key } = newKey(newKeyId());
    expect(keysIn(`token = "${key}"`)).toEqual([key]);
    expect(keysIn(`token = "${key.slice(0, -1)}${key.endsWith('a') ? 'b' : 'a'}"`)).toEqual([]);
  });

  it("ships a gitleaks rule that matches this API's keys", () => {
    const config = readFileSync(join(ROOT, '.gitleaks.toml'), 'utf8');
    const pattern = /regex = '''(.+)'''/.exec(config)?.[1];
    expect(pattern).toBeDefined();
    const rule = new RegExp(String(pattern));
    const { key } = newKey(newKeyId());
    expect(rule.test(`API_KEY=${key}`)).toBe(true);
    expect(rule.test(`API_KEY=${key.slice(1)}`)).toBe(false);
  });

  it('no file of the project holds a valid key', () => {
    const found: string[] = [];
    for (const file of projectFiles()) {
      const path = join(ROOT, file);
      let size: number;
      try {
        size = statSync(path).size;
      } catch {
        continue;
      }
      if (size > MAX_FILE_BYTES) continue;
      if (keysIn(readFileSync(path, 'latin1')).length > 0) found.push(file);
    }
    expect(found).toEqual([]);
  });
});
