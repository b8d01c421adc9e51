// PERF-3: what a real `npm install` of a generated project costs, outside the repository,
// next to what create-t3-app's default stack installs.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cleanEnv, removeOnExit, run } from './proc.mjs';
import { scaffoldTools } from './scaffold.mjs';
import { generateProject } from './servers.mjs';

function sizeOf(dir, { skipNodeModules = false } = {}) {
  let bytes = 0;
  let diskBytes = 0;
  let files = 0;
  const walk = (current) => {
    let entries;
    try {
      entries = fs.readdirSync(current, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (skipNodeModules && entry.name === 'node_modules') continue;
        walk(full);
      } else if (entry.isFile()) {
        const stat = fs.lstatSync(full);
        bytes += stat.size;
        diskBytes += stat.blocks * 512;
        files += 1;
      }
    }
  };
  walk(dir);
  return { bytes, diskBytes, files };
}

/** Installed packages from npm's hidden lockfile (node_modules/.package-lock.json). */
function installedPackages(projectDir) {
  const file = path.join(projectDir, 'node_modules', '.package-lock.json');
  if (!fs.existsSync(file)) return undefined;
  const { packages = {} } = JSON.parse(fs.readFileSync(file, 'utf8'));
  const entries = Object.entries(packages).filter(([key, value]) => key.startsWith('node_modules/') && !value.link);
  const production = entries.filter(([, value]) => !value.dev);
  let productionBytes = 0;
  for (const [key] of production) productionBytes += sizeOf(path.join(projectDir, key), { skipNodeModules: true }).bytes;
  // How many installed packages each direct runtime dependency brings (shared ones count for each).
  const manifest = JSON.parse(fs.readFileSync(path.join(projectDir, 'package.json'), 'utf8'));
  const resolve = (from, name) => {
    for (let base = from; ; ) {
      const key = `${base ? `${base}/` : ''}node_modules/${name}`;
      if (packages[key]) return key;
      if (!base) return undefined;
      const at = base.lastIndexOf('/node_modules/');
      base = at === -1 ? '' : base.slice(0, at);
    }
  };
  const closure = (name) => {
    const seen = new Set();
    const stack = [resolve('', name)].filter(Boolean);
    while (stack.length > 0) {
      const key = stack.pop();
      if (seen.has(key)) continue;
      seen.add(key);
      const entry = packages[key];
      for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
        const found = resolve(key, dep);
        if (found && !seen.has(found)) stack.push(found);
      }
    }
    return seen.size;
  };
  const perDependency = Object.fromEntries(Object.keys(manifest.dependencies ?? {}).map((name) => [name, closure(name)]));
  return {
    perDependency,
    total: entries.length,
    production: production.length,
    dev: entries.length - production.length,
    productionNames: production.map(([key]) => key.replace(/^.*node_modules\//, '')).sort(),
    productionBytes,
  };
}

function failureOf(result) {
  if (result.timedOut) return 'npm install timed out after 20 min';
  const lines = `${result.stdout}\n${result.stderr}`
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const own = lines.filter((l) => !/^npm (error|ERR!|warn)/.test(l) && /error|fail|ENOTFOUND|ECONN|EAI_AGAIN/i.test(l));
  const npm = lines.filter((l) => /^npm (error|ERR!)/.test(l) && !/complete log|A complete log/.test(l));
  return `npm install failed (exit ${result.code}): ${[...own.slice(-3), ...npm.slice(-2)].join(' | ').slice(0, 600)}`;
}

async function installAndMeasure(projectDir, log, label, { retryWithoutScripts = false } = {}) {
  const manifest = JSON.parse(fs.readFileSync(path.join(projectDir, 'package.json'), 'utf8'));
  log(`footprint: npm install in ${label} (${projectDir})`);
  let result = await run('npm', ['install', '--no-audit', '--no-fund'], { cwd: projectDir, env: cleanEnv(), timeoutMs: 20 * 60_000 });
  let note;
  const firstMs = result.ms;
  if ((result.code !== 0 || result.timedOut) && retryWithoutScripts) {
    note = `${failureOf(result)}; packages counted after \`npm install --ignore-scripts\`, time is that of the failed install`;
    log(`footprint: ${label}: ${note}`);
    result = await run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund'], {
      cwd: projectDir,
      env: cleanEnv(),
      timeoutMs: 20 * 60_000,
    });
  }
  const output = `${result.stdout}\n${result.stderr}`;
  const warnings = output.split('\n').filter((l) => /^npm (warn|WARN)/.test(l));
  const base = {
    directDependencies: Object.keys(manifest.dependencies ?? {}).length,
    directDevDependencies: Object.keys(manifest.devDependencies ?? {}).length,
    dependencies: manifest.dependencies ?? {},
  };
  if (result.code !== 0 || result.timedOut) return { ...base, unavailable: failureOf(result), installMs: result.ms };
  const packages = installedPackages(projectDir);
  const nodeModules = sizeOf(path.join(projectDir, 'node_modules'));
  return {
    ...base,
    note,
    installMs: firstMs,
    packages,
    nodeModulesBytes: nodeModules.bytes,
    nodeModulesDiskBytes: nodeModules.diskBytes,
    nodeModulesFiles: nodeModules.files,
    npmWarnings: warnings.length,
    npmWarningSamples: [...new Set(warnings.map((w) => w.replace(/\s+/g, ' ').slice(0, 160)))].slice(0, 5),
    ebadengine: warnings.some((w) => /EBADENGINE/.test(w)),
    eresolve: /ERESOLVE/.test(output),
  };
}

export async function benchFootprint({ repo, benchDir, frameworks, peers, keep, log }) {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'csa-bench-footprint-'));
  if (!keep) removeOnExit(base);
  const npmCache = await run('npm', ['config', 'get', 'cache'], { timeoutMs: 30_000 });
  const result = { directory: os.tmpdir(), npmCache: npmCache.stdout.trim(), projects: {} };
  try {
    for (const framework of frameworks) {
      const dir = path.join(base, `${framework}-api`);
      try {
        await generateProject({ repo, framework, dir });
        result.projects[`create-secure-api (${framework})`] = await installAndMeasure(dir, log, framework);
      } catch (error) {
        result.projects[`create-secure-api (${framework})`] = { unavailable: error.message };
      }
      if (!keep) fs.rmSync(dir, { recursive: true, force: true });
    }
    if (peers) {
      const t3 = scaffoldTools(repo, benchDir).find((t) => t.id === 'create-t3-app --default');
      const dir = path.join(base, 't3-app');
      const key = `create-t3-app --default ${t3?.version ?? ''}`.trim();
      if (!t3 || t3.error) {
        result.projects[key] = { unavailable: t3?.error ?? 'create-t3-app is not installed' };
      } else {
        const scaffolded = await run(process.execPath, [t3.file, ...t3.args('t3-app')], {
          cwd: base,
          env: cleanEnv({ CI: '1' }),
          timeoutMs: 120_000,
        });
        result.projects[key] =
          scaffolded.code === 0 && fs.existsSync(path.join(dir, 'package.json'))
            ? {
                stack: 'Next.js, tRPC, NextAuth, Prisma, Tailwind',
                ...(await installAndMeasure(dir, log, 'create-t3-app default', { retryWithoutScripts: true })),
              }
            : { unavailable: `create-t3-app failed (exit ${scaffolded.code}): ${scaffolded.stderr.slice(-300)}` };
      }
      if (!keep) fs.rmSync(dir, { recursive: true, force: true });
    }
    return result;
  } finally {
    if (!keep) fs.rmSync(base, { recursive: true, force: true });
  }
}
