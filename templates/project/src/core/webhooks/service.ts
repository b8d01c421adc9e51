import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import type { WebhookSettings } from './config.js';
import { DeliveryClaims } from './deliveries.js';

/** What the webhook operations reach as `services.webhooks`. */
export interface WebhookService {
  readonly settings: WebhookSettings;
  readonly claims: DeliveryClaims;
  readonly db: Db;
  readonly logger: Logger;
  /** Stops the sweep timer and waits for a sweep under way. */
  close(): Promise<void>;
}

export interface WebhookServices {
  readonly webhooks: WebhookService;
}

const HOUR_MS = 3_600_000;

/**
 * The delivery claims of `db`, and (when `sweep` is on: there are receivers) a timer
 * that forgets claims older than WEBHOOK_DEDUPE_TTL, at start and then every hour (or
 * every TTL, when shorter). A failed sweep is logged and tried again at the next tick.
 */
export function createWebhookService(options: { db: Db; settings: WebhookSettings; logger: Logger; sweep: boolean }): WebhookService {
  const { db, settings, logger } = options;
  const claims = new DeliveryClaims(db);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  if (options.sweep) {
    const sweep = () => {
      running = claims.sweep(new Date(Date.now() - settings.dedupeTtlMs)).catch((error: unknown) => {
        logger.error({ err: error }, 'webhook delivery sweep failed');
      });
    };
    timer = setInterval(sweep, Math.min(HOUR_MS, settings.dedupeTtlMs));
    timer.unref();
    sweep();
  }
  return {
    settings,
    claims,
    db,
    logger,
    async close() {
      if (timer !== undefined) clearInterval(timer);
      await running;
    },
  };
}
