// Templates are arranged in layers. Each layer folder mirrors the generated project's root.
//  - a file ending in `.hbs` is rendered with Handlebars and written without the suffix;
//    any other file is copied byte for byte;
//  - a file or folder name starting with `_` is written with a leading `.` (npm strips
//    dotfiles such as .gitignore from published packages);
//  - `__name__` in a path is replaced by the resource name (resource layers only);
//  - a layer's direct `http/` sub-folder holds per-framework glue and is its own layer.
//  - a layer's own `layer.json` (never written) declares the tables and route prefixes it
//    owns, from which the reserved resource names are derived, and the secret variables
//    `.env` gets fresh values for; its `partials/` folder (never written) holds what it adds
//    to the shared files.
// Two layers writing the same path is an error: layers add files, they never override.

import fs from 'node:fs';
import path from 'node:path';

/**
 * The HTTP layers of each framework. Express and Hono parse query strings with the
 * project's own parser; Fastify's parser already gives what the schemas need.
 */
const FRAMEWORK_LAYERS = Object.freeze({
  fastify: ['http/fastify'],
  express: ['http/query-string', 'http/express'],
  hono: ['http/query-string', 'http/hono'],
});

/**
 * Whether several instances of the project can serve as one: their data in one Postgres, or
 * their rate-limit counts in one Redis (beside one SQLite file). Such projects ship the
 * two-instance test; with SQLite and memory counts, one instance is all there is.
 * @param {{ db: string, rateLimitStore: string }} answers
 */
export function runsAsSeveralInstances(answers) {
  return answers.db === 'postgres' || answers.rateLimitStore === 'redis';
}

/**
 * The layers of a project. `answers.authModules` lists the auth modules of its style, each
 * with the layers it is made of (generators/context.js builds it).
 * `answers.featureModules` lists the optional features chosen (each with its layer), none when absent;
 * GraphQL adds its tests of API-key scopes when keys are offered.
 * @param {{ framework: string, db: string, rateLimitStore: string, authModules: readonly { layers: readonly string[] }[], featureModules?: readonly { name: string, layer: string }[] }} answers
 */
export function projectLayers(answers) {
  const authLayers = [...new Set(answers.authModules.flatMap((module) => module.layers))];
  return [
    'project',
    `db/${answers.db}`,
    ...authLayers,
    `store/${answers.rateLimitStore}`,
    ...(answers.featureModules ?? []).map((module) => module.layer),
    ...((answers.featureModules ?? []).some((module) => module.name === 'graphql') && authLayers.includes('auth/api-key')
      ? ['features/graphql-api-key']
      : []),
    ...(runsAsSeveralInstances(answers) ? ['two-instances'] : []),
    ...(FRAMEWORK_LAYERS[answers.framework] ?? [`http/${answers.framework}`]),
    // A module's own glue for one framework, where it needs any (missing folders add nothing).
    `db/${answers.db}/http/${answers.framework}`,
    ...authLayers.map((layer) => `${layer}/http/${answers.framework}`),
  ];
}

export function resourceLayers() {
  return ['resource'];
}

const LAYER_MANIFEST = 'layer.json';
const PARTIALS = 'partials';

/**
 * A layer's Handlebars partials (its partials/ folder, never written), named
 * `<layer>/<file without .hbs>`: what a module contributes to the project's shared files.
 * @param {string} templatesDir
 * @param {readonly string[]} layers
 * @returns {{ name: string, text: string }[]}
 */
export function layerPartials(templatesDir, layers) {
  return layers.flatMap((layer) => {
    const dir = path.join(templatesDir, layer, PARTIALS);
    if (!fs.existsSync(dir)) return [];
    return fs
      .readdirSync(dir)
      .filter((file) => file.endsWith('.hbs'))
      .sort()
      .map((file) => ({ name: `${layer}/${file.slice(0, -4)}`, text: fs.readFileSync(path.join(dir, file), 'utf8') }));
  });
}

/**
 * The environment variables holding secrets that the given layers declare (layer.json `secrets`):
 * `.env` gets a fresh random value for each.
 * @param {string} templatesDir
 * @param {readonly string[]} layers
 * @returns {string[]}
 */
export function layerSecrets(templatesDir, layers) {
  return layers.flatMap((layer) => {
    const file = path.join(templatesDir, layer, LAYER_MANIFEST);
    return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')).secrets ?? []) : [];
  });
}

/**
 * The working local values of the variables the given layers declare (layer.json `localEnv`),
 * such as the URL of a service on this machine: `.env` gets them, so `npm run dev` works at once.
 * @param {string} templatesDir
 * @param {readonly string[]} layers
 * @returns {Record<string, string>}
 */
export function layerLocalEnv(templatesDir, layers) {
  return Object.assign(
    {},
    ...layers.map((layer) => {
      const file = path.join(templatesDir, layer, LAYER_MANIFEST);
      return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')).localEnv ?? {}) : {};
    }),
  );
}

/**
 * What the given layers own, from their layer.json files: { tables, paths }.
 * @param {string} templatesDir
 * @param {readonly string[]} layers
 * @returns {{ tables: string[], paths: string[] }}
 */
export function layerReservations(templatesDir, layers) {
  const tables = new Set();
  const paths = new Set();
  for (const layer of layers) {
    const file = path.join(templatesDir, layer, LAYER_MANIFEST);
    if (!fs.existsSync(file)) continue;
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const table of manifest.tables ?? []) tables.add(table);
    for (const route of manifest.paths ?? []) paths.add(route);
  }
  return { tables: [...tables].sort(), paths: [...paths].sort() };
}

/**
 * Every layer folder under templates/ that holds a layer.json: what any project can own.
 * @param {string} templatesDir
 */
export function declaringLayers(templatesDir) {
  return fs
    .readdirSync(templatesDir, { recursive: true })
    .map(String)
    .filter((file) => path.basename(file) === LAYER_MANIFEST)
    .map((file) => path.dirname(file).split(path.sep).join('/'))
    .sort();
}

function walk(dir, rel, out, isLayerRoot) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (isLayerRoot && entry.isDirectory() && entry.name === 'http') continue;
    if (isLayerRoot && (entry.name === LAYER_MANIFEST || entry.name === PARTIALS)) continue;
    const abs = path.join(dir, entry.name);
    const relPath = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) walk(abs, relPath, out, false);
    else if (entry.isFile()) out.push({ abs, rel: relPath });
  }
}

/** A layer's files, read once per process: a project lists the resource layers once per resource. */
const listings = new Map();

function layerListing(dir) {
  let found = listings.get(dir);
  if (found === undefined) {
    found = [];
    walk(dir, '', found, true);
    listings.set(dir, found);
  }
  return found;
}

function outputPath(rel, resourceName) {
  const parts = rel.split('/').map((part) => {
    let name = part;
    if (name.startsWith('_') && !name.startsWith('__name__')) name = `.${name.slice(1)}`;
    if (resourceName !== undefined) name = name.split('__name__').join(resourceName);
    return name;
  });
  const joined = parts.join('/');
  return joined.endsWith('.hbs') ? joined.slice(0, -4) : joined;
}

/**
 * Lists the files of the given layers as { source, target, render } with target relative
 * to the project root. Missing layer folders are skipped (a layer may have nothing to add).
 */
export function layerFiles(templatesDir, layers, resourceName) {
  const files = [];
  const owner = new Map();
  for (const layer of layers) {
    const dir = path.join(templatesDir, layer);
    if (!fs.existsSync(dir)) continue;
    const found = layerListing(dir);
    for (const { abs, rel } of found) {
      const target = outputPath(rel, resourceName);
      if (owner.has(target)) {
        throw new Error(`template layers "${owner.get(target)}" and "${layer}" both write ${target}`);
      }
      owner.set(target, layer);
      files.push({ source: abs, target, render: abs.endsWith('.hbs') });
    }
  }
  return files;
}
