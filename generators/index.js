// The node-plop generators: `app` renders a whole project, `resource` adds one resource.
// Plain ESM JavaScript that needs only node-plop (or plop) and Node, so the generated
// project can ship the `resource` generator unchanged.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerHelpers } from './helpers.js';
import { layerFiles, projectLayers, resourceLayers } from './layers.js';
import { resourceTemplateData } from './resource-spec.js';

/** The package root: this file lives in generators/ (or, bundled, in dist/) right below it. */
const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_TEMPLATES_DIR = path.join(PACKAGE_ROOT, 'templates');
export const GENERATORS_DIR = path.join(PACKAGE_ROOT, 'generators');

/** The generator modules a project ships so `npm run gen` works with only plop installed. */
export const SHIPPED_GENERATOR_FILES = Object.freeze(['helpers.js', 'index.js', 'layers.js', 'questions.js', 'resource-spec.js']);

/** The file that lists every resource, and its two insertion markers. */
export const REGISTRY_FILE = 'src/resources/index.ts';
export const SETTINGS_FILE = 'secure-api.json';
export const IMPORT_MARKER = '// secure-api:resource-imports';
export const LIST_MARKER = '// secure-api:resource-list';

export function registryLines(resource) {
  return {
    importLine: `import { ${resource.camel}Resource } from './${resource.name}/index.js';`,
    listLine: `${resource.camel}Resource,`,
  };
}

function fileActions(files) {
  return files.map((file) => ({ type: file.render ? 'render' : 'copy', path: file.target, source: file.source, abortOnFail: true }));
}

/** Compiled templates by source text, per Handlebars instance. */
const compiled = new WeakMap();

/** Precompiled template specs by the SHA-256 of their text (the CLI's build makes them). */
let precompiled = new Map();

export function usePrecompiledTemplates(specs) {
  precompiled = specs;
}

function compileTemplate(handlebars, text) {
  if (precompiled.size > 0) {
    const spec = precompiled.get(createHash('sha256').update(text).digest('hex'));
    if (spec !== undefined) return handlebars.template(spec);
  }
  return handlebars.compile(text);
}

/**
 * Renders a template with plop's Handlebars and helpers. Each template text is compiled once
 * per process, however many resources or projects use it.
 */
export function renderTemplate(plop, text, data) {
  const handlebars = plop.handlebars;
  let cache = compiled.get(handlebars);
  if (cache === undefined) {
    cache = new Map();
    compiled.set(handlebars, cache);
  }
  let template = cache.get(text);
  if (template === undefined) {
    template = compileTemplate(handlebars, text);
    cache.set(text, template);
  }
  return template(data);
}

// File actions use synchronous calls: a project is about a hundred small files, and each
// asynchronous read or write would cost several round trips through libuv's thread pool.
function refuseExisting(dest, relative) {
  if (fs.existsSync(dest)) throw new Error(`File already exists: ${relative}`);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
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

/**
 * Plans a resource: checks that nothing it would write exists and that the registry can take
 * it, then renders every file in memory. Throws before anything is written.
 */
export async function planResource(api, data, templatesDir) {
  const root = api.getDestBasePath();
  const { resource } = data;
  const files = layerFiles(templatesDir, resourceLayers(data), resource.name);
  const clashes = files.filter((f) => fs.existsSync(path.join(root, f.target)));
  if (clashes.length > 0) {
    throw new Error(`resource "${resource.name}" already exists (${clashes[0].target}); nothing was changed`);
  }
  const registryPath = path.join(root, REGISTRY_FILE);
  if (!fs.existsSync(registryPath)) throw new Error(`${REGISTRY_FILE} is missing; it lists the resources`);
  const registryBefore = await fs.promises.readFile(registryPath, 'utf8');
  const { importLine, listLine } = registryLines(resource);
  let registryAfter = insertBeforeMarker(registryBefore, IMPORT_MARKER, importLine, REGISTRY_FILE);
  registryAfter = insertBeforeMarker(registryAfter, LIST_MARKER, listLine, REGISTRY_FILE);
  let settings;
  if (data.recordInSettings) {
    const settingsPath = path.join(root, SETTINGS_FILE);
    const before = await fs.promises.readFile(settingsPath, 'utf8');
    const parsed = JSON.parse(before);
    parsed.resources = [...(parsed.resources ?? []), resource.spec];
    settings = { path: SETTINGS_FILE, before, after: `${JSON.stringify(parsed, null, 2)}\n` };
  }
  const rendered = [];
  for (const file of files) {
    const raw = fs.readFileSync(file.source);
    const content = file.render ? renderTemplate(api, raw.toString('utf8'), data) : raw;
    rendered.push({ target: file.target, content });
  }
  return { files: rendered, registry: { path: REGISTRY_FILE, before: registryBefore, after: registryAfter }, settings };
}

/** Writes a planned resource all or nothing: on any failure, what was written is removed. */
export async function writeResource(root, plan) {
  const written = [];
  const createdDirs = [];
  const registryPath = path.join(root, plan.registry.path);
  try {
    for (const file of plan.files) {
      const dest = path.join(root, file.target);
      let dir = path.dirname(dest);
      const missing = [];
      while (dir !== root && !fs.existsSync(dir)) {
        missing.unshift(dir);
        dir = path.dirname(dir);
      }
      for (const d of missing) {
        await fs.promises.mkdir(d);
        createdDirs.push(d);
      }
      await fs.promises.writeFile(dest, file.content, { flag: 'wx' });
      written.push(dest);
    }
    await fs.promises.writeFile(registryPath, plan.registry.after);
    if (plan.settings) await fs.promises.writeFile(path.join(root, plan.settings.path), plan.settings.after);
  } catch (error) {
    if (plan.settings) await fs.promises.writeFile(path.join(root, plan.settings.path), plan.settings.before);
    for (const dest of written.reverse()) await fs.promises.rm(dest, { force: true });
    for (const d of createdDirs.reverse()) await fs.promises.rmdir(d).catch(() => {});
    await fs.promises.writeFile(registryPath, plan.registry.before);
    throw error;
  }
  return [...plan.files.map((f) => f.target), plan.registry.path, ...(plan.settings ? [plan.settings.path] : [])];
}

export function registerActionTypes(plop, templatesDir = DEFAULT_TEMPLATES_DIR) {
  plop.setActionType('copy', async (_answers, config, api) => {
    const dest = path.resolve(api.getDestBasePath(), config.path);
    refuseExisting(dest, config.path);
    fs.copyFileSync(config.source, dest, fs.constants.COPYFILE_EXCL);
    return config.path;
  });
  plop.setActionType('render', async (data, config, api) => {
    const dest = path.resolve(api.getDestBasePath(), config.path);
    refuseExisting(dest, config.path);
    const text = fs.readFileSync(config.source, 'utf8');
    fs.writeFileSync(dest, renderTemplate(api, text, data), { flag: 'wx' });
    return config.path;
  });
  plop.setActionType('add-resource', async (data, config, api) => {
    const plan = await planResource(api, data, config.templatesDir ?? templatesDir);
    if (config.dryRun || data.dryRun) {
      const lines = plan.files.map((f) => `  add     ${f.target}`);
      lines.push(`  modify  ${plan.registry.path}`);
      if (plan.settings) lines.push(`  modify  ${plan.settings.path}`);
      return `dry run, nothing written; would write:\n${lines.join('\n')}`;
    }
    const changed = await writeResource(api.getDestBasePath(), plan);
    return `${changed.length} files for /v1/${data.resource.name}`;
  });
}

/** The resource templates and generator code, copied verbatim into the project. */
export function shippedGeneratorFiles(data, templatesDir = DEFAULT_TEMPLATES_DIR) {
  const code = SHIPPED_GENERATOR_FILES.map((name) => ({
    source: path.join(GENERATORS_DIR, name),
    target: `generators/${name}`,
    render: false,
  }));
  const templates = resourceLayers(data).flatMap((layer) =>
    layerFiles(templatesDir, [layer]).map((file) => ({
      source: file.source,
      target: `generators/templates/${layer}/${path.relative(path.join(templatesDir, layer), file.source).split(path.sep).join('/')}`,
      render: false,
    })),
  );
  return [...code, ...templates];
}

export function appGenerator(templatesDir = DEFAULT_TEMPLATES_DIR) {
  return {
    description: 'a complete hardened API project',
    prompts: [],
    actions: (data) => fileActions([...layerFiles(templatesDir, projectLayers(data)), ...shippedGeneratorFiles(data, templatesDir)]),
  };
}

export function resourceGenerator(templatesDir = DEFAULT_TEMPLATES_DIR, prompts = []) {
  return {
    description: 'a hardened, owner-scoped CRUD resource (model, routes, migration, tests)',
    prompts,
    actions: [{ type: 'add-resource', templatesDir, abortOnFail: true }],
  };
}

export async function createPlop(destDir, templatesDir = DEFAULT_TEMPLATES_DIR) {
  const { default: nodePlop } = await import('node-plop');
  const plop = await nodePlop('', { destBasePath: destDir, force: false });
  registerHelpers(plop);
  registerActionTypes(plop, templatesDir);
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
  data.projectName ??= settings.name;
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
  const files = [...layerFiles(templatesDir, projectLayers(context)), ...shippedGeneratorFiles(context, templatesDir)].map((f) => f.target);
  for (const resource of context.resources.map(resourceTemplateData)) {
    files.push(...layerFiles(templatesDir, resourceLayers(context), resource.name).map((f) => f.target));
  }
  return files.sort();
}
