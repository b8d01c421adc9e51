// The resource generator: what `npm run gen resource` runs in a generated project, and what
// the CLI runs once per resource on day one. Plain ESM JavaScript that needs only node-plop
// (or plop) and Node; the project ships it with its templates.

import fs from 'node:fs';
import { layerFiles, resourceLayers } from './layers.js';
import { renderTemplate } from './render.js';
import { FileTree } from './tree.js';

/** The file that lists every resource, and its two insertion markers. */
export const REGISTRY_FILE = 'src/resources/index.ts';
export const SETTINGS_FILE = 'secure-api.json';
/** The tables and routes the project's layers own (see layers.js); resources may not clash with them. */
export const RESERVATIONS_FILE = 'generators/reserved.json';
export const IMPORT_MARKER = '// secure-api:resource-imports';
export const LIST_MARKER = '// secure-api:resource-list';

/** What a resource template may see: the settings kept in secure-api.json, nothing else. */
export const SETTING_KEYS = Object.freeze(['projectName', 'framework', 'auth', 'db', 'rateLimitStore', 'graphql', 'uploads', 'webhooks']);

/**
 * @param {Record<string, unknown>} settings
 * @param {import('./resource-spec.js').ResourceTemplateData} resource
 */
export function resourceData(settings, resource) {
  /** @type {Record<string, unknown>} */
  const data = {};
  for (const key of SETTING_KEYS) data[key] = settings[key];
  data.projectName ??= settings.name;
  return { ...data, resource };
}

/** @param {{ camel: string, name: string }} resource */
export function registryLines(resource) {
  return {
    importLine: `import { ${resource.camel}Resource } from './${resource.name}/index.js';`,
    listLine: `${resource.camel}Resource,`,
  };
}

/**
 * Inserts one line before a marker line, with the marker's indentation.
 * @param {string} text
 * @param {string} marker
 * @param {string} line
 * @param {string} file
 */
function insertBeforeMarker(text, marker, line, file) {
  const lines = text.split('\n');
  const hits = lines.flatMap((l, i) => (l.trim() === marker ? [i] : []));
  if (hits.length !== 1) {
    throw new Error(`${file}: expected exactly one "${marker}" line, found ${hits.length}`);
  }
  if (lines.some((l) => l.trim() === line.trim())) {
    throw new Error(`${file}: already contains ${JSON.stringify(line.trim())}`);
  }
  const at = /** @type {number} */ (hits[0]);
  const indent = /^\s*/.exec(/** @type {string} */ (lines[at]))?.[0] ?? '';
  lines.splice(at, 0, indent + line);
  return lines.join('\n');
}

/**
 * Plans a resource into `tree`: its rendered files, its two registry lines and (from `npm
 * run gen`) its spec in secure-api.json. Throws, changing nothing, when any file exists
 * or the registry cannot take it.
 * @param {FileTree} tree
 * @param {{ handlebars: typeof import('handlebars') }} plop
 * @param {{ resource: import('./resource-spec.js').ResourceTemplateData, recordInSettings?: boolean }} data
 * @param {string} templatesDir
 */
export function planResource(tree, plop, data, templatesDir) {
  const { resource } = data;
  const files = layerFiles(templatesDir, resourceLayers(), resource.name);
  const clash = files.find((file) => tree.exists(file.target));
  if (clash !== undefined) throw new Error(`resource "${resource.name}" already exists (${clash.target}); nothing was changed`);
  if (!tree.exists(REGISTRY_FILE)) throw new Error(`${REGISTRY_FILE} is missing; it lists the resources`);
  const { importLine, listLine } = registryLines(resource);
  const registry = insertBeforeMarker(tree.read(REGISTRY_FILE), IMPORT_MARKER, importLine, REGISTRY_FILE);
  tree.overwrite(REGISTRY_FILE, insertBeforeMarker(registry, LIST_MARKER, listLine, REGISTRY_FILE));
  if (data.recordInSettings) {
    const settings = JSON.parse(tree.read(SETTINGS_FILE));
    settings.resources = [...(settings.resources ?? []), resource.spec];
    tree.overwrite(SETTINGS_FILE, `${JSON.stringify(settings, null, 2)}\n`);
  }
  for (const file of files) {
    const raw = fs.readFileSync(file.source);
    tree.create(file.target, file.render ? renderTemplate(plop, raw.toString('utf8'), data) : raw);
  }
}

/**
 * The `add-resource` action: plans the resource in memory, then commits it all or nothing
 * (or, with `dryRun`, lists what it would write). A day-one resource goes into the tree of
 * the project being rendered (`data.tree`) instead.
 * @param {import('node-plop').NodePlopAPI} plop
 * @param {string} templatesDir
 */
export function registerResourceAction(plop, templatesDir) {
  plop.setActionType('add-resource', async (data, config, api) => {
    /** @type {FileTree} */
    const tree = data.tree ?? new FileTree(api.getDestBasePath());
    planResource(tree, api, data, config.templatesDir ?? templatesDir);
    if (data.tree !== undefined) return `/v1/${data.resource.name}`;
    const lines = tree.changes().map((change) => `  ${change.action === 'create' ? 'add   ' : 'modify'}  ${change.path}`);
    if (data.dryRun) return `dry run, nothing written; would write:\n${lines.join('\n')}`;
    const { written } = await tree.commit();
    return `${written.length} files for /v1/${data.resource.name}`;
  });
}

/**
 * @param {string} templatesDir
 * @param {unknown} prompts
 */
export function resourceGenerator(templatesDir, prompts = []) {
  return {
    description: 'a hardened, owner-scoped CRUD resource (schema, migration, operations, tests)',
    prompts,
    actions: [{ type: 'add-resource', templatesDir, abortOnFail: true }],
  };
}
