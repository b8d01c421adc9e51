// One autocannon run, in its own process so the load generator never shares a thread
// with the bench or the server. Usage: node load.mjs '<json options>'; prints one JSON line.
import autocannon from 'autocannon';

const { url, method = 'GET', headers = {}, body, connections = 10, durationS = 5 } = JSON.parse(process.argv[2]);
const cpuBefore = process.cpuUsage();
const result = await autocannon({ url, method, headers, body, connections, duration: durationS, pipelining: 1, timeout: 10 });
const cpu = process.cpuUsage(cpuBefore);
process.stdout.write(
  `${JSON.stringify({
    requests: result.requests.total,
    durationS: result.duration,
    rps: result.requests.total / result.duration,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      mean: result.latency.mean,
      max: result.latency.max,
    },
    bytesPerS: result.throughput.average,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count])),
    loadCpuUs: cpu.user + cpu.system,
  })}\n`,
);
