import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadDotEnv, readSection } from '../core/config.js';
import { graphqlConfig } from '../graphql/config.js';
import { createDocumentChecker } from '../graphql/documents.js';
import { documentHash, PERSISTED_MANIFEST } from '../graphql/persisted.js';
import { buildSchema } from '../graphql/schema.js';
import { resources } from '../resources/index.js';
import { runMain } from './run-main.js';

const OPERATIONS_DIR = 'src/graphql/operations';

// Checks every src/graphql/operations/*.graphql against the schema and the GRAPHQL_MAX_*
// limits, and writes persisted-operations.json: each document's text by its SHA-256.
runMain(async () => {
  loadDotEnv();
  // Only the GRAPHQL_MAX_* limits matter here; the manifest being written need not exist yet.
  const { limits } = readSection({ ...process.env, GRAPHQL_PERSISTED_ONLY: 'false' }, graphqlConfig);
  const check = createDocumentChecker(buildSchema(resources), limits, false);
  const manifest: Record<string, string> = {};
  let refused = 0;
  for (const file of readdirSync(OPERATIONS_DIR)
    .filter((name) => name.endsWith('.graphql'))
    .sort()) {
    const text = readFileSync(path.join(OPERATIONS_DIR, file), 'utf8');
    const checked = check(text);
    if (!checked.ok) {
      refused += 1;
      for (const error of checked.errors) console.error(`${file}: ${error.message}`);
      continue;
    }
    const hash = documentHash(text);
    manifest[hash] = text;
    console.log(`${hash}  ${file}`);
  }
  if (refused > 0) return 1;
  // Written whole, then renamed: a server starting meanwhile reads the old manifest or the new one.
  const partial = `${PERSISTED_MANIFEST}.${process.pid}.tmp`;
  writeFileSync(partial, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(partial, PERSISTED_MANIFEST);
  console.log(`Wrote ${PERSISTED_MANIFEST} (${Object.keys(manifest).length} operations)`);
  return 0;
});
