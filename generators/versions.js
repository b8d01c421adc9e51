// Every version a generated project depends on, pinned in one place.
// Each one installs and runs on Node >= 20.19 (checked with `npm view <pkg>@<version> engines`).

export const VERSIONS = Object.freeze({
  '@biomejs/biome': '2.6.8',
  '@fastify/busboy': '3.2.6',
  '@escape.tech/graphql-armor-cost-limit': '2.4.3',
  '@escape.tech/graphql-armor-max-aliases': '2.6.2',
  '@escape.tech/graphql-armor-max-depth': '2.4.2',
  '@escape.tech/graphql-armor-max-directives': '2.3.1',
  '@hono/node-server': '2.1.9',
  '@node-rs/argon2': '2.2.1',
  '@stoplight/spectral-cli': '6.16.3',
  '@stoplight/spectral-owasp-ruleset': '2.0.1',
  '@types/better-sqlite3': '7.6.13',
  '@types/express': '5.0.6',
  '@types/node': '20.19.43',
  '@types/pg': '8.23.1',
  'better-sqlite3': '12.11.1',
  express: '5.3.0',
  fastify: '5.12.8',
  graphql: '16.15.0',
  hono: '4.13.19',
  ioredis: '6.0.0',
  jose: '6.2.18',
  pino: '10.4.0',
  pg: '8.23.1',
  'pino-pretty': '13.2.0',
  plop: '4.0.5',
  'swagger-ui-dist': '5.35.0',
  tsx: '4.23.15',
  typescript: '6.0.3',
  vitest: '4.1.12',
  zod: '4.6.7',
});

/** Overrides that keep Node-22-only transitive packages out of the tree (flat: every package manager reads this form). */
export const OVERRIDES = Object.freeze({
  fastify: { cookie: '^1.1.1' },
});

/**
 * Packages whose install scripts must run: better-sqlite3 compiles its native module, esbuild
 * (under tsx) checks its binary. npm asks for `allowScripts`; pnpm 10 runs only
 * `pnpm.onlyBuiltDependencies`, bun only `trustedDependencies`.
 */
function builtDependencies(answers) {
  return [...(answers.db === 'sqlite' ? ['better-sqlite3'] : []), 'esbuild'].sort();
}

/** The package.json fields each package manager reads to build native packages and apply overrides. */
export function packageManagerFields(answers) {
  const built = builtDependencies(answers);
  // npm and bun read `overrides`; pnpm reads its own field, yarn `resolutions`.
  const flat = OVERRIDES[answers.framework];
  return {
    allowScripts: Object.fromEntries(built.map((name) => [name, true])),
    pnpm: flat ? { onlyBuiltDependencies: built, overrides: { ...flat } } : { onlyBuiltDependencies: built },
    trustedDependencies: built,
    resolutions: flat ? { ...flat } : undefined,
  };
}

/** What each framework's HTTP layer needs, beyond the shared core. */
const FRAMEWORK_PACKAGES = Object.freeze({
  fastify: { runtime: ['fastify'], dev: [] },
  express: { runtime: ['express'], dev: ['@types/express'] },
  hono: { runtime: ['hono', '@hono/node-server'], dev: [] },
});

/** What each auth style needs at run time. */
/** What each auth style needs at run time: passwords are hashed by the JWT style only. */
const AUTH_PACKAGES = Object.freeze({
  jwt: ['@node-rs/argon2'],
  'api-key': [],
  'jwt+api-key': ['@node-rs/argon2'],
  oidc: ['jose'],
});

/** What `--graphql` needs at run time: graphql-js and the armor validation rules (no server library). */
const GRAPHQL_PACKAGES = Object.freeze([
  'graphql',
  '@escape.tech/graphql-armor-cost-limit',
  '@escape.tech/graphql-armor-max-aliases',
  '@escape.tech/graphql-armor-max-depth',
  '@escape.tech/graphql-armor-max-directives',
]);

const pick = (names) => Object.fromEntries([...names].sort().map((name) => [name, VERSIONS[name]]));

export function dependenciesFor(answers) {
  const runtime = new Set(['zod', 'pino', ...AUTH_PACKAGES[answers.auth]]);
  const dev = new Set([
    '@biomejs/biome',
    '@stoplight/spectral-cli',
    '@stoplight/spectral-owasp-ruleset',
    '@types/node',
    'pino-pretty',
    'plop',
    'swagger-ui-dist',
    'tsx',
    'typescript',
    'vitest',
  ]);
  for (const name of FRAMEWORK_PACKAGES[answers.framework].runtime) runtime.add(name);
  for (const name of FRAMEWORK_PACKAGES[answers.framework].dev) dev.add(name);
  if (answers.db === 'sqlite') {
    runtime.add('better-sqlite3');
    dev.add('@types/better-sqlite3');
  }
  if (answers.db === 'postgres') {
    runtime.add('pg');
    dev.add('@types/pg');
  }
  if (answers.rateLimitStore === 'redis') runtime.add('ioredis');
  // Multipart uploads are read by one streaming parser on the Node request, whatever the framework.
  if (answers.uploads === true) runtime.add('@fastify/busboy');
  if (answers.graphql === true) for (const name of GRAPHQL_PACKAGES) runtime.add(name);
  const overrides = { ...(OVERRIDES[answers.framework] ?? {}) };
  for (const name of [...runtime, ...dev]) {
    if (!(name in VERSIONS)) throw new Error(`no pinned version for ${name}`);
  }
  return { dependencies: pick(runtime), devDependencies: pick(dev), overrides };
}

/**
 * The dependency groups Renovate updates together in one pull request each: the framework's
 * packages (they move in step), and the packages the project's security rests on (validation,
 * password hashing, token checks, the OWASP API ruleset). Every name is a dependency of the project.
 */
export function upkeepGroups(answers) {
  const framework = FRAMEWORK_PACKAGES[answers.framework];
  return {
    framework: [...framework.runtime, ...framework.dev].sort(),
    security: ['zod', ...AUTH_PACKAGES[answers.auth], '@stoplight/spectral-owasp-ruleset'].sort(),
  };
}
