// How the generated project's CI workflow sets up and uses each package manager.

import fs from 'node:fs';
import path from 'node:path';

/**
 * Per package manager: the workflow steps (YAML, indented for a job's `steps:` list) that make
 * it available, and the install command that refuses a lock file out of date with package.json
 * (`--frozen-lockfile` is what Yarn 1, which corepack gives without a `packageManager` field,
 * understands; Yarn 2+ reads it as `--immutable`).
 */
const CI_PACKAGE_MANAGERS = Object.freeze({
  npm: {
    setup: ['      - uses: actions/setup-node@v4', '        with:', '          node-version-file: .nvmrc', '          cache: npm'],
    install: 'npm ci',
  },
  pnpm: {
    setup: [
      '      - uses: actions/setup-node@v4',
      '        with:',
      '          node-version-file: .nvmrc',
      '      - run: corepack enable pnpm',
    ],
    install: 'pnpm install --frozen-lockfile',
  },
  yarn: {
    setup: [
      '      - uses: actions/setup-node@v4',
      '        with:',
      '          node-version-file: .nvmrc',
      '      - run: corepack enable yarn',
    ],
    install: 'yarn install --frozen-lockfile',
  },
  bun: {
    setup: [
      '      - uses: actions/setup-node@v4',
      '        with:',
      '          node-version-file: .nvmrc',
      '      - uses: oven-sh/setup-bun@v2',
    ],
    install: 'bun install --frozen-lockfile',
  },
});

/**
 * The CI template data of a package manager: `setup` (workflow step lines) and `install`.
 * Throws for a package manager the table does not know, so a new one cannot ship without CI.
 * @param {string} packageManager
 * @returns {{ setup: string, install: string }}
 */
export function ciFor(packageManager) {
  const entry = CI_PACKAGE_MANAGERS[packageManager];
  if (entry === undefined) throw new Error(`no CI setup for package manager ${JSON.stringify(packageManager)}`);
  return { setup: entry.setup.join('\n'), install: entry.install };
}

/**
 * The layers, in order, that give the CI job a service container (their partials/ci-service.hbs,
 * with partials/ci-env.hbs naming how the tests reach it): the database and rate-limit store
 * servers a project's tests need.
 * @param {string} templatesDir
 * @param {readonly string[]} layers
 * @returns {string[]}
 */
export function ciServiceLayers(templatesDir, layers) {
  return layers.filter((layer) => fs.existsSync(path.join(templatesDir, layer, 'partials', 'ci-service.hbs')));
}
