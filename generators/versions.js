// Every version a generated project depends on, pinned in one place.
// Each one installs and runs on Node >= 20.19 (checked with `npm view <pkg>@<version> engines`).

export const VERSIONS = Object.freeze({
  '@node-rs/argon2': '2.2.1',
  '@types/better-sqlite3': '7.6.13',
  '@types/node': '20.19.43',
  'better-sqlite3': '12.11.1',
  fastify: '5.12.8',
  pino: '10.4.0',
  plop: '4.0.5',
  tsx: '4.23.15',
  typescript: '6.0.3',
  vitest: '4.1.12',
  zod: '4.6.7',
});

/** npm `overrides` that keep Node-22-only transitive packages out of the tree. */
export const OVERRIDES = Object.freeze({
  fastify: { cookie: '^1.1.1' },
});

const pick = (names) => Object.fromEntries([...names].sort().map((name) => [name, VERSIONS[name]]));

export function dependenciesFor(answers) {
  const runtime = new Set(['zod', '@node-rs/argon2', 'pino']);
  const dev = new Set(['@types/node', 'plop', 'tsx', 'typescript', 'vitest']);
  runtime.add(answers.framework);
  if (answers.db === 'sqlite') {
    runtime.add('better-sqlite3');
    dev.add('@types/better-sqlite3');
  }
  const overrides = { ...(OVERRIDES[answers.framework] ?? {}) };
  for (const name of [...runtime, ...dev]) {
    if (!(name in VERSIONS)) throw new Error(`no pinned version for ${name}`);
  }
  return { dependencies: pick(runtime), devDependencies: pick(dev), overrides };
}
