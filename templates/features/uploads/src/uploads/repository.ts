import { decodeCursor, encodeCursor } from '../core/cursor.js';
import type { Db } from '../core/db/database.js';
import type { ListQuery, Page } from '../core/pagination.js';
import type { UploadMediaType } from './file-types.js';

/** An upload's metadata as the API shows it. */
export interface UploadRecord {
  readonly id: string;
  readonly name: string;
  readonly mediaType: UploadMediaType;
  readonly size: number;
  readonly sha256: string;
  readonly createdAt: string;
}

const COLUMNS = '"id", "name", "media_type" AS "mediaType", "size", "sha256", "created_at" AS "createdAt"';

/** Drivers may return INTEGER columns as bigint or string; sizes always fit a number. */
const toRecord = (row: UploadRecord): UploadRecord => ({ ...row, size: Number(row.size) });

/**
 * The uploads table. Every statement filters on the owner, so a caller never reads, lists
 * or deletes another caller's uploads; lists page by keyset on (created_at, id), newest first.
 */
export class UploadRepository {
  constructor(private readonly db: Db) {}

  async insert(ownerId: string, record: UploadRecord): Promise<void> {
    await this.db.run(
      'INSERT INTO "uploads" ("id", "owner_id", "name", "media_type", "size", "sha256", "created_at") VALUES (?, ?, ?, ?, ?, ?, ?)',
      [record.id, ownerId, record.name, record.mediaType, record.size, record.sha256, record.createdAt],
    );
  }

  async get(ownerId: string, id: string): Promise<UploadRecord | undefined> {
    const row = await this.db.get<UploadRecord>(`SELECT ${COLUMNS} FROM "uploads" WHERE "id" = ? AND "owner_id" = ?`, [id, ownerId]);
    return row === undefined ? undefined : toRecord(row);
  }

  async list(ownerId: string, { limit, cursor }: ListQuery): Promise<Page<UploadRecord>> {
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    const rows =
      after === undefined
        ? await this.db.all<UploadRecord>(
            `SELECT ${COLUMNS} FROM "uploads" WHERE "owner_id" = ? ORDER BY "created_at" DESC, "id" DESC LIMIT ?`,
            [ownerId, limit + 1],
          )
        : await this.db.all<UploadRecord>(
            `SELECT ${COLUMNS} FROM "uploads" WHERE "owner_id" = ? AND ("created_at", "id") < (?, ?) ORDER BY "created_at" DESC, "id" DESC LIMIT ?`,
            [ownerId, after.createdAt, after.id, limit + 1],
          );
    const more = rows.length > limit;
    const data = (more ? rows.slice(0, limit) : rows).map(toRecord);
    const last = data[data.length - 1];
    return { data, nextCursor: more && last !== undefined ? encodeCursor(last) : null };
  }

  /** False when the upload does not exist for this owner. */
  async remove(ownerId: string, id: string): Promise<boolean> {
    const result = await this.db.run('DELETE FROM "uploads" WHERE "id" = ? AND "owner_id" = ?', [id, ownerId]);
    return result.changes > 0;
  }
}
