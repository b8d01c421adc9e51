// Summaries of V8 CPU profiles (.cpuprofile, from `node --cpu-prof`).

import fs from 'node:fs';
import path from 'node:path';

/** `node_modules/<name>` or `node_modules/@scope/name` of a script URL, if any. */
export function packageOf(url) {
  const at = url.lastIndexOf('/node_modules/');
  if (at === -1) return undefined;
  const parts = url.slice(at + '/node_modules/'.length).split('/');
  return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

/** What a frame is, for self-time totals: a package, node core, V8 bookkeeping or a file of the program. */
export function defaultCategory(callFrame, appRoot) {
  const { url, functionName } = callFrame;
  if (!url) {
    if (functionName === '(garbage collector)') return 'V8: garbage collector';
    if (functionName === '(program)') return 'V8: (program) compile, native, runtime';
    if (functionName === '(idle)') return '(idle)';
    if (functionName === '(root)') return '(root)';
    return `native: ${functionName || '(anonymous)'}`;
  }
  if (url.startsWith('node:')) {
    const name = url.slice(5).replace(/^internal\//, '');
    if (/^(http|_http|net|stream|streams|tls|url|events|buffer)/.test(name) || name.startsWith('internal/http'))
      return 'node: http/net/streams';
    if (/^(process\/task_queues|process\/promises|timers|async_hooks|promise)/.test(name)) return 'node: timers/async';
    if (/^(modules|vm|bootstrap|process)/.test(name) || name.startsWith('main/')) return 'node: module loading';
    if (/^(fs|fs\/)/.test(name)) return 'node: fs';
    if (/^(crypto|webcrypto)/.test(name)) return 'node: crypto';
    if (/^(timers|async_hooks|promise|event_target|abort)/.test(name)) return 'node: timers/async';
    return `node: ${name.split('/')[0]}`;
  }
  const pkg = packageOf(url);
  if (pkg) return `pkg: ${pkg}`;
  const file = url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
  if (appRoot && file.startsWith(appRoot)) return `app: ${path.relative(appRoot, file)}`;
  return `file: ${file}`;
}

function defaultLabel({ functionName, url, lineNumber }) {
  const where = url ? `${url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, '')}:${lineNumber + 1}` : '';
  return `${functionName || '(anonymous)'} ${where}`.trim();
}

const bundleMaps = new Map();
/**
 * Where a line of a bundle (tsup/esbuild output) comes from: esbuild starts each bundled
 * module with a `// <path>` comment, e.g. `// node_modules/handlebars/dist/cjs/handlebars/base.js`.
 */
export function bundleOrigin(file, line) {
  if (!bundleMaps.has(file)) {
    const marks = [];
    try {
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      for (let i = 0; i < lines.length; i++) {
        const match = /^\/\/ ((?:node_modules\/(?:@[^/\s]+\/)?[^/\s]+)|[a-z][\w-]*\/)[^\s]*\.[cm]?[jt]sx?$/.exec(lines[i]);
        if (match)
          marks.push({
            line: i,
            origin: match[1].startsWith('node_modules/') ? `pkg: ${match[1].slice(13)}` : `app: ${lines[i].slice(3)}`,
          });
      }
    } catch {
      // unreadable: no origins
    }
    bundleMaps.set(file, marks);
  }
  let origin;
  for (const mark of bundleMaps.get(file)) {
    if (mark.line > line) break;
    origin = mark.origin;
  }
  return origin;
}

export function readProfile(dir) {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')) : [];
  if (files.length === 0) return undefined;
  // The largest profile is the process that did the work (helpers may write their own).
  const sizes = files.map((f) => ({ f, size: fs.statSync(path.join(dir, f)).size })).sort((a, b) => b.size - a.size);
  return JSON.parse(fs.readFileSync(path.join(dir, sizes[0].f), 'utf8'));
}

/**
 * Self time by category and by function, and an attribution of every sample to the
 * nearest frame (from the leaf up) that `layerOf` names, else to the leaf's category.
 * Times in ms; idle time is reported apart and left out of the shares.
 */
export function summarizeProfile(
  profile,
  {
    category = (frame) => defaultCategory(frame),
    layerOf = () => undefined,
    weakLayers = new Set(),
    label = defaultLabel,
    top = 15,
    inclusive = false,
  } = {},
) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const deltas = profile.timeDeltas ?? [];
  const samples = profile.samples ?? [];
  const avg = deltas.length > 1 ? deltas.slice(1).reduce((a, b) => a + b, 0) / (deltas.length - 1) : 0;

  const categoryMemo = new Map();
  const layerMemo = new Map();
  // A native frame without a script (writev, a better-sqlite3 call…) belongs to whatever called it.
  const SPECIAL = new Set(['(garbage collector)', '(program)', '(idle)', '(root)']);
  const categoryOfNode = (node) => {
    if (!categoryMemo.has(node.id)) {
      let source = node;
      while (source && !source.callFrame.url && !SPECIAL.has(source.callFrame.functionName)) source = byId.get(parent.get(source.id));
      const named = source && source !== node && source.callFrame.url ? category(source.callFrame) : category(node.callFrame);
      categoryMemo.set(node.id, named);
    }
    return categoryMemo.get(node.id);
  };
  const layerOfNode = (node) => {
    if (!layerMemo.has(node.id)) {
      let current = node;
      let found;
      while (current !== undefined && found === undefined) {
        found = layerOf(current.callFrame);
        current = byId.get(parent.get(current.id));
      }
      layerMemo.set(node.id, found ?? null);
    }
    return layerMemo.get(node.id);
  };

  // Inclusive time: every sample counts once for each category and function on its stack.
  const stackMemo = new Map();
  const stackOf = (node) => {
    if (!stackMemo.has(node.id)) {
      const up = byId.get(parent.get(node.id));
      const below = up ? stackOf(up) : { categories: new Set(), functions: new Set() };
      const categories = new Set(below.categories);
      const functions = new Set(below.functions);
      if (node.callFrame.url) {
        categories.add(categoryOfNode(node));
        functions.add(label(node.callFrame, categoryOfNode(node)));
      }
      stackMemo.set(node.id, { categories, functions });
    }
    return stackMemo.get(node.id);
  };
  const inclusiveByCategory = new Map();
  const inclusiveByFunction = new Map();
  const selfByCategory = new Map();
  const selfByFunction = new Map();
  const byLayer = new Map();
  let idleUs = 0;
  let busyUs = 0;
  const add = (map, key, us) => map.set(key, (map.get(key) ?? 0) + us);
  for (let i = 0; i < samples.length; i++) {
    const node = byId.get(samples[i]);
    if (!node) continue;
    const us = i + 1 < deltas.length ? deltas[i + 1] : avg;
    const cat = categoryOfNode(node);
    if (cat === '(idle)') {
      idleUs += us;
      continue;
    }
    busyUs += us;
    add(selfByCategory, cat, us);
    if (inclusive) {
      const stack = stackOf(node);
      for (const c of stack.categories) add(inclusiveByCategory, c, us);
      for (const f of stack.functions) add(inclusiveByFunction, f, us);
    }
    add(selfByFunction, label(node.callFrame, cat), us);
    // A weak layer (a route handler, glue) does not claim the framework's or Node's work it triggers.
    const layer = layerOfNode(node);
    const infrastructure = /^(node|native|V8): |^framework /.test(cat);
    add(byLayer, layer === null || (weakLayers.has(layer) && infrastructure) ? cat : layer, us);
  }
  const rank = (map, limit) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, us]) => ({ name, ms: Math.round(us / 100) / 10, share: busyUs > 0 ? Math.round((us / busyUs) * 1000) / 10 : 0 }));
  return {
    busyMs: Math.round(busyUs / 100) / 10,
    idleMs: Math.round(idleUs / 100) / 10,
    byLayer: rank(byLayer, 40),
    byCategory: rank(selfByCategory, 25),
    topFunctions: rank(selfByFunction, top),
    ...(inclusive ? { inclusiveByCategory: rank(inclusiveByCategory, 25), inclusiveByFunction: rank(inclusiveByFunction, 60) } : {}),
  };
}
