import fs from 'node:fs';
import path from 'node:path';
import { describeMachine, loadAverage } from './machine.mjs';
import { HELP, readOptions } from './options.mjs';
import { detectClockTicks, removeOnExit, run, stopChildrenOnExit } from './proc.mjs';
import { renderMarkdown, renderServersMarkdown } from './report.mjs';
import { benchScaffold } from './scaffold.mjs';
import { benchServers, frameworksWithTemplates, noiseSamples } from './servers.mjs';
import { benchFootprint } from './footprint.mjs';
import { benchFeatures } from './features.mjs';
import { renderFeaturesMarkdown } from './features-report.mjs';
import { median } from './stats.mjs';

const log = (line) => process.stdout.write(`${line}\n`);

async function preflight(repo) {
  if (!fs.existsSync(path.join(repo, 'node_modules', 'better-sqlite3'))) {
    throw new Error(
      'the repository has no node_modules: run `npm ci` at its root first (the bench servers share its better-sqlite3 and frameworks)',
    );
  }
  if (!fs.existsSync(path.join(repo, 'dist', 'cli.js'))) {
    log('bench: dist/cli.js is missing; running npm run build');
    const result = await run('npm', ['run', 'build'], { cwd: repo, timeoutMs: 300_000 });
    if (result.code !== 0) throw new Error(`npm run build failed: ${result.stderr.slice(-500)}`);
  }
}

function readPrevious(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

export async function main(argv, benchDir) {
  const options = readOptions(argv);
  if (options.help) {
    process.stdout.write(HELP);
    return 0;
  }
  stopChildrenOnExit();
  await detectClockTicks();
  const repo = path.resolve(benchDir, '..');
  await preflight(repo);

  const runId = new Date().toISOString().replace(/[:.]/g, '-').toLowerCase();
  const scratchRoot = path.join(benchDir, '.tmp', runId);
  fs.mkdirSync(scratchRoot, { recursive: true });
  if (!options.keep) removeOnExit(scratchRoot);
  const startedAt = new Date().toISOString();
  const loadStart = loadAverage();
  const machine = await describeMachine(repo);
  log(`bench: ${machine.cores} cores (${machine.cpuModel}), Node ${machine.node}, load average ${loadStart.join(' ')}`);
  log(
    `bench: parts ${[...options.parts].join(', ')}${options.quick ? ' (--quick)' : ''}${options.modeName ? `, server mode ${options.modeName}` : ''}`,
  );

  const fresh = {};
  const stamp = (part) => ({ ...part, measuredAt: undefined, quick: options.quick });
  try {
    if (options.parts.has('scaffold')) {
      fresh.scaffold = stamp(await benchScaffold({ repo, benchDir, ...options.scaffold, profile: options.profile, log }));
    }
    if (options.parts.has('servers')) {
      fresh.servers = stamp(
        await benchServers({
          repo,
          benchDir,
          runId,
          scratchRoot,
          frameworks: options.frameworks,
          options: options.servers,
          layers: options.layers,
          profile: options.profile,
          keep: options.keep,
          baseline: options.baseline,
          mode: options.mode,
          log,
        }),
      );
    }
    if (options.parts.has('footprint')) {
      const frameworks = options.frameworks ?? options.footprint.frameworks ?? frameworksWithTemplates(repo);
      fresh.footprint = stamp(
        await benchFootprint({ repo, benchDir, frameworks, peers: options.footprint.peers, keep: options.keep, log }),
      );
    }
    if (options.parts.has('features')) {
      fresh.features = stamp(
        await benchFeatures({
          repo,
          benchDir,
          runId,
          scratchRoot,
          frameworks: options.frameworks,
          options: options.features,
          keep: options.keep,
          log,
        }),
      );
    }
  } finally {
    if (!options.keep) fs.rmSync(scratchRoot, { recursive: true, force: true });
  }

  const finishedAt = new Date().toISOString();
  for (const part of Object.values(fresh)) part.measuredAt = finishedAt;
  const resultsDir = path.join(benchDir, 'results');
  fs.mkdirSync(resultsDir, { recursive: true });
  if (fresh.features) {
    // Its own file: latest.json and BENCHMARKS.md hold the default parts.
    const { features, ...measured } = fresh;
    const results = { startedAt, finishedAt, quick: options.quick, argv, machine, noise: { loadStart, loadEnd: loadAverage() }, features };
    const featuresFile = path.join(resultsDir, 'features.json');
    fs.writeFileSync(featuresFile, `${JSON.stringify(results, null, 2)}\n`);
    log(`\n${renderFeaturesMarkdown(results)}`);
    log(`bench: wrote ${path.relative(repo, featuresFile)}`);
    if (Object.keys(measured).length === 0) return 0;
  }
  if (options.modeName !== undefined) {
    // Another server mode: its own results file; latest.json and BENCHMARKS.md stay the default mode's.
    const others = noiseSamples.map((s) => s.otherCores).filter((v) => typeof v === 'number');
    const results = {
      startedAt,
      finishedAt,
      quick: options.quick,
      argv,
      machine,
      noise: { loadStart, loadEnd: loadAverage(), otherCoresMedian: others.length ? median(others) : undefined },
      servers: fresh.servers,
    };
    const modeFile = path.join(resultsDir, `servers-${options.modeName}.json`);
    fs.writeFileSync(modeFile, `${JSON.stringify(results, null, 2)}\n`);
    log(`\n${renderServersMarkdown(results)}`);
    log(`bench: wrote ${path.relative(repo, modeFile)} (BENCHMARKS.md holds the default mode)`);
    return 0;
  }
  const latestFile = path.join(resultsDir, 'latest.json');
  const previous = readPrevious(latestFile);
  const others = noiseSamples.map((s) => s.otherCores).filter((v) => typeof v === 'number');
  const results = {
    startedAt,
    finishedAt,
    quick: options.quick,
    argv,
    machine,
    noise: {
      loadStart,
      loadEnd: loadAverage(),
      otherCoresMedian: others.length ? median(others) : previous?.noise?.otherCoresMedian,
      otherCoresMax: others.length ? Math.max(...others) : previous?.noise?.otherCoresMax,
      stealCoresMax: Math.max(0, ...noiseSamples.map((s) => s.stealCores ?? 0)),
    },
    // Parts not run this time keep their last figures, each with its own measuredAt.
    scaffold: fresh.scaffold ?? previous?.scaffold,
    servers: fresh.servers ?? previous?.servers,
    footprint: fresh.footprint ?? previous?.footprint,
  };
  fs.writeFileSync(latestFile, `${JSON.stringify(results, null, 2)}\n`);
  fs.writeFileSync(path.join(resultsDir, `${runId}.json`), `${JSON.stringify(results, null, 2)}\n`);
  const markdown = renderMarkdown(results);
  fs.writeFileSync(path.join(repo, 'BENCHMARKS.md'), markdown);
  log(`\n${markdown}`);
  log(`bench: wrote ${path.relative(repo, latestFile)} and BENCHMARKS.md`);
  return 0;
}
