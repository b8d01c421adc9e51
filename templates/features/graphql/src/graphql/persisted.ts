import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { ConfigError } from '../core/env.js';

/** The manifest `npm run graphql:persist` writes: query text by its SHA-256 (hex). */
export const PERSISTED_MANIFEST = 'persisted-operations.json';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The SHA-256 of a document's text, in hex: its id in the manifest. */
export function documentHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The persisted operations of the manifest in the working directory, read when
 * GRAPHQL_PERSISTED_ONLY=true: a missing or malformed manifest (one whose texts do not
 * match their hashes) is a ConfigError naming the variable, so the server does not start.
 */
export function loadPersistedOperations(file = PERSISTED_MANIFEST): ReadonlyMap<string, string> {
  if (!existsSync(file)) {
    throw new ConfigError([{ variable: 'GRAPHQL_PERSISTED_ONLY', message: `needs ${file}: run npm run graphql:persist` }]);
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    manifest = undefined;
  }
  const entries = typeof manifest === 'object' && manifest !== null && !Array.isArray(manifest) ? Object.entries(manifest) : undefined;
  if (
    entries === undefined ||
    !entries.every(([hash, text]) => SHA256_HEX.test(hash) && typeof text === 'string' && documentHash(text) === hash)
  ) {
    throw new ConfigError([{ variable: 'GRAPHQL_PERSISTED_ONLY', message: `${file} is not a manifest of npm run graphql:persist` }]);
  }
  return new Map(entries as [string, string][]);
}
