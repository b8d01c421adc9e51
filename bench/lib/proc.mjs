// Child processes of the bench. Every child runs in its own process group so that
// stopping it also stops whatever it started; all of them are stopped when the bench
// ends, fails or is interrupted.

import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';

const live = new Set();

/** The environment for children: no npm_* variables from `npm run bench`, so tools see a plain shell. */
export function cleanEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) || key === 'INIT_CWD') continue;
    env[key] = value;
  }
  return { ...env, NO_COLOR: '1', FORCE_COLOR: '0', ...extra };
}

function killGroup(child, signal) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/**
 * Starts a child in a new process group. Output is kept (last `keep` bytes of each
 * stream) unless stdio is given. Returns the ChildProcess with `done`, a promise of
 * { code, signal, stdout, stderr, ms }.
 */
export function start(command, args, { cwd, env = cleanEnv(), stdio, keep = 64 * 1024, input } = {}) {
  const started = process.hrtime.bigint();
  const child = spawn(command, args, {
    cwd,
    env,
    detached: true,
    stdio: stdio ?? [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  live.add(child);
  let stdout = '';
  let stderr = '';
  const tail = (text, chunk) => {
    const next = text + chunk;
    return next.length > keep ? next.slice(next.length - keep) : next;
  };
  child.stdout?.setEncoding('utf8').on('data', (chunk) => (stdout = tail(stdout, chunk)));
  child.stderr?.setEncoding('utf8').on('data', (chunk) => (stderr = tail(stderr, chunk)));
  if (input !== undefined) child.stdin.end(input);
  child.done = new Promise((resolve) => {
    child.on('error', (error) => {
      live.delete(child);
      resolve({ code: -1, signal: null, stdout, stderr: `${stderr}${error.message}`, ms: elapsedMs(started) });
    });
    child.on('close', (code, signal) => {
      live.delete(child);
      resolve({ code, signal, stdout, stderr, ms: elapsedMs(started) });
    });
  });
  return child;
}

function elapsedMs(startedNs) {
  return Number(process.hrtime.bigint() - startedNs) / 1e6;
}

/** Runs a command to completion; a timeout stops its whole process group. */
export async function run(command, args, options = {}) {
  const { timeoutMs = 10 * 60_000 } = options;
  const child = start(command, args, options);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child, 'SIGKILL');
  }, timeoutMs);
  const result = await child.done;
  clearTimeout(timer);
  return { ...result, timedOut };
}

/** SIGTERM to the group, then SIGKILL after graceMs. Resolves when the child has exited. */
export async function stop(child, graceMs = 5_000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return child?.done;
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
  const result = await child.done;
  clearTimeout(timer);
  return result;
}

const scratch = new Set();
/** A folder to delete if the bench is interrupted before its own cleanup runs. */
export function removeOnExit(dir) {
  scratch.add(dir);
  return () => scratch.delete(dir);
}

export function stopAllNow() {
  for (const child of live) killGroup(child, 'SIGKILL');
  live.clear();
  for (const dir of scratch) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // best effort
    }
  }
  scratch.clear();
}

let installed = false;
/** Stops every child on exit, Ctrl-C, SIGTERM or a crash. */
export function stopChildrenOnExit() {
  if (installed) return;
  installed = true;
  process.on('exit', stopAllNow);
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ]) {
    process.on(signal, () => {
      process.stderr.write(`\nbench: ${signal}, stopping ${live.size} child process(es)\n`);
      stopAllNow();
      process.exit(code);
    });
  }
}

/** CPU time (user + system) of a live process, in microseconds, from /proc. */
export function processCpuUs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[11] is utime, fields[12] stime (fields 14 and 15 of proc(5)), in clock ticks.
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/**
 * CPU time of every thread of a live process, in microseconds: user and system time
 * (clock ticks) and run time (schedstat, to the nanosecond), with the thread's name
 * ('main' for the main thread; libuv's pool and V8's workers by name).
 */
export function threadCpuUs(pid) {
  const out = new Map();
  let tids;
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return undefined;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const user = (Number(fields[11]) * 1e6) / CLOCK_TICKS;
      const system = (Number(fields[12]) * 1e6) / CLOCK_TICKS;
      // schedstat counts run time in ns (user + system), where stat counts 10 ms ticks
      const runNs = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      const run = Number.isFinite(runNs) ? runNs / 1e3 : user + system;
      out.set(tid, { name: tid === String(pid) ? 'main' : name.replace(/\d+$/, '').trim(), user, system, run });
    } catch {
      // the thread ended
    }
  }
  return out;
}

/** All run time of a threadCpuUs snapshot, in µs. */
export function totalRunUs(threads) {
  let total = 0;
  for (const thread of threads?.values() ?? []) total += thread.run;
  return total;
}

/** Per-group CPU between two threadCpuUs snapshots: main user, main system (ticks), and each other thread name (run time). */
export function threadCpuDelta(before, after) {
  if (!before || !after) return undefined;
  const groups = {};
  const add = (key, us) => (groups[key] = (groups[key] ?? 0) + us);
  for (const [tid, now] of after) {
    const then = before.get(tid) ?? { user: 0, system: 0, run: 0 };
    if (now.name === 'main') {
      add('main thread, user', now.user - then.user);
      add('main thread, system', now.system - then.system);
    } else add(`thread ${now.name}`, now.run - then.run);
  }
  return groups;
}

/** Resident memory of a live process, in bytes. */
export function processRssBytes(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Resident memory of a live process now (VmRSS) and at its peak so far (VmHWM), in bytes. */
export function processMemoryBytes(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kB = (name) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1]) * 1024;
    const rss = kB('VmRSS');
    const hwm = kB('VmHWM');
    return Number.isFinite(rss) && Number.isFinite(hwm) ? { rss, hwm } : undefined;
  } catch {
    return undefined;
  }
}

/** Busy and total CPU time of the whole machine, in microseconds, from /proc/stat. */
export function machineCpuUs() {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    const busy = user + nice + system + irq + softirq;
    const total = busy + idle + iowait + steal;
    return { busyUs: (busy * 1e6) / CLOCK_TICKS, totalUs: (total * 1e6) / CLOCK_TICKS, stealUs: (steal * 1e6) / CLOCK_TICKS };
  } catch {
    return undefined;
  }
}

// USER_HZ is 100 on every Linux this runs on; getconf is asked once in case it is not.
let CLOCK_TICKS = 100;
export async function detectClockTicks() {
  const result = await run('getconf', ['CLK_TCK'], { timeoutMs: 5_000 }).catch(() => undefined);
  const ticks = Number(result?.stdout?.trim());
  if (Number.isFinite(ticks) && ticks > 0) CLOCK_TICKS = ticks;
}
