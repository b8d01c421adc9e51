import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config.js';
import { batchedDestination } from './log-destination.js';

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
  'apiKey',
  'key',
  'authorization',
  'cookie',
  'headers',
  'body',
  'email',
];

/** The process's one writer of stdout, made by the first logger that needs it. */
let stdout: DestinationStream | undefined;

function sharedStdout(): DestinationStream {
  stdout ??= batchedDestination();
  return stdout;
}

/**
 * JSON lines, one object per event, at `level`; `time` is in ms since the epoch. Written
 * to stdout in blocks (core/log-destination.ts), or to `destination`.
 */
export function createLogger(level: LogLevel, destination: DestinationStream = sharedStdout()): Logger {
  return pino(
    {
      level,
      formatters: { level: (label: string) => ({ level: label }) },
      redact: { paths: REDACTED_KEYS, censor: '[redacted]' },
    },
    destination,
  );
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
  /** The API key's public id, when one authenticated the request (never the key itself). */
  readonly credentialId?: string | undefined;
}

/** The request log of every framework: one line per response. 5xx are errors; 401, 403 and 429 warnings. */
export function createResponseLog(logger: Logger): (entry: ResponseLogEntry) => void {
  return (entry) => {
    const { status } = entry;
    if (status >= 500) logger.error(entry, 'request failed');
    else if (status === 401 || status === 403 || status === 429) logger.warn(entry, 'request refused');
    else logger.info(entry, 'request completed');
  };
}

/** Security events are warnings and name the user by id, never by email. */
export type SecurityEvent =
  | 'login_failed'
  | 'login_throttled'
  | 'refresh_token_reuse'
  | 'refresh_token_rejected'
  | 'access_denied'
  | 'rate_limit_store_full'
  | 'rate_limit_store_unavailable'
  | 'revoked_token_used'
  | 'api_key_rejected'
  | 'webhook_rejected';

export function logSecurityEvent(logger: Logger, event: SecurityEvent, details: { userId?: string; [key: string]: unknown } = {}): void {
  logger.warn({ event, ...details }, event.replaceAll('_', ' '));
}
