// `npm run bench`: installs the bench's own dependencies into bench/node_modules on first
// use (or when bench/package-lock.json changed), then runs the bench. See BENCHMARKS.md.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);

function installed() {
  // A node_modules that links to another checkout's (a git worktree's) belongs to that
  // checkout: `npm ci` here would empty the folder it points to before reinstalling.
  if (fs.lstatSync(path.join(benchDir, 'node_modules'), { throwIfNoEntry: false })?.isSymbolicLink()) return true;
  const marker = path.join(benchDir, 'node_modules', '.package-lock.json');
  if (!fs.existsSync(marker)) return false;
  const lock = path.join(benchDir, 'package-lock.json');
  return !fs.existsSync(lock) || fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs;
}

if (!argv.includes('--help') && !argv.includes('-h') && !installed()) {
  const lockfile = fs.existsSync(path.join(benchDir, 'package-lock.json'));
  process.stdout.write(`bench: installing its dependencies into bench/node_modules (npm ${lockfile ? 'ci' : 'install'})\n`);
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  const result = spawnSync('npm', [lockfile ? 'ci' : 'install', '--no-audit', '--no-fund'], { cwd: benchDir, stdio: 'inherit', env });
  if (result.status !== 0) {
    process.stderr.write('bench: installing bench/ dependencies failed\n');
    process.exit(1);
  }
}

if (argv.includes('--help') || argv.includes('-h')) {
  const { HELP } = await import('./lib/options.mjs');
  process.stdout.write(HELP);
  process.exit(0);
}

const { main } = await import('./lib/main.mjs');
try {
  process.exitCode = await main(argv, benchDir);
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
