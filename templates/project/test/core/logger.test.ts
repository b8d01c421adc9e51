import { describe, expect, it } from 'vitest';
import { createLogger, createResponseLog, type ResponseLogEntry } from '../../src/core/logger.js';

/** A logger made by createLogger, writing into an array. */
function capture(level: 'info' | 'warn' = 'info') {
  const lines: string[] = [];
  const logger = createLogger(level, { write: (line: string) => void lines.push(line) });
  return { logger, lines, log: createResponseLog(logger) };
}

const withoutTime = (line: string) => line.replace(/"time":\d+/, '"time":0');

const entries: ResponseLogEntry[] = [
  { requestId: '6f1c1f0e-8a52-4a43-9a4e-0c8d5d1f6b0a', method: 'GET', route: '/v1/notes', status: 200, durationMs: 1.25, userId: 'a6d3f8de-0a3e-4b3b-b0a2-8a9d3f0c1e55' },
  { requestId: 'r-2', method: 'DELETE', route: '/v1/notes/:id', status: 204, durationMs: 0 },
  { requestId: 'r-3', method: 'GET', route: null, status: 404, durationMs: 12.5 },
  { requestId: 'quote " and \\ back', method: 'PATCH', route: '/v1/odd"route\\x', status: 200, durationMs: 1e-7, userId: 'ü-ß-€' },
  { requestId: 'r-5', method: 'GET', route: '/health', status: 200, durationMs: Number.NaN },
  { requestId: 'r-6', method: 'GET', route: '/only\\backslash', status: 200, durationMs: 2, userId: 'tab\there' },
  { requestId: 'line\nbreak\ttab\u0000nul\u007fdel', method: 'GET', route: '/x\u2028y\u{1f600}', status: 200, durationMs: 3, userId: '{"level":"error"}' },
];

describe('response log', () => {
  it('writes routine lines exactly as pino writes the same entry', () => {
    for (const entry of entries) {
      const direct = capture();
      direct.log(entry);
      const viaPino = capture();
      viaPino.logger.info(entry, 'request completed');
      expect(direct.lines).toHaveLength(1);
      expect(withoutTime(direct.lines[0] ?? '')).toBe(withoutTime(viaPino.lines[0] ?? ''));
      expect(direct.lines[0]?.split('\n')).toHaveLength(2);
      expect(JSON.parse(direct.lines[0] ?? '')).toMatchObject({ level: 'info', msg: 'request completed', requestId: entry.requestId, route: entry.route, ...(entry.userId === undefined ? {} : { userId: entry.userId }) });
    }
  });

  it('writes refusals as warnings and failures as errors', () => {
    const { lines, log } = capture();
    for (const status of [401, 403, 429, 500, 503]) log({ requestId: 'r', method: 'GET', route: '/v1/notes', status, durationMs: 1 });
    expect(lines.map((line) => [JSON.parse(line).level, JSON.parse(line).msg])).toEqual([
      ['warn', 'request refused'],
      ['warn', 'request refused'],
      ['warn', 'request refused'],
      ['error', 'request failed'],
      ['error', 'request failed'],
    ]);
  });

  it('honours the level: routine lines are skipped above info, refusals still written', () => {
    const { logger, lines, log } = capture('warn');
    log({ requestId: 'r', method: 'GET', route: '/v1/notes', status: 200, durationMs: 1 });
    log({ requestId: 'r', method: 'GET', route: '/v1/notes', status: 401, durationMs: 1 });
    expect(lines.map((line) => JSON.parse(line).status)).toEqual([401]);
    logger.level = 'info';
    log({ requestId: 'r', method: 'GET', route: '/v1/notes', status: 200, durationMs: 1 });
    expect(lines).toHaveLength(2);
  });

  it('keeps the usual call for a logger it did not make (its own format and bindings)', () => {
    const { logger, lines } = capture();
    const child = logger.child({ component: 'http' });
    createResponseLog(child)({ requestId: 'r', method: 'GET', route: '/health', status: 200, durationMs: 1 });
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ component: 'http', msg: 'request completed', route: '/health' });
  });
});
