import { createLocalJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import type { Logger } from '../../core/logger.js';
import { urlProblem, type OidcSettings } from './config.js';
import { fetchJson, IssuerFetchError } from './fetch-json.js';

/** The issuer's keys as last fetched. */
export interface KeySet {
  /** Picks the key for a token's header (by `kid` and `alg`) for `jwtVerify`. */
  readonly getKey: JWTVerifyGetKey;
  readonly kids: ReadonlySet<string>;
  readonly fetchedAt: number;
}

/** What a token's key lookup found. */
export type KeyLookup =
  | { readonly kind: 'keys'; readonly keys: KeySet }
  /** No usable key set: the issuer cannot be reached (answer 503 and retry after `retryAfterMs`). */
  | { readonly kind: 'unavailable'; readonly retryAfterMs: number };

type Clock = () => number;

function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

function isKeySet(value: unknown): value is JSONWebKeySet {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as { keys?: unknown }).keys) &&
    (value as { keys: unknown[] }).keys.every((key) => typeof key === 'object' && key !== null && !Array.isArray(key))
  );
}

/**
 * The issuer's signing keys, in front of `jose` (whose remote key set has no
 * stale-if-error and refetches on every request once the issuer is down):
 * - discovery once (the document's `issuer` must equal OIDC_ISSUER exactly), unless
 *   OIDC_JWKS_URI names the key set;
 * - a refresh in the background every OIDC_JWKS_MAX_AGE (after a failure, once the
 *   cooldown has passed), and on an unknown `kid`;
 * - at most one fetch per OIDC_JWKS_COOLDOWN, whether the last one worked or failed,
 *   and one fetch at a time (concurrent callers share it);
 * - the last good set serves for up to OIDC_JWKS_MAX_STALE when refreshes fail.
 * The `jku`, `x5u`, `jwk` and `x5c` headers of a token are never read: keys come from here only.
 */
export class KeyStore {
  private jwksUri: string | undefined;
  private current: KeySet | undefined;
  private lastAttemptAt = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly settings: OidcSettings,
    private readonly logger: Logger,
    private readonly now: Clock = Date.now,
  ) {
    this.jwksUri = settings.jwksUri;
  }

  /** Discovery and the first key set, in the background: the server starts even when the issuer is down. */
  start(): void {
    void this.refresh();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** The next background refresh: OIDC_JWKS_MAX_AGE after a good fetch, the cooldown after a failed one. */
  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.refresh(), delayMs);
    this.timer.unref();
  }

  /**
   * The keys to verify a token whose header names `kid`. An unknown `kid` refetches the
   * set when the cooldown allows (a token naming random kids costs at most one fetch per
   * cooldown); otherwise the current set answers, and the token fails to verify.
   */
  async lookup(kid: string | undefined): Promise<KeyLookup> {
    let keys = this.usable();
    const known = keys !== undefined && (kid === undefined || keys.kids.has(kid));
    if (!known && (this.inFlight !== undefined || this.canFetch())) {
      await this.refresh();
      keys = this.usable();
    }
    if (keys !== undefined) return { kind: 'keys', keys };
    return { kind: 'unavailable', retryAfterMs: Math.max(1_000, this.lastAttemptAt + this.settings.cooldownMs - this.now()) };
  }

  private usable(): KeySet | undefined {
    const keys = this.current;
    return keys !== undefined && this.now() - keys.fetchedAt <= this.settings.maxStaleMs ? keys : undefined;
  }

  private canFetch(): boolean {
    return this.inFlight === undefined && this.now() - this.lastAttemptAt >= this.settings.cooldownMs;
  }

  /** One fetch at a time; callers arriving meanwhile wait for it. Never rejects. */
  private refresh(): Promise<void> {
    this.inFlight ??= this.fetchKeys().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async fetchKeys(): Promise<void> {
    this.lastAttemptAt = this.now();
    const signal = AbortSignal.timeout(this.settings.httpTimeoutMs);
    try {
      const jwksUri = this.jwksUri ?? (await this.discover(signal));
      const body = await fetchJson(jwksUri, signal);
      if (!isKeySet(body)) throw new IssuerFetchError(`${jwksUri} is not a JSON Web Key Set`);
      const kids = new Set(body.keys.flatMap((key) => (typeof key.kid === 'string' ? [key.kid] : [])));
      this.current = { getKey: createLocalJWKSet(body), kids, fetchedAt: this.now() };
      this.jwksUri = jwksUri;
      this.schedule(this.settings.maxAgeMs);
    } catch (error) {
      this.schedule(this.settings.cooldownMs);
      const stale = this.current === undefined ? undefined : Math.round((this.now() - this.current.fetchedAt) / 1_000);
      this.logger.warn(
        { event: 'oidc_keys_unavailable', reason: error instanceof Error ? error.message : 'unknown', staleSeconds: stale },
        'cannot refresh the OIDC signing keys',
      );
    }
  }

  private async discover(signal: AbortSignal): Promise<string> {
    const url = discoveryUrl(this.settings.issuer);
    const document = await fetchJson(url, signal);
    if (typeof document !== 'object' || document === null) throw new IssuerFetchError(`${url} is not a discovery document`);
    const { issuer, jwks_uri: jwksUri } = document as { issuer?: unknown; jwks_uri?: unknown };
    if (issuer !== this.settings.issuer) throw new IssuerFetchError(`${url} names another issuer than OIDC_ISSUER`);
    if (typeof jwksUri !== 'string') throw new IssuerFetchError(`${url} has no jwks_uri`);
    const problem = urlProblem(jwksUri, this.settings.production);
    if (problem !== undefined) throw new IssuerFetchError(`jwks_uri ${problem}`);
    return jwksUri;
  }
}
