import { z } from 'zod';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { Db } from './db/database.js';
import type { ListQuery, Page } from './pagination.js';

export type Role = 'user' | 'admin';

export const emailSchema = z
  .email()
  .max(254)
  .transform((email) => email.toLowerCase());

export const userProfileSchema = z.strictObject({
  id: z.uuid(),
  email: z.email().max(254),
  name: z.string().max(100),
  role: z.enum(['user', 'admin']),
});

/** Users signed in by an identity provider (OIDC) have no email here. */
export const userSummarySchema = userProfileSchema.extend({ email: z.email().max(254).nullable(), createdAt: z.iso.datetime() });

export type UserProfile = z.output<typeof userProfileSchema>;
export type UserSummary = z.output<typeof userSummarySchema>;

const PROFILE_COLUMNS = '"id", "email", "name", "role"';
const SUMMARY_COLUMNS = `${PROFILE_COLUMNS}, "created_at" AS "createdAt"`;

export async function insertUser(db: Db, user: { id: string; email: string; name: string; now: string }): Promise<void> {
  await db.run('INSERT INTO "users" ("id", "email", "name", "role", "created_at", "updated_at") VALUES (?, ?, ?, ?, ?, ?)', [
    user.id,
    user.email,
    user.name,
    'user',
    user.now,
    user.now,
  ]);
}

export function findUserProfile(db: Db, id: string): Promise<UserProfile | undefined> {
  return db.get<UserProfile>(`SELECT ${PROFILE_COLUMNS} FROM "users" WHERE "id" = ?`, [id]);
}

/** All users, oldest first, by keyset on (created_at, id). */
export async function listUsers(db: Db, { limit, cursor }: ListQuery): Promise<Page<UserSummary>> {
  const after = cursor === undefined ? undefined : decodeCursor(cursor);
  const rows =
    after === undefined
      ? await db.all<UserSummary>(`SELECT ${SUMMARY_COLUMNS} FROM "users" ORDER BY "created_at", "id" LIMIT ?`, [limit + 1])
      : await db.all<UserSummary>(
          `SELECT ${SUMMARY_COLUMNS} FROM "users" WHERE ("created_at", "id") > (?, ?) ORDER BY "created_at", "id" LIMIT ?`,
          [after.createdAt, after.id, limit + 1],
        );
  const more = rows.length > limit;
  const data = more ? rows.slice(0, limit) : rows;
  const last = data[data.length - 1];
  return { data, nextCursor: more && last !== undefined ? encodeCursor(last) : null };
}

/** How the user commands name a user: its email, or its id (users of an identity provider have no email). */
export const userReferenceSchema = z.union([z.uuid(), emailSchema]);

function whereUser(emailOrId: string): { clause: string; value: string } {
  return z.uuid().safeParse(emailOrId).success
    ? { clause: '"id" = ?', value: emailOrId }
    : { clause: '"email" = ?', value: emailOrId.toLowerCase() };
}

/**
 * Disables or re-enables a user. A disabled user cannot sign in and every token it holds
 * gives 401 from its next request on; its data stays. Returns the user's id, or undefined
 * when there is no such user.
 */
export async function setUserDisabled(db: Db, emailOrId: string, disabled: boolean): Promise<string | undefined> {
  const now = new Date().toISOString();
  const { clause, value } = whereUser(emailOrId);
  const row = await db.get<{ id: string }>(`UPDATE "users" SET "disabled_at" = ?, "updated_at" = ? WHERE ${clause} RETURNING "id"`, [
    disabled ? now : null,
    now,
    value,
  ]);
  return row?.id;
}

/** Makes a user an admin. Returns the user's id, or undefined when there is no such user. */
export async function promoteToAdmin(db: Db, emailOrId: string): Promise<string | undefined> {
  const { clause, value } = whereUser(emailOrId);
  const row = await db.get<{ id: string }>(`UPDATE "users" SET "role" = ?, "updated_at" = ? WHERE ${clause} RETURNING "id"`, [
    'admin',
    new Date().toISOString(),
    value,
  ]);
  return row?.id;
}
