import os from 'node:os';
import { readFileSync } from 'node:fs';
import { run } from './proc.mjs';

function osRelease() {
  try {
    const text = readFileSync('/etc/os-release', 'utf8');
    return /^PRETTY_NAME="?([^"\n]*)"?/m.exec(text)?.[1];
  } catch {
    return undefined;
  }
}

export async function describeMachine(repo) {
  const cpus = os.cpus();
  const npm = await run('npm', ['--version'], { timeoutMs: 30_000 });
  const commit = await run('git', ['rev-parse', '--short', 'HEAD'], { cwd: repo, timeoutMs: 10_000 });
  const dirty = await run('git', ['status', '--porcelain', '--', 'src', 'templates', 'generators'], { cwd: repo, timeoutMs: 10_000 });
  return {
    cores: cpus.length,
    availableParallelism: os.availableParallelism?.() ?? cpus.length,
    cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    npm: npm.code === 0 ? npm.stdout.trim() : undefined,
    os: `${osRelease() ?? os.type()} (${os.platform()} ${os.release()}, ${os.arch()})`,
    commit: commit.code === 0 ? commit.stdout.trim() : undefined,
    uncommittedChanges: dirty.code === 0 ? dirty.stdout.split('\n').filter(Boolean).length : undefined,
  };
}

export const loadAverage = () => os.loadavg().map((v) => Math.round(v * 100) / 100);
