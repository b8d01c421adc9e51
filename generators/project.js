// The project generator: what the CLI runs to render a whole project. It renders every file
// into one in-memory tree (the `app` generator, then `resource` once per resource); the CLI
// commits the tree all or nothing. Not shipped in generated projects.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerHelpers } from './helpers.js';
import { layerFiles, layerPartials, layerReservations, projectLayers, resourceLayers } from './layers.js';
import { renderTemplate } from './render.js';
import { RESERVATIONS_FILE, registerResourceAction, resourceData, resourceGenerator } from './resource.js';
import { resourceTemplateData } from './resource-spec.js';
import { FileTree } from './tree.js';
import { allWebhookLayers, registerWebhookAction, validateWebhooks, webhookGenerator, webhookTemplateData } from './webhook.js';

/** The package root: this file lives in generators/ (or, bundled, in dist/) right below it. */
const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_TEMPLATES_DIR = path.join(PACKAGE_ROOT, 'templates');
export const GENERATORS_DIR = path.join(PACKAGE_ROOT, 'generators');

/** The generator modules a project ships: what `npm run gen` needs, and nothing of this file. */
export const SHIPPED_GENERATOR_FILES = Object.freeze([
  'helpers.js',
  'layers.js',
  'questions.js',
  'render.js',
  'resource.js',
  'resource-spec.js',
  'tree.js',
  'webhook.js',
]);

/** Files that hold secrets: readable and writable by their owner only. */
const PRIVATE_FILES = new Map([['.env', 0o600]]);

export class RenderError extends Error {
  /**
   * @param {string} message
   * @param {unknown[]} failures
   */
  constructor(message, failures) {
    super(message);
    this.name = 'RenderError';
    this.failures = failures;
  }
}

/**
 * The resource and webhook templates and generator code, copied verbatim into the project.
 * @param {string} templatesDir
 */
function shippedGeneratorFiles(templatesDir) {
  const code = SHIPPED_GENERATOR_FILES.map((name) => ({
    source: path.join(GENERATORS_DIR, name),
    target: `generators/${name}`,
    render: false,
  }));
  const templates = [...resourceLayers(), ...allWebhookLayers()].flatMap((layer) =>
    layerFiles(templatesDir, [layer]).map((file) => ({
      source: file.source,
      target: `generators/templates/${layer}/${path.relative(path.join(templatesDir, layer), file.source).split(path.sep).join('/')}`,
      render: false,
    })),
  );
  return [...code, ...templates];
}

/**
 * @param {import('node-plop').NodePlopAPI} plop
 * @param {string} templatesDir
 */
function registerProjectActions(plop, templatesDir) {
  // Files go into the tree of the project being rendered (data.tree); nothing touches the disk.
  plop.setActionType('render', async (data, config, api) => {
    data.tree.create(config.path, renderTemplate(api, fs.readFileSync(config.source, 'utf8'), data), {
      mode: PRIVATE_FILES.get(config.path),
    });
    return config.path;
  });
  plop.setActionType('copy', async (data, config) => {
    data.tree.create(config.path, fs.readFileSync(config.source));
    return config.path;
  });
  plop.setGenerator('app', {
    description: 'a complete hardened API project',
    prompts: [],
    actions: (data) =>
      [...layerFiles(templatesDir, projectLayers(data)), ...shippedGeneratorFiles(templatesDir)].map((file) => ({
        type: file.render ? 'render' : 'copy',
        path: file.target,
        source: file.source,
        abortOnFail: true,
      })),
  });
}

/**
 * @param {import('node-plop').NodePlopAPI} plop
 * @param {string} name
 * @param {Record<string, unknown>} data
 */
async function run(plop, name, data) {
  const result = await plop.getGenerator(name).runActions(data);
  if (result.failures.length > 0) {
    const first = result.failures[0];
    throw new RenderError(`${name}: ${first.path || first.type}: ${first.error || first.message}`, result.failures);
  }
}

/**
 * Renders a whole project into memory, rooted at `target` (which is not read: the caller
 * refuses a non-empty target or backs its clashes up at commit). `context` is the template
 * data: validated answers plus derived values. Returns the tree, ready to commit.
 * @param {Record<string, unknown> & { resources: unknown[] }} context
 * @param {string} target
 * @param {string} [templatesDir]
 * @returns {Promise<FileTree>}
 */
export async function renderProject(context, target, templatesDir = DEFAULT_TEMPLATES_DIR) {
  const { default: nodePlop } = await import('node-plop');
  const plop = await nodePlop('', { destBasePath: target, force: false });
  registerHelpers(plop);
  for (const { name, text } of layerPartials(templatesDir, projectLayers(context))) plop.handlebars.registerPartial(name, text);
  registerProjectActions(plop, templatesDir);
  registerResourceAction(plop, templatesDir);
  plop.setGenerator('resource', resourceGenerator(templatesDir));
  registerWebhookAction(plop, templatesDir);
  plop.setGenerator('webhook', webhookGenerator(templatesDir));
  const tree = new FileTree(target, { onDisk: 'ignore' });
  const resources = context.resources.map(resourceTemplateData);
  const data = { ...context, resources, tree };
  await run(plop, 'app', data);
  // What this project's layers own, for `npm run gen` to refuse clashing resource names.
  tree.create(RESERVATIONS_FILE, `${JSON.stringify(layerReservations(templatesDir, projectLayers(context)), null, 2)}\n`);
  for (const resource of resources) await run(plop, 'resource', { ...resourceData(data, resource), tree });
  for (const webhook of validateWebhooks(context.webhooks ?? [])) {
    await run(plop, 'webhook', {
      ...resourceData(data, undefined),
      webhook: webhookTemplateData(webhook),
      newSecret: context.newWebhookSecret,
      tree,
    });
  }
  return tree;
}
