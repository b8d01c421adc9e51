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

/**
 * The process's one writer of stdout. Lines are buffered up to 4 KiB and written from
 * the main thread: under load one write(2) carries a few dozen lines, and no line costs
 * a hand-off to a worker thread. A buffered line waits at most 250 ms, and whatever is
 * still buffered is written when the process exits, crashes included.
 */
function stdoutDestination(): DestinationStream {
  if (stdout === undefined) {
    const stream = pino.destination({ dest: 1, sync: true, minLength: 4_096, periodicFlush: 250 });
    process.on('exit', () => {
      try {
        stream.flushSync();
      } catch {
        // stdout is already closed: nothing can be written any more
      }
    });
    stdout = stream;
  }
  return stdout;
}

/** JSON lines on stdout (or `destination`), one object per event; `time` is in ms since the epoch. */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_KEYS, censor: '[redacted]' },
    },
    destination ?? stdoutDestination(),
  );
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
