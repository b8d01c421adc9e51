import { hostname } from 'node:os';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger };

/**
 * Defence in depth: the app never logs bodies or headers, and these keys are censored
 * should any such value reach a log call.
 */
const REDACTED_KEYS = [
  'password',
  'token',
  'accessToken',
  'refreshToken',
  'authorization',
  'cookie',
  'headers',
  'body',
  'email',
];

let stdout: DestinationStream | undefined;

/** Lines wait in memory until this many characters are pending (or at most 250 ms). */
const STDOUT_BATCH = 4_096;

/**
 * The process's one writer of stdout. Lines are collected as they come and written
 * together from the main thread: under load one write(2) carries a few dozen lines,
 * and no line costs a hand-off to a worker thread or a copy of the lines before it.
 * A line waits at most 250 ms, and whatever is pending is written when the process
 * exits, crashes included.
 */
function stdoutDestination(): DestinationStream {
  if (stdout === undefined) {
    const stream = pino.destination({ dest: 1, sync: true });
    let pending: string[] = [];
    let size = 0;
    const writePending = (): void => {
      if (pending.length === 0) return;
      const text = pending.join('');
      pending = [];
      size = 0;
      stream.write(text);
    };
    setInterval(writePending, 250).unref();
    const batched: DestinationStream & { flush(callback?: (error?: Error) => void): void } = {
      write(line: string) {
        pending.push(line);
        size += line.length;
        if (size >= STDOUT_BATCH) writePending();
      },
      /** What `logger.flush()` calls: every pending line is written before the callback runs. */
      flush(callback) {
        try {
          writePending();
          stream.flushSync();
        } catch (error) {
          callback?.(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        callback?.();
      },
    };
    // A closed stdout can take nothing more: the error is dropped.
    process.on('exit', () => batched.flush());
    stdout = batched;
  }
  return stdout;
}

/** Where a logger made by createLogger writes, and the bindings pino starts its lines with. */
interface LineSink {
  readonly destination: DestinationStream;
  /** `,"pid":…,"hostname":…` as pino writes it after `time`. */
  readonly bindings: string;
}

const sinks = new WeakMap<Logger, LineSink>();

/** JSON lines on stdout (or `destination`), one object per event; `time` is in ms since the epoch. */
export function createLogger(level: LogLevel, destination: DestinationStream = stdoutDestination()): Logger {
  const logger = pino(
    {
      level,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_KEYS, censor: '[redacted]' },
    },
    destination,
  );
  sinks.set(logger, { destination, bindings: `,"pid":${process.pid},"hostname":${JSON.stringify(hostname())}` });
  return logger;
}

/** What the request log writes once per response. */
export interface ResponseLogEntry {
  readonly requestId: string;
  readonly method: string;
  /** The route pattern, never the URL (which could carry a secret); null when no route matched. */
  readonly route: string | null;
  readonly status: number;
  readonly durationMs: number;
  readonly userId?: string | undefined;
}

/**
 * A string as JSON text. Ids, methods and route patterns are printable ASCII without
 * quotes or backslashes, which JSON writes as they are; anything else goes through
 * JSON.stringify, so a value can never break out of its field.
 */
function jsonString(value: string): string {
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code < 0x20 || code > 0x7e || code === 0x22 || code === 0x5c) return JSON.stringify(value);
  }
  return `"${value}"`;
}

/** The line pino writes for `logger.info(entry, 'request completed')`, built from the known fields. */
function completedLine(bindings: string, entry: ResponseLogEntry): string {
  const route = entry.route === null ? 'null' : jsonString(entry.route);
  const user = entry.userId === undefined ? '' : `,"userId":${jsonString(entry.userId)}`;
  const duration = Number.isFinite(entry.durationMs) ? entry.durationMs : null;
  return (
    `{"level":"info","time":${Date.now()}${bindings},"requestId":${jsonString(entry.requestId)},` +
    `"method":${jsonString(entry.method)},"route":${route},"status":${entry.status},` +
    `"durationMs":${duration}${user},"msg":"request completed"}\n`
  );
}

/**
 * The request log of every framework: one line per response. 5xx are errors; 401,
 * 403 and 429 warnings. The routine line of a logger made by createLogger is written
 * from its known fields, byte for byte what pino would write, without pino's walk over
 * an arbitrary object on every response; any other logger gets the usual call.
 */
export function createResponseLog(logger: Logger): (entry: ResponseLogEntry) => void {
  const sink = sinks.get(logger);
  return (entry) => {
    const { status } = entry;
    if (status >= 500) logger.error(entry, 'request failed');
    else if (status === 401 || status === 403 || status === 429) logger.warn(entry, 'request refused');
    else if (sink === undefined) logger.info(entry, 'request completed');
    else if (logger.isLevelEnabled('info')) sink.destination.write(completedLine(sink.bindings, entry));
  };
}

/** Security events are warnings and name the user by id, never by email. */
export type SecurityEvent =
  | 'login_failed'
  | 'login_throttled'
  | 'refresh_token_reuse'
  | 'refresh_token_rejected'
  | 'access_denied';

export function logSecurityEvent(logger: Logger, event: SecurityEvent, details: { userId?: string; [key: string]: unknown } = {}): void {
  logger.warn({ event, ...details }, event.replaceAll('_', ' '));
}
