import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadDotEnv, readConfig } from '../core/config.js';
import type { Db } from '../core/db/database.js';
import { HttpError } from '../core/errors.js';
import { createLogger } from '../core/logger.js';
import { parseDuration } from '../core/units.js';
import { emailSchema, insertUser } from '../core/users.js';
import { declaredScopes } from '../api.js';
import { apiKeyConfig } from '../auth/api-key/config.js';
import { ApiKeyService } from '../auth/api-key/service.js';
import { openMigratedDatabase } from '../database.js';
import { runMain } from './run-main.js';
import { database } from '../db/module.js';

const USAGE = `Usage:
  npm run keys -- create --owner <email> --scopes <resource>:read|write[,...] [--expires 30d] [--name <name>]
  npm run keys -- list --owner <email>
  npm run keys -- rotate <id> [--grace 1h]
  npm run keys -- revoke <id>`;

class UsageError extends Error {}

function required(value: string | undefined, what: string): string {
  if (value === undefined || value === '') throw new UsageError(`missing ${what}`);
  return value;
}

function duration(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseDuration(value);
  if (ms === undefined) throw new UsageError(`${flag} must be a duration such as 30d, 12h or 15m`);
  return ms;
}

function ownerEmail(value: string | undefined): string {
  const parsed = emailSchema.safeParse(required(value, '--owner <email>'));
  if (!parsed.success) throw new UsageError('--owner must be an email address');
  return parsed.data;
}

async function userIdOf(db: Db, email: string): Promise<string | undefined> {
  return (await db.get<{ id: string }>('SELECT "id" FROM "users" WHERE "email" = ?', [email]))?.id;
}

/** The user with this email, created (without a password: keys are its only credential) when there is none. */
async function ensureUser(db: Db, email: string): Promise<string> {
  const existing = await userIdOf(db, email);
  if (existing !== undefined) return existing;
  const id = randomUUID();
  await insertUser(db, { id, email, name: email.slice(0, email.indexOf('@')).slice(0, 100), now: new Date().toISOString() });
  return id;
}

async function ownerOfKey(keys: ApiKeyService, id: string): Promise<string> {
  const owner = await keys.ownerOf(id);
  if (owner === undefined) throw new HttpError('not_found');
  return owner;
}

/** npm run keys -- create|list|rotate|revoke: the only way keys and their users are made in this API. */
async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2).filter((argument) => argument !== '--'),
    allowPositionals: true,
    options: {
      owner: { type: 'string' },
      scopes: { type: 'string' },
      expires: { type: 'string' },
      name: { type: 'string' },
      grace: { type: 'string' },
    },
  });
  const [command, id] = positionals;
  loadDotEnv();
  // The database and the key settings only: the command needs no server variable (REDIS_URL, …).
  const config = readConfig(process.env, { database: database.config, apiKey: apiKeyConfig });
  const db = await openMigratedDatabase(config.modules.database);
  const keys = new ApiKeyService({
    db,
    settings: config.modules.apiKey,
    logger: createLogger('silent'),
    scopes: declaredScopes,
    keysActAsAdmins: true,
  });
  try {
    switch (command) {
      case 'create': {
        const email = ownerEmail(values.owner);
        const scopes = required(values.scopes, '--scopes')
          .split(',')
          .map((scope) => scope.trim())
          .filter((scope) => scope !== '');
        const expiresInMs = duration(values.expires, '--expires');
        const ownerId = await ensureUser(db, email);
        const created = await keys.issue(ownerId, { name: values.name ?? 'cli', scopes, expiresInMs });
        console.log(`Key ${created.id} for ${ownerId}, scopes ${created.scopes.join(',')}, expires ${created.expiresAt}.`);
        console.log('It is shown this once; store it now:');
        console.log(created.key);
        return 0;
      }
      case 'list': {
        const ownerId = await userIdOf(db, ownerEmail(values.owner));
        if (ownerId === undefined) throw new HttpError('not_found');
        for (const key of (await keys.list(ownerId)).data) {
          const state = key.revokedAt !== null ? 'revoked' : Date.parse(key.expiresAt) <= Date.now() ? 'expired' : 'active';
          console.log(
            `${key.id}  ${state}  ${key.name}  ${key.scopes.join(',')}  expires ${key.expiresAt}  last used ${key.lastUsedAt ?? 'never'}`,
          );
        }
        return 0;
      }
      case 'rotate': {
        const keyId = required(id, 'the key id');
        const graceMs = duration(values.grace, '--grace');
        const created = await keys.rotate(await ownerOfKey(keys, keyId), keyId, graceMs);
        console.log(`Key ${created.id} replaces ${keyId}, expires ${created.expiresAt}. It is shown this once; store it now:`);
        console.log(created.key);
        return 0;
      }
      case 'revoke': {
        const keyId = required(id, 'the key id');
        await keys.revoke(await ownerOfKey(keys, keyId), keyId);
        console.log(`Key ${keyId} is revoked: it gets 401 from its next request on.`);
        return 0;
      }
      default:
        throw new UsageError(command === undefined ? 'missing command' : `unknown command ${command}`);
    }
  } finally {
    await db.close();
  }
}

runMain(main, (error) => {
  if (error instanceof UsageError || (error instanceof TypeError && 'code' in error)) {
    return { message: `${error.message}\n${USAGE}`, exitCode: 2 };
  }
  if (error instanceof HttpError) {
    const issues = error.errors?.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
    return {
      message: error.status === 404 ? 'No such user or key.' : (issues ?? error.detail ?? error.message),
      exitCode: error.code === 'validation_failed' ? 2 : 1,
    };
  }
  return undefined;
});
