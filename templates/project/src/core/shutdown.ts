import type { Logger } from './logger.js';

export interface ShutdownSteps {
  /** Stops accepting connections and resolves once in-flight requests are answered. */
  readonly drain: () => Promise<void>;
  /** Cuts the connections still open when the grace period ends. */
  readonly abort: () => void;
  /** Releases what the requests used (database, stores). */
  readonly release: () => Promise<void>;
}

/** Exits once the log lines are written, or after 1 s if stdout cannot take them (a closed pipe). */
function exitAfterFlush(logger: Logger, code: number): void {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 1_000);
  try {
    logger.flush(() => process.exit(code));
  } catch {
    process.exit(code);
  }
}

/**
 * On SIGTERM or SIGINT: stop accepting, give in-flight requests `graceMs` to finish,
 * release resources, exit 0 (1 if the grace period ran out or a step failed).
 * A second signal exits at once.
 */
export function exitGracefullyOnSignals(steps: ShutdownSteps, logger: Logger, graceMs = 10_000): void {
  let shuttingDown = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      logger.warn({ signal }, 'second signal, exiting now');
      exitAfterFlush(logger, 1);
      return;
    }
    shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      logger.warn({ graceMs }, 'grace period over, closing remaining connections');
      steps.abort();
    }, graceMs);
    timer.unref();
    steps
      .drain()
      .then(() => {
        clearTimeout(timer);
        return steps.release();
      })
      .then(
        () => {
          logger.info('stopped');
          return timedOut ? 1 : 0;
        },
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          return 1;
        },
      )
      .then((code) => exitAfterFlush(logger, code));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
