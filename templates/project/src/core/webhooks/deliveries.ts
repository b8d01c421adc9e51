import { createHash } from 'node:crypto';
import type { Db } from '../db/database.js';
import type { Migration } from '../db/migrations.js';

/** The table of claimed deliveries; layer.json reserves its name. */
export const deliveriesMigration: Migration = {
  id: 'webhooks-0001-deliveries',
  statements: [
    `CREATE TABLE "webhook_deliveries" (
  "webhook" TEXT NOT NULL,
  "dedupe_key" TEXT NOT NULL,
  "state" TEXT NOT NULL CHECK ("state" IN ('processing', 'done')),
  "claimed_at" TEXT NOT NULL,
  PRIMARY KEY ("webhook", "dedupe_key")
)`,
    'CREATE INDEX "webhook_deliveries_claimed_at" ON "webhook_deliveries" ("claimed_at")',
  ],
};

/** `claimed`: this request processes the delivery; `done`: it was processed; `processing`: another request is processing it. */
export type ClaimResult = 'claimed' | 'done' | 'processing';

const MAX_KEY_LENGTH = 128;

/**
 * How long a claim may stay `processing`. A process that dies mid-handler leaves its claim
 * behind; once this has passed, the provider's next retry takes the claim over instead of
 * getting 409 until the sweep.
 */
export const PROCESSING_LEASE_MS = 10 * 60_000;

/** Keys are stored as given when short (readable in the table), else as their SHA-256. */
function storedKey(key: string): string {
  return key.length <= MAX_KEY_LENGTH ? key : `hash:${createHash('sha256').update(key).digest('hex')}`;
}

/** Takes over a `processing` claim older than the lease, in one conditional UPDATE (two retries cannot both win). */
async function takeOverAbandoned(tx: Db, webhook: string, key: string, now: Date): Promise<boolean> {
  const taken = await tx.run(
    'UPDATE "webhook_deliveries" SET "claimed_at" = ? WHERE "webhook" = ? AND "dedupe_key" = ? AND "state" = \'processing\' AND "claimed_at" < ?',
    [now.toISOString(), webhook, key, new Date(now.getTime() - PROCESSING_LEASE_MS).toISOString()],
  );
  return taken.changes === 1;
}

/** A claim was refused: the state of the delivery that holds the key. */
class AlreadyClaimed extends Error {
  constructor(readonly state: 'done' | 'processing') {
    super('already claimed');
  }
}

/**
 * The delivery claims of one database. Claiming is one `INSERT … ON CONFLICT DO NOTHING`
 * per key in one transaction, so of two concurrent copies exactly one gets `claimed`,
 * on SQLite and Postgres alike; a delivery with several keys is claimed only when none
 * of them is taken. A `processing` claim older than PROCESSING_LEASE_MS (its process
 * died) is taken over.
 */
export class DeliveryClaims {
  constructor(private readonly db: Db) {}

  /** Claims every key of a delivery for `webhook`, or says who holds it. */
  async claim(webhook: string, keys: readonly string[], now: Date): Promise<ClaimResult> {
    try {
      await this.db.transaction(async (tx) => {
        for (const key of keys.map(storedKey)) {
          const inserted = await tx.run(
            'INSERT INTO "webhook_deliveries" ("webhook", "dedupe_key", "state", "claimed_at") VALUES (?, ?, \'processing\', ?) ON CONFLICT DO NOTHING',
            [webhook, key, now.toISOString()],
          );
          if (inserted.changes === 0 && !(await takeOverAbandoned(tx, webhook, key, now))) {
            const row = await tx.get<{ state: string }>(
              'SELECT "state" FROM "webhook_deliveries" WHERE "webhook" = ? AND "dedupe_key" = ?',
              [webhook, key],
            );
            throw new AlreadyClaimed(row?.state === 'done' ? 'done' : 'processing');
          }
        }
      });
      return 'claimed';
    } catch (error) {
      if (error instanceof AlreadyClaimed) return error.state;
      throw error;
    }
  }

  /** The handler succeeded: repeats of the delivery are answered as duplicates until swept. */
  async complete(webhook: string, keys: readonly string[]): Promise<void> {
    for (const key of keys.map(storedKey)) {
      await this.db.run('UPDATE "webhook_deliveries" SET "state" = \'done\' WHERE "webhook" = ? AND "dedupe_key" = ?', [webhook, key]);
    }
  }

  /** The handler failed: the claim is dropped so the provider's retry is processed. */
  async release(webhook: string, keys: readonly string[]): Promise<void> {
    for (const key of keys.map(storedKey)) {
      await this.db.run('DELETE FROM "webhook_deliveries" WHERE "webhook" = ? AND "dedupe_key" = ? AND "state" = \'processing\'', [
        webhook,
        key,
      ]);
    }
  }

  /** Forgets claims made before `before` (WEBHOOK_DEDUPE_TTL ago); returns how many. */
  async sweep(before: Date): Promise<number> {
    const result = await this.db.run('DELETE FROM "webhook_deliveries" WHERE "claimed_at" < ?', [before.toISOString()]);
    return result.changes;
  }
}
