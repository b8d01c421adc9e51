import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Not copied: installed packages are found from the copy by walking up to the project. */
const SKIPPED = new Set(['node_modules', 'dist', 'data', 'coverage', '.git']);

describe('the OpenAPI document passes Spectral with the OWASP ruleset (npm run lint:api)', () => {
  // A copy inside the project (its packages resolve from there), where `npm run gen` may add a resource.
  const copy = mkdtempSync(join(ROOT, '.lint-api-'));
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('with no error, also after npm run gen adds a resource', () => {
    for (const entry of readdirSync(ROOT)) {
      if (!SKIPPED.has(entry) && !entry.startsWith('.lint-api-')) cpSync(join(ROOT, entry), join(copy, entry), { recursive: true });
    }
    const run = (...args: string[]) => execFileSync('npm', ['run', '--silent', ...args], { cwd: copy, encoding: 'utf8', stdio: 'pipe' });
    run('gen', '--', 'resource', 'lint-checks:label:string,score:int?,state:enum(open|done)');
    let output = '';
    let status = 0;
    try {
      output = run('lint:api');
    } catch (error) {
      const failed = error as { status?: number; stdout?: string; stderr?: string };
      status = failed.status ?? 1;
      output = `${failed.stdout ?? ''}${failed.stderr ?? ''}`;
    }
    expect(status, output).toBe(0);
    expect(output).toMatch(/\(0 errors,|No results with a severity of 'error'/);
    const linted = JSON.parse(readFileSync(join(copy, 'openapi.json'), 'utf8')) as { paths: Record<string, unknown> };
    expect(Object.keys(linted.paths)).toEqual(expect.arrayContaining(['/v1/lint-checks', '/v1/lint-checks/{id}']));
  }, 300_000);
});
