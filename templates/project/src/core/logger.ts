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

/** JSON lines on stdout (or `destination`), one object per event; `time` is in ms since the epoch. */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_KEYS, censor: '[redacted]' },
    },
    destination ?? pino.destination({ dest: 1, sync: false }),
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
