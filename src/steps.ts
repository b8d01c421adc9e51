import { installCommand } from './package-manager.js';

export interface StepResult {
  ok: boolean;
  /** Why it failed or was skipped, in a sentence. */
  reason?: string;
  skipped?: boolean;
}

export type GitResult =
  | StepResult
  /** The repository exists with every file staged, but git refused the commit (no identity, a hook...). */
  | { ok: false; commitFailed: true; output: string };

function lastLines(text: string, count: number): string {
  return text.trim().split('\n').slice(-count).join('\n');
}

/** Runs the install; `signal` (a Ctrl-C) stops it, and the result says it was cancelled. */
export async function installDependencies(pm: string, cwd: string, signal?: AbortSignal): Promise<StepResult & { cancelled?: boolean }> {
  const { execa } = await import('execa');
  const [command, args] = installCommand(pm);
  try {
    await execa(command, args, {
      cwd,
      all: true,
      stdin: 'ignore',
      env: { npm_config_fund: 'false', npm_config_audit: 'false' },
      ...(signal ? { cancelSignal: signal } : {}),
    });
    return { ok: true };
  } catch (error) {
    if (signal?.aborted) return { ok: false, cancelled: true };
    const e = error as { code?: string; all?: string; shortMessage?: string };
    if (e.code === 'ENOENT') return { ok: false, reason: `${command} was not found on PATH` };
    return { ok: false, reason: `${command} install failed:\n${lastLines(e.all ?? e.shortMessage ?? String(error), 15)}` };
  }
}

export async function initGit(cwd: string, message: string): Promise<GitResult> {
  const { execa } = await import('execa');
  try {
    await execa('git', ['--version'], { cwd, stdin: 'ignore' });
  } catch {
    return { ok: true, skipped: true, reason: 'git was not found on PATH' };
  }
  try {
    const { stdout } = await execa('git', ['rev-parse', '--is-inside-work-tree'], { cwd, stdin: 'ignore', reject: false });
    if (stdout.trim() === 'true') {
      return { ok: true, skipped: true, reason: 'the project is already inside a git work tree' };
    }
    await execa('git', ['init', '--quiet'], { cwd, stdin: 'ignore' });
    await execa('git', ['add', '--all'], { cwd, stdin: 'ignore' });
  } catch (error) {
    const e = error as { all?: string; stderr?: string; shortMessage?: string };
    return { ok: false, reason: `git failed: ${lastLines(e.all ?? e.stderr ?? e.shortMessage ?? String(error), 5)}` };
  }
  const commit = await execa('git', ['commit', '--quiet', '--no-verify', '-m', message], {
    cwd,
    stdin: 'ignore',
    all: true,
    reject: false,
  });
  if (commit.failed) return { ok: false, commitFailed: true, output: String(commit.all ?? commit.shortMessage ?? '').trim() };
  return { ok: true };
}
