// The webhook generator: what `npm run gen webhook <name> <preset>` runs in a generated
// project, and what the CLI runs once per `--webhook name:preset` on day one. Plain ESM
// JavaScript that needs only node-plop (or plop) and Node; the project ships it.

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { layerFiles } from './layers.js';
import { renderTemplate } from './render.js';
import { ResourceSpecError, toCamel, toPascal, validateResourceName } from './resource-spec.js';
import { FileTree } from './tree.js';

/** The signature formats a receiver can verify (SPEC SEC-W1). */
export const WEBHOOK_PRESETS = Object.freeze(['standard', 'stripe', 'github', 'slack']);
export const MAX_WEBHOOKS = 20;

export const WEBHOOK_REGISTRY_FILE = 'src/webhooks/index.ts';
export const WEBHOOK_IMPORT_MARKER = '// secure-api:webhook-imports';
export const WEBHOOK_LIST_MARKER = '// secure-api:webhook-list';
export const README_FILE = 'README.md';
export const README_MARKER = '<!-- secure-api:webhook-rows -->';
export const ENV_FILE = '.env';
export const ENV_EXAMPLE_FILE = '.env.example';
const SETTINGS_FILE = 'secure-api.json';

/** What `.env` holds for a secret only the provider can issue: refused in production, explained in the README. */
export const PROVIDER_SECRET_PLACEHOLDER = 'replace-with-the-signing-secret-from-the-provider';

/** Where each provider shows the signing secret, for the README and .env.example. */
const SECRET_SOURCES = Object.freeze({
  standard: 'generated here; give it to the sender (Standard Webhooks, whsec_ + base64)',
  stripe: 'Stripe Dashboard > Developers > Webhooks > your endpoint > Signing secret (whsec_...)',
  github: 'the secret you type in the repository or organisation webhook settings',
  slack: 'Slack app settings > Basic Information > App Credentials > Signing Secret',
});

/** Presets whose providers sign a timestamp (GitHub signs none). */
const TIMED_PRESETS = Object.freeze(['standard', 'stripe', 'slack']);

/** The layers of one receiver: its files, the time-window tests where its provider signs a time, then its provider's handler. */
export function webhookLayers(preset) {
  return ['webhook', ...(TIMED_PRESETS.includes(preset) ? ['webhook-timed'] : []), `webhook-preset/${preset}`];
}

/** Every webhook layer, for shipping the templates with a project. */
export function allWebhookLayers() {
  return ['webhook', 'webhook-timed', ...WEBHOOK_PRESETS.map((preset) => `webhook-preset/${preset}`)];
}

/**
 * The problem with a webhook name, if any: the resource rules (kebab-case, reserved names refused).
 * @param {unknown} name
 * @returns {string | undefined}
 */
export function webhookNameProblem(name) {
  return validateResourceName(name)
    ?.replace(/^resource name/, 'webhook name')
    .replace(/^a resource name/, 'a webhook name');
}

/**
 * Parses `name:preset` (the CLI's --webhook and secure-api.json) or a name and a preset.
 * Names follow the resource rules (kebab-case, reserved names refused).
 * @param {unknown} spec
 * @param {unknown} [presetArgument]
 * @returns {{ name: string, preset: string }}
 */
export function parseWebhookSpec(spec, presetArgument) {
  if (typeof spec !== 'string') throw new ResourceSpecError('a webhook is "name:preset", e.g. billing:stripe');
  const [name = '', preset = presetArgument, ...rest] = spec.trim().split(':');
  if (rest.length > 0 || (presetArgument !== undefined && spec.includes(':'))) {
    throw new ResourceSpecError(`webhook ${JSON.stringify(spec.slice(0, 60))} must be "name:preset", e.g. billing:stripe`);
  }
  const problem = webhookNameProblem(name);
  if (problem !== undefined) throw new ResourceSpecError(problem);
  if (typeof preset !== 'string' || !WEBHOOK_PRESETS.includes(preset)) {
    throw new ResourceSpecError(
      `webhook "${name}": preset ${JSON.stringify(String(preset ?? '').slice(0, 40))} is not one of ${WEBHOOK_PRESETS.join(', ')}`,
    );
  }
  return { name, preset };
}

/**
 * Checks a list of webhook specs: each valid, no name twice, at most MAX_WEBHOOKS.
 * @param {readonly unknown[]} specs
 * @returns {{ name: string, preset: string }[]}
 */
export function validateWebhooks(specs) {
  if (specs.length > MAX_WEBHOOKS) throw new ResourceSpecError(`at most ${MAX_WEBHOOKS} webhooks`);
  const seen = new Set();
  return specs.map((spec) => {
    const webhook = parseWebhookSpec(spec);
    if (seen.has(webhook.name)) throw new ResourceSpecError(`webhook "${webhook.name}" is given twice`);
    seen.add(webhook.name);
    return webhook;
  });
}

/** @param {{ name: string, preset: string }} webhook */
export function formatWebhookSpec(webhook) {
  return `${webhook.name}:${webhook.preset}`;
}

/** WEBHOOK_<NAME>_SECRETS. */
export function secretsVariable(name) {
  return `WEBHOOK_${name.replace(/-/g, '_').toUpperCase()}_SECRETS`;
}

/** A fresh Standard Webhooks secret: whsec_ and 32 random bytes in base64. */
export function newStandardSecret() {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/**
 * What a webhook's templates see.
 * @param {{ name: string, preset: string }} webhook
 */
export function webhookTemplateData(webhook) {
  return {
    name: webhook.name,
    preset: webhook.preset,
    camel: toCamel(webhook.name),
    pascal: toPascal(webhook.name),
    secretsVariable: secretsVariable(webhook.name),
    secretSource: SECRET_SOURCES[webhook.preset],
    spec: formatWebhookSpec(webhook),
  };
}

/**
 * Inserts one line before a marker line, with the marker's indentation; refuses a line
 * that is already there.
 */
function insertBeforeMarker(text, marker, line, file) {
  const lines = text.split('\n');
  const hits = lines.flatMap((l, i) => (l.trim() === marker ? [i] : []));
  if (hits.length !== 1) throw new Error(`${file}: expected exactly one "${marker}" line, found ${hits.length}`);
  if (lines.some((l) => l.trim() === line.trim())) throw new Error(`${file}: already contains ${JSON.stringify(line.trim())}`);
  const at = hits[0];
  const indent = /^\s*/.exec(lines[at])?.[0] ?? '';
  lines.splice(at, 0, indent + line);
  return lines.join('\n');
}

/** Appends lines to a text file, with a newline between when it has none at its end. */
function appended(text, lines) {
  return `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${lines.join('\n')}\n`;
}

/**
 * Plans one receiver into `tree`: its handler, registration and tests, its two registry
 * lines, its secret in `.env` (a fresh one for `standard`, else the placeholder) and
 * `.env.example`, its README row and (from `npm run gen`) its spec in secure-api.json.
 * Throws, changing nothing, when it exists or a file cannot take it.
 * @param {FileTree} tree
 * @param {{ handlebars: typeof import('handlebars') }} plop
 * @param {{ webhook: ReturnType<typeof webhookTemplateData>, recordInSettings?: boolean, newSecret?: () => string }} data
 * @param {string} templatesDir
 */
export function planWebhook(tree, plop, data, templatesDir) {
  const { webhook } = data;
  const files = layerFiles(templatesDir, webhookLayers(webhook.preset), webhook.name);
  const clash = files.find((file) => tree.exists(file.target));
  if (clash !== undefined) throw new Error(`webhook "${webhook.name}" already exists (${clash.target}); nothing was changed`);
  for (const required of [WEBHOOK_REGISTRY_FILE, README_FILE, ENV_EXAMPLE_FILE]) {
    if (!tree.exists(required)) throw new Error(`${required} is missing; the webhook generator adds to it`);
  }
  let registry = insertBeforeMarker(
    tree.read(WEBHOOK_REGISTRY_FILE),
    WEBHOOK_IMPORT_MARKER,
    `import { ${webhook.camel}Webhook } from './${webhook.name}/index.js';`,
    WEBHOOK_REGISTRY_FILE,
  );
  registry = insertBeforeMarker(registry, WEBHOOK_LIST_MARKER, `${webhook.camel}Webhook,`, WEBHOOK_REGISTRY_FILE);
  tree.overwrite(WEBHOOK_REGISTRY_FILE, registry);
  const row = `| \`POST /webhooks/${webhook.name}\` | ${webhook.preset} | \`${webhook.secretsVariable}\` | ${webhook.secretSource} |`;
  tree.overwrite(README_FILE, insertBeforeMarker(tree.read(README_FILE), README_MARKER, row, README_FILE));
  const secret = webhook.preset === 'standard' ? (data.newSecret ?? newStandardSecret)() : PROVIDER_SECRET_PLACEHOLDER;
  const example = webhook.preset === 'standard' ? 'whsec_<base64 of 32 random bytes>' : PROVIDER_SECRET_PLACEHOLDER;
  tree.overwrite(
    ENV_EXAMPLE_FILE,
    appended(tree.read(ENV_EXAMPLE_FILE), [
      '',
      `# POST /webhooks/${webhook.name} (${webhook.preset}): signing secrets, comma-separated, newest first.`,
      `# ${webhook.secretSource}.`,
      `${webhook.secretsVariable}=${example}`,
    ]),
  );
  const envLine = `${webhook.secretsVariable}=${secret}`;
  if (tree.exists(ENV_FILE)) tree.overwrite(ENV_FILE, appended(tree.read(ENV_FILE), [envLine]));
  else tree.create(ENV_FILE, `${envLine}\n`, { mode: 0o600 });
  if (data.recordInSettings) {
    const settings = JSON.parse(tree.read(SETTINGS_FILE));
    settings.webhooks = [...(settings.webhooks ?? []), webhook.spec];
    tree.overwrite(SETTINGS_FILE, `${JSON.stringify(settings, null, 2)}\n`);
  }
  for (const file of files) {
    const raw = fs.readFileSync(file.source);
    tree.create(file.target, file.render ? renderTemplate(plop, raw.toString('utf8'), data) : raw);
  }
}

/**
 * The `add-webhook` action: plans the receiver in memory, then commits it all or nothing
 * (or, with `dryRun`, lists what it would write). A day-one receiver goes into the tree of
 * the project being rendered (`data.tree`) instead.
 * @param {import('node-plop').NodePlopAPI} plop
 * @param {string} templatesDir
 */
export function registerWebhookAction(plop, templatesDir) {
  plop.setActionType('add-webhook', async (data, config, api) => {
    /** @type {FileTree} */
    const tree = data.tree ?? new FileTree(api.getDestBasePath());
    planWebhook(tree, api, data, config.templatesDir ?? templatesDir);
    const route = `/webhooks/${data.webhook.name}`;
    if (data.tree !== undefined) return route;
    const lines = tree.changes().map((change) => `  ${change.action === 'create' ? 'add   ' : 'modify'}  ${change.path}`);
    if (data.dryRun) return `dry run, nothing written; would write:\n${lines.join('\n')}`;
    const { written } = await tree.commit();
    return `${written.length} files for ${route}`;
  });
}

/**
 * @param {string} templatesDir
 * @param {unknown} prompts
 */
export function webhookGenerator(templatesDir, prompts = []) {
  return {
    description: 'a webhook receiver that verifies its provider signature (standard, stripe, github, slack)',
    prompts,
    actions: [{ type: 'add-webhook', templatesDir, abortOnFail: true }],
  };
}
