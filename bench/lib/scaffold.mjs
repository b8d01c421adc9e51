// PERF-1: whole-process wall time of scaffolding, against peers, in interleaved rounds.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cleanEnv, removeOnExit, run } from './proc.mjs';
import { bundleOrigin, defaultCategory, readProfile, summarizeProfile } from './profile.mjs';
import { summary, ratio } from './stats.mjs';

export const RESOURCES = [
  'notes:title:string,body:text?',
  'invoices:amount:number,paidAt:datetime?,status:enum(draft|sent|paid)',
  'contacts:name:string,email:email,website:url?,age:int?,vip:boolean',
];

function binOf(benchDir, pkg, name) {
  const dir = path.join(benchDir, 'node_modules', pkg);
  const manifest = path.join(dir, 'package.json');
  if (!fs.existsSync(manifest)) return { error: `${pkg} is not installed in bench/node_modules` };
  const json = JSON.parse(fs.readFileSync(manifest, 'utf8'));
  const bin = typeof json.bin === 'string' ? json.bin : json.bin?.[name ?? Object.keys(json.bin ?? {})[0]];
  if (!bin) return { error: `${pkg} has no bin ${name ?? ''}` };
  return { file: path.join(dir, bin), version: json.version };
}

export function scaffoldTools(repo, benchDir) {
  const peer = (id, pkg, bin, role, args, note) => ({ id, role, ...binOf(benchDir, pkg, bin), pkg, args, note });
  return [
    {
      id: 'create-secure-api',
      role: 'subject',
      file: path.join(repo, 'dist', 'cli.js'),
      version: JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')).version,
      args: (dir) => [dir, '--yes', '--no-install', '--no-git', ...RESOURCES.flatMap((r) => ['--resource', r])],
      note: 'Fastify, JWT, SQLite, 3 resources',
    },
    peer(
      'create-t3-app',
      'create-t3-app',
      'create-t3-app',
      'template',
      (dir) => [dir, '--CI', '--noGit', '--noInstall'],
      '--CI: Next.js, no add-ons; asks registry.npmjs.org for its latest version on every run',
    ),
    peer(
      'create-t3-app --default',
      'create-t3-app',
      'create-t3-app',
      'template',
      (dir) => [dir, '--default', '--noGit', '--noInstall'],
      'its default stack: tRPC, NextAuth, Prisma, Tailwind; same registry check',
    ),
    peer(
      'nest new',
      '@nestjs/cli',
      'nest',
      'template',
      (dir) => ['new', dir, '--skip-install', '--skip-git', '--package-manager', 'npm'],
      'schematics, TypeScript',
    ),
    peer('fastify generate', 'fastify-cli', 'fastify', 'template', (dir) => ['generate', dir, '--lang=ts'], 'TypeScript template'),
    peer(
      'create-vite',
      'create-vite',
      'create-vite',
      'floor',
      (dir) => [dir, '--template', 'vanilla-ts', '--no-interactive'],
      'copies static files',
    ),
    peer(
      'create-next-app',
      'create-next-app',
      'create-next-app',
      'floor',
      (dir) => [
        dir,
        '--ts',
        '--app',
        '--eslint',
        '--no-tailwind',
        '--src-dir',
        '--import-alias',
        '@/*',
        '--use-npm',
        '--skip-install',
        '--disable-git',
        '--yes',
      ],
      'copies static files',
    ),
  ];
}

const env = () => cleanEnv({ CI: '1', NEXT_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' });

async function scaffoldOnce(tool, base, name, nodeArgs = []) {
  const dir = path.join(base, name);
  const result = await run(process.execPath, [...nodeArgs, tool.file, ...tool.args(name)], { cwd: base, env: env(), timeoutMs: 120_000 });
  const ok = result.code === 0 && !result.timedOut && fs.existsSync(path.join(dir, 'package.json'));
  const files = ok ? countFiles(dir) : 0;
  const internal = /Done in (\d+) ms/.exec(result.stdout)?.[1];
  await fs.promises.rm(dir, { recursive: true, force: true });
  return {
    ok,
    ms: result.ms,
    files,
    internalMs: internal === undefined ? undefined : Number(internal),
    reason: ok ? undefined : describeFailure(result, dir),
  };
}

function describeFailure(result, dir) {
  if (result.timedOut) return 'timed out after 120 s';
  if (result.code !== 0) {
    const lines = `${result.stderr}\n${result.stdout}`
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    return `exit ${result.code ?? result.signal}: ${lines.slice(-3).join(' | ').slice(0, 300)}`;
  }
  return `exit 0 but no package.json in ${dir}`;
}

function countFiles(dir) {
  let n = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) if (entry.isFile()) n++;
  return n;
}

/** Runs `fn` for every item, round after round, rotating the order each round. */
async function interleave(items, rounds, fn) {
  for (let r = 0; r < rounds; r++) {
    const order = items.map((_, i) => items[(i + r) % items.length]);
    for (const item of order) await fn(item, r);
  }
}

export async function benchScaffold({ repo, benchDir, rounds, helpRounds, profile, log }) {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'csa-bench-scaffold-'));
  removeOnExit(base);
  try {
    const tools = scaffoldTools(repo, benchDir);
    const available = [];
    const unavailable = [];
    log(`scaffold: checking ${tools.length} tools (one untimed run each) in ${base}`);
    for (const tool of tools) {
      if (tool.error) {
        unavailable.push({ id: tool.id, role: tool.role, reason: tool.error });
        continue;
      }
      const probe = await scaffoldOnce(tool, base, `probe-${available.length}`);
      if (!probe.ok) unavailable.push({ id: tool.id, role: tool.role, reason: probe.reason });
      else available.push(tool);
    }
    const samples = new Map(available.map((t) => [t.id, []]));
    log(`scaffold: ${rounds} interleaved rounds of ${available.map((t) => t.id).join(', ')}`);
    await interleave(available, rounds, async (tool, r) => {
      const result = await scaffoldOnce(tool, base, `p${r}-${available.indexOf(tool)}`);
      samples.get(tool.id).push(result);
      if (!result.ok) log(`  ${tool.id} round ${r + 1} failed: ${result.reason}`);
    });

    const subject = available.find((t) => t.role === 'subject');
    const subjectMs = subject
      ? summary(
          samples
            .get(subject.id)
            .filter((s) => s.ok)
            .map((s) => s.ms),
        ).median
      : undefined;
    const results = available.map((tool) => {
      const ok = samples.get(tool.id).filter((s) => s.ok);
      const wall = summary(ok.map((s) => s.ms));
      return {
        id: tool.id,
        role: tool.role,
        version: tool.version,
        command: `${path.basename(tool.file)} ${tool.args('<dir>').join(' ')}`,
        note: tool.note,
        files: ok[0]?.files,
        failures: samples.get(tool.id).length - ok.length,
        wallMs: wall,
        internalMs: tool.role === 'subject' ? summary(ok.map((s) => s.internalMs)) : undefined,
        subjectMinusThisMs: subjectMs !== undefined && wall.median !== undefined ? subjectMs - wall.median : undefined,
        subjectOverThis: ratio(subjectMs, wall.median),
      };
    });

    log(`scaffold: --help against node -e '' (${helpRounds} interleaved rounds)`);
    const help = { help: [], bare: [], version: [] };
    const cli = path.join(repo, 'dist', 'cli.js');
    for (let r = 0; r < helpRounds; r++) {
      const order = r % 2 === 0 ? ['bare', 'help'] : ['help', 'bare'];
      for (const which of order) {
        const args = which === 'bare' ? ['-e', ''] : [cli, '--help'];
        const result = await run(process.execPath, args, { cwd: base, env: env(), timeoutMs: 30_000 });
        if (result.code === 0) help[which].push(result.ms);
      }
    }
    const helpSummary = { help: summary(help.help), bare: summary(help.bare) };
    helpSummary.ratio = ratio(helpSummary.help.median, helpSummary.bare.median);

    let cpuProfile;
    if (profile && subject) {
      log('scaffold: CPU profile of one create-secure-api run');
      const dir = path.join(base, 'profile');
      fs.mkdirSync(dir);
      const result = await scaffoldOnce(subject, base, 'profiled', [`--cpu-prof`, `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=200']);
      const data = readProfile(dir);
      if (result.ok && data) {
        cpuProfile = {
          wallMs: result.ms,
          ...summarizeProfile(data, {
            category: (frame) => scaffoldCategory(frame, repo),
            label: scaffoldLabel,
            top: 20,
            inclusive: true,
          }),
        };
      } else cpuProfile = { error: result.reason ?? 'no profile written' };
    }

    return { rounds, directory: os.tmpdir(), tools: results, unavailable, help: helpSummary, cpuProfile, resources: RESOURCES };
  } finally {
    await fs.promises.rm(base, { recursive: true, force: true });
  }
}

/** Packages bundled into dist/ are named by esbuild's module comments; the CLI's own modules by their source path. */
function scaffoldCategory(frame, repo) {
  const cat = defaultCategory(frame, repo);
  if (!cat.startsWith('app: dist/')) return cat;
  const origin = bundleOrigin(path.join(repo, cat.slice(5)), frame.lineNumber);
  if (origin === undefined) return cat;
  return origin.startsWith('app: ') ? `app: ${origin.slice(5).split('/').slice(0, 2).join('/')}` : origin;
}

function scaffoldLabel(frame, category) {
  const name = frame.functionName || '(anonymous)';
  if (!frame.url) return name;
  if (frame.url.startsWith('node:')) return `${name} ${frame.url}:${frame.lineNumber + 1}`;
  return `${name} [${category.replace(/^(pkg|app): /, '')}]`;
}
