import { execa, type Options } from 'execa';
import fs from 'fs-extra';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const cliPath = path.join(repoRoot, 'dist/cli.js');

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a child process, with no TTY and no colour. */
export async function runCli(args: readonly string[], options: Options = {}): Promise<CliResult> {
  const result = await execa(process.execPath, [cliPath, ...args], {
    reject: false,
    stdin: 'ignore',
    ...options,
    env: { NO_COLOR: '1', npm_config_user_agent: '', ...(options.env ?? {}) },
  });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** A fresh folder outside the repository. */
export async function tempDir(prefix = 'csa-'): Promise<string> {
  return fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), prefix)));
}

/** A fresh folder inside the repository, so generated code resolves this repo's node_modules. */
export async function repoTempDir(prefix: string): Promise<string> {
  const base = path.join(repoRoot, '.tmp');
  await fs.mkdirp(base);
  return fs.mkdtemp(path.join(base, prefix));
}

/** Every file under a folder, relative, sorted, with its content. */
export async function snapshotTree(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  async function walk(rel: string) {
    for (const entry of await fs.readdir(path.join(root, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(child);
      else out[child] = await fs.readFile(path.join(root, child), 'utf8');
    }
  }
  await walk('');
  return out;
}
