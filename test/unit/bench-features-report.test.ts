import { describe, expect, it } from 'vitest';
import { renderFeaturesMarkdown } from '../../bench/lib/features-report.mjs';
import { GRAPHQL_LIST_QUERY } from '../../bench/lib/features.mjs';
import { pngUploadBody, PNG_SIGNATURE } from '../../bench/lib/multipart.mjs';

// The features part's report reads results/features.json's shape: a verdict against each
// PERF-2 target, and every unavailable section named with its reason.

const spread = (median: number, min = median, max = median) => ({ n: 3, median, min, max });
const samples = (rps: number, extra: Record<string, unknown> = {}) => ({
  rps: spread(rps),
  p50Ms: spread(1),
  p99Ms: spread(3),
  cpuUsPerRequest: spread(500),
  invalid: 0,
  problems: [],
  ...extra,
});

function results(frameworks: Record<string, unknown>) {
  return {
    finishedAt: '2026-11-30T13:00:00.000Z',
    quick: false,
    machine: { cores: 2, cpuModel: 'test CPU', node: 'v20.20.2', commit: 'abc1234' },
    noise: { loadStart: [1, 1, 1], loadEnd: [1, 1, 1] },
    features: {
      settings: {
        rounds: 3,
        durationS: 4,
        sliceMs: 250,
        uploadSliceMs: 1000,
        warmupS: 5,
        connections: 10,
        pinning: { enabled: true, serverCpu: 0, loadCpu: 1 },
        graphqlQuery: GRAPHQL_LIST_QUERY,
        uploadLimit: '5mb',
      },
      frameworks,
    },
  };
}

describe('bench features report', () => {
  it('gives each ratio against its target, and the memory of refused uploads', () => {
    const markdown = renderFeaturesMarkdown(
      results({
        fastify: {
          graphql: {
            rest: { label: 'REST list', bodyBytes: 4000, ...samples(5000) },
            graphql: { label: 'GraphQL list', bodyBytes: 2000, ...samples(3500) },
            graphqlVsRest: { throughput: spread(0.7, 0.65, 0.75), p99: spread(1.3), cpuEfficiency: spread(0.7) },
          },
          uploads: {
            bodyBytes: 4 * 2 ** 20 + 200,
            generated: samples(40, { mbPerS: spread(168) }),
            bare: samples(100, { mbPerS: spread(420) }),
            generatedVsBare: { throughput: spread(0.4), p99: spread(2.5), cpuEfficiency: spread(0.4) },
            filesStored: { generated: 480, bare: 1200 },
            requests: { generated: 480, bare: 1200 },
          },
          memory: {
            uploads: 10,
            mib: 40,
            limit: '5mb',
            statuses: { 413: 9, ECONNRESET: 1 },
            refused: true,
            sentMiB: spread(6),
            idleRssMiB: 80,
            peakRssMiB: 95.5,
            growthMiB: 15.5,
            hwmMiB: 96,
            hwmGrowthMiB: 16,
            filesLeft: 0,
          },
        },
        hono: { unavailable: 'npm run build failed' },
      }),
    );
    expect(markdown).toContain('throughput **70.0 % (65.0 % – 75.0 %)** (target ≥ 60 % ✔)');
    expect(markdown).toContain('**40.0 % (40.0 % – 40.0 %)** in uploads/s, and so in MB/s');
    expect(markdown).toContain('(target ≥ 50 % ✘)');
    expect(markdown).toContain('| 480 / 480 |');
    expect(markdown).toContain('answers 9 × 413, 1 × ECONNRESET ✔');
    expect(markdown).toContain('**peak 95.5 MiB (+15.5 MiB)**');
    expect(markdown).toContain('## hono\n\nUnavailable: npm run build failed');
  });

  it('names a section that could not run', () => {
    const markdown = renderFeaturesMarkdown(
      results({ express: { graphql: { unavailable: 'POST /graphql: 404' }, uploads: undefined, memory: { unavailable: 'exited' } } }),
    );
    expect(markdown).toContain('GraphQL: unavailable: POST /graphql: 404.');
    expect(markdown).toContain('Uploads: unavailable.');
    expect(markdown).toContain('Memory: unavailable: exited.');
  });
});

describe('bench upload body', () => {
  it('holds one PNG part named file, of the size asked', () => {
    const { body, fileBytes } = pngUploadBody(1024, 'b0undary');
    const text = body.toString('latin1');
    expect(fileBytes).toBe(1024);
    expect(text.startsWith('--b0undary\r\nContent-Disposition: form-data; name="file"; filename="bench.png"\r\n')).toBe(true);
    expect(text.endsWith('\r\n--b0undary--\r\n')).toBe(true);
    const start = body.indexOf('\r\n\r\n') + 4;
    expect(body.subarray(start, start + PNG_SIGNATURE.length)).toEqual(PNG_SIGNATURE);
    expect(body.length - start - '\r\n--b0undary--\r\n'.length).toBe(1024);
    expect(() => pngUploadBody(8)).toThrow('at least 16 bytes');
  });
});
