import { execa } from 'execa';
import fs from 'fs-extra';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FRAMEWORKS } from '../../src/options.js';
import { repoRoot, tempDir } from '../helpers/cli.js';
import { login, startServer, type RunningServer } from '../helpers/project.js';

// The path a new user takes: the packed package, run from a folder outside this repository,
// with a real `npm install` of the generated project from the registry.
/** Set by `npm run test:runtimes`: also install with pnpm and bun. */
const RUNTIMES = process.env.E2E_RUNTIMES === '1';
const env = { CI: 'true', npm_config_yes: 'true', npm_config_fund: 'false', npm_config_audit: 'false', NO_COLOR: '1' };

describe('newcomer path: npm pack, packed CLI, real npm install', () => {
  let work: string;
  let tarball: string;
  let server: RunningServer | undefined;
  beforeAll(async () => {
    work = await tempDir('csa-newcomer-');
    const pack = await execa('npm', ['pack', '--ignore-scripts', '--pack-destination', work, '--json'], { cwd: repoRoot });
    const [{ filename }] = JSON.parse(pack.stdout) as [{ filename: string }];
    tarball = path.join(work, filename);
  }, 120_000);
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it.each(FRAMEWORKS.map((f) => f.value))(
    '%s: scaffolds, installs cleanly, tests, builds, starts and answers an authenticated request',
    { timeout: 900_000 },
    async (framework) => {
      const name = `my-${framework}-api`;
      const create = await execa(
        'npm',
        ['exec', '--package', tarball, '--', 'create-secure-api', name, '--yes', '--no-git', '--framework', framework],
        {
          cwd: work,
          env,
          all: true,
          reject: false,
        },
      );
      expect(create.exitCode, create.all).toBe(0);
      expect(create.all).toContain('Installed dependencies with npm');
      const project = path.join(work, name);
      expect(await fs.pathExists(path.join(project, 'node_modules'))).toBe(true);

      // A plain reinstall must be clean: no peer conflicts, no engine warnings, a tidy tree.
      const install = await execa('npm', ['install', '--no-audit', '--no-fund'], { cwd: project, env, all: true });
      expect(install.all).not.toMatch(/ERESOLVE|EBADENGINE/);
      await execa('npm', ['ls', '--all'], { cwd: project, env });

      const test = await execa('npm', ['test'], { cwd: project, env, all: true, reject: false });
      expect(test.exitCode, test.all).toBe(0);
      const build = await execa('npm', ['run', 'build'], { cwd: project, env, all: true, reject: false });
      expect(build.exitCode, build.all).toBe(0);

      server = await startServer(project, ['npm', ['start']], env);
      const token = await login(server.url);
      const res = await fetch(`${server.url}/v1/notes`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'first note' }),
      });
      expect(res.status).toBe(201);
      const list = await fetch(`${server.url}/v1/notes`, { headers: { authorization: `Bearer ${token}` } });
      expect(((await list.json()) as { data: { title: string }[] }).data[0]?.title).toBe('first note');
    },
  );

  // pnpm 10 and bun run no install script unless package.json lists the package: without
  // pnpm.onlyBuiltDependencies / trustedDependencies better-sqlite3 is never compiled.
  // Opt-in (npm run test:runtimes): each compiles better-sqlite3 once more from the registry.
  (RUNTIMES ? it : it.skip).each([
    ['pnpm', 'fastify'],
    ['bun', 'hono'],
  ])(
    '%s: installs a %s project from the registry, typechecks, tests, builds, starts and answers a request',
    { timeout: 900_000 },
    async (pm, framework) => {
      const name = `my-${pm}-api`;
      const create = await execa(
        'npm',
        [
          'exec',
          '--package',
          tarball,
          '--',
          'create-secure-api',
          name,
          '--yes',
          '--no-git',
          '--framework',
          framework,
          '--package-manager',
          pm,
        ],
        { cwd: work, env, all: true, reject: false },
      );
      expect(create.exitCode, create.all).toBe(0);
      expect(create.all).toContain(`Installed dependencies with ${pm}`);
      expect(create.all).toContain(`${pm} run dev`.replace('pnpm run', 'pnpm'));
      const project = path.join(work, name);
      const readme = await fs.readFile(path.join(project, 'README.md'), 'utf8');
      expect(readme).toContain(pm === 'bun' ? 'bun run test' : 'pnpm test');

      for (const script of ['typecheck', 'test', 'build']) {
        const run = await execa(pm, ['run', script], { cwd: project, env, all: true, reject: false });
        expect(run.exitCode, `${pm} run ${script}\n${run.all}`).toBe(0);
      }
      server = await startServer(project, [pm, ['run', 'start']], env);
      const token = await login(server.url);
      const res = await fetch(`${server.url}/v1/notes`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'first note' }),
      });
      expect(res.status).toBe(201);
    },
  );
});
