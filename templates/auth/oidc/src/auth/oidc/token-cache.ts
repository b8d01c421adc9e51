import { createHash } from 'node:crypto';

/**
 * Verified tokens until they expire, so a client sending the same token again costs a
 * hash and a map lookup instead of a signature check (ES256 ~300 µs here). Bounded: when
 * full, the oldest entry goes. Keyed by the token's SHA-256, so the cache holds no token.
 */
export class TokenCache<Entry extends { readonly expiresAt: number }> {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly capacity: number,
    private readonly now: () => number = Date.now,
  ) {}

  static key(token: string): string {
    return createHash('sha256').update(token).digest('base64url');
  }

  get(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  set(key: string, entry: Entry): void {
    if (this.entries.size >= this.capacity && !this.entries.has(key)) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(key, entry);
  }

  get size(): number {
    return this.entries.size;
  }
}
