import { randomUUID } from 'node:crypto';
import { decodeCursor, encodeCursor } from './cursor.js';
import { quoteIdentifier, type Db, type SqlValue } from './db/database.js';
import type { ListQuery, Page } from './pagination.js';

export type FieldType = 'string' | 'text' | 'int' | 'number' | 'boolean' | 'email' | 'url' | 'uuid' | 'datetime' | 'enum';

export interface FieldColumn {
  /** Property name in the API (camelCase). */
  readonly key: string;
  /** Column name in the table (snake_case). */
  readonly column: string;
  readonly type: FieldType;
}

export interface OwnedTable {
  readonly name: string;
  readonly fields: readonly FieldColumn[];
}

export interface OwnedItem {
  readonly id: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface OwnedRepository<Item extends OwnedItem, Create, Update> {
  list(ownerId: string, query: ListQuery): Promise<Page<Item>>;
  get(ownerId: string, id: string): Promise<Item | undefined>;
  create(ownerId: string, input: Create): Promise<Item>;
  /** Undefined when the item does not exist for this owner. */
  update(ownerId: string, id: string, patch: Update): Promise<Item | undefined>;
  /** False when the item does not exist for this owner. */
  remove(ownerId: string, id: string): Promise<boolean>;
}

type Row = Record<string, unknown>;

const FIELD_KEY = /^[a-z][a-zA-Z0-9]{0,39}$/;

function toSqlValue(value: unknown): SqlValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  throw new TypeError(`cannot store a ${typeof value}`);
}

/**
 * The data access of every resource. Each statement filters on the owner, so one
 * caller can never read, change or delete another caller's items, nor see them in a
 * list. Identifiers come from validated names and are quoted; values are bound.
 * Lists page by keyset on (created_at, id), newest first.
 */
export function createOwnedRepository<Item extends OwnedItem, Create extends object, Update extends object>(
  db: Db,
  table: OwnedTable,
): OwnedRepository<Item, Create, Update> {
  const name = quoteIdentifier(table.name);
  for (const field of table.fields) {
    if (!FIELD_KEY.test(field.key)) throw new Error(`invalid field name ${JSON.stringify(field.key)}`);
  }
  const fields = table.fields.map((field) => ({ ...field, quoted: quoteIdentifier(field.column) }));
  const booleans = fields.filter((field) => field.type === 'boolean').map((field) => field.key);
  const columns = [
    '"id" AS "id"',
    ...fields.map((field) => `${field.quoted} AS "${field.key}"`),
    '"created_at" AS "createdAt"',
    '"updated_at" AS "updatedAt"',
  ].join(', ');

  const insertColumns = ['"id"', '"owner_id"', ...fields.map((field) => field.quoted), '"created_at"', '"updated_at"'];
  const sql = {
    insert: `INSERT INTO ${name} (${insertColumns.join(', ')}) VALUES (${insertColumns.map(() => '?').join(', ')})`,
    get: `SELECT ${columns} FROM ${name} WHERE "id" = ? AND "owner_id" = ?`,
    firstPage: `SELECT ${columns} FROM ${name} WHERE "owner_id" = ? ORDER BY "created_at" DESC, "id" DESC LIMIT ?`,
    nextPage: `SELECT ${columns} FROM ${name} WHERE "owner_id" = ? AND ("created_at", "id") < (?, ?) ORDER BY "created_at" DESC, "id" DESC LIMIT ?`,
    remove: `DELETE FROM ${name} WHERE "id" = ? AND "owner_id" = ?`,
  };

  /** Rows hold exactly the item's properties (selected by alias); only booleans need decoding. */
  const toItem = (row: Row): Item => {
    for (const key of booleans) {
      const value = row[key];
      if (value !== null) row[key] = value === 1 || value === true;
    }
    return row as unknown as Item;
  };

  return {
    async list(ownerId, { limit, cursor }) {
      const after = cursor === undefined ? undefined : decodeCursor(cursor);
      const rows =
        after === undefined
          ? await db.all<Row>(sql.firstPage, [ownerId, limit + 1])
          : await db.all<Row>(sql.nextPage, [ownerId, after.createdAt, after.id, limit + 1]);
      const more = rows.length > limit;
      const data = (more ? rows.slice(0, limit) : rows).map(toItem);
      const last = data[data.length - 1];
      return { data, nextCursor: more && last !== undefined ? encodeCursor(last) : null };
    },

    async get(ownerId, id) {
      const row = await db.get<Row>(sql.get, [id, ownerId]);
      return row === undefined ? undefined : toItem(row);
    },

    async create(ownerId, input) {
      const values = input as Row;
      const id = randomUUID();
      const now = new Date().toISOString();
      await db.run(sql.insert, [id, ownerId, ...fields.map((field) => toSqlValue(values[field.key])), now, now]);
      const item: Row = { id };
      for (const field of fields) item[field.key] = values[field.key] ?? null;
      item.createdAt = now;
      item.updatedAt = now;
      return toItem(item);
    },

    async update(ownerId, id, patch) {
      const values = patch as Row;
      const changed = fields.filter((field) => values[field.key] !== undefined);
      const assignments = [...changed.map((field) => `${field.quoted} = ?`), '"updated_at" = ?'];
      const row = await db.get<Row>(`UPDATE ${name} SET ${assignments.join(', ')} WHERE "id" = ? AND "owner_id" = ? RETURNING ${columns}`, [
        ...changed.map((field) => toSqlValue(values[field.key])),
        new Date().toISOString(),
        id,
        ownerId,
      ]);
      return row === undefined ? undefined : toItem(row);
    },

    async remove(ownerId, id) {
      const result = await db.run(sql.remove, [id, ownerId]);
      return result.changes > 0;
    },
  };
}
