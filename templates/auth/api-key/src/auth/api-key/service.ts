import { createHash, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../core/db/database.js';
import { HttpError } from '../../core/errors.js';
import { logSecurityEvent, type Logger } from '../../core/logger.js';
import { bearerCredential, type Authenticator, type Principal, type RequestHeaders } from '../../core/principal.js';
import type { ApiKeySettings } from './config.js';
import { keyStart, looksLikeKey, newKey, newKeyId, parseKey } from './format.js';
import { API_KEY_SCHEME } from './scheme.js';
import type { CreatedKey, KeyMetadata } from './schemas.js';
import { decodeScopes, effectiveScopes, encodeScopes, unknownScopes } from './scopes.js';
import {
  findCredential,
  findKeyOwner,
  findOwnedKey,
  insertKey,
  listOwnedKeys,
  retireKey,
  revokeKey,
  toMetadata,
  touchKey,
} from './store.js';

export interface ApiKeyServiceOptions {
  readonly db: Db;
  readonly settings: ApiKeySettings;
  readonly logger: Logger;
  /** The scopes the declared operations need: the only ones a key can be given. */
  readonly scopes: ReadonlySet<string>;
  /** Whether a key of an admin acts as an admin; otherwise every key acts as a plain user. */
  readonly keysActAsAdmins: boolean;
}

export interface NewKeyRequest {
  readonly name: string;
  readonly scopes: readonly string[];
  /** Lifetime; API_KEY_DEFAULT_TTL when absent. */
  readonly expiresInMs?: number | undefined;
}

/** `lastUsedAt` is written at most this often per key. */
const LAST_USED_INTERVAL_MS = 60_000;
/** Keys whose last write is remembered in memory; past it the memory starts over (the SQL bound still holds). */
const REMEMBERED_USES = 10_000;
const DEFAULT_GRACE_MS = 3_600_000;
const MAX_LISTED_KEYS = 1_000;

const iso = (ms: number) => new Date(ms).toISOString();
const sha256 = (secret: string) => createHash('sha256').update(secret).digest();

const conflict = () => new HttpError('conflict', { detail: 'This key is revoked, expired or already replaced' });

function invalidField(path: string, message: string): HttpError {
  return new HttpError('validation_failed', { errors: [{ path, message }] });
}

/**
 * API keys (SEC-K1): issued once and stored as the SHA-256 of their secret, found by their
 * public id and compared in constant time, checked against their owner on every request
 * (revocation, expiry, a deleted or disabled owner: 401 from the next request on).
 */
export class ApiKeyService implements Authenticator {
  readonly scheme = API_KEY_SCHEME;
  readonly challenge = 'Bearer realm="api"';
  private readonly db: Db;
  private readonly settings: ApiKeySettings;
  private readonly logger: Logger;
  private readonly knownScopes: ReadonlySet<string>;
  private readonly keysActAsAdmins: boolean;
  private readonly lastWrites = new Map<string, number>();

  constructor(options: ApiKeyServiceOptions) {
    this.db = options.db;
    this.settings = options.settings;
    this.logger = options.logger;
    this.knownScopes = options.scopes;
    this.keysActAsAdmins = options.keysActAsAdmins;
  }

  /** Every scope a key can be given. */
  get scopes(): ReadonlySet<string> {
    return this.knownScopes;
  }

  /**
   * The principal of `Authorization: Bearer <key>`. A bearer value without this API's
   * key prefix is left to the other schemes; one whose checksum fails is refused without
   * a lookup. The owner's role is read on every request, so a demotion applies at once.
   */
  async authenticate(headers: RequestHeaders): Promise<Principal | undefined> {
    const value = bearerCredential(headers);
    if (value === undefined || !looksLikeKey(value)) return undefined;
    const parsed = parseKey(value);
    if (parsed === undefined) return undefined;
    const credential = await findCredential(this.db, parsed.id);
    if (credential === undefined) return undefined;
    const now = Date.now();
    const matches = timingSafeEqual(sha256(parsed.secret), Buffer.from(credential.secretHash, 'base64url'));
    if (!matches || credential.revokedAt !== null || Date.parse(credential.expiresAt) <= now) {
      logSecurityEvent(this.logger, 'api_key_rejected', { userId: credential.ownerId, keyId: parsed.id });
      return undefined;
    }
    this.recordUse(parsed.id, now);
    return {
      userId: credential.ownerId,
      scheme: API_KEY_SCHEME,
      scopes: effectiveScopes(decodeScopes(credential.scopes)),
      role: this.keysActAsAdmins ? credential.role : 'user',
      credentialId: parsed.id,
    };
  }

  /** Writes `lastUsedAt` at most once a minute per key, off the request's path. */
  private recordUse(id: string, now: number): void {
    const last = this.lastWrites.get(id);
    if (last !== undefined && now - last < LAST_USED_INTERVAL_MS) return;
    if (this.lastWrites.size >= REMEMBERED_USES) this.lastWrites.clear();
    this.lastWrites.set(id, now);
    touchKey(this.db, id, iso(now), iso(now - LAST_USED_INTERVAL_MS)).catch((error: unknown) => {
      this.logger.error({ err: error, keyId: id }, 'could not record an API key use');
    });
  }

  /** A new key for `ownerId`; the returned `key` is the only time it exists outside the caller. */
  async issue(ownerId: string, request: NewKeyRequest): Promise<CreatedKey> {
    const unknown = unknownScopes(request.scopes, this.knownScopes);
    if (unknown.length > 0) {
      throw invalidField('scopes', `unknown scope ${unknown.join(', ')}; known: ${[...this.knownScopes].sort().join(', ')}`);
    }
    const ttl = request.expiresInMs ?? this.settings.defaultTtlMs;
    if (ttl > this.settings.maxTtlMs) throw invalidField('expiresIn', 'must not be longer than API_KEY_MAX_TTL');
    const now = Date.now();
    return this.insert(this.db, ownerId, { name: request.name, scopes: encodeScopes(request.scopes), expiresAt: iso(now + ttl) }, now);
  }

  private async insert(
    db: Db,
    ownerId: string,
    key: { name: string; scopes: string; expiresAt: string },
    now: number,
  ): Promise<CreatedKey> {
    const id = newKeyId();
    const { key: value, secret } = newKey(id);
    const createdAt = iso(now);
    await insertKey(db, {
      id,
      ownerId,
      name: key.name,
      secretHash: sha256(secret).toString('base64url'),
      scopes: key.scopes,
      createdAt,
      expiresAt: key.expiresAt,
    });
    this.logger.info({ event: 'api_key_created', userId: ownerId, keyId: id }, 'api key created');
    return { id, name: key.name, start: keyStart(id), scopes: decodeScopes(key.scopes), expiresAt: key.expiresAt, createdAt, key: value };
  }

  async list(ownerId: string): Promise<{ data: KeyMetadata[] }> {
    return { data: (await listOwnedKeys(this.db, ownerId, MAX_LISTED_KEYS)).map(toMetadata) };
  }

  async get(ownerId: string, id: string): Promise<KeyMetadata> {
    const row = await findOwnedKey(this.db, ownerId, id);
    if (row === undefined) throw new HttpError('not_found');
    return toMetadata(row);
  }

  /** The owner of a key, for the operator's command line. */
  ownerOf(id: string): Promise<string | undefined> {
    return findKeyOwner(this.db, id);
  }

  /**
   * A new key with the old one's name, scopes and expiry (rotating never extends a key's
   * life); the old one keeps working for `graceMs` (at most API_KEY_MAX_GRACE), or until
   * its own expiry when that comes first. A revoked, expired or already replaced key: 409.
   */
  async rotate(ownerId: string, id: string, graceMs: number = Math.min(DEFAULT_GRACE_MS, this.settings.maxGraceMs)): Promise<CreatedKey> {
    if (graceMs > this.settings.maxGraceMs) throw invalidField('graceSeconds', 'must not be longer than API_KEY_MAX_GRACE');
    const old = await findOwnedKey(this.db, ownerId, id);
    if (old === undefined) throw new HttpError('not_found');
    const now = Date.now();
    if (old.revokedAt !== null || old.replacedBy !== null || Date.parse(old.expiresAt) <= now) throw conflict();
    const created = await this.db.transaction(async (tx) => {
      const next = await this.insert(tx, ownerId, { name: old.name, scopes: old.scopes, expiresAt: old.expiresAt }, now);
      return (await retireKey(tx, id, next.id, iso(now + graceMs), iso(now))) ? next : undefined;
    });
    if (created === undefined) throw conflict();
    this.logger.info({ event: 'api_key_rotated', userId: ownerId, keyId: id, replacedBy: created.id }, 'api key rotated');
    return created;
  }

  /** Revoked at once: the key's next request gets 401. */
  async revoke(ownerId: string, id: string): Promise<void> {
    if (!(await revokeKey(this.db, ownerId, id, iso(Date.now())))) throw new HttpError('not_found');
    this.logger.info({ event: 'api_key_revoked', userId: ownerId, keyId: id }, 'api key revoked');
  }
}
