import { describe, expect, it } from 'vitest';
import { createLogger, createResponseLog, logSecurityEvent } from '../../src/core/logger.js';

/** A logger made by createLogger, writing into an array. */
function capture(level: 'info' | 'warn' = 'info') {
  const lines: string[] = [];
  const logger = createLogger(level, { write: (line: string) => void lines.push(line) });
  const entries = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, entries, log: createResponseLog(logger) };
}

describe('response log', () => {
  it('writes one JSON line per response with its known fields, level as a label, time in ms', () => {
    const { lines, entries, log } = capture();
    log({ requestId: 'r-1', method: 'GET', route: '/v1/notes', status: 200, durationMs: 1.25, userId: 'u-1' });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.endsWith('\n')).toBe(true);
    expect(entries()[0]).toMatchObject({
      level: 'info',
      msg: 'request completed',
      requestId: 'r-1',
      method: 'GET',
      route: '/v1/notes',
      status: 200,
      durationMs: 1.25,
      userId: 'u-1',
      time: expect.any(Number),
    });
  });

  it('keeps control characters, quotes and line breaks inside their field', () => {
    const { lines, entries, log } = capture();
    const requestId = 'line\nbreak "quoted" \\ \u2028 {"level":"error"}';
    log({ requestId, method: 'GET', route: null, status: 404, durationMs: 0 });
    expect(lines[0]?.split('\n')).toHaveLength(2);
    expect(entries()[0]).toMatchObject({ level: 'info', requestId, route: null });
  });

  it('writes refusals as warnings and failures as errors', () => {
    const { entries, log } = capture();
    for (const status of [401, 403, 429, 500, 503]) log({ requestId: 'r', method: 'GET', route: '/v1/notes', status, durationMs: 1 });
    expect(entries().map((entry) => [entry.level, entry.msg])).toEqual([
      ['warn', 'request refused'],
      ['warn', 'request refused'],
      ['warn', 'request refused'],
      ['error', 'request failed'],
      ['error', 'request failed'],
    ]);
  });

  it('honours the level: routine lines are skipped above info, refusals still written', () => {
    const { entries, log } = capture('warn');
    log({ requestId: 'r', method: 'GET', route: '/v1/notes', status: 200, durationMs: 1 });
    log({ requestId: 'r', method: 'GET', route: '/v1/notes', status: 401, durationMs: 1 });
    expect(entries().map((entry) => entry.status)).toEqual([401]);
  });

  it('censors secrets, headers and bodies should one reach a log call', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        password: 'hunter2-password',
        token: 'tok-secret',
        authorization: 'Bearer abc',
        headers: { cookie: 'c' },
        body: { a: 1 },
        email: 'a@b.c',
      },
      'oops',
    );
    for (const secret of ['hunter2-password', 'tok-secret', 'Bearer abc', 'a@b.c', '"a":1']) expect(lines.join('')).not.toContain(secret);
  });

  it('writes security events at warn, with a user id', () => {
    const { entries, logger } = capture();
    logSecurityEvent(logger, 'login_failed', { userId: 'u-9' });
    expect(entries()[0]).toMatchObject({ level: 'warn', event: 'login_failed', userId: 'u-9' });
  });
});
