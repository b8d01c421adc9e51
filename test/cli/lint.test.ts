import { execa } from 'execa';
import fs from 'fs-extra';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matrixRows, rowFlags, rowName } from '../helpers/covering.js';
import { repoTempDir, runCli } from '../helpers/cli.js';

/** Every field type, so every branch of the resource templates is rendered. */
const EVERY_TYPE = 'tasks:s:string,t:text?,i:int,n:number?,b:boolean,e:email,u:url?,ref:uuid,d:datetime,st:enum(open|done)';
const GROWN = 'invoices:amount:number,paidAt:datetime?,status:enum(draft|sent|paid)';

/** Runs one of the project's npm scripts as a child process; the output names what failed. */
async function npmRun(cwd: string, args: readonly string[]): Promise<void> {
  const result = await execa('npm', ['run', ...args], { cwd, reject: false, all: true, env: { NO_COLOR: '1' } });
  expect(result.exitCode, `npm run ${args.join(' ')} in ${cwd}\n${String(result.all)}`).toBe(0);
}

describe('generated projects pass their own Biome check (lint and format) as rendered', () => {
  let root: string;
  beforeAll(async () => {
    root = await repoTempDir('lint-');
  });
  afterAll(async () => {
    if (!process.env.KEEP_GENERATED) await fs.remove(root);
  });

  it.each(matrixRows().map((row) => [rowName(row), row] as const))('%s: npm run lint passes', { timeout: 60_000 }, async (name, row) => {
    const dir = path.join(root, name);
    const created = await runCli([dir, '--yes', '--no-install', '--no-git', ...rowFlags(row), '--resource', EVERY_TYPE]);
    expect(created.exitCode, created.stderr).toBe(0);
    await npmRun(dir, ['lint']);
  });

  it('code added by npm run gen passes too', { timeout: 60_000 }, async () => {
    const dir = path.join(root, 'grown');
    const created = await runCli([dir, '--yes', '--no-install', '--no-git', '--framework', 'hono']);
    expect(created.exitCode, created.stderr).toBe(0);
    await npmRun(dir, ['gen', '--', 'resource', EVERY_TYPE]);
    await npmRun(dir, ['gen', '--', 'resource', GROWN]);
    expect(await fs.pathExists(path.join(dir, 'src/resources/invoices/index.ts'))).toBe(true);
    await npmRun(dir, ['lint']);
  });

  it('a badly formatted file fails npm run lint, naming the file', { timeout: 60_000 }, async () => {
    const dir = path.join(root, 'unformatted');
    const created = await runCli([dir, '--yes', '--no-install', '--no-git', '--framework', 'express']);
    expect(created.exitCode, created.stderr).toBe(0);
    await fs.writeFile(path.join(dir, 'src/extra.ts'), 'export const answer   =  42\n');
    const result = await execa('npm', ['run', 'lint'], { cwd: dir, reject: false, all: true, env: { NO_COLOR: '1' } });
    expect(result.exitCode).not.toBe(0);
    expect(String(result.all)).toContain('src/extra.ts');
  });
});
