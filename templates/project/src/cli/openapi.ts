import { writeFileSync } from 'node:fs';
import { openApiDocumentJson } from '../api.js';

// Writes the OpenAPI document built from the declared operations, the same text GET
// /openapi.json serves, without a server, a database or any configuration: `lint:api` checks it.
const file = process.argv[2] ?? 'openapi.json';
writeFileSync(file, `${openApiDocumentJson()}\n`);
console.log(`Wrote ${file}`);
