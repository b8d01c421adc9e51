// PERF-2's feature clauses, on one generated project per framework with `--graphql
// --uploads` (JWT, SQLite, seeded like the servers part):
// - GraphQL: the list query against `GET /v1/notes?limit=20` on the SAME server, with the
//   same token and data, in alternating slices;
// - uploads: a 4 MiB multipart upload to the generated route (scanner off) against a bare
//   node:http server streaming the same bytes to disk (servers/upload-bare.mjs), alternating;
// - memory: 10 concurrent 40 MiB uploads refused with 413 by a fresh generated server, its
//   resident memory sampled from /proc.

import fs from 'node:fs';
import path from 'node:path';
import { cleanEnv, processMemoryBytes, start, stop } from './proc.mjs';
import { BOUNDARY, multipartType, pngUploadBody } from './multipart.mjs';
import {
  checkServer,
  compare,
  DEFAULT_MODE,
  freePort,
  frameworksWithTemplates,
  measureTargets,
  ORIGIN,
  pinServer,
  prepareFramework,
  ROUTES,
  runLoadGenerator,
  setUpPinning,
  startServer,
  summarizeSamples,
  tail,
  tokenFor,
  waitHealthy,
} from './servers.mjs';
import { summary } from './stats.mjs';

const MIB = 2 ** 20;
/** The GraphQL twin of `GET /v1/notes?limit=20` (templates/features/graphql: `notes(limit, cursor)` returns the REST page). */
export const GRAPHQL_LIST_QUERY = '{ notes(limit: 20) { data { id title } nextCursor } }';
const LIST_ROUTE = ROUTES.find((route) => route.id === 'list');
const GRAPHQL_ROUTE = {
  id: 'graphql',
  label: 'POST /graphql notes(limit: 20) (auth)',
  method: 'POST',
  path: '/graphql',
  auth: true,
  body: JSON.stringify({ query: GRAPHQL_LIST_QUERY }),
};
/** UPLOAD_MAX_BYTES of every generated server here: the 4 MiB file fits, the 40 MiB ones do not. */
const UPLOAD_LIMIT = '5mb';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const exited = (server) => server.child.exitCode !== null || server.child.signalCode !== null;

async function failIfExited(servers) {
  for (const server of servers) {
    if (!exited(server)) continue;
    const result = await server.child.done;
    throw new Error(`${server.key} exited (${result.code ?? result.signal}): ${tail(result.stderr) || 'nothing on stderr'}`);
  }
}

/**
 * Alternating rounds of `targetsOf()` (re-read each round, after `beforeRound`), after one
 * untimed warm-up: every target's samples by key, each with its round.
 */
async function alternate({ targetsOf, servers, settings, benchDir, beforeRound, afterBlock, log, tag }) {
  const { rounds, durationS, warmupS, sliceMs, connections } = settings;
  const warm = targetsOf();
  log(`  ${tag} warm-up: ${warm.length} targets x ${warmupS} s, alternating`);
  await measureTargets(warm, { connections, durationS: warmupS, sliceMs }, benchDir);
  await afterBlock?.();
  await failIfExited(servers);
  const samples = new Map(warm.map((target) => [target.key, []]));
  for (let round = 0; round < rounds; round++) {
    await beforeRound?.();
    const measured = await measureTargets(targetsOf(), { connections, durationS, sliceMs }, benchDir);
    const extra = (await afterBlock?.()) ?? {};
    await failIfExited(servers);
    for (const [key, sample] of measured) {
      Object.assign(sample, { round }, extra[key]);
      samples.get(key).push(sample);
      const shown =
        sample.error ??
        sample.invalid ??
        `${Math.round(sample.rps)} req/s, p99 ${sample.p99?.toFixed(2)} ms, ${sample.cpuUsPerRequest?.toFixed(0)} us CPU/req`;
      log(`  round ${round + 1}/${rounds} ${tag} ${key.padEnd(24)} ${shown}`);
    }
  }
  return samples;
}

/** One request of the GraphQL list: 200, twenty notes with a title, a next cursor, no errors; and 401 without the token. */
async function checkGraphql(server) {
  const response = await fetch(server.url + GRAPHQL_ROUTE.path, {
    method: 'POST',
    headers: { origin: ORIGIN, authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    body: GRAPHQL_ROUTE.body,
  });
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const page = body?.data?.notes;
  const ok =
    response.status === 200 &&
    body?.errors === undefined &&
    Array.isArray(page?.data) &&
    page.data.length === 20 &&
    typeof page.data[0]?.title === 'string' &&
    typeof page.nextCursor === 'string';
  if (!ok) throw new Error(`${GRAPHQL_ROUTE.label}: ${response.status} ${text.slice(0, 300)}`);
  const anonymous = await fetch(server.url + GRAPHQL_ROUTE.path, {
    method: 'POST',
    headers: { origin: ORIGIN, 'content-type': 'application/json' },
    body: GRAPHQL_ROUTE.body,
  });
  await anonymous.arrayBuffer();
  if (anonymous.status !== 401) throw new Error(`${GRAPHQL_ROUTE.label} without a token: ${anonymous.status} instead of 401`);
  return { bodyBytes: Buffer.byteLength(text) };
}

/** GraphQL list against REST list on one generated server. */
async function graphqlVersusRest({ context, settings, log }) {
  const server = await startServer({ key: `${context.framework}-graphql`, kind: 'generated', role: 'generated', verifies: true }, context);
  try {
    server.token = await tokenFor(server, context);
    const rest = (await checkServer(server, [LIST_ROUTE])).list;
    const graphql = await checkGraphql(server);
    const routeTarget = (key, route) => ({
      key,
      pid: server.pid,
      url: server.url + route.path,
      method: route.method,
      headers: { origin: ORIGIN, authorization: `Bearer ${server.token}`, ...(route.body ? { 'content-type': 'application/json' } : {}) },
      body: route.body,
    });
    log(`features/${context.framework}: GraphQL and REST list on one server, ${settings.rounds} rounds x 2 x ${settings.durationS} s`);
    const samples = await alternate({
      targetsOf: () => [routeTarget('rest', LIST_ROUTE), routeTarget('graphql', GRAPHQL_ROUTE)],
      servers: [server],
      settings,
      benchDir: context.benchDir,
      beforeRound: async () => {
        server.token = await tokenFor(server, context);
      },
      log,
      tag: 'graphql',
    });
    return {
      query: GRAPHQL_LIST_QUERY,
      rest: { label: LIST_ROUTE.label, bodyBytes: rest.bodyBytes, ...summarizeSamples(samples.get('rest')) },
      graphql: { label: GRAPHQL_ROUTE.label, bodyBytes: graphql.bodyBytes, ...summarizeSamples(samples.get('graphql')) },
      graphqlVsRest: compare(samples.get('graphql'), samples.get('rest')),
    };
  } finally {
    await stop(server.child);
  }
}

/** Starts servers/upload-bare.mjs on a free port (pinned like the others), writing into `dir`. */
async function startUploadBare({ context, dir }) {
  fs.mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const child = start(process.execPath, [path.join(context.benchDir, 'servers', 'upload-bare.mjs')], {
    cwd: context.benchDir,
    env: cleanEnv({ NODE_ENV: 'production', PORT: String(port), UPLOAD_DIR: dir }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const server = { key: 'bare', role: 'bare', port, url: `http://127.0.0.1:${port}`, child, pid: child.pid, uploadDir: dir };
  try {
    await waitHealthy(server);
    await pinServer(child.pid);
  } catch (error) {
    await stop(child);
    throw error;
  }
  return server;
}

/** Deletes every file in an upload folder (nothing is being written between blocks); resolves with how many. */
function emptyFolder(dir) {
  let removed = 0;
  for (const name of fs.readdirSync(dir)) {
    fs.rmSync(path.join(dir, name), { force: true });
    removed++;
  }
  return removed;
}

/** One upload before measuring: 201, and the generated server's metadata names a PNG of the file's size. */
async function checkUpload(server, upload) {
  const response = await fetch(`${server.url}/v1/uploads`, {
    method: 'POST',
    headers: { origin: ORIGIN, 'content-type': multipartType(), ...(server.token ? { authorization: `Bearer ${server.token}` } : {}) },
    body: upload.body,
  });
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const ok =
    response.status === 201 &&
    (server.role === 'bare' ? body?.size === upload.body.length : body?.mediaType === 'image/png' && body?.size === upload.fileBytes);
  if (!ok) throw new Error(`${server.key}: POST /v1/uploads: ${response.status} ${text.slice(0, 300)}`);
}

/** With their MB/s: requests per second times the body's bytes. */
function withMegabytes(samples, bodyBytes) {
  const list = samples.map((sample) => ({ ...sample, mbPerS: sample.rps === undefined ? undefined : (sample.rps * bodyBytes) / 1e6 }));
  const valid = list.filter((sample) => !sample.error && !sample.invalid);
  return { ...summarizeSamples(list), mbPerS: summary(valid.map((sample) => sample.mbPerS)) };
}

/** The generated upload route against the bare disk writer, alternating, the files deleted after every block. */
async function uploadsVersusBare({ context, settings, uploadRoot, log }) {
  const upload = pngUploadBody(settings.uploadMiB * MIB);
  const bodyFile = path.join(context.scratch, 'upload-body.bin');
  fs.writeFileSync(bodyFile, upload.body);
  const started = [];
  try {
    const generated = await startServer(
      { key: `${context.framework}-uploads`, kind: 'generated', role: 'generated', verifies: true },
      context,
    );
    generated.uploadDir = path.join(uploadRoot, generated.key);
    started.push(generated);
    const bare = await startUploadBare({ context, dir: path.join(uploadRoot, 'bare') });
    started.push(bare);
    generated.token = await tokenFor(generated, context);
    for (const server of started) {
      await checkUpload(server, upload);
      emptyFolder(server.uploadDir);
    }
    const target = (server) => ({
      key: server.role,
      pid: server.pid,
      url: `${server.url}/v1/uploads`,
      method: 'POST',
      headers: {
        origin: ORIGIN,
        'content-type': multipartType(),
        ...(server.token ? { authorization: `Bearer ${server.token}` } : {}),
      },
      bodyFile,
    });
    log(
      `features/${context.framework}: ${settings.uploadMiB} MiB uploads, generated and bare, ${settings.rounds} rounds x 2 x ${settings.durationS} s`,
    );
    const samples = await alternate({
      targetsOf: () => started.map(target),
      servers: started,
      settings: { ...settings, sliceMs: settings.uploadSliceMs },
      benchDir: context.benchDir,
      beforeRound: async () => {
        generated.token = await tokenFor(generated, context);
      },
      // what a block stored is deleted before the next, so the disk holds one block's files at most
      afterBlock: async () => Object.fromEntries(started.map((server) => [server.role, { filesStored: emptyFolder(server.uploadDir) }])),
      log,
      tag: 'upload',
    });
    return {
      fileBytes: upload.fileBytes,
      bodyBytes: upload.body.length,
      generated: withMegabytes(samples.get('generated'), upload.body.length),
      bare: withMegabytes(samples.get('bare'), upload.body.length),
      generatedVsBare: compare(samples.get('generated'), samples.get('bare')),
      filesStored: Object.fromEntries(
        [...samples].map(([key, list]) => [key, list.reduce((n, sample) => n + (sample.filesStored ?? 0), 0)]),
      ),
      requests: Object.fromEntries([...samples].map(([key, list]) => [key, list.reduce((n, sample) => n + (sample.requests ?? 0), 0)])),
    };
  } finally {
    await Promise.all(started.map((server) => stop(server.child)));
    fs.rmSync(bodyFile, { force: true });
  }
}

/**
 * A fresh generated server, idle, then `flood.uploads` concurrent uploads of `flood.mib` MiB
 * over its limit: its resident memory sampled every 10 ms until the refused bodies are
 * drained, the statuses, and what is left in its upload folder.
 */
async function uploadMemory({ context, settings, uploadRoot, log }) {
  const { uploads, mib } = settings.flood;
  const server = await startServer({ key: `${context.framework}-flood`, kind: 'generated', role: 'generated', verifies: true }, context);
  const uploadDir = path.join(uploadRoot, server.key);
  try {
    server.token = await tokenFor(server, context);
    await sleep(1_000);
    const idle = processMemoryBytes(server.pid);
    if (idle === undefined) throw new Error(`no /proc/${server.pid}/status to read`);
    let peak = idle.rss;
    const sample = () => {
      const now = processMemoryBytes(server.pid);
      if (now !== undefined) peak = Math.max(peak, now.rss);
    };
    const timer = setInterval(sample, 10);
    log(`features/${context.framework}: ${uploads} concurrent ${mib} MiB uploads over UPLOAD_MAX_BYTES=${UPLOAD_LIMIT}`);
    let flood;
    try {
      flood = await runLoadGenerator(
        'upload-flood.mjs',
        {
          url: `${server.url}/v1/uploads`,
          headers: { origin: ORIGIN, authorization: `Bearer ${server.token}`, 'content-type': multipartType() },
          uploads,
          bytes: mib * MIB,
          boundary: BOUNDARY,
        },
        120_000,
        context.benchDir,
      );
      // the server discards what is still arriving for up to a second before it cuts the connection
      await sleep(1_500);
    } finally {
      clearInterval(timer);
    }
    sample();
    await failIfExited([server]);
    if (flood.error) throw new Error(flood.error);
    const after = processMemoryBytes(server.pid);
    const statuses = {};
    for (const upload of flood.load.uploads) {
      const outcome = String(upload.status ?? upload.error);
      statuses[outcome] = (statuses[outcome] ?? 0) + 1;
    }
    const sent = flood.load.uploads.map((upload) => upload.sentBytes / MIB);
    const result = {
      uploads,
      mib,
      limit: UPLOAD_LIMIT,
      statuses,
      refused: flood.load.uploads.every((upload) => upload.status === 413 || ['ECONNRESET', 'EPIPE'].includes(upload.error)),
      sentMiB: summary(sent),
      ms: flood.load.ms,
      idleRssMiB: idle.rss / MIB,
      peakRssMiB: peak / MIB,
      growthMiB: (peak - idle.rss) / MIB,
      hwmMiB: after.hwm / MIB,
      hwmGrowthMiB: (after.hwm - idle.rss) / MIB,
      filesLeft: fs.existsSync(uploadDir) ? fs.readdirSync(uploadDir).length : 0,
    };
    log(
      `  idle ${result.idleRssMiB.toFixed(1)} MiB, peak ${result.peakRssMiB.toFixed(1)} MiB (+${result.growthMiB.toFixed(1)}), answers ${JSON.stringify(statuses)}, ${result.filesLeft} files left`,
    );
    return result;
  } finally {
    await stop(server.child);
  }
}

/** Each section on its own: one that fails is reported as unavailable, the others still run. */
async function section(name, log, fn) {
  try {
    return await fn();
  } catch (error) {
    log(`  ${name} unavailable: ${error.message}`);
    return { unavailable: error.message };
  }
}

/**
 * The features part: per framework, a generated `--graphql --uploads` project (built and
 * seeded once), GraphQL against REST on one server, uploads against the bare disk writer,
 * and the memory of refused uploads. Every server is stopped and every file removed after.
 */
export async function benchFeatures({ repo, benchDir, runId, scratchRoot, frameworks, options, keep, log }) {
  const available = frameworksWithTemplates(repo);
  const pinned = await setUpPinning(options.pin, log);
  const result = {
    frameworks: {},
    settings: { ...options, pinning: pinned, graphqlQuery: GRAPHQL_LIST_QUERY, uploadLimit: UPLOAD_LIMIT, origin: ORIGIN },
  };
  for (const framework of frameworks ?? available) {
    if (!available.includes(framework)) {
      result.frameworks[framework] = { unavailable: `templates/http/${framework}/src/http/adapter.ts does not exist` };
      continue;
    }
    const uploadRoot = path.join(scratchRoot, `features-${framework}-uploads`);
    const context = await prepareFramework({
      repo,
      benchDir,
      framework,
      runId,
      scratchRoot,
      keep,
      log,
      mode: DEFAULT_MODE,
      name: `features-${framework}`,
      label: `features/${framework}`,
      extraArgs: ['--graphql', '--uploads'],
      // scanner off the way production allows it; each server its own folder under the run's scratch
      extraEnv: (serverKey) => ({ UPLOAD_DIR: path.join(uploadRoot, serverKey), UPLOAD_SCAN: 'off', UPLOAD_MAX_BYTES: UPLOAD_LIMIT }),
    });
    try {
      if (context.unavailable) {
        log(`features/${framework}: unavailable: ${context.unavailable}`);
        result.frameworks[framework] = { unavailable: context.unavailable };
        continue;
      }
      result.frameworks[framework] = {
        buildMs: context.buildMs,
        graphql: await section('graphql', log, () => graphqlVersusRest({ context, settings: options, log })),
        uploads: await section('uploads', log, () => uploadsVersusBare({ context, settings: options, uploadRoot, log })),
        memory: await section('memory', log, () => uploadMemory({ context, settings: options, uploadRoot, log })),
      };
    } finally {
      await context.auth?.close();
      await context.databases?.dropAll();
      fs.rmSync(uploadRoot, { recursive: true, force: true });
      if (!keep) fs.rmSync(context.projectDir, { recursive: true, force: true });
    }
  }
  return result;
}
