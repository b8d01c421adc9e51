// The node-plop generators: `app` renders a whole project, `resource` adds one resource.
// Plain ESM JavaScript that needs only node-plop (or plop) and Node, so the generated
// project can ship the `resource` generator unchanged.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerHelpers } from './helpers.js';
import { layerFiles, projectLayers, resourceLayers } from './layers.js';
import { resourceTemplateData } from './resource-spec.js';

export const DEFAULT_TEMPLATES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../templates');

/** The file that lists every resource, and its two insertion markers. */
export const REGISTRY_FILE = 'src/resources/index.ts';
export const IMPORT_MARKER = '// secure-api:resource-imports';
export const LIST_MARKER = '// secure-api:resource-list';

export function registryLines(resource) {
  return {
    importLine: `import { ${resource.camel}Resource } from './${resource.name}/index.js';`,
    listLine: `${resource.camel}Resource,`,
  };
}

function fileActions(files) {
  return files.map((file) =>
    file.render
      ? { type: 'add', path: file.target, templateFile: file.source, abortOnFail: true }
      : { type: 'copy', path: file.target, source: file.source, abortOnFail: true },
  );
}

/** Inserts one line before a marker line, with the marker's indentation. */
function insertBeforeMarker(text, marker, line, file) {
  const lines = text.split('\n');
  const hits = lines.flatMap((l, i) => (l.trim() === marker ? [i] : []));
  if (hits.length !== 1) {
    throw new Error(`${file}: expected exactly one "${marker}" line, found ${hits.length}`);
  }
  if (lines.some((l) => l.trim() === line.trim())) {
    throw new Error(`${file}: already contains ${JSON.stringify(line.trim())}`);
  }
  const at = hits[0];
  const indent = /^\s*/.exec(lines[at])[0];
  lines.splice(at, 0, indent + line);
  return lines.join('\n');
}

export function registerActionTypes(plop) {
  plop.setActionType('copy', async (_answers, config, api) => {
    const dest = path.resolve(api.getDestBasePath(), config.path);
    if (fs.existsSync(dest)) throw new Error(`File already exists: ${config.path}`);
    await fs.promises.mkdir(path.dirname(dest), { recursive: true });
    await fs.promises.copyFile(config.source, dest, fs.constants.COPYFILE_EXCL);
    return config.path;
  });
  plop.setActionType('register-resource', async (answers, _config, api) => {
    const file = path.resolve(api.getDestBasePath(), REGISTRY_FILE);
    const { importLine, listLine } = registryLines(answers.resource);
    let text = await fs.promises.readFile(file, 'utf8');
    text = insertBeforeMarker(text, IMPORT_MARKER, importLine, REGISTRY_FILE);
    text = insertBeforeMarker(text, LIST_MARKER, listLine, REGISTRY_FILE);
    await fs.promises.writeFile(file, text);
    return REGISTRY_FILE;
  });
}

export function appGenerator(templatesDir = DEFAULT_TEMPLATES_DIR) {
  return {
    description: 'a complete hardened API project',
    prompts: [],
    actions: (data) => fileActions(layerFiles(templatesDir, projectLayers(data))),
  };
}

export function resourceGenerator(templatesDir = DEFAULT_TEMPLATES_DIR) {
  return {
    description: 'a hardened, owner-scoped CRUD resource',
    prompts: [],
    actions: (data) => [
      ...fileActions(layerFiles(templatesDir, resourceLayers(data), data.resource.name)),
      { type: 'register-resource', abortOnFail: true },
    ],
  };
}

export async function createPlop(destDir, templatesDir = DEFAULT_TEMPLATES_DIR) {
  const { default: nodePlop } = await import('node-plop');
  const plop = await nodePlop('', { destBasePath: destDir, force: false });
  registerHelpers(plop);
  registerActionTypes(plop);
  plop.setGenerator('app', appGenerator(templatesDir));
  plop.setGenerator('resource', resourceGenerator(templatesDir));
  return plop;
}

export class RenderError extends Error {
  constructor(message, failures) {
    super(message);
    this.name = 'RenderError';
    this.failures = failures;
  }
}

async function run(plop, name, data) {
  const result = await plop.getGenerator(name).runActions(data);
  if (result.failures.length > 0) {
    const first = result.failures[0];
    throw new RenderError(`${name}: ${first.path || first.type}: ${first.error || first.message}`, result.failures);
  }
  return result.changes.map((c) => c.path.replace(/^[\\/]/, ''));
}

/** What a resource template may see: the settings kept in secure-api.json, nothing else. */
export const SETTING_KEYS = Object.freeze(['projectName', 'framework', 'auth', 'db', 'rateLimitStore', 'graphql', 'uploads', 'webhooks']);

export function resourceData(settings, resource) {
  const data = {};
  for (const key of SETTING_KEYS) data[key] = settings[key];
  return { ...data, resource };
}

/**
 * Renders a whole project into destDir (which should be an empty staging folder).
 * `context` is the template data: validated answers plus derived values.
 * Returns the list of written paths relative to destDir.
 */
export async function renderProject(context, destDir, templatesDir = DEFAULT_TEMPLATES_DIR) {
  const plop = await createPlop(destDir, templatesDir);
  const resources = context.resources.map(resourceTemplateData);
  const data = { ...context, resources };
  const written = await run(plop, 'app', data);
  for (const resource of resources) {
    written.push(...(await run(plop, 'resource', resourceData(data, resource))));
  }
  return written;
}

/** Lists what renderProject would write, without rendering anything. */
export function plannedFiles(context, templatesDir = DEFAULT_TEMPLATES_DIR) {
  const files = layerFiles(templatesDir, projectLayers(context)).map((f) => f.target);
  for (const resource of context.resources.map(resourceTemplateData)) {
    files.push(...layerFiles(templatesDir, resourceLayers(context), resource.name).map((f) => f.target));
  }
  return files.sort();
}
