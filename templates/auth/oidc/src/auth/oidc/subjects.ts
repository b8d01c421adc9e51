import { randomUUID } from 'node:crypto';
import { UniqueViolationError, type Db } from '../../core/db/database.js';
import type { Role } from '../../core/principal.js';

export interface LocalUser {
  readonly id: string;
  readonly role: Role;
}

interface SubjectRow {
  readonly userId: string | null;
  readonly role: Role | null;
  readonly disabledAt: string | null;
}

const FIND_SUBJECT = `SELECT "s"."user_id" AS "userId", "u"."role" AS "role", "u"."disabled_at" AS "disabledAt"
  FROM "oidc_subjects" AS "s" LEFT JOIN "users" AS "u" ON "u"."id" = "s"."user_id"
  WHERE "s"."issuer" = ? AND "s"."subject" = ?`;

/** A user name fits the profile schema (100 characters); the subject is what identifies it. */
const NAME_LENGTH = 100;

async function createLinkedUser(db: Db, issuer: string, subject: string): Promise<void> {
  const id = randomUUID();
  const now = new Date().toISOString();
  await db.transaction(async (tx) => {
    await tx.run('INSERT INTO "users" ("id", "email", "name", "role", "created_at", "updated_at") VALUES (?, NULL, ?, ?, ?, ?)', [
      id,
      subject.slice(0, NAME_LENGTH),
      'user',
      now,
      now,
    ]);
    await tx.run('INSERT INTO "oidc_subjects" ("issuer", "subject", "user_id", "created_at") VALUES (?, ?, ?, ?)', [
      issuer,
      subject,
      id,
      now,
    ]);
  });
}

/**
 * The local user of `(issuer, subject)`, created on first sight. Never matched by email:
 * a provider's email claim can be changed or reused, its subject cannot. Undefined when
 * that user was deleted or is disabled. One indexed read per request once it exists.
 */
export async function localUser(db: Db, issuer: string, subject: string): Promise<LocalUser | undefined> {
  let row = await db.get<SubjectRow>(FIND_SUBJECT, [issuer, subject]);
  if (row === undefined) {
    try {
      await createLinkedUser(db, issuer, subject);
    } catch (error) {
      // Two first requests of the same subject at once: the other one created it.
      if (!(error instanceof UniqueViolationError)) throw error;
    }
    row = await db.get<SubjectRow>(FIND_SUBJECT, [issuer, subject]);
  }
  if (row === undefined || row.userId === null || row.role === null || row.disabledAt !== null) return undefined;
  return { id: row.userId, role: row.role };
}

export interface SubjectProfile {
  readonly id: string;
  readonly issuer: string;
  readonly subject: string;
  readonly role: Role;
}

export function subjectProfile(db: Db, userId: string): Promise<SubjectProfile | undefined> {
  return db.get<SubjectProfile>(
    `SELECT "u"."id" AS "id", "s"."issuer" AS "issuer", "s"."subject" AS "subject", "u"."role" AS "role"
      FROM "oidc_subjects" AS "s" JOIN "users" AS "u" ON "u"."id" = "s"."user_id" WHERE "s"."user_id" = ?`,
    [userId],
  );
}
