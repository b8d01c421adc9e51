// PERF-2: generated servers against a bare server and a hand-hardened reference of the
// same framework, plus the Fastify layer breakdown and CPU profiles of generated servers.

import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SignJWT } from 'jose';
import { authStyle } from './credentials.mjs';
import { openDatabases } from './databases.mjs';
import {
  cleanEnv,
  machineCpuUs,
  processCpuUs,
  processRssBytes,
  removeOnExit,
  run,
  start,
  stop,
  threadCpuDelta,
  threadCpuUs,
} from './proc.mjs';
import { defaultCategory, packageOf, summarizeProfile } from './profile.mjs';
import { redisStore } from './redis.mjs';
import { median, ratio, summary } from './stats.mjs';

export const FRAMEWORKS = ['fastify', 'express', 'hono'];
/** Other processes' CPU use during every load run, for the noise note of the report. */
export const noiseSamples = [];
export const RESOURCE = 'notes:title:string,body:text?';
const SEED_NOTES = 200;
export const ORIGIN = 'https://app.example.com';
const ISSUER = 'bench-api';
/** The default server mode: what BENCHMARKS.md reports. */
export const DEFAULT_MODE = Object.freeze({ auth: 'jwt', db: 'sqlite', rateLimitStore: 'memory' });
const BENCH_NOTE_TITLE = 'Benchmark note';
const POST_BODY = JSON.stringify({ title: BENCH_NOTE_TITLE, body: 'Written under load' });

export const ROUTES = [
  { id: 'health', label: 'GET /health', method: 'GET', path: '/health', auth: false, status: 200 },
  { id: 'list', label: 'GET /v1/notes?limit=20 (auth)', method: 'GET', path: '/v1/notes?limit=20', auth: true, status: 200 },
  { id: 'create', label: 'POST /v1/notes (auth, validated)', method: 'POST', path: '/v1/notes', auth: true, status: 201, body: POST_BODY },
];

/** Fastify variants of the layer breakdown: bare plus one layer each (see servers/fastify-layers.mjs). */
export const LAYER_VARIANTS = [
  { id: 'nodb', label: 'bare without the database read/write', verifies: false },
  { id: 'helmet', label: '+ @fastify/helmet', verifies: false },
  { id: 'headers', label: '+ header set from one sync hook', verifies: false },
  { id: 'cors', label: '+ @fastify/cors', verifies: false },
  { id: 'ratelimit', label: '+ @fastify/rate-limit', verifies: false },
  { id: 'jose', label: '+ jose jwtVerify (secret as bytes)', verifies: true },
  { id: 'jose-key', label: '+ jose jwtVerify (CryptoKey once)', verifies: true },
  { id: 'hmac', label: '+ HS256 with node:crypto', verifies: true },
  { id: 'zod', label: '+ zod strict query/body', verifies: false },
  { id: 'schema', label: '+ response schema', verifies: false },
  { id: 'log', label: '+ pino line per response', verifies: false },
];

export function frameworksWithTemplates(repo) {
  return FRAMEWORKS.filter((fw) => fs.existsSync(path.join(repo, 'templates', 'http', fw, 'src', 'http', 'adapter.ts')));
}

export const freePort = () =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * With two or more CPUs and util-linux's taskset, every server under test runs on CPU 0
 * (all its threads) and the load generator on CPU 1, so a server never shares its core
 * with the load it answers and the scheduler cannot move either between rounds.
 */
const pinning = { enabled: false, server: '0', load: '1' };

export async function setUpPinning(wanted, log) {
  pinning.enabled = false;
  if (!wanted) return { enabled: false, reason: 'turned off (--no-pin)' };
  if ((os.availableParallelism?.() ?? os.cpus().length) < 2) return { enabled: false, reason: 'fewer than 2 CPUs' };
  const probe = await run('taskset', ['-c', pinning.server, 'true'], { timeoutMs: 10_000 });
  if (probe.code !== 0) {
    log(`  CPU pinning unavailable (taskset: ${tail(probe.stderr) || `exit ${probe.code}`}): servers and load share the CPUs`);
    return { enabled: false, reason: 'taskset unavailable' };
  }
  pinning.enabled = true;
  return { enabled: true, serverCpu: Number(pinning.server), loadCpu: Number(pinning.load) };
}

/** Moves every thread of a started server onto the server CPU. */
export async function pinServer(pid) {
  if (!pinning.enabled) return;
  const result = await run('taskset', ['-a', '-p', '-c', pinning.server, String(pid)], { timeoutMs: 10_000 });
  if (result.code !== 0) throw new Error(`taskset could not pin pid ${pid}: ${tail(result.stderr)}`);
}

export function tail(text, lines = 6) {
  return String(text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(-lines)
    .join(' | ')
    .slice(0, 600);
}

/**
 * Generates a project with the built CLI (of this checkout, or of a baseline's), as a user
 * would; `extraArgs` adds flags such as `--graphql`.
 */
export async function generateProject({
  repo,
  framework,
  dir,
  cli = path.join(repo, 'dist', 'cli.js'),
  mode = DEFAULT_MODE,
  extraArgs = [],
}) {
  // only what differs from the default, so a baseline CLI without these flags builds the default
  const modeArgs = [
    ...(mode.auth === DEFAULT_MODE.auth ? [] : ['--auth', mode.auth]),
    ...(mode.db === DEFAULT_MODE.db ? [] : ['--db', mode.db]),
    ...(mode.rateLimitStore === DEFAULT_MODE.rateLimitStore ? [] : ['--rate-limit-store', mode.rateLimitStore]),
  ];
  const args = [dir, '--yes', '--no-install', '--no-git', '--framework', framework, '--resource', RESOURCE, ...modeArgs, ...extraArgs];
  const result = await run(process.execPath, [cli, ...args], { cwd: path.dirname(dir), timeoutMs: 120_000 });
  if (result.code !== 0) throw new Error(`create-secure-api failed (exit ${result.code}): ${tail(result.stderr || result.stdout)}`);
}

async function buildProject(dir) {
  const result = await run('npm', ['run', 'build'], { cwd: dir, timeoutMs: 300_000 });
  if (result.code !== 0) throw new Error(`npm run build failed: ${tail(result.stdout + result.stderr, 8)}`);
  if (!fs.existsSync(path.join(dir, 'dist', 'server.js'))) throw new Error('npm run build wrote no dist/server.js');
  return result.ms;
}

/** A generated server's environment: `modeEnv` holds its auth style's and store's variables. */
function generatedEnv({ port, databaseUrl, modeEnv, profileOut }) {
  return cleanEnv({
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    ...modeEnv,
    CORS_ORIGINS: ORIGIN,
    // Computed on every request, never reached: 1,000,000 per 10 s per key.
    RATE_LIMIT_MAX: '1000000',
    RATE_LIMIT_WINDOW: '10s',
    PRINCIPAL_RATE_LIMIT_MAX: '1000000',
    PRINCIPAL_RATE_LIMIT_WINDOW: '10s',
    AUTH_RATE_LIMIT_MAX: '1000000',
    LOG_LEVEL: 'info',
    ...(profileOut ? { BENCH_PROFILE_OUT: profileOut } : {}),
  });
}

function benchServerEnv({ port, database, secrets, ownerId, layers }) {
  return cleanEnv({
    NODE_ENV: 'production',
    PORT: String(port),
    ...database.benchEnv,
    OWNER_ID: ownerId,
    JWT_SECRET: secrets.access,
    JWT_ISSUER: ISSUER,
    JWT_AUDIENCE: ISSUER,
    CORS_ORIGINS: ORIGIN,
    RATE_LIMIT_MAX: '1000000000',
    ...(layers !== undefined ? { LAYERS: layers } : {}),
  });
}

export async function waitHealthy(server, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      const result = await server.child.done;
      throw new Error(`exited (${result.code ?? result.signal}) before answering: ${tail(result.stderr)}`);
    }
    try {
      const response = await fetch(`${server.url}/health`, { signal: AbortSignal.timeout(1_000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`no answer on /health within ${timeoutMs / 1000} s`);
}

/** Starts one server (generated, bare, reference or layer variant) on a free port and waits for /health. */
export async function startServer(spec, context) {
  const port = await freePort();
  const database = await context.databases.copy(spec.key);
  const profileOut = spec.profile ? path.join(context.scratch, `${spec.key}-profile`) : undefined;
  let child;
  if (spec.kind === 'generated') {
    const nodeArgs = profileOut ? [`--import=${pathToFileURL(path.join(context.benchDir, 'lib', 'profile-hook.mjs')).href}`] : [];
    child = start(process.execPath, [...nodeArgs, 'dist/server.js'], {
      cwd: spec.projectDir ?? context.projectDir,
      env: generatedEnv({ port, databaseUrl: database.url, modeEnv: context.modeEnv(spec.key), profileOut }),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  } else {
    const nodeArgs = profileOut ? [`--import=${pathToFileURL(path.join(context.benchDir, 'lib', 'profile-hook.mjs')).href}`] : [];
    child = start(process.execPath, [...nodeArgs, path.join(context.benchDir, 'servers', spec.script)], {
      cwd: context.benchDir,
      env: {
        ...benchServerEnv({ port, database, secrets: context.secrets, ownerId: context.ownerId, layers: spec.layers }),
        ...(profileOut ? { BENCH_PROFILE_OUT: profileOut } : {}),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  }
  const server = { ...spec, port, url: `http://127.0.0.1:${port}`, child, pid: child.pid, database, profileOut };
  try {
    await waitHealthy(server);
    await pinServer(child.pid);
  } catch (error) {
    await stop(child);
    throw error;
  }
  return server;
}

async function json(response) {
  const text = await response.text();
  try {
    return { text, body: JSON.parse(text) };
  } catch {
    return { text, body: undefined };
  }
}

/**
 * The credential of a server: its auth style's for a generated server (a login over HTTP
 * with JWT), an access token signed with jose for the others.
 */
export async function tokenFor(server, context) {
  if (server.kind === 'generated') return context.auth.forServer(server.url, { origin: ORIGIN });
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(context.ownerId)
    .setIssuer(ISSUER)
    .setAudience(ISSUER)
    .setIssuedAt()
    .setJti(randomBytes(8).toString('hex'))
    .setExpirationTime('2h')
    .sign(new TextEncoder().encode(context.secrets.access));
}

/** The headers of a route's requests: Origin, the bearer token where auth applies, the body's type (JSON unless the route names one). */
export function requestHeaders(route, token) {
  const headers = { origin: ORIGIN };
  if (route.auth) headers.authorization = `Bearer ${token}`;
  if (route.body || route.bodyFile) headers['content-type'] = route.contentType ?? 'application/json';
  return headers;
}

/** One request per route before measuring: right status, right JSON shape, and 401 without a token where auth applies. */
export async function checkServer(server, routes) {
  const facts = {};
  for (const route of routes) {
    const response = await fetch(server.url + route.path, {
      method: route.method,
      headers: requestHeaders(route, server.token),
      body: route.body,
    });
    const { body, text } = await json(response);
    if (response.status !== route.status)
      throw new Error(`${route.label}: ${response.status} instead of ${route.status}: ${text.slice(0, 200)}`);
    const shapeOk =
      route.id === 'health'
        ? body?.status === 'ok'
        : route.id === 'list'
          ? Array.isArray(body?.data) &&
            body.data.length === 20 &&
            typeof body.nextCursor === 'string' &&
            typeof body.data[0]?.title === 'string'
          : typeof body?.id === 'string' && body.title === 'Benchmark note';
    if (!shapeOk) throw new Error(`${route.label}: unexpected body ${text.slice(0, 200)}`);
    if (route.auth && server.verifies) {
      const anonymous = await fetch(server.url + route.path, {
        method: route.method,
        headers: requestHeaders({ ...route, auth: false }),
        body: route.body,
      });
      await anonymous.arrayBuffer();
      if (anonymous.status !== 401) throw new Error(`${route.label} without a token: ${anonymous.status} instead of 401`);
    }
    const headerNames = [...response.headers.keys()];
    facts[route.id] = {
      headers: headerNames.length,
      headerBytes: [...response.headers].reduce((n, [k, v]) => n + k.length + v.length + 4, 0),
      bodyBytes: Buffer.byteLength(text),
    };
  }
  return facts;
}

/**
 * Runs one of the load generators (`lib/<script>`) in its own process, on the load CPU
 * when pinned. Resolves with its last stdout line parsed as JSON, or `{ error }`.
 */
export async function runLoadGenerator(script, options, timeoutMs, benchDir) {
  const loadArgs = [path.join(benchDir, 'lib', script), JSON.stringify(options)];
  const result = await run(
    pinning.enabled ? 'taskset' : process.execPath,
    pinning.enabled ? ['-c', pinning.load, process.execPath, ...loadArgs] : loadArgs,
    {
      cwd: benchDir,
      timeoutMs,
    },
  );
  try {
    return { load: JSON.parse(result.stdout.trim().split('\n').pop()) };
  } catch {
    return { error: `load generator failed (exit ${result.code}): ${tail(result.stderr)}` };
  }
}

/** One autocannon run from a separate process, with the server's CPU time and the machine's other load. */
async function measure(server, route, { connections, durationS }, benchDir) {
  const options = {
    url: server.url + route.path,
    method: route.method,
    headers: requestHeaders(route, server.token),
    body: route.body,
    connections,
    durationS,
  };
  const threads0 = threadCpuUs(server.pid);
  const cpu0 = processCpuUs(server.pid);
  const machine0 = machineCpuUs();
  const t0 = process.hrtime.bigint();
  const { load, error } = await runLoadGenerator('load.mjs', options, (durationS + 60) * 1000, benchDir);
  const wallUs = Number(process.hrtime.bigint() - t0) / 1e3;
  const cpu1 = processCpuUs(server.pid);
  const machine1 = machineCpuUs();
  const threads = threadCpuDelta(threads0, threadCpuUs(server.pid));
  if (error) return { error };
  const serverCpuUs = cpu0 !== undefined && cpu1 !== undefined ? cpu1 - cpu0 : undefined;
  const otherUs =
    machine0 && machine1 && serverCpuUs !== undefined ? machine1.busyUs - machine0.busyUs - serverCpuUs - load.loadCpuUs : undefined;
  const bad = load.non2xx + load.errors + load.timeouts;
  const stealCores = machine0 && machine1 ? (machine1.stealUs - machine0.stealUs) / wallUs : undefined;
  const otherCores = otherUs !== undefined ? Math.max(0, otherUs / wallUs) : undefined;
  noiseSamples.push({ otherCores, stealCores });
  return {
    rps: load.rps,
    requests: load.requests,
    p50: load.latencyMs.p50,
    p99: load.latencyMs.p99,
    max: load.latencyMs.max,
    cpuUsPerRequest: serverCpuUs !== undefined && load.requests > 0 ? serverCpuUs / load.requests : undefined,
    threadsUsPerRequest:
      threads && load.requests > 0 ? Object.fromEntries(Object.entries(threads).map(([k, v]) => [k, v / load.requests])) : undefined,
    serverCores: serverCpuUs !== undefined ? serverCpuUs / wallUs : undefined,
    otherCores,
    stealCores,
    rssMiB: (processRssBytes(server.pid) ?? 0) / 2 ** 20,
    invalid:
      bad > 0 ? `${load.non2xx} non-2xx ${JSON.stringify(load.statusCodes)}, ${load.errors} errors, ${load.timeouts} timeouts` : undefined,
  };
}

/**
 * Every server loaded in turn, in short slices (see alternate.mjs), for `durationS` seconds
 * each: the servers of one block share the same seconds of the machine, so a change of the
 * machine's speed between two measurements cannot favour one of them. Returns one sample
 * per server, in the shape `measure` returns.
 */
function measureBlock(servers, route, { connections, durationS, sliceMs }, benchDir) {
  const targets = servers.map((server) => ({
    key: server.key,
    pid: server.pid,
    url: server.url + route.path,
    method: route.method,
    headers: requestHeaders(route, server.token),
    body: route.body,
  }));
  return measureTargets(targets, { connections, durationS, sliceMs }, benchDir);
}

/**
 * Loads the targets (alternate.mjs: `{ key, pid, url, method, headers, body | bodyFile }`,
 * several of them may be one server) in alternating slices, `durationS` seconds each.
 * Resolves with a Map from each target's key to its sample, in the shape `measure` returns.
 */
export async function measureTargets(targets, { connections, durationS, sliceMs }, benchDir) {
  const options = { targets, connections, durationS, sliceMs };
  const { load, error } = await runLoadGenerator('alternate.mjs', options, (durationS * targets.length + 120) * 1000, benchDir);
  if (error) return new Map(targets.map((target) => [target.key, { error }]));
  const samples = new Map();
  for (const target of targets) {
    const t = load.targets[target.key];
    const otherUs = t.machineBusyUs - t.serverRunUs - t.loadCpuUs;
    const otherCores = Math.max(0, otherUs / t.wallUs);
    const stealCores = t.stealUs / t.wallUs;
    noiseSamples.push({ otherCores, stealCores });
    const bad = t.non2xx + t.errors + t.timeouts;
    samples.set(target.key, {
      rps: t.rps,
      requests: t.requests,
      p50: t.latencyMs.p50,
      p99: t.latencyMs.p99,
      max: t.latencyMs.max,
      cpuUsPerRequest: t.requests > 0 ? t.serverRunUs / t.requests : undefined,
      // CPU the server used during the other servers' slices, per request of its own
      outsideCpuUsPerRequest: t.requests > 0 && t.outsideRunUs !== undefined ? t.outsideRunUs / t.requests : undefined,
      threadsUsPerRequest: t.requests > 0 ? Object.fromEntries(Object.entries(t.threads).map(([k, v]) => [k, v / t.requests])) : undefined,
      serverCores: t.serverRunUs / t.wallUs,
      otherCores,
      stealCores,
      slices: t.slices.length,
      rssMiB: (processRssBytes(target.pid) ?? 0) / 2 ** 20,
      invalid: bad > 0 ? `${t.non2xx} non-2xx ${JSON.stringify(t.statusCodes)}, ${t.errors} errors, ${t.timeouts} timeouts` : undefined,
    });
  }
  return samples;
}

/**
 * Deletes the notes a POST load wrote, from the server's own database, so every list
 * measurement reads the same table: a faster server would otherwise grow its table more and
 * list from a bigger index. Resolves with the number deleted.
 */
function removeBenchNotes(server) {
  return server.database.removeNotes(BENCH_NOTE_TITLE);
}

const exited = (server) => server.child.exitCode !== null || server.child.signalCode !== null;

async function deathNote(server, what) {
  if (!exited(server)) return what;
  const result = await server.child.done;
  return `${what} (exit ${result.code ?? result.signal}): ${tail(result.stderr) || 'nothing on stderr'}`;
}

/**
 * Runs every route on every server for `rounds` rounds, after one untimed warm-up per
 * route. In each round and route, the servers are loaded in alternating slices of
 * `sliceMs` (measureBlock), `durationS` seconds each in all.
 */
async function runInterleaved({ servers, routes, rounds, durationS, warmupS, connections, sliceMs, context, log, refreshTokens }) {
  const samples = new Map();
  const key = (server, route) => `${server.key}|${route.id}`;
  for (const server of servers) for (const route of routes) samples.set(key(server, route), []);
  log(`  warm-up: ${servers.length} servers x ${routes.length} routes x ${warmupS} s, alternating`);
  const live = () => servers.filter((s) => !s.dead);
  /** Cleans up after a block: notes written by a POST load, and servers that died. */
  const afterBlock = async (route, block, measured, what) => {
    for (const server of block) {
      const sample = measured.get(server.key);
      if (route.body) sample.removedRows = await removeBenchNotes(server);
      if (exited(server)) {
        server.dead = await deathNote(server, what);
        sample.error = server.dead;
        log(`  ${server.key}: ${server.dead}`);
      }
    }
  };
  for (const route of routes) {
    const block = live();
    if (block.length === 0) break;
    const measured = await measureBlock(block, route, { connections, durationS: warmupS, sliceMs }, context.benchDir);
    await afterBlock(route, block, measured, `the server exited during the warm-up of ${route.label}`);
  }
  for (let r = 0; r < rounds; r++) {
    if (refreshTokens) {
      for (const server of live()) {
        try {
          server.token = await tokenFor(server, context);
        } catch (error) {
          server.dead = await deathNote(server, `no token: ${error.message}`);
        }
      }
    }
    for (const route of routes) {
      const block = live();
      for (const server of servers.filter((s) => s.dead)) samples.get(key(server, route)).push({ round: r, error: server.dead });
      if (block.length === 0) continue;
      const measured = await measureBlock(block, route, { connections, durationS, sliceMs }, context.benchDir);
      await afterBlock(route, block, measured, 'the server exited under load');
      for (const server of block) {
        const sample = measured.get(server.key);
        sample.round = r;
        samples.get(key(server, route)).push(sample);
        const shown =
          sample.error ??
          sample.invalid ??
          `${Math.round(sample.rps)} req/s, p99 ${sample.p99?.toFixed(2)} ms, ${sample.cpuUsPerRequest?.toFixed(0)} us CPU/req, other load ${sample.otherCores?.toFixed(2)} cores`;
        log(`  round ${r + 1}/${rounds} ${route.id.padEnd(6)} ${server.key.padEnd(22)} ${shown}`);
      }
    }
  }
  return samples;
}

/** Median, spread and problems of one server's samples of one route, round by round. */
export function summarizeSamples(list) {
  const valid = list.filter((s) => !s.error && !s.invalid);
  return {
    rounds: list.length,
    invalid: list.length - valid.length,
    problems: [...new Set(list.map((s) => s.error ?? s.invalid).filter(Boolean))],
    rps: summary(valid.map((s) => s.rps)),
    p50Ms: summary(valid.map((s) => s.p50)),
    p99Ms: summary(valid.map((s) => s.p99)),
    cpuUsPerRequest: summary(valid.map((s) => s.cpuUsPerRequest)),
    outsideCpuUsPerRequest: summary(valid.map((s) => s.outsideCpuUsPerRequest).filter((v) => v !== undefined)),
    otherCores: summary(valid.map((s) => s.otherCores)),
    rssMiB: Math.max(0, ...valid.map((s) => s.rssMiB ?? 0)),
    threadsUsPerRequest: medianByKey(valid.map((s) => s.threadsUsPerRequest).filter(Boolean)),
    perRound: list.map((s) => ({
      round: s.round,
      rps: s.rps,
      p99: s.p99,
      cpuUsPerRequest: s.cpuUsPerRequest,
      otherCores: s.otherCores,
      problem: s.error ?? s.invalid,
    })),
  };
}

function medianByKey(records) {
  const keys = new Set(records.flatMap((r) => Object.keys(r)));
  return Object.fromEntries([...keys].map((k) => [k, median(records.map((r) => r[k] ?? 0))]));
}

/** Subject against base, round by round (each pair measured minutes apart at most). */
export function compare(subjectSamples, baseSamples) {
  const rounds = new Map();
  for (const s of subjectSamples) if (!s.error && !s.invalid) rounds.set(s.round, { subject: s });
  for (const b of baseSamples) if (!b.error && !b.invalid && rounds.has(b.round)) rounds.get(b.round).base = b;
  const pairs = [...rounds.values()].filter((p) => p.base);
  if (pairs.length === 0) return undefined;
  const rpsRatios = pairs.map((p) => ratio(p.subject.rps, p.base.rps));
  return {
    pairs: pairs.length,
    throughput: summary(rpsRatios),
    p99: summary(pairs.map((p) => ratio(p.subject.p99, p.base.p99))),
    // base CPU per request over subject CPU per request: the throughput ratio a saturated core would give
    cpuEfficiency: summary(pairs.map((p) => ratio(p.base.cpuUsPerRequest, p.subject.cpuUsPerRequest))),
    addedCpuUsPerRequest: summary(pairs.map((p) => p.subject.cpuUsPerRequest - p.base.cpuUsPerRequest)),
  };
}

/**
 * Seeds the seed database through a generated server: its user (and credential) the way its
 * auth style makes them, then SEED_NOTES notes over HTTP. The bare servers act as the notes'
 * owner, read back from the database.
 */
async function seedDatabase({ context, log }) {
  const port = await freePort();
  const env = generatedEnv({ port, databaseUrl: context.databases.seed.url, modeEnv: context.modeEnv('seed') });
  const child = start(process.execPath, ['dist/server.js'], { cwd: context.projectDir, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const server = { url: `http://127.0.0.1:${port}`, child };
  try {
    await waitHealthy(server);
    const credential = await context.auth.seed({ url: server.url, projectDir: context.projectDir, env });
    for (let i = 0; i < SEED_NOTES; i++) {
      const response = await fetch(`${server.url}/v1/notes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
        body: JSON.stringify({ title: `Note ${i + 1}`, body: i % 3 === 0 ? null : `Body of note ${i + 1}. `.repeat(1 + (i % 4)) }),
      });
      const { text } = await json(response);
      if (response.status !== 201) throw new Error(`seeding note ${i + 1}: ${response.status} ${text.slice(0, 200)}`);
    }
  } finally {
    await stop(child, 15_000);
  }
  context.ownerId = await context.databases.ownerOfNotes();
  if (typeof context.ownerId !== 'string') throw new Error('the seeded notes have no owner');
  log(`  seeded ${SEED_NOTES} notes for user ${context.ownerId} through the generated API`);
}

/**
 * The CLI of another commit, for before/after comparisons in one run: a detached git
 * worktree under .tmp/ sharing this checkout's node_modules, built with its own
 * `npm run build`. Returns the path of its dist/cli.js.
 */
export async function buildBaselineCli({ repo, ref, runId, keep, log }) {
  const dir = path.join(repo, '.tmp', `bench-baseline-${runId}`);
  if (!keep) removeOnExit(dir);
  log(`servers: baseline ${ref}: git worktree in ${path.relative(repo, dir)}`);
  const added = await run('git', ['worktree', 'add', '--detach', dir, ref], { cwd: repo, timeoutMs: 60_000 });
  if (added.code !== 0) throw new Error(`git worktree add ${ref} failed: ${tail(added.stderr)}`);
  if (!keep) process.on('exit', () => spawnSync('git', ['worktree', 'prune'], { cwd: repo }));
  fs.symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const built = await run('npm', ['run', 'build'], { cwd: dir, timeoutMs: 300_000 });
  if (built.code !== 0) throw new Error(`baseline ${ref}: npm run build failed: ${tail(built.stdout + built.stderr, 8)}`);
  return path.join(dir, 'dist', 'cli.js');
}

/**
 * Generates, builds and seeds one framework's project. Returns a context, or { unavailable }.
 * `name` tells the project's folder apart from another part's, `label` its log lines; `extraArgs` are more flags of
 * the CLI and `extraEnv(serverKey)` more variables of every generated server, the seeding one too.
 */
export async function prepareFramework({
  repo,
  benchDir,
  framework,
  runId,
  scratchRoot,
  keep,
  log,
  baselineCli,
  mode,
  redis,
  name = framework,
  label = `servers/${framework}`,
  extraArgs = [],
  extraEnv = () => ({}),
}) {
  const projectDir = path.join(repo, '.tmp', `bench-${name}-${runId}`);
  const scratch = path.join(scratchRoot, name);
  fs.mkdirSync(scratch, { recursive: true });
  fs.mkdirSync(path.dirname(projectDir), { recursive: true });
  if (!keep) removeOnExit(projectDir);
  const context = { framework, repo, benchDir, projectDir, scratch, mode };
  try {
    context.auth = await authStyle(mode.auth);
    context.secrets = context.auth.secrets;
    context.databases = await openDatabases(mode.db, scratch);
    // every generated server counts under a Redis key prefix of its own, as it has a database of its own
    context.modeEnv = (serverKey) => ({
      ...context.auth.env,
      ...(redis ? redis.env(`${framework}-${serverKey}`) : {}),
      ...extraEnv(serverKey),
    });
    log(`${label}: generating ${path.relative(repo, projectDir)}`);
    await generateProject({ repo, framework, dir: projectDir, mode, extraArgs });
    log(`${label}: npm run build`);
    context.buildMs = await buildProject(projectDir);
    if (baselineCli !== undefined) {
      context.baselineDir = path.join(repo, '.tmp', `bench-${framework}-before-${runId}`);
      if (!keep) removeOnExit(context.baselineDir);
      log(`servers/${framework}: generating and building the baseline's project`);
      await generateProject({ repo, framework, dir: context.baselineDir, cli: baselineCli, mode });
      await buildProject(context.baselineDir);
    }
    await seedDatabase({ context, log });
    return context;
  } catch (error) {
    return { ...context, unavailable: error.message };
  }
}

function groupServers(framework, baselineDir) {
  return [
    { key: `${framework}-generated`, kind: 'generated', role: 'generated', verifies: true },
    ...(baselineDir === undefined
      ? []
      : [{ key: `${framework}-before`, kind: 'generated', role: 'before', projectDir: baselineDir, verifies: true }]),
    { key: `${framework}-bare`, kind: 'bench', role: 'bare', script: `${framework}-bare.mjs`, verifies: false },
    { key: `${framework}-hardened`, kind: 'bench', role: 'hardened', script: `${framework}-hardened.mjs`, verifies: true },
  ];
}

async function startAll(specs, context, routes, log) {
  const started = [];
  const unavailable = [];
  for (const spec of specs) {
    let server;
    try {
      server = await startServer(spec, context);
      server.token = await tokenFor(server, context);
      server.facts = await checkServer(server, routes);
      started.push(server);
    } catch (error) {
      if (server) await stop(server.child);
      unavailable.push({ server: spec.key, reason: error.message });
      log(`  ${spec.key} unavailable: ${error.message}`);
    }
  }
  return { started, unavailable };
}

async function frameworkGroup({ context, options, log }) {
  const { framework } = context;
  const specs = groupServers(framework, context.baselineDir);
  const { started, unavailable } = await startAll(specs, context, ROUTES, log);
  try {
    if (started.length === 0) return { unavailable };
    log(
      `servers/${framework}: ${options.rounds} rounds x ${started.length} servers x ${ROUTES.length} routes x ${options.durationS} s, ${options.connections} connections`,
    );
    const samples = await runInterleaved({
      servers: started,
      routes: ROUTES,
      rounds: options.rounds,
      durationS: options.durationS,
      warmupS: options.warmupS,
      connections: options.connections,
      sliceMs: options.sliceMs,
      context,
      log,
      refreshTokens: true,
    });
    const byRole = Object.fromEntries(started.map((s) => [s.role, s]));
    const routes = {};
    for (const route of ROUTES) {
      const entry = { label: route.label, servers: {} };
      for (const server of started) {
        entry.servers[server.role] = { ...summarizeSamples(samples.get(`${server.key}|${route.id}`)), response: server.facts[route.id] };
      }
      const subject = byRole.generated && samples.get(`${byRole.generated.key}|${route.id}`);
      if (subject && byRole.bare) entry.generatedVsBare = compare(subject, samples.get(`${byRole.bare.key}|${route.id}`));
      if (subject && byRole.hardened) entry.generatedVsHardened = compare(subject, samples.get(`${byRole.hardened.key}|${route.id}`));
      if (byRole.before && byRole.bare)
        entry.beforeVsBare = compare(samples.get(`${byRole.before.key}|${route.id}`), samples.get(`${byRole.bare.key}|${route.id}`));
      if (subject && byRole.before) entry.generatedVsBefore = compare(subject, samples.get(`${byRole.before.key}|${route.id}`));
      if (byRole.hardened && byRole.bare)
        entry.hardenedVsBare = compare(samples.get(`${byRole.hardened.key}|${route.id}`), samples.get(`${byRole.bare.key}|${route.id}`));
      routes[route.id] = entry;
    }
    return { unavailable, routes };
  } finally {
    await Promise.all(started.map((s) => stop(s.child)));
  }
}

async function layerBreakdown({ context, options, log }) {
  const routes = ROUTES.filter((r) => r.id !== 'health');
  const specs = [
    { key: 'bare', kind: 'bench', script: 'fastify-layers.mjs', layers: '', label: 'bare Fastify + better-sqlite3', verifies: false },
    ...LAYER_VARIANTS.map((v) => ({
      key: v.id,
      kind: 'bench',
      script: 'fastify-layers.mjs',
      layers: v.id,
      label: v.label,
      verifies: v.verifies,
    })),
    {
      key: 'hardened',
      kind: 'bench',
      script: 'fastify-hardened.mjs',
      label: 'hand-hardened reference (all of the usual layers)',
      verifies: true,
    },
    { key: 'generated', kind: 'generated', label: 'generated server', verifies: true },
  ];
  const { started, unavailable } = await startAll(specs, context, routes, log);
  try {
    const bare = started.find((s) => s.key === 'bare');
    if (!bare) return { unavailable };
    log(
      `layers/fastify: ${options.layerRounds} rounds x ${started.length} servers x ${routes.length} routes x ${options.layerDurationS} s`,
    );
    const samples = await runInterleaved({
      servers: started,
      routes,
      rounds: options.layerRounds,
      durationS: options.layerDurationS,
      warmupS: Math.min(options.warmupS, 5),
      connections: options.connections,
      sliceMs: options.sliceMs,
      context,
      log,
      refreshTokens: true,
    });
    const result = { unavailable, routes: {} };
    for (const route of routes) {
      const base = samples.get(`bare|${route.id}`);
      const baseCpu = median(base.filter((s) => !s.error && !s.invalid).map((s) => s.cpuUsPerRequest));
      const rows = started.map((server) => {
        const own = samples.get(`${server.key}|${route.id}`);
        const s = summarizeSamples(own);
        const vs = server.key === 'bare' ? undefined : compare(own, base);
        return {
          variant: server.key,
          label: server.label,
          rps: s.rps.median,
          p99Ms: s.p99Ms.median,
          cpuUsPerRequest: s.cpuUsPerRequest.median,
          addedCpuUsPerRequest: server.key === 'bare' ? 0 : vs?.addedCpuUsPerRequest.median,
          throughputVsBare: server.key === 'bare' ? 1 : vs?.throughput.median,
          invalid: s.invalid,
          problems: s.problems,
        };
      });
      const bareCpu = summary(base.filter((s) => !s.error && !s.invalid).map((s) => s.cpuUsPerRequest));
      result.routes[route.id] = {
        label: route.label,
        bareCpuUsPerRequest: baseCpu,
        bareCpuSpread: bareCpu.n > 1 ? { min: bareCpu.min, max: bareCpu.max } : undefined,
        rows,
      };
    }
    return result;
  } finally {
    await Promise.all(started.map((s) => stop(s.child)));
  }
}

/** Which part of a generated project a frame belongs to, by its file in dist/ (nearest app frame wins). */
function generatedLayer(frame, distDir) {
  const url = frame.url ?? '';
  const file = url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
  if (file.includes('/bench/servers/')) {
    if (file.endsWith('/shared.mjs')) return 'database';
    if (file.endsWith('/reference.mjs'))
      return /verify/i.test(frame.functionName)
        ? 'token verification'
        : /log/i.test(frame.functionName)
          ? 'request log (pino)'
          : 'validation (zod)';
    return 'route handlers';
  }
  if (!file.startsWith(distDir)) return undefined;
  const rel = path.relative(distDir, file).split(path.sep).join('/');
  const rules = [
    [/security-headers|http\/security\.js$/, 'security hook (headers, CORS, IP limit glue)'],
    [/(^|\/)cors\.js$/, 'CORS'],
    [/rate-limit/, 'rate limits'],
    [/auth\/jwt\/(tokens|service)|auth\/api-key\/(service|store|format|scopes)|auth\/oidc\/|principal/, 'token verification'],
    [/core\/execute\.js$/, 'operation pipeline (guards, parsing)'],
    [/validation|pagination|\/schema\.js$/, 'validation (zod)'],
    [/owned-repository|cursor/, 'repository (SQL mapping, cursor)'],
    [/(^|\/)db\/|sqlite|database/, 'database'],
    [/request-log|logger/, 'request log (pino)'],
    [/problem|errors/, 'errors'],
    [/http\/body\.js$|core\/json|query/, 'body/query parsing'],
    // The output writer is serialization; the framework's send it hands the text to is glue,
    // so Node's writing of the response is not counted as serialization.
    [/core\/output\.js$/, 'response serialization'],
    [/core\/resource\.js$|system-operations|resources\//, 'operation handlers'],
    [/http\/adapter\.js$|client-address|listener|node-server|services\.js$|app\.js$|server\.js$/, 'framework glue'],
  ];
  for (const [pattern, layer] of rules) if (pattern.test(rel)) return layer;
  return `app: ${rel}`;
}

const PACKAGE_LAYERS = [
  [/^(@fastify\/helmet|helmet)$/, 'security headers (helmet)'],
  [/^(@fastify\/cors|cors)$/, 'CORS'],
  [/^(@fastify\/rate-limit|express-rate-limit|hono-rate-limiter)$/, 'rate limits'],
  [/^jose$/, 'token verification'],
  [/^@hono\/zod-validator$/, 'validation (zod)'],
  [
    /^(pino|sonic-boom|thread-stream|fast-redact|@pinojs\/.*|on-exit-leak-free|atomic-sleep|quick-format-unescaped|safe-stable-stringify)$/,
    'request log (pino)',
  ],
  [/^zod$/, 'validation (zod)'],
  [/^(better-sqlite3|pg|pg-.*|pgpass|postgres-.*|buffer-writer|packet-reader)$/, 'database'],
  [/^(ioredis|@ioredis\/.*|redis-errors|redis-parser|cluster-key-slot|denque|standard-as-callback)$/, 'rate limits'],
  [
    /^(fastify|@fastify\/.*|find-my-way|avvio|fast-json-stringify|light-my-request|fast-querystring|secure-json-parse|toad-cache|abstract-logging|process-warning|rfdc|fast-uri|ajv|json-schema-ref-resolver)$/,
    'framework (Fastify)',
  ],
  [
    /^(express|router|body-parser|raw-body|finalhandler|send|serve-static|type-is|content-type|qs|on-finished|depd|path-to-regexp|iconv-lite|mime-types|media-typer|accepts|negotiator|cookie|vary|statuses|debug|parseurl|encodeurl|escape-html|fresh|etag|range-parser|setprototypeof|http-errors)$/,
    'framework (Express)',
  ],
  [/^(hono|@hono\/node-server)$/, 'framework (Hono)'],
];

/** Layers that claim what they call: the generated code by file, and the libraries of the log, validation and database. */
function profileLayer(frame, distDir) {
  const pkg = packageOf(frame.url ?? '');
  if (pkg) {
    for (const [pattern, layer] of PACKAGE_LAYERS) if (pattern.test(pkg) && !layer.startsWith('framework')) return layer;
    return undefined;
  }
  return generatedLayer(frame, distDir);
}

const WEAK_LAYERS = new Set(['route handlers', 'framework glue']);

function profileLabel(frame, category, distDir) {
  const name = frame.functionName || '(anonymous)';
  const url = frame.url ?? '';
  if (!url) return `${name} (native, in ${category})`;
  const file = url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
  const where = file.startsWith(distDir) ? `dist/${path.relative(distDir, file)}` : file.replace(/^.*\/node_modules\//, '');
  return `${name} ${where}:${frame.lineNumber + 1}`;
}

function profileCategory(frame, distDir) {
  const pkg = packageOf(frame.url ?? '');
  if (pkg) {
    for (const [pattern, layer] of PACKAGE_LAYERS) if (pattern.test(pkg)) return layer;
    return `pkg: ${pkg}`;
  }
  const cat = defaultCategory(frame, distDir);
  return cat.startsWith('app: ') || cat.includes('/bench/servers/') ? generatedLayer(frame, distDir) : cat;
}

/** CPU profile of one server under the list and create loads, attributed to layers. */
async function profileServer({ spec, context, options, log }) {
  const routes = ROUTES.filter((r) => r.id !== 'health');
  const server = await startServer({ ...spec, profile: true }, context);
  try {
    server.token = await tokenFor(server, context);
    await checkServer(server, routes);
    const distDir = path.join(context.projectDir, 'dist');
    const profiles = {};
    for (const [i, route] of routes.entries()) {
      await measure(server, route, { connections: options.connections, durationS: Math.min(options.warmupS, 2) }, context.benchDir);
      if (route.body) await removeBenchNotes(server);
      process.kill(server.pid, 'SIGUSR2');
      await waitForFile(`${server.profileOut}.${i}.started`, `${server.profileOut}.${i}.error`);
      const sample = await measure(server, route, { connections: options.connections, durationS: options.profileS }, context.benchDir);
      process.kill(server.pid, 'SIGUSR2');
      if (route.body) await removeBenchNotes(server);
      const file = await waitForFile(`${server.profileOut}.${i}.cpuprofile`, `${server.profileOut}.${i}.error`);
      const data = JSON.parse(fs.readFileSync(file, 'utf8'));
      const summaryOfProfile = summarizeProfile(data, {
        category: (frame) => profileCategory(frame, distDir),
        layerOf: (frame) => profileLayer(frame, distDir),
        weakLayers: WEAK_LAYERS,
        label: (frame, category) => profileLabel(frame, category, distDir),
        top: 25,
      });
      const requests = sample.requests ?? 0;
      const perRequest = (ms) => (requests > 0 ? (ms * 1000) / requests : undefined);
      profiles[route.id] = {
        label: route.label,
        requests,
        rps: sample.rps,
        otherCores: sample.otherCores,
        busyUsPerRequest: perRequest(summaryOfProfile.busyMs),
        byLayer: summaryOfProfile.byLayer.map((row) => ({ ...row, usPerRequest: perRequest(row.ms) })),
        byCategory: summaryOfProfile.byCategory,
        topFunctions: summaryOfProfile.topFunctions,
      };
      log(
        `  profiled ${spec.role} ${route.id}: ${requests} requests; top: ${summaryOfProfile.byLayer
          .slice(0, 4)
          .map((r) => `${r.name} ${r.share}%`)
          .join(', ')}`,
      );
    }
    return profiles;
  } finally {
    await stop(server.child);
  }
}

/** Generated minus bare, part by part, in µs of CPU per request. */
function profileDifference(generated, bare) {
  const parts = new Map();
  for (const row of generated.byLayer) parts.set(row.name, { part: row.name, generated: row.usPerRequest ?? 0, bare: 0 });
  for (const row of bare.byLayer) {
    const entry = parts.get(row.name) ?? { part: row.name, generated: 0, bare: 0 };
    entry.bare = row.usPerRequest ?? 0;
    parts.set(row.name, entry);
  }
  return [...parts.values()].map((p) => ({ ...p, added: p.generated - p.bare })).sort((a, b) => b.added - a.added);
}

async function profileFramework({ context, options, log }) {
  const [generatedSpec, bareSpec, hardenedSpec] = groupServers(context.framework);
  const generated = await profileServer({ spec: { ...generatedSpec, key: `${generatedSpec.key}-profiled` }, context, options, log });
  const others = {};
  for (const spec of [bareSpec, hardenedSpec]) {
    try {
      others[spec.role] = await profileServer({ spec: { ...spec, key: `${spec.key}-profiled` }, context, options, log });
    } catch (error) {
      log(`  ${spec.role} profile unavailable: ${error.message}`);
    }
  }
  const brief = (p) => (p ? { busyUsPerRequest: p.busyUsPerRequest, requests: p.requests, byLayer: p.byLayer } : undefined);
  const result = {};
  for (const [routeId, profile] of Object.entries(generated)) {
    const bare = others.bare?.[routeId];
    const hardened = others.hardened?.[routeId];
    const difference = bare ? profileDifference(profile, bare) : undefined;
    if (difference && hardened) {
      for (const row of difference) row.hardened = hardened.byLayer.find((r) => r.name === row.part)?.usPerRequest ?? 0;
      for (const row of hardened.byLayer) {
        if (!difference.some((d) => d.part === row.name))
          difference.push({ part: row.name, generated: 0, bare: 0, added: 0, hardened: row.usPerRequest ?? 0 });
      }
    }
    result[routeId] = { ...profile, bare: brief(bare), hardened: brief(hardened), differenceFromBare: difference };
  }
  return result;
}

async function waitForFile(file, errorFile, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (fs.existsSync(errorFile)) throw new Error(`profiler: ${fs.readFileSync(errorFile, 'utf8')}`);
    if (fs.existsSync(file)) {
      await sleep(50);
      return file;
    }
    await sleep(50);
  }
  throw new Error(`profiler wrote no ${path.basename(file)} within ${timeoutMs / 1000} s`);
}

export async function benchServers({
  repo,
  benchDir,
  runId,
  scratchRoot,
  frameworks,
  options,
  layers,
  profile,
  keep,
  baseline,
  log,
  mode = DEFAULT_MODE,
}) {
  const available = frameworksWithTemplates(repo);
  const baselineCli = baseline === undefined ? undefined : await buildBaselineCli({ repo, ref: baseline, runId, keep, log });
  const wanted = frameworks ?? available;
  const pinned = await setUpPinning(options.pin, log);
  const result = {
    frameworks: {},
    mode,
    settings: { ...options, baseline, pinning: pinned, seedNotes: SEED_NOTES, origin: ORIGIN, routes: ROUTES.map((r) => r.label) },
  };
  const contexts = [];
  const redis = mode.rateLimitStore === 'redis' ? await redisStore(runId) : undefined;
  try {
    for (const framework of wanted) {
      if (!available.includes(framework)) {
        result.frameworks[framework] = { unavailable: `templates/http/${framework}/src/http/adapter.ts does not exist` };
        continue;
      }
      const context = await prepareFramework({ repo, benchDir, framework, runId, scratchRoot, keep, log, baselineCli, mode, redis });
      contexts.push(context);
      if (context.unavailable) {
        log(`servers/${framework}: unavailable: ${context.unavailable}`);
        result.frameworks[framework] = { unavailable: context.unavailable };
      } else {
        result.frameworks[framework] = { buildMs: context.buildMs };
      }
    }
    for (const context of contexts.filter((c) => !c.unavailable)) {
      Object.assign(result.frameworks[context.framework], await frameworkGroup({ context, options, log }));
    }
    const fastify = contexts.find((c) => c.framework === 'fastify' && !c.unavailable);
    if (layers && fastify) {
      log('layers/fastify: bare Fastify plus one layer at a time');
      result.layers = await layerBreakdown({ context: fastify, options, log });
    }
    if (profile) {
      result.profiles = {};
      for (const context of contexts.filter((c) => !c.unavailable)) {
        log(`profile/${context.framework}: CPU profiles of the generated and the bare server under load`);
        try {
          result.profiles[context.framework] = await profileFramework({ context, options, log });
        } catch (error) {
          result.profiles[context.framework] = { error: error.message };
        }
      }
    }
    result.credential = contexts.find((c) => c.auth)?.auth.description;
    return result;
  } finally {
    for (const context of contexts) {
      await context.auth?.close();
      await context.databases?.dropAll();
    }
    await redis?.close();
    if (!keep) {
      for (const context of contexts) fs.rmSync(context.projectDir, { recursive: true, force: true });
    }
  }
}
