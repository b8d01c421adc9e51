// The load generator of the server comparisons, in its own process (pinned to its own
// CPU by the bench). It loads several servers in turn, in short slices: A, B, C, A, B,
// C… (the order rotating every cycle), so every server is measured in the same seconds
// of the machine's life. Each slice keeps `connections` requests in flight on one server
// (closed loop, keep-alive, one request per connection at a time), then stops issuing
// and waits for the answers before the next server's slice starts. The server's CPU time
// of each slice is read from /proc around it.
//
// Usage: node alternate.mjs '<json>' with
//   { targets: [{ key, pid, url, method, headers, body | bodyFile }], connections, durationS, sliceMs }
// (`bodyFile`: a file whose bytes are the body, for bodies too large for the command line).
// Prints one JSON line: { targets: { <key>: totals }, slices }.

import { readFileSync } from 'node:fs';
import net from 'node:net';
import { machineCpuUs, threadCpuDelta, threadCpuUs, totalRunUs } from './proc.mjs';

const { targets, connections = 10, durationS = 4, sliceMs = 250, timeoutMs = 10_000 } = JSON.parse(process.argv[2]);

/** The request bytes, built once per target. */
function requestBytes({ url, method = 'GET', headers = {}, body, bodyFile }) {
  const { host, pathname, search } = new URL(url);
  const lines = [`${method} ${pathname}${search} HTTP/1.1`, `host: ${host}`];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  const payload = bodyFile !== undefined ? readFileSync(bodyFile) : body === undefined ? Buffer.alloc(0) : Buffer.from(body);
  if (body !== undefined || bodyFile !== undefined) lines.push(`content-length: ${payload.length}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), payload]);
}

const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * One keep-alive connection reading HTTP/1.1 responses: status line, headers, then a
 * body of `content-length` bytes or in chunks. Calls `onResponse(status)` per response.
 */
class Connection {
  constructor(port, onResponse, onFailure) {
    this.port = port;
    this.onResponse = onResponse;
    this.onFailure = onFailure;
    this.buffer = Buffer.alloc(0);
    this.ready = this.connect();
  }

  connect() {
    return new Promise((resolve, reject) => {
      this.socket = net.connect({ host: '127.0.0.1', port: this.port, noDelay: true });
      this.socket.once('connect', resolve);
      this.socket.once('error', reject);
      this.socket.on('data', (chunk) => this.receive(chunk));
      this.socket.on('error', (error) => this.onFailure(error));
      this.socket.on('close', () => {
        this.closed = true;
        if (this.waiting) this.onFailure(new Error('the server closed the connection'));
      });
    });
  }

  send(bytes) {
    this.waiting = true;
    this.socket.write(bytes);
  }

  receive(chunk) {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    while (this.buffer.length > 0) {
      const end = this.buffer.indexOf(HEADER_END);
      if (end === -1) return;
      const head = this.buffer.toString('latin1', 0, end);
      const status = Number(head.slice(9, 12));
      const lengthMatch = /\r\ncontent-length:\s*(\d+)/i.exec(head);
      let total;
      if (lengthMatch) {
        total = end + 4 + Number(lengthMatch[1]);
        if (this.buffer.length < total) return;
      } else if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
        total = this.chunkedEnd(end + 4);
        if (total === undefined) return;
      } else {
        total = end + 4;
      }
      this.buffer = this.buffer.subarray(total);
      this.waiting = false;
      this.onResponse(status);
    }
  }

  /** Where a chunked body ends, or undefined while it is incomplete. */
  chunkedEnd(offset) {
    let at = offset;
    for (;;) {
      const lineEnd = this.buffer.indexOf('\r\n', at);
      if (lineEnd === -1) return undefined;
      const size = Number.parseInt(this.buffer.toString('latin1', at, lineEnd), 16);
      if (size === 0) {
        // the last chunk, then optional trailers, then an empty line
        const trailerEnd = this.buffer.indexOf(HEADER_END, lineEnd);
        return trailerEnd === -1 ? undefined : trailerEnd + 4;
      }
      at = lineEnd + 2 + size + 2;
      if (this.buffer.length < at) return undefined;
    }
  }
}

function newTotals() {
  return {
    requests: 0,
    wallUs: 0,
    serverRunUs: 0,
    threads: {},
    statusCodes: {},
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    machineBusyUs: 0,
    stealUs: 0,
    loadCpuUs: 0,
    latencies: [],
    slices: [],
  };
}

/** One slice on one target: `connections` closed loops for `sliceMs`, then a drain. */
function runSlice(target, totals) {
  return new Promise((resolve) => {
    let issuing = true;
    let inFlight = 0;
    let requests = 0;
    const started = new Map();
    const finish = () => {
      clearTimeout(guard);
      resolve(requests);
    };
    const guard = setTimeout(() => {
      totals.timeouts += inFlight;
      for (const c of target.connections) if (c.waiting) c.socket.destroy();
      finish();
    }, sliceMs + timeoutMs);
    const issue = (connection) => {
      started.set(connection, process.hrtime.bigint());
      inFlight++;
      connection.send(target.bytes);
    };
    for (const connection of target.connections) {
      connection.onResponse = (status) => {
        const t0 = started.get(connection);
        totals.latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        totals.statusCodes[status] = (totals.statusCodes[status] ?? 0) + 1;
        if (status < 200 || status > 299) totals.non2xx++;
        requests++;
        inFlight--;
        if (issuing) issue(connection);
        else if (inFlight === 0) finish();
      };
      connection.onFailure = () => {
        totals.errors++;
        if (connection.waiting) {
          connection.waiting = false;
          inFlight--;
        }
        if (!issuing && inFlight === 0) finish();
      };
      issue(connection);
    }
    setTimeout(() => {
      issuing = false;
      if (inFlight === 0) finish();
    }, sliceMs);
  });
}

function percentile(sorted, p) {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const slicesPerTarget = Math.max(1, Math.round((durationS * 1000) / sliceMs));
const state = targets.map((t) => ({ ...t, bytes: requestBytes(t), port: Number(new URL(t.url).port), totals: newTotals() }));
for (const target of state) {
  target.connections = Array.from(
    { length: connections },
    () =>
      new Connection(
        target.port,
        () => {},
        () => {},
      ),
  );
  await Promise.all(target.connections.map((c) => c.ready));
}

for (const target of state) target.blockStartUs = totalRunUs(threadCpuUs(target.pid));

for (let cycle = 0; cycle < slicesPerTarget; cycle++) {
  for (let i = 0; i < state.length; i++) {
    const target = state[(i + cycle) % state.length];
    const { totals } = target;
    // A connection the server closed (it should not) is opened again before the slice.
    for (const [index, connection] of target.connections.entries()) {
      if (connection.closed) {
        target.connections[index] = new Connection(
          target.port,
          () => {},
          () => {},
        );
        await target.connections[index].ready;
      }
    }
    const threads0 = threadCpuUs(target.pid);
    const machine0 = machineCpuUs();
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const requests = await runSlice(target, totals);
    const wallUs = Number(process.hrtime.bigint() - t0) / 1e3;
    const cpu = process.cpuUsage(cpu0);
    const machine1 = machineCpuUs();
    const threads1 = threadCpuUs(target.pid);
    let runUs = 0;
    for (const [tid, now] of threads1 ?? []) runUs += now.run - (threads0?.get(tid)?.run ?? 0);
    for (const [group, us] of Object.entries(threadCpuDelta(threads0, threads1) ?? {}))
      totals.threads[group] = (totals.threads[group] ?? 0) + us;
    totals.requests += requests;
    totals.wallUs += wallUs;
    totals.serverRunUs += runUs;
    totals.machineBusyUs += machine1.busyUs - machine0.busyUs;
    totals.stealUs += machine1.stealUs - machine0.stealUs;
    totals.loadCpuUs += cpu.user + cpu.system;
    totals.slices.push({ cycle, requests, wallUs: Math.round(wallUs), serverRunUs: Math.round(runUs) });
  }
}

// CPU a server used while the others had their slices (timers, the collector's idle-time
// work): it is not in its figures, and it took time from the server loaded then.
for (const target of state)
  target.totals.outsideRunUs = totalRunUs(threadCpuUs(target.pid)) - target.blockStartUs - target.totals.serverRunUs;
for (const target of state) for (const c of target.connections) c.socket.destroy();

const out = {};
for (const target of state) {
  const { latencies, ...totals } = target.totals;
  const sorted = Float64Array.from(latencies).sort();
  out[target.key] = {
    ...totals,
    rps: totals.wallUs > 0 ? totals.requests / (totals.wallUs / 1e6) : 0,
    latencyMs: {
      p50: percentile(sorted, 50),
      p90: percentile(sorted, 90),
      p99: percentile(sorted, 99),
      max: sorted.length ? sorted[sorted.length - 1] : undefined,
    },
  };
}
process.stdout.write(`${JSON.stringify({ slicesPerTarget, sliceMs, targets: out })}\n`);
