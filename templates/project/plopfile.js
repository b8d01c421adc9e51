// `npm run gen` adds a resource or a webhook receiver with the same templates, questions and
// checks that built the first ones. Interactive on a terminal, or in one line for scripts:
//   npm run gen -- resource "invoices:amount:number,paidAt:datetime?,status:enum(draft|sent|paid)"
//   npm run gen -- resource "tags:label:string" --dry-run
//   npm run gen -- webhook billing stripe
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerHelpers } from './generators/helpers.js';
import { registerResourceAction, RESERVATIONS_FILE, resourceData, resourceGenerator, SETTINGS_FILE } from './generators/resource.js';
import { askResource, classicInquirerAsk } from './generators/questions.js';
import { parseResourceSpec, reserveNames, resourceTemplateData } from './generators/resource-spec.js';
import {
  parseWebhookSpec,
  registerWebhookAction,
  WEBHOOK_PRESETS,
  webhookGenerator,
  webhookNameProblem,
  webhookTemplateData,
} from './generators/webhook.js';

const root = path.dirname(fileURLToPath(import.meta.url));
const templates = path.join(root, 'generators/templates');

function readSettings() {
  const file = path.join(root, SETTINGS_FILE);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read ${SETTINGS_FILE} (${error.code ?? error.message}); it records how this project was generated`);
  }
}

function existingResources() {
  const dir = path.join(root, 'src/resources');
  return new Set(
    fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name),
  );
}

function existingWebhooks() {
  const dir = path.join(root, 'src/webhooks');
  return new Set(
    fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name),
  );
}

/** What follows the generator name on the command line: up to `max` positional arguments and --dry-run. */
function commandLine(generator, max, usage) {
  const args = process.argv.slice(2);
  const at = args.indexOf(generator);
  const rest = at === -1 ? [] : args.slice(at + 1);
  const positional = rest.filter((a) => !a.startsWith('--'));
  const unknown = rest.filter((a) => a.startsWith('--') && a !== '--dry-run');
  if (unknown.length > 0) throw new Error(`unknown option ${unknown[0]}; accepted: --dry-run`);
  if (positional.length > max) throw new Error(`expected ${usage}, got ${positional.length} arguments`);
  return { positional, dryRun: rest.includes('--dry-run') };
}

export default function (plop) {
  reserveNames(JSON.parse(fs.readFileSync(path.join(root, RESERVATIONS_FILE), 'utf8')));
  registerHelpers(plop);
  registerResourceAction(plop, templates);
  plop.setGenerator(
    'resource',
    resourceGenerator(templates, async (inquirer) => {
      const settings = readSettings();
      const { positional, dryRun } = commandLine('resource', 1, 'one resource spec; quote the spec');
      const spec = positional[0];
      const taken = existingResources();
      let resource;
      if (spec !== undefined) {
        resource = parseResourceSpec(spec);
        if (taken.has(resource.name)) throw new Error(`resource "${resource.name}" already exists; nothing was changed`);
      } else if (process.stdin.isTTY && process.stdout.isTTY) {
        resource = await askResource(classicInquirerAsk(inquirer), taken);
      } else {
        throw new Error('no terminal to ask on: pass the resource, e.g. npm run gen -- resource "tags:label:string"');
      }
      return { ...resourceData(settings, resourceTemplateData(resource)), dryRun, recordInSettings: true };
    }),
  );
  registerWebhookAction(plop, templates);
  plop.setGenerator(
    'webhook',
    webhookGenerator(templates, async (inquirer) => {
      const settings = readSettings();
      const { positional, dryRun } = commandLine('webhook', 2, 'a name and a preset, e.g. webhook billing stripe');
      const taken = existingWebhooks();
      let webhook;
      if (positional.length > 0) {
        webhook = parseWebhookSpec(positional[0], positional[1]);
      } else if (process.stdin.isTTY && process.stdout.isTTY) {
        const ask = classicInquirerAsk(inquirer);
        const name = (
          await ask.input({
            message: 'Webhook name (kebab-case, served at /webhooks/<name>):',
            validate: (value) => webhookNameProblem(value.trim()) ?? (taken.has(value.trim()) ? `"${value.trim()}" already exists` : true),
          })
        ).trim();
        const preset = await ask.select({
          message: `Signature format of ${name}:`,
          choices: WEBHOOK_PRESETS.map((value) => ({ value, name: value })),
        });
        webhook = { name, preset };
      } else {
        throw new Error(
          `no terminal to ask on: pass the webhook, e.g. npm run gen -- webhook billing stripe (presets: ${WEBHOOK_PRESETS.join(', ')})`,
        );
      }
      if (taken.has(webhook.name)) throw new Error(`webhook "${webhook.name}" already exists; nothing was changed`);
      return { ...resourceData(settings, undefined), webhook: webhookTemplateData(webhook), dryRun, recordInSettings: true };
    }),
  );
}
